"""Redis down: a raster upload answers 503 in Bahasa Indonesia and leaves no job
and no file behind; map tiles and values still answer (the tile cache misses)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from akun.models import Opd
from flood import services
from flood.models import RasterUploadJob
from tests.factories import make_user
from tests.flood.rasters import QUADRANTS, tif_bytes
from tests.webgis.test_redis_down import redis_server  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("wilayah_live")]


def test_upload_is_503_and_tiles_still_render_without_redis(redis_server, settings):  # noqa: F811
    call_command("load_opd", stdout=open("/dev/null", "w"))
    operator = make_user("operator-bpbd-redis", Opd.objects.get(kode="bpbd"))
    planner = make_user("perencana-redis", Opd.objects.get(kode="dtrb"), staff=True)
    job = services.start_raster_upload(
        uploaded_file=SimpleUploadedFile("a.tif", tif_bytes(QUADRANTS, res=100.0)),
        title="Sebelum",
        opd=operator.profile.opd,
        user=operator,
    )
    version = services.run_raster_upload(job.pk).raster_version
    services.publish_version(version, planner, compute=False)

    redis_server.stop()
    client = APIClient(HTTP_ACCEPT_LANGUAGE="id")
    client.force_authenticate(operator)
    before = set(settings.UPLOAD_ROOT.iterdir())
    response = client.post(
        "/api/flood/rasters/",
        {"file": SimpleUploadedFile("b.tif", tif_bytes(QUADRANTS)), "opd": "bpbd", "title": "Sesudah"},
        format="multipart",
    )
    assert response.status_code == 503
    assert response.json()["detail"].startswith("Layanan impor sedang tidak tersedia")
    assert not RasterUploadJob.objects.filter(title="Sesudah").exists()
    assert set(settings.UPLOAD_ROOT.iterdir()) == before
    tile = APIClient().get(f"/api/flood/rasters/{version.raster_id}/tiles/12/3261/2119.png")
    assert tile.status_code == 200 and tile["Content-Type"] == "image/png"
