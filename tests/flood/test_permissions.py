"""Who sees and does what with hazard rasters: the rules of vector layers.
Anonymous visitors see published rasters only; an OPD operator sees its own OPD's
unpublished ones too; DTRB planners see all and alone publish."""

import pytest

from flood import services
from tests.flood.rasters import QUADRANTS, tif_bytes


@pytest.fixture
def two_rasters(upload_raster, users):
    """A published BPBD raster and a draft one (both uploaded by the BPBD operator)."""
    published = upload_raster(tif_bytes(QUADRANTS), title="Terbit").raster_version
    services.publish_version(published, users["dtrb"], compute=False)
    draft = upload_raster(tif_bytes(QUADRANTS), title="Draf").raster_version
    return published.raster, draft.raster


@pytest.mark.parametrize(
    ("role", "titles"),
    [(None, {"Terbit"}), ("dinkes", {"Terbit"}), ("bpbd", {"Terbit", "Draf"}), ("dtrb", {"Terbit", "Draf"})],
)
def test_list_and_detail_show_what_the_role_may_see(client_for, two_rasters, role, titles):
    client = client_for(role)
    listed = client.get("/api/flood/rasters/").json()
    assert {r["title"] for r in listed} == titles
    published, draft = two_rasters
    assert client.get(f"/api/flood/rasters/{published.pk}/").status_code == 200
    assert client.get(f"/api/flood/rasters/{draft.pk}/").status_code == (200 if "Draf" in titles else 404)
    assert client.get(f"/api/flood/rasters/{draft.pk}/tiles/0/0/0.png").status_code == (
        200 if "Draf" in titles else 404
    )


def test_list_item_has_the_catalogue_fields(client_for, two_rasters):
    item = next(r for r in client_for().get("/api/flood/rasters/").json() if r["title"] == "Terbit")
    assert item["opd"]["kode"] == "bpbd" and item["status"] == "published" and item["kind"] == "indeks"
    assert item["crs"] == "EPSG:32748" and item["resolution_m"] == 10
    assert [c["kode"] for c in item["version"]["legend"]] == ["rendah", "sedang", "tinggi"]
    assert item["links"]["tiles"].endswith(f"/api/flood/rasters/{item['id']}/tiles/{{z}}/{{x}}/{{y}}.png")


def test_review_submit_by_owner_publish_by_dtrb_only(client_for, two_rasters):
    _published, draft = two_rasters
    base = f"/api/flood/rasters/{draft.pk}/versions/1"
    assert client_for("dinkes").post(f"{base}/submit/").status_code == 404  # not visible to another OPD
    assert client_for("bpbd").post(f"{base}/submit/").status_code == 200
    refused = client_for("bpbd").post(f"{base}/publish/")
    assert refused.status_code == 403 and "Hanya peninjau DTRB" in refused.json()["detail"]
    assert (
        client_for("dtrb").post(f"{base}/reject/", {"reason": "Sumber tidak jelas"}, format="json").status_code == 200
    )
    assert client_for("bpbd").post(f"{base}/submit/").status_code == 200
    body = client_for("dtrb").post(f"{base}/publish/").json()
    assert body["status"] == "published" and body["statistics_job"]["status"] == "pending"
    assert {r["title"] for r in client_for().get("/api/flood/rasters/").json()} == {"Terbit", "Draf"}


def test_classes_are_editable_by_the_owner(client_for, two_rasters):
    _published, draft = two_rasters
    url = f"/api/flood/rasters/{draft.pk}/versions/1/"
    new = {"thresholds": [["rendah", 0.2], ["sedang", 0.6], ["tinggi", 1]]}
    assert client_for("dinkes").patch(url, {"classes": new}, format="json").status_code == 404
    body = client_for("bpbd").patch(url, {"classes": new}, format="json").json()
    assert body["version"]["classes"]["thresholds"][0] == ["rendah", 0.2]
    bad = client_for("bpbd").patch(url, {"classes": {"thresholds": [["tinggi", 0.9], ["rendah", 0.1]]}}, format="json")
    assert bad.status_code == 400 and "berurutan naik" in bad.json()["detail"]
