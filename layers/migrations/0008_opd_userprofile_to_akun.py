"""Opd and UserProfile now live in akun (akun 0002 took over their tables).
Here layers' foreign keys are pointed at akun.Opd and the two models leave
layers' state. Nothing changes in the database schema: the foreign key
constraints already reference layers_opd(id), which is akun.Opd's table.

The content types of the two models move with them (app_label layers -> akun),
so their permissions (e.g. view_opd held by the Perencana DTRB group) and the
admin log entries stay attached instead of being recreated under akun and the
old ones left stale."""

import django.db.models.deletion
from django.db import migrations, models

MOVED_MODELS = ("opd", "userprofile")


def _move_content_types(apps, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue  # a fresh database: post_migrate creates the content type under the new app
        # A post_migrate between akun 0002 and this migration (``migrate akun`` alone) may
        # already have created the target row, holding only the default permissions; the
        # old row carries the groups' permissions and the admin history, so it wins.
        ContentType.objects.filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])


def content_types_to_akun(apps, schema_editor):
    _move_content_types(apps, "layers", "akun")


def content_types_to_layers(apps, schema_editor):
    _move_content_types(apps, "akun", "layers")


class Migration(migrations.Migration):
    dependencies = [
        ("akun", "0002_opd_userprofile"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("layers", "0007_feature_partitions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="expectedlayer",
                    name="opd",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="expected_layers", to="akun.opd"
                    ),
                ),
                migrations.AlterField(
                    model_name="layer",
                    name="opd",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="layers", to="akun.opd"
                    ),
                ),
                migrations.AlterField(
                    model_name="uploadjob",
                    name="opd",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="akun.opd"
                    ),
                ),
                migrations.DeleteModel(name="UserProfile"),
                migrations.DeleteModel(name="Opd"),
            ],
            # The schema is already right; an AlterField here would only drop and re-create
            # the same foreign key constraints.
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_akun, content_types_to_layers),
    ]
