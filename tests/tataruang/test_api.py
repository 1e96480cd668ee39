"""The tata ruang API, and a compliance run computed by the real Celery worker."""

import time

import pytest
from rest_framework.test import APIClient

from core.serializers import JOB_STATUS_FIELDS
from tataruang.models import ComplianceRun, Plan

pytestmark = pytest.mark.django_db


def test_results_and_worklist_api(half_and_half, client_for):
    from tataruang import compliance

    plan, land_use = half_and_half
    run = compliance.compute(compliance.start_run(plan, land_use))
    client = client_for()
    latest = client.get("/api/tataruang/kesesuaian/terbaru/").json()
    assert latest["id"] == run.pk and latest["kabupaten"]["persen"] == 50.0
    assert latest["matrix"]["industri"]["KPI"] == "sesuai"
    rows = client.get(f"/api/tataruang/kesesuaian/{run.pk}/hasil/", {"level": "kecamatan"}).json()["results"]
    assert [(r["kode"], r["persen"]) for r in rows] == [("36.03.28", 50.0)]
    per_class = client.get(
        f"/api/tataruang/kesesuaian/{run.pk}/hasil/", {"level": "kabupaten", "plan_class": "*"}
    ).json()["results"]
    assert {r["plan_class"] for r in per_class} == {"", "KPI", "PS", "-"}
    issues = client.get(f"/api/tataruang/kesesuaian/{run.pk}/tidak-sesuai/").json()
    assert issues["numberMatched"] == 1
    assert issues["features"][0]["properties"]["luas_ha"] == pytest.approx(2.0, abs=0.01)
    assert issues["features"][0]["properties"]["kecamatan_nama"] == "Kelapa Dua"
    csv = client.get(f"/api/tataruang/kesesuaian/{run.pk}/tidak-sesuai/", {"export": "csv"}).content.decode()
    assert csv.splitlines()[0].startswith("kecamatan,desa,penggunaan_lahan") and len(csv.splitlines()) == 2
    assert client.get(f"/api/tataruang/kesesuaian/{run.pk}/hasil/", {"level": "rt"}).status_code == 400


def test_mapping_and_activation_need_a_planner(users, opd, wilayah, client_for):
    from django.core.management import call_command

    from tests.factories.grid import CX, CY, rect
    from tests.factories.layers import mark_published
    from tests.factories.plans import polygon_layer

    call_command("load_tataruang_reference", stdout=open("/dev/null", "w"))
    version = polygon_layer(
        users,
        opd,
        "rdtr-api",
        [({"KODSZN": "R-3"}, rect(CX, CY, CX + 50, CY + 50)), ({"KODSZN": "X-9"}, rect(CX - 50, CY, CX, CY + 50))],
    )
    body = {
        "layer": version.layer.slug,
        "class_column": "KODSZN",
        "jenis": "RDTR",
        "legal_basis": "Perbup 5/2026",
        "year": 2026,
    }
    assert client_for("dinkes").post("/api/tataruang/rencana/", body, format="json").status_code == 403
    # Made of what DTRB published only.
    refused = client_for("dtrb").post("/api/tataruang/rencana/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["detail"] == (
        "Layer 'rdtr-api' belum memiliki versi terbit: hanya versi yang telah diperiksa dan diterbitkan DTRB "
        "yang dapat menjadi rencana atau penggunaan lahan."
    )
    mark_published(version)
    missing = client_for("dtrb").post("/api/tataruang/rencana/", {**body, "version": 9}, format="json")
    assert missing.status_code == 400
    assert missing.json()["detail"] == "Layer 'rdtr-api' tidak memiliki versi 9."
    # A later version awaiting review is refused by number; without one, the published version is taken.
    waiting = version.layer.versions.create(number=2, status="submitted", geometry_kind="polygon", schema=[])
    later = client_for("dtrb").post("/api/tataruang/rencana/", {**body, "version": 2}, format="json")
    assert later.status_code == 400
    assert later.json()["detail"].startswith("Versi 2 layer 'rdtr-api' belum terbit: hanya versi")
    assert not Plan.objects.exists()
    created = client_for("dtrb").post("/api/tataruang/rencana/", body, format="json")
    assert created.status_code == 201
    plan = created.json()
    assert Plan.objects.get(pk=plan["id"]).layer_version_id == version.pk != waiting.pk
    assert plan["mapping"] == {"R-3": "R-3"} and plan["unmapped"] == ["X-9"]
    refused = client_for("dtrb").post(f"/api/tataruang/rencana/{plan['id']}/aktifkan/")
    assert refused.status_code == 400 and "X-9" in refused.json()["detail"]
    bad = client_for("dtrb").patch(f"/api/tataruang/rencana/{plan['id']}/", {"mapping": {"X-9": "ZZ"}}, format="json")
    assert bad.status_code == 400
    client_for("dtrb").patch(f"/api/tataruang/rencana/{plan['id']}/", {"mapping": {"X-9": "K-3"}}, format="json")
    active = client_for("dtrb").post(f"/api/tataruang/rencana/{plan['id']}/aktifkan/")
    assert active.status_code == 200 and active.json()["status"] == "active"


@pytest.mark.django_db(transaction=True)
def test_a_run_is_computed_by_the_worker(celery_worker, wilayah_live, half_and_half_live):
    plan, land_use = half_and_half_live
    client = APIClient(HTTP_ACCEPT_LANGUAGE="id")
    client.force_authenticate(half_and_half_live.planner)
    response = client.post("/api/tataruang/kesesuaian/", {"plan": plan.pk, "land_use": land_use.pk}, format="json")
    assert response.status_code == 202
    run_id = response.json()["id"]
    deadline = time.time() + 60
    while time.time() < deadline:
        body = client.get(f"/api/tataruang/kesesuaian/{run_id}/").json()
        if body["status"] in ("succeeded", "failed"):
            break
        time.sleep(0.3)
    assert body["status"] == "succeeded", body["message"]
    # The status members every job answers; this API's times have always been UTC.
    assert set(JOB_STATUS_FIELDS) <= set(body) and body["messages"] == [] and body["message"] == ""
    assert body["progress"] == 100 and body["finished_at"].endswith("Z")
    assert body["kabupaten"]["persen"] == 50.0
    assert ComplianceRun.objects.get(pk=run_id).issues.count() == 1
