"""The upload API end to end: a real Celery worker imports into the test database."""

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from rest_framework.test import APIClient

from akun.models import Opd
from core.serializers import JOB_STATUS_FIELDS
from layers.models import Feature, Layer, UploadJob
from tests.factories import make_user

from . import files


@pytest.fixture
def actors(celery_worker, wilayah_live):
    call_command("load_opd", stdout=open("/dev/null", "w"))
    opd = {o.kode: o for o in Opd.objects.all()}
    clients = {}
    for role, user in {
        "dinkes": make_user("op-dinkes", opd["dinkes"]),
        "dtrb": make_user("planner", opd["dtrb"], staff=True),
    }.items():
        client = APIClient(HTTP_ACCEPT_LANGUAGE="id")
        client.force_authenticate(user)
        clients[role] = client
    clients["public"] = APIClient(HTTP_ACCEPT_LANGUAGE="id")
    return clients


def wait_for(client, url, statuses=("succeeded", "failed", "needs_input"), timeout=60):
    seen = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        body = client.get(url).json()
        seen.append((body["status"], body["progress"]))
        if body["status"] in statuses:
            return body, seen
        time.sleep(0.2)
    raise AssertionError(f"job did not finish: {seen[-5:]}")


def post_file(client, name, data, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/api/uploads/", {"file": SimpleUploadedFile(name, data), **fields}, format="multipart")


def test_upload_review_publish_through_the_worker(actors, tmp_path):
    files.write_points_shapefile(tmp_path / "src")
    data = files.zip_dir(tmp_path / "src", tmp_path / "faskes.zip").read_bytes()
    response = post_file(
        actors["dinkes"],
        "faskes.zip",
        data,
        title="Fasilitas Kesehatan",
        opd="dinkes",
        expected="dinkes-faskes",
    )
    assert response.status_code == 202
    job_url = response.json()["url"]
    assert response["Location"] == job_url
    body, seen = wait_for(actors["dinkes"], job_url)
    assert body["status"] == "succeeded", body["messages"]
    assert body["progress"] == 100
    # The status members every job answers (core.serializers.JobStatusSerializer).
    assert set(JOB_STATUS_FIELDS) <= set(body) and body["message"] == body["messages"][-1]
    assert body["finished_at"] is not None and body["questions"] == {}
    assert body["layer"]["slug"] == "fasilitas-kesehatan" and body["layer"]["version"] == 1
    assert any("4 fitur diimpor" in m for m in body["messages"])

    # Not public until published.
    assert actors["public"].get("/api/layers/fasilitas-kesehatan/").status_code == 404
    assert actors["public"].get("/api/layers/").json() == []
    indicator = actors["public"].get("/api/indikator/integrasi/").json()
    assert indicator["published"] == 0

    submit = actors["dinkes"].post("/api/layers/fasilitas-kesehatan/versions/1/submit/")
    assert submit.status_code == 200 and submit.json()["version"]["status"] == "submitted"
    assert actors["dinkes"].post("/api/layers/fasilitas-kesehatan/versions/1/publish/").status_code == 403
    publish = actors["dtrb"].post("/api/layers/fasilitas-kesehatan/versions/1/publish/")
    assert publish.status_code == 200 and publish.json()["version"]["status"] == "published"

    listing = actors["public"].get("/api/layers/").json()
    assert [layer["slug"] for layer in listing] == ["fasilitas-kesehatan"]
    assert listing[0]["opd"]["singkatan"] == "Dinkes" and listing[0]["version"]["feature_count"] == 4
    features = actors["public"].get("/api/layers/fasilitas-kesehatan/features/").json()
    assert features["numberMatched"] == 4
    first = features["features"][0]
    assert first["geometry"]["type"] == "MultiPoint"
    assert first["geometry"]["coordinates"][0] == pytest.approx(list(files.BALARAJA[:2]), abs=1e-6)
    assert first["properties"]["nama"] == files.CP1252_NAMES[0]
    assert first["properties"]["_desa"] == files.BALARAJA[2]
    indicator = actors["public"].get("/api/indikator/integrasi/").json()
    assert indicator["published"] == 1 and indicator["expected"] == 45
    dinkes = next(e for e in indicator["per_opd"] if e["opd"] == "dinkes")
    assert dinkes["percent"] == 100.0

    # Publishing had the worker write the five downloads ahead of the first request.
    version = Layer.objects.get(slug="fasilitas-kesehatan").published_version
    directory = Path(settings.EXPORT_ROOT) / f"v{version.pk}"

    def ready():  # not the files of a download still being written (in .menulis-*)
        try:
            return {
                p.suffix: p for p in directory.glob("*/fasilitas-kesehatan-v1.*") if not p.parent.name.startswith(".")
            }
        except FileNotFoundError:  # the worker renamed a .menulis-* directory while glob listed it
            return {}

    deadline = time.time() + 60
    while len(ready()) < 5 and time.time() < deadline:
        time.sleep(0.2)
    ready = ready()
    assert sorted(ready) == [".csv", ".geojson", ".gpkg", ".kml", ".zip"]
    download = actors["public"].get("/api/layers/fasilitas-kesehatan/download/geojson/")
    assert b"".join(download.streaming_content) == ready[".geojson"].read_bytes()


def test_missing_prj_waits_for_the_crs(actors, tmp_path):
    files.write_points_shapefile(tmp_path / "src", prj=False)
    data = files.zip_dir(tmp_path / "src", tmp_path / "faskes.zip").read_bytes()
    response = post_file(actors["dinkes"], "faskes.zip", data, title="Faskes", opd="dinkes")
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "needs_input" and "crs" in body["questions"]
    answer = actors["dinkes"].post(body["url"], {"crs": "EPSG:32748"}, format="json")
    assert answer.status_code == 202 and answer.json()["status"] == "pending"
    body, _seen = wait_for(actors["dinkes"], body["url"])
    assert body["status"] == "succeeded", body["messages"]
    assert Feature.objects.count() == 4


def test_refused_upload_is_a_4xx_with_a_message_and_leaves_nothing(actors):
    response = post_file(actors["dinkes"], "laporan.docx", b"not a map", title="x", opd="dinkes")
    assert response.status_code == 415
    assert "tidak didukung" in response.json()["detail"]
    response = post_file(actors["dinkes"], "x.geojson", b"{}", title="x", opd="bpbd")
    assert response.status_code == 403
    response = post_file(actors["public"], "x.geojson", b"{}", title="x", opd="dinkes")
    assert response.status_code in (401, 403)
    assert not UploadJob.objects.exists()


def test_failure_in_the_worker_leaves_no_rows(actors):
    data = files.feature_collection([files.point_feature(lat, lon) for lon, lat, _k, _n in files.KNOWN_POINTS])
    response = post_file(actors["dinkes"], "tertukar.geojson", data, title="Tertukar", opd="dinkes")
    body, _seen = wait_for(actors["dinkes"], response.json()["url"])
    assert body["status"] == "failed"
    assert "tertukar" in body["messages"][-1]
    assert not Layer.objects.exists() and not Feature.objects.exists()
