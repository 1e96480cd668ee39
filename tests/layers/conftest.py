"""Fixtures of the layers tests; most live in tests/conftest.py (shared with tataruang)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from layers import services
from layers.models import UploadJob


@pytest.fixture
def upload(users, opd, wilayah):
    """Upload as the Dinkes operator and run the import as the worker does;
    ``layer`` makes the file a new version of that layer."""

    def run(name, data, title="Uji", owner="dinkes", layer=None, **options):
        job = services.start_upload(
            uploaded_file=SimpleUploadedFile(name, data),
            title=title,
            opd=opd[owner],
            user=users[owner],
            target_layer=layer,
            options=options,
        )
        if job.status == UploadJob.Status.PENDING:
            job = services.run_upload(job.id)
        return job

    return run
