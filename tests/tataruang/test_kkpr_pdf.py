"""The KKPR PDF read back with pdftotext (Debian poppler-utils): the same
area as the JSON answer, Indonesian words and numbers, the reference number,
the legal basis and the map. On the half-and-half plan (tests/factories/plans.py)."""

import subprocess

import pytest
from django.core.management import call_command

from tests.factories.grid import CX, CY, lonlat, rect

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(half_and_half):
    call_command("load_tataruang_reference", stdout=open("/dev/null", "w"))
    return half_and_half[0]


def pdf_text(content):
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())  # table cells wrap


def test_the_parcel_pdf_says_what_the_json_says(plan, client_for):
    # 1,511 m x 710 m = 107.281 ha (1.000 m west of the plan and 11 m into PS): the area has
    # thousands-free digits but a decimal comma; PS holds 11 m x 710 m = 0.781 ha = 0.73%.
    parcel = {"type": "Polygon", "coordinates": rect(CX - 1500, CY - 355, CX + 11, CY + 355)}
    body = {"geometry": parcel, "kegiatan": "pabrik"}
    result = client_for().post("/api/tataruang/kkpr/", body, format="json").json()
    response = client_for().post("/api/tataruang/kkpr/pdf/", body, format="json")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert result["lokasi"]["luas_ha"] == pytest.approx(107.28, abs=0.01)
    area = f"{result['lokasi']['luas_ha']:.2f}".replace(".", ",")  # 107,28
    assert f"Poligon, luas {area} ha" in text
    # The reference number and the date of the JSON answer.
    assert result["referensi"].startswith("KKPR-IND-") and result["referensi"] in text
    # The zone table in Indonesian numbers: KPI 500 m x 710 m = 35.50 ha = 33.09% of 107.281 ha.
    kpi = next(z for z in result["zona"] if z["kode"] == "KPI")
    assert (kpi["persen"], kpi["luas_ha"]) == (33.09, 35.5)
    assert "33,09% · 35,50 ha" in text
    ps = next(z for z in result["zona"] if z["kode"] == "PS")
    assert ps["persen"] == 0.73 and "0,73% · 0,78 ha" in text
    # The deciding rule, the threshold, the lon/lat order, the legal basis, the map.
    assert result["putusan"]["aturan"] in text
    assert "titik pusat (bujur, lintang)" in text and "UTM 48S (X, Y)" in text
    assert "Dasar hukum Perda No. 1 Tahun 2026" in text
    assert "Peta lokasi dan zona" in text and "EPSG:32748" in text
    assert "DATA CONTOH (sintetis)" not in text  # the constructed plan is not a sample


def test_the_point_pdf_uses_indonesian_words(plan, client_for):
    lon, lat = lonlat(CX - 250, CY)
    response = client_for().get("/api/tataruang/kkpr/pdf/", {"lon": lon, "lat": lat, "kegiatan": "pabrik"})
    text = pdf_text(response.content)
    assert "Titik —" in text and "Poligon" not in text
    # lon 106,6xxxxx; lat -6,2xxxxx: six decimals with a decimal comma, lon first.
    assert f"(bujur, lintang) {lon:.6f}; {lat:.6f}".replace(".", ",") in text
    assert "Diizinkan: titik berada di zona KPI" in text


def test_a_sample_plan_is_labelled(plan, client_for):
    plan.is_sample = True
    plan.save(update_fields=["is_sample"])
    lon, lat = lonlat(CX - 250, CY)
    text = pdf_text(
        client_for().get("/api/tataruang/kkpr/pdf/", {"lon": lon, "lat": lat, "kegiatan": "pabrik"}).content
    )
    assert "DATA CONTOH (sintetis): rencana yang dipakai adalah data contoh sintetis" in text


def test_intensity_limits_are_indonesian_numbers(client_for, rdtr):
    # The constructed RDTR: K-2 (north-east of the centre) carries KDB 70, KDH 10, KLB 2.8
    # (tests/tataruang/conftest.py rdtr_layer).
    lon, lat = lonlat(CX + 200, CY + 200)
    text = pdf_text(client_for().get("/api/tataruang/kkpr/pdf/", {"lon": lon, "lat": lat, "kegiatan": "ruko"}).content)
    assert "KLB 2,8" in text and "KLB 2.8" not in text and "KDB 70" in text
