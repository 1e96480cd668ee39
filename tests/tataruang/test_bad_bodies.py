"""Plans, land use and compliance runs refuse body values of the wrong type with
a 400 (was: a 500 from the ORM for a plan id "abc", a mapping value {}, ...)."""

import pytest

from tataruang.models import ComplianceRun, Plan
from tests.factories.layers import mark_published

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body",
    [
        {"plan": "abc"},
        {"plan": [1]},
        {"plan": {"id": 1}},
        {"plan": 1.5},
        {"plan": True},
        {"land_use": "x"},
        {"plan": 2**70},
        {"land_use": -1},
    ],
)
def test_run_start_refuses_ids_of_the_wrong_type(half_and_half, client_for, body):
    response = client_for("dtrb").post("/api/tataruang/kesesuaian/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["parameter"] in ("plan", "land_use")
    assert not ComplianceRun.objects.exists()


def test_run_start_takes_ids_as_before(half_and_half, client_for, settings):
    plan, land_use = half_and_half
    body = {"plan": plan.pk, "land_use": str(land_use.pk)}
    response = client_for("dtrb").post("/api/tataruang/kesesuaian/", body, format="json")
    assert response.status_code == 202, response.content
    run = ComplianceRun.objects.get()
    assert (run.plan_id, run.land_use_id) == (plan.pk, land_use.pk)


@pytest.mark.parametrize("value", [5, None, {"a": "b"}, ["KPI"], True])
def test_mapping_values_must_be_class_codes(half_and_half, client_for, value):
    plan, _land_use = half_and_half
    response = client_for("dtrb").patch(
        f"/api/tataruang/rencana/{plan.pk}/", {"mapping": {"Kawasan Peruntukan Industri": value}}, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["parameter"] == "mapping"
    plan.refresh_from_db()
    assert plan.mapping["Kawasan Peruntukan Industri"] == "KPI"


@pytest.mark.parametrize(
    "change, parameter",
    [
        ({"layer": {"slug": "x"}}, "layer"),
        ({"layer": ["rtrw-uji"]}, "layer"),
        ({"version": "abc"}, "version"),
        ({"version": [1]}, "version"),
        ({"year": "dua ribu"}, "year"),
        ({"year": 10**30}, "year"),
        ({"nama": {"a": 1}}, "nama"),
        ({"nama": "x" * 201}, "nama"),
        ({"legal_basis": "x" * 201}, "legal_basis"),
        ({"jenis": "RTRWX"}, "jenis"),
        ({"jenis": "XX"}, "jenis"),
        ({"scheme": "1999"}, "scheme"),
        ({"class_column": 5}, "class_column"),
    ],
)
def test_draft_fields_of_the_wrong_type_are_400(half_and_half, client_for, change, parameter):
    plan, _land_use = half_and_half
    mark_published(plan.layer_version)
    body = {
        "layer": plan.layer_version.layer.slug,
        "class_column": "NAMOBJ",
        "jenis": "RTRW",
        "legal_basis": "Perda 1/2026",
        "year": 2026,
        **change,
    }
    count = Plan.objects.count()
    response = client_for("dtrb").post("/api/tataruang/rencana/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json().get("parameter") == parameter
    assert Plan.objects.count() == count


def test_land_use_year_of_the_wrong_type_is_400(half_and_half, client_for):
    _plan, land_use = half_and_half
    mark_published(land_use.layer_version)
    body = {"layer": land_use.layer_version.layer.slug, "class_column": "REMARK", "year": [2025]}
    response = client_for("dtrb").post("/api/tataruang/lahan/", body, format="json")
    assert response.status_code == 400 and response.json()["parameter"] == "year"


@pytest.mark.parametrize("kegiatan", [5, {"kode": "x"}, ["a"], "x" * 51])
def test_kkpr_activity_must_be_a_code(wilayah, client_for, kegiatan):
    from core.openapi import EXAMPLE_POLYGON

    response = client_for().post(
        "/api/tataruang/kkpr/", {"geometry": EXAMPLE_POLYGON, "kegiatan": kegiatan}, format="json"
    )
    assert response.status_code == 400 and response.json()["parameter"] == "kegiatan"
