"""The RDTR hierarchy (WP / SWP / blok): suggestion and validation of the
columns, activation, the KKPR answer and the plan API, on the constructed RDTR
of conftest.RDTR_ZONES (rectangles in UTM 48S around desa Kelapa Dua)."""

import subprocess

import pytest

from layers.models import LayerVersion
from tataruang import services
from tataruang.models import Plan
from tests.factories.grid import CX, CY, lonlat, rect
from tests.factories.layers import mark_published

from .conftest import RDTR_ZONES, rdtr_layer

pytestmark = pytest.mark.django_db


def plan_with_columns(names, jenis="RDTR"):
    return Plan(jenis=jenis, layer_version=LayerVersion(schema=[{"name": n, "type": "str"} for n in names]))


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        # ATR/BPN basis-data names; KODSWP wins over NAMSWP.
        (["NAMSWP", "KODSWP", "KODEWP", "KODBLK", "KODSZN"], ("KODEWP", "KODSWP", "KODBLK")),
        # Plain names in any case.
        (["wp", "Swp", "Blok", "zona"], ("wp", "Swp", "Blok")),
        (["WP", "NAMSWP", "NOBLOK"], ("WP", "NAMSWP", "NOBLOK")),
        (["KODBLOK", "SUB_WP"], ("", "SUB_WP", "KODBLOK")),
        (["NAMOBJ", "KODE"], ("", "", "")),
    ],
)
def test_suggest_picks_the_hierarchy_columns(columns, expected):
    suggested = services.suggest_hierarchy(plan_with_columns(columns))
    assert (suggested["wp_column"], suggested["swp_column"], suggested["blok_column"]) == expected


def test_an_rtrw_gets_no_suggestion():
    assert set(services.suggest_hierarchy(plan_with_columns(["WP", "SWP"], jenis="RTRW")).values()) == {""}


