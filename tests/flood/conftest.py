import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from flood import services
from flood.models import RasterUploadJob


@pytest.fixture
def upload_raster(users, opd, wilayah):
    """Upload a raster as ``owner`` and run the import in this process as the worker does."""

    def run(data, name="bahaya.tif", title="Indeks Bahaya Banjir Uji", owner="bpbd", kind="indeks", **options):
        job = services.start_raster_upload(
            uploaded_file=SimpleUploadedFile(name, data),
            title=title,
            opd=opd[owner],
            user=users[owner],
            kind=kind,
            options=options,
        )
        if job.status == RasterUploadJob.Status.PENDING:
            job = services.run_raster_upload(job.id)
        return job

    return run


@pytest.fixture
def published(upload_raster, users):
    """Upload, publish (DTRB) and compute the statistics in this process; the version."""

    def run(data, **kwargs):
        from flood.statistics import compute_statistics

        job = upload_raster(data, **kwargs)
        assert job.status == "succeeded", job.messages
        version = job.raster_version
        services.publish_version(version, users["dtrb"], compute=False)
        compute_statistics(version)
        version.refresh_from_db()
        return version

    return run
