"""UploadJob becomes a core.jobs.Job: it gains finished_at (set by Job.finish()).

Jobs that ended before this migration get their last update as finish time.
"""

from django.db import migrations, models
from django.db.models import F

FINISHED = ("succeeded", "failed")


def date_finished_jobs(apps, schema_editor):
    UploadJob = apps.get_model("layers", "UploadJob")
    UploadJob.objects.filter(status__in=FINISHED, finished_at__isnull=True).update(finished_at=F("updated_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("layers", "0008_opd_userprofile_to_akun"),
    ]

    operations = [
        migrations.AddField(
            model_name="uploadjob",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(date_finished_jobs, migrations.RunPython.noop, elidable=True),
    ]
