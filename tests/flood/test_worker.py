"""Upload, publish and statistics end to end through a real Celery worker."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from akun.models import Opd
from flood.models import HazardRasterVersion
from tests.factories import make_user
from tests.flood.test_statistics import split_raster


@pytest.fixture
def actors(celery_worker, wilayah_live):
    call_command("load_opd", stdout=open("/dev/null", "w"))
    opd = {o.kode: o for o in Opd.objects.all()}
    clients = {}
    for role, user in {
        "bpbd": make_user("op-bpbd", opd["bpbd"]),
        "dtrb": make_user("planner-banjir", opd["dtrb"], staff=True),
    }.items():
        clients[role] = APIClient(HTTP_ACCEPT_LANGUAGE="id")
        clients[role].force_authenticate(user)
    clients["public"] = APIClient(HTTP_ACCEPT_LANGUAGE="id")
    return clients


def wait_for(check, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError("the worker did not finish in time")


def test_upload_and_statistics_run_in_the_worker(actors):
    response = actors["bpbd"].post(
        "/api/flood/rasters/",
        {"file": SimpleUploadedFile("bahaya.tif", split_raster()), "opd": "bpbd", "title": "Bahaya Banjir"},
        format="multipart",
    )
    assert response.status_code == 202
    url = response.json()["url"]
    job = wait_for(lambda: (b := actors["bpbd"].get(url).json())["status"] in ("succeeded", "failed") and b)
    assert job["status"] == "succeeded", job["messages"]
    assert job["progress"] == 100 and "disimpan" in job["message"]
    raster = job["raster"]["id"]
    assert actors["public"].get(f"/api/flood/rasters/{raster}/").status_code == 404  # a draft
    published = actors["dtrb"].post(f"/api/flood/rasters/{raster}/versions/1/publish/").json()
    assert published["status"] == "published"
    detail = wait_for(
        lambda: (d := actors["public"].get(f"/api/flood/rasters/{raster}/").json())["statistics_job"]["status"]
        in ("succeeded", "failed")
        and d
    )
    assert detail["statistics_job"]["status"] == "succeeded", detail["statistics_job"]["messages"]
    assert detail["statistics_job"]["message"] == "Statistik 274 desa telah dihitung."
    rows = actors["public"].get(f"/api/flood/rasters/{raster}/statistik/", {"level": "kabupaten"}).json()
    assert len(rows) == 1 and rows[0]["luas_ha"]["rendah"] > 0 and rows[0]["luas_ha"]["tinggi"] > 0
    assert HazardRasterVersion.objects.get(raster_id=raster).statistics_at is not None
