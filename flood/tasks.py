from celery import shared_task

from .models import RasterStatisticsJob, RasterUploadJob
from .services import run_raster_upload
from .statistics import run_statistics


@shared_task(name="flood.import_raster")
def import_raster(job_id):
    """Import one raster upload; the job row records the outcome."""
    if RasterUploadJob.objects.filter(pk=job_id).exists():
        run_raster_upload(job_id)


@shared_task(name="flood.compute_statistics")
def compute_statistics(job_id):
    """Compute and store the statistics and exposure of one raster version."""
    if RasterStatisticsJob.objects.filter(pk=job_id).exists():
        run_statistics(job_id)
