from celery import shared_task

from .models import UploadJob
from .services import run_upload


@shared_task(name="layers.import_upload")
def import_upload(job_id):
    """Import one upload; the job row records the outcome."""
    if UploadJob.objects.filter(pk=job_id).exists():
        run_upload(job_id)
