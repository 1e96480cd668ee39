import logging

from celery import shared_task

from .exports import FORMATS, cached_export
from .models import LayerVersion, UploadJob
from .services import run_upload

logger = logging.getLogger(__name__)


@shared_task(name="layers.import_upload")
def import_upload(job_id):
    """Import one upload; the job row records the outcome."""
    if UploadJob.objects.filter(pk=job_id).exists():
        run_upload(job_id)


@shared_task(name="layers.prepare_downloads")
def prepare_downloads(version_id):
    """Write the download files of a version just published, so its first
    downloads are served at once; nothing when it is no longer published."""
    version = LayerVersion.objects.select_related("layer").filter(pk=version_id).first()
    if version is None or version.layer.published_version_id != version.pk:
        return
    for fmt in FORMATS:
        try:
            cached_export(version, fmt)
        except Exception:  # GDAL raises many types; the other formats still get written
            logger.exception("Download %s of version %s could not be written", fmt, version_id)