def test_activation_fills_wp_swp_blok(users, opd, wilayah, reference, client_for):
    version = mark_published(rdtr_layer(users, opd))
    planner = client_for("dtrb")
    response = planner.post(
        "/api/tataruang/rencana/",
        {
            "layer": version.layer.slug,
            "class_column": "KODSZN",
            "jenis": "RDTR",
            "legal_basis": "Perbup No. 3 Tahun 2026",
            "year": 2026,
            "wilayah_perencanaan": "WP-03",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["wp_column"], body["swp_column"], body["blok_column"]) == ("KODEWP", "KODSWP", "KODBLK")
    assert body["unmapped"] == [] and body["hierarki"] == []  # not active yet
    assert planner.post(f"/api/tataruang/rencana/{body['id']}/aktifkan/").status_code == 200

    zones = Plan.objects.get(pk=body["id"]).zones.select_related("plan_class")
    got = sorted((z.plan_class.kode, z.wp, z.swp, z.blok) for z in zones)
    assert got == sorted((code, wp, swp, blok) for code, wp, swp, _name, blok, _box, _ha in RDTR_ZONES)

    # A planner switches the SWP column to the names; the next activation copies them.
    patched = planner.patch(f"/api/tataruang/rencana/{body['id']}/", {"swp_column": "NAMSWP"}, format="json")
    assert patched.status_code == 200 and patched.json()["swp_column"] == "NAMSWP"
    planner.post(f"/api/tataruang/rencana/{body['id']}/aktifkan/")
    assert sorted(set(zones.values_list("swp", flat=True))) == ["Curug Utara", "Kelapa Dua Selatan"]


def test_hierarchy_columns_must_exist(users, opd, wilayah, reference, client_for):
    version = mark_published(rdtr_layer(users, opd))
    planner = client_for("dtrb")
    fields = {"layer": version.layer.slug, "class_column": "KODSZN", "jenis": "RDTR", "legal_basis": "x", "year": 2026}
    refused = planner.post("/api/tataruang/rencana/", {**fields, "blok_column": "NOMOR_BLOK"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["detail"] == "Layer tidak memiliki kolom 'NOMOR_BLOK' untuk blok."
    assert refused.json()["parameter"] == "blok_column"
    assert not Plan.objects.exists()  # nothing half-created

    created = planner.post("/api/tataruang/rencana/", {**fields, "wp_column": ""}, format="json").json()
    assert (created["wp_column"], created["swp_column"]) == ("", "KODSWP")  # "" chooses none
    url = f"/api/tataruang/rencana/{created['id']}/"
    bad = planner.patch(url, {"swp_column": "SWP_TIDAK_ADA"}, format="json")
    assert bad.status_code == 400 and "tidak memiliki kolom 'SWP_TIDAK_ADA' untuk SWP" in bad.json()["detail"]
    assert planner.patch(url, {"swp_column": 7}, format="json").status_code == 400
    assert Plan.objects.get(pk=created["id"]).swp_column == "KODSWP"
    # Operators may not change a plan.
    assert client_for("dinkes").patch(url, {"swp_column": "NAMSWP"}, format="json").status_code == 403


def test_hierarchy_summary_in_the_api(rdtr, client_for):
    body = client_for().get(f"/api/tataruang/rencana/{rdtr.pk}/").json()
    assert body["columns"] == ["KODSZN", "KODEWP", "NAMSWP", "KODSWP", "KODBLK", "KDB", "KLB", "KDH"]
    # Areas from the rectangles of RDTR_ZONES: 400 m x 400 m = 16 ha, 400 m x 300 m = 12 ha,
    # 200 m x 300 m = 6 ha; SWP-1 = 16 + 16, SWP-2 = 12 + 12 + 6, WP-03 = 62.
    [wp] = body["hierarki"]
    assert (wp["wp"], wp["zones"], wp["luas_ha"]) == ("WP-03", 5, pytest.approx(62.0, abs=0.01))
    assert [(s["swp"], s["zones"], round(s["luas_ha"], 2)) for s in wp["swp"]] == [
        ("SWP-1", 2, 32.0),
        ("SWP-2", 3, 30.0),
    ]
    assert [(b["blok"], b["zones"], round(b["luas_ha"], 2)) for b in wp["swp"][1]["blok"]] == [
        ("2.1", 1, 12.0),
        ("2.2", 1, 12.0),
        ("2.10", 1, 6.0),
    ]


def test_kkpr_names_wp_swp_blok(rdtr, client_for):
    lon, lat = lonlat(CX + 200, CY + 200)
    body = client_for().get("/api/tataruang/kkpr/", {"lon": lon, "lat": lat, "kegiatan": "ruko"}).json()
    assert body["rencana"]["jenis"] == "RDTR" and body["rencana"]["wilayah_perencanaan"] == "WP-03"
    [zone] = body["zona"]
    assert (zone["kode"], zone["wp"], zone["swp"], zone["blok"], zone["porsi"]) == ("K-2", "WP-03", "SWP-1", "1.2", 1.0)
    assert zone["itbx"] == "I" and zone["sumber"] == "Contoh Perbup RDTR Pasal 32"
    assert zone["intensitas"] == {"KDB": 70, "KLB": 2.8, "KDH": 10}


def test_kkpr_parcel_across_two_blok(rdtr, client_for):
    # 100 m x 100 m across x = CX, inside SWP-2: half in blok 2.1, half in blok 2.2 (KPI).
    parcel = {"type": "Polygon", "coordinates": rect(CX - 50, CY - 250, CX + 50, CY - 150)}
    body = client_for().post("/api/tataruang/kkpr/", {"geometry": parcel, "kegiatan": "pabrik"}, format="json").json()
    zones = {z["blok"]: (z["kode"], z["swp"], z["porsi"], z["itbx"]) for z in body["zona"]}
    assert zones == {
        "2.1": ("R-2", "SWP-2", pytest.approx(0.5, abs=0.001), "X"),
        "2.2": ("KPI", "SWP-2", pytest.approx(0.5, abs=0.001), "I"),
    }
    assert body["itbx"] == "X"


def test_kkpr_prefers_the_rdtr_over_the_rtrw(rdtr, half_and_half, client_for):
    # The RTRW of half_and_half covers CX +- 500 m: KPI west, PS east of CX.
    lon, lat = lonlat(CX - 200, CY + 200)
    body = client_for().get("/api/tataruang/kkpr/", {"lon": lon, "lat": lat, "kegiatan": "pabrik"}).json()
    assert body["rencana"]["nama"] == "RDTR WP-03 uji"
    assert [(z["kode"], z["blok"], z["itbx"]) for z in body["zona"]] == [("R-2", "1.1", "X")]
    # Outside the RDTR (south-west corner) the RTRW answers, without a hierarchy.
    lon, lat = lonlat(CX - 450, CY - 450)
    body = client_for().get("/api/tataruang/kkpr/", {"lon": lon, "lat": lat, "kegiatan": "pabrik"}).json()
    assert body["rencana"]["nama"] == "RTRW uji"
    assert [(z["kode"], z["wp"], z["swp"], z["blok"]) for z in body["zona"]] == [("KPI", None, None, None)]


def test_plan_zones_api_filters_by_swp(rdtr, client_for):
    url = f"/api/tataruang/rencana/{rdtr.pk}/zona/"
    everything = client_for().get(url).json()
    assert everything["numberMatched"] == 5 and everything["label"] == ""
    swp2 = client_for().get(url, {"swp": "SWP-2"}).json()
    assert sorted((f["properties"]["blok"], f["properties"]["kode"]) for f in swp2["features"]) == [
        ("2.1", "R-2"),
        ("2.10", "R-3"),
        ("2.2", "KPI"),
    ]
    refused = client_for().get(url, {"swp": "SWP-9"})
    assert refused.status_code == 400 and refused.json()["parameter"] == "swp"
    assert refused.json()["detail"] == "SWP 'SWP-9' tidak ada dalam rencana ini; pilih salah satu: SWP-1, SWP-2."


def test_kkpr_pdf_names_wp_swp_blok(rdtr, client_for, tmp_path):
    lon, lat = lonlat(CX + 200, CY + 200)
    response = client_for().get("/api/tataruang/kkpr/pdf/", {"lon": lon, "lat": lat, "kegiatan": "ruko"})
    assert response.status_code == 200
    pdf = tmp_path / "hasil.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())  # table cells wrap
    assert "K-2 Perdagangan dan Jasa Skala WP" in text and "WP: WP-03 / SWP: SWP-1 / Blok: 1.2" in text


def test_the_indicator_is_computed_on_the_rtrw_when_an_rdtr_is_newer(half_and_half, rdtr, client_for):
    # The RDTR was activated after the RTRW; "Hitung ulang" (no plan given) still takes the RTRW.
    assert rdtr.activated_at > half_and_half[0].activated_at
    response = client_for("dtrb").post("/api/tataruang/kesesuaian/", {}, format="json")
    assert response.status_code == 202
    assert response.json()["plan"]["jenis"] == "RTRW" and response.json()["plan"]["id"] == half_and_half[0].pk
