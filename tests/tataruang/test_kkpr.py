"""KKPR location check on the constructed plan: KPI west of CX, PS east of it."""

import subprocess

import pytest
from django.core.management import call_command

from tests.factories.grid import CX, CY, lonlat, rect
from tests.factories.plans import polygon_layer

from .conftest import FLOOD_HAZARD

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(half_and_half):
    call_command("load_tataruang_reference", stdout=open("/dev/null", "w"))
    return half_and_half[0]


def test_point_in_the_industrial_zone(plan, client_for):
    lon, lat = lonlat(CX - 250, CY)
    body = client_for().get("/api/tataruang/kkpr/", {"lon": lon, "lat": lat, "kegiatan": "pabrik"}).json()
    assert body["desa"]["kode"].startswith("36.03.28") and body["kecamatan"]["nama"] == "Kelapa Dua"
    assert [(z["kode"], z["porsi"], z["itbx"]) for z in body["zona"]] == [("KPI", 1.0, "I")]
    assert body["zona"][0]["sumber"] == "Contoh Pasal 50 ayat (2)"
    assert body["itbx"] == "I" and body["indikatif"] is True
    assert body["rencana"]["dasar_hukum"] == "Perda No. 1 Tahun 2026"


def test_parcel_spanning_two_zones(plan, client_for):
    # 100 m x 100 m centred on the KPI/PS boundary: half in each zone.
    parcel = {"type": "Polygon", "coordinates": rect(CX - 50, CY - 50, CX + 50, CY + 50)}
    response = client_for().post("/api/tataruang/kkpr/", {"geometry": parcel, "kegiatan": "pabrik"}, format="json")
    assert response.status_code == 200
    body = response.json()
    shares = {z["kode"]: (z["porsi"], z["itbx"]) for z in body["zona"]}
    assert shares["KPI"][0] == pytest.approx(0.5, abs=0.001) and shares["KPI"][1] == "I"
    assert shares["PS"][0] == pytest.approx(0.5, abs=0.001) and shares["PS"][1] == "X"
    assert body["itbx"] == "X"  # the worst zone decides
    assert body["lokasi"]["luas_ha"] == pytest.approx(1.0, abs=0.001)


def test_activity_not_in_the_matrix_is_reported_as_unregulated(plan, client_for):
    lon, lat = lonlat(CX + 250, CY)
    body = client_for().get("/api/tataruang/kkpr/", {"lon": lon, "lat": lat, "kegiatan": "sekolah"}).json()
    assert body["zona"][0]["kode"] == "PS" and body["zona"][0]["itbx"] is None and body["itbx"] is None


def test_lp2b_overlap_is_reported(plan, users, opd, client_for):
    lp2b = [({"JENIS": "LP2B"}, rect(CX - 400, CY - 400, CX - 300, CY - 300))]
    polygon_layer(users, opd, "lp2b-uji", lp2b, expected="dpkp-lp2b", publish=True)
    parcel = {"type": "Polygon", "coordinates": rect(CX - 450, CY - 450, CX - 350, CY - 350)}
    body = client_for().post("/api/tataruang/kkpr/", {"geometry": parcel, "kegiatan": "sawah"}, format="json").json()
    # The parcel overlaps the LP2B square by 50 m x 50 m = 0.25 ha.
    assert body["tumpang_susun"]["lp2b"]["kena"] is True
    assert body["tumpang_susun"]["lp2b"]["luas_ha"] == pytest.approx(0.25, abs=0.001)
    assert body["tumpang_susun"]["rawan_banjir"] is None


def test_flood_hazard_overlap_is_reported_per_hazard_class(plan, users, opd, client_for):
    polygon_layer(users, opd, "rawan-banjir-uji", FLOOD_HAZARD, expected="bpbd-rawan-banjir", publish=True)
    # 100 m x 60 m, 80 m in the Tinggi square and 20 m in the Sedang one.
    parcel = {"type": "Polygon", "coordinates": rect(CX - 380, CY - 380, CX - 280, CY - 320)}
    body = client_for().post("/api/tataruang/kkpr/", {"geometry": parcel, "kegiatan": "pabrik"}, format="json").json()
    flood = body["tumpang_susun"]["rawan_banjir"]
    assert flood["kena"] is True and flood["kolom_kelas"] == "KELAS"
    assert flood["luas_ha"] == pytest.approx(0.60, abs=0.001)
    assert [(p["kelas"], p["fitur"]) for p in flood["rincian"]] == [("Tinggi", 1), ("Sedang", 1)]
    assert [p["luas_ha"] for p in flood["rincian"]] == pytest.approx([0.48, 0.12], abs=0.001)
    assert body["tumpang_susun"]["lp2b"] is None
    # A point inside the Sedang square lies in that class.
    lon, lat = lonlat(CX - 250, CY - 350)
    body = client_for().get("/api/tataruang/kkpr/", {"lon": lon, "lat": lat, "kegiatan": "pabrik"}).json()
    assert [p["kelas"] for p in body["tumpang_susun"]["rawan_banjir"]["rincian"]] == ["Sedang"]
    pdf = client_for().get("/api/tataruang/kkpr/pdf/", {"lon": lon, "lat": lat, "kegiatan": "pabrik"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
    assert "di dalam; Sedang" in " ".join(text.split())


@pytest.mark.parametrize(
    ("params", "status", "text"),
    [
        ({"lon": 106.8272, "lat": -6.1754, "kegiatan": "pabrik"}, 404, "di luar Kabupaten Tangerang"),
        ({"lon": "x", "lat": -6.2, "kegiatan": "pabrik"}, 400, "lon"),
        ({"kegiatan": "kasino"}, 400, "kasino"),
    ],
)
def test_bad_checks(plan, client_for, params, status, text):
    lon, lat = lonlat(CX, CY)
    response = client_for().get("/api/tataruang/kkpr/", {"lon": lon, "lat": lat, **params})
    assert response.status_code == status and text in response.json()["detail"]


def test_invalid_parcel_is_400(plan, client_for):
    a, b, c, d = lonlat(CX - 50, CY - 50), lonlat(CX + 50, CY + 50), lonlat(CX + 50, CY - 50), lonlat(CX - 50, CY + 50)
    bowtie = {"type": "Polygon", "coordinates": [[a, b, c, d, a]]}
    response = client_for().post("/api/tataruang/kkpr/", {"geometry": bowtie, "kegiatan": "pabrik"}, format="json")
    assert response.status_code == 400 and "tidak valid" in response.json()["detail"]


def test_pdf_is_labelled_indicative(plan, client_for, tmp_path):
    lon, lat = lonlat(CX - 250, CY)
    response = client_for().get("/api/tataruang/kkpr/pdf/", {"lon": lon, "lat": lat, "kegiatan": "pabrik"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "hasil.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())  # table cells wrap
    assert "INDIKATIF" in text and "Bukan KKPR resmi" in text
    assert "Kelapa Dua" in text and "Kawasan Peruntukan Industri" in text
