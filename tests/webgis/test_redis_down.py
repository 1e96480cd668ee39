"""Redis down under the running app: a throwaway redis-server (cache and
broker of this test only) is stopped. Pages and read APIs keep answering
(core.cache treats Redis errors as misses); an upload and a recompute answer
503 in Bahasa Indonesia and leave no job row and no upload file behind."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from layers.models import UploadJob
from tataruang.models import ComplianceRun
from tests.layers import files
from tests.services import RedisServer
from tests.tataruang import conftest as tataruang_fixtures
from webgis.celery import app as celery_app

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("source_static_files")]
half_and_half = tataruang_fixtures.half_and_half_live
# A miss costs at most the socket timeouts (0.5 s each, settings.CACHES); a
# page makes a few cache calls, and the refused connection answers at once.
READ_S = 5


def _use_broker(url):
    # The Django settings namespace's key, which Celery reads before broker_url.
    celery_app.conf.CELERY_BROKER_URL = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def redis_server(tmp_path, settings):
    """Cache and broker of this process on a throwaway redis-server."""
    server = RedisServer(tmp_path)
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    _use_broker(server.url)
    yield server
    server.stop()
    _use_broker(settings.CELERY_BROKER_URL)


def test_reads_work_and_writes_answer_503_without_redis(redis_server, half_and_half, settings):
    planner = half_and_half.planner
    anonymous = APIClient(HTTP_ACCEPT_LANGUAGE="id")
    reads = ["/", "/tentang/", "/api/layers/", "/api/wilayah/kecamatan/", "/api/tataruang/kesesuaian/"]
    assert [anonymous.get(url).status_code for url in reads] == [200] * len(reads)

    redis_server.stop()
    for url in reads:
        started = time.monotonic()
        assert anonymous.get(url).status_code == 200, url
        assert time.monotonic() - started < READ_S, url

    client = APIClient(HTTP_ACCEPT_LANGUAGE="id")
    client.force_authenticate(planner)
    # A running job's status: its progress is read from Redis, the stored value now.
    running = UploadJob.objects.create(
        original_name="a.zip", title="A", opd=planner.profile.opd, user=planner, status="running", progress=7
    )
    status = client.get(f"/api/uploads/{running.pk}/")
    assert status.status_code == 200 and status.json()["progress"] == 7
    uploads_before = set(settings.UPLOAD_ROOT.iterdir())
    upload = SimpleUploadedFile(
        "halte.geojson", files.feature_collection([files.point_feature(*files.KELAPA_DUA[:2], nama="Halte")])
    )
    response = client.post("/api/uploads/", {"file": upload, "title": "Halte", "opd": "dtrb"}, format="multipart")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("Layanan impor sedang tidak tersedia")
    assert not UploadJob.objects.filter(title="Halte").exists()
    assert set(settings.UPLOAD_ROOT.iterdir()) == uploads_before

    plan, land_use = half_and_half
    runs_before = ComplianceRun.objects.count()
    response = client.post("/api/tataruang/kesesuaian/", {"plan": plan.pk, "land_use": land_use.pk}, format="json")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("Layanan perhitungan sedang tidak tersedia")
    assert ComplianceRun.objects.count() == runs_before
