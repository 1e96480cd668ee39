"""manage.py reap_jobs: send again (or fail) the jobs of dead workers, once."""

from django.core.management.base import BaseCommand

from core.reaper import reap_jobs


class Command(BaseCommand):
    help = (
        "Send again the running jobs whose worker stopped beating (JOB_STALE_AFTER_S), fail those "
        "claimed JOB_MAX_ATTEMPTS times, and re-send pending jobs older than JOB_PENDING_RESEND_S. "
        "Every Celery worker already does this every JOB_REAP_INTERVAL_S; safe to re-run."
    )

    def handle(self, *args, **options):
        reaped = reap_jobs()
        for kind in ("requeued", "failed", "resent"):
            for label, pk in getattr(reaped, kind):
                self.stdout.write(f"{kind}: {label} {pk}")
        self.stdout.write(
            f"{len(reaped.requeued)} sent again, {len(reaped.failed)} failed, {len(reaped.resent)} pending re-sent."
        )
