"""/api/indikator/ and /api/indikator/definisi/: rows, values and formats, strict parameters."""

import csv
import io

import pytest
from openpyxl import load_workbook

from dasbor.rows import COLUMNS
from tataruang import compliance
from wilayah.models import Desa

pytestmark = pytest.mark.django_db
URL = "/api/indikator/"
KELAPA_DUA = "36.03.28.1001"


def test_json_rows_of_one_indicator_by_level(lp2b, half_and_half, client_for):
    body = client_for().get(URL, {"level": "kecamatan", "indikator": "luas-lp2b"}).json()
    assert body["level"] == "kecamatan" and body["jumlah"] == 29
    row = next(r for r in body["results"] if r["kode_wilayah"] == "36.03.28")
    assert list(row) == list(COLUMNS)
    assert (row["nama_wilayah"], row["indikator"], row["satuan"], row["produsen"]) == (
        "Kelapa Dua",
        "luas-lp2b",
        "ha",
        "DPKP",
    )
    # The 1.00 ha LP2B square of the fixture lies in Kelapa Dua.
    assert row["nilai"] == pytest.approx(1.0, abs=0.001) and row["sumber"].startswith("layer-version:")
    assert row["nama_indikator"] == "Luas Lahan Pertanian Pangan Berkelanjutan (LP2B)"
    compliance.compute(compliance.start_run(*half_and_half))
    # The default level is kabupaten: compliance (50% of the half-and-half parcel) and LP2B among its rows.
    kab = {r["indikator"]: r for r in client_for().get(URL).json()["results"] if not r["rincian"]}
    assert kab["kesesuaian-rtrw"]["nilai"] == 50.0 and kab["luas-lp2b"]["nilai"] == pytest.approx(1.0, abs=0.001)


def test_csv_of_the_desa_of_a_kecamatan(lp2b, client_for):
    response = client_for().get(URL, {"level": "desa", "kode": "36.03.28", "indikator": "luas-lp2b", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="indikator-desa-360328-luas-lp2b.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    desa = Desa.objects.filter(kecamatan__kode="36.03.28").count()
    assert len(rows) == desa and all(r["kode_wilayah"].startswith("36.03.28.") for r in rows)
    values = {r["kode_wilayah"]: float(r["nilai"]) for r in rows}
    assert values[KELAPA_DUA] == pytest.approx(1.0, abs=0.001)
    assert sum(values.values()) == pytest.approx(1.0, abs=0.001)
    assert rows[0]["level"] == "desa" and rows[0]["satuan"] == "ha" and rows[0]["target"] == ""


def test_xlsx_has_a_header_row_and_numbers(lp2b, half_and_half, client_for):
    compliance.compute(compliance.start_run(*half_and_half))
    response = client_for().get(URL, {"level": "desa", "kode": KELAPA_DUA, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.values)
    assert header == COLUMNS
    by_code = {r[3]: r for r in rows}
    assert set(by_code) >= {"kesesuaian-rtrw", "luas-lp2b"}
    assert by_code["luas-lp2b"][0] == KELAPA_DUA and by_code["luas-lp2b"][8] == pytest.approx(1.0, abs=0.001)
    # Half of the parcel is sesuai: 50%, stored as a number, not text.
    assert by_code["kesesuaian-rtrw"][8] == 50 and by_code["kesesuaian-rtrw"][9] == "persen"


def test_a_period_filters_the_rows(lp2b, client_for):
    rows = client_for().get(URL, {"indikator": "alih-fungsi-lp2b", "periode": "2025"}).json()["results"]
    assert [(r["periode"], r["nilai"]) for r in rows] == [("2025", pytest.approx(0.5, abs=0.001))]
    assert client_for().get(URL, {"indikator": "alih-fungsi-lp2b", "periode": "2024"}).json()["results"] == []


@pytest.mark.parametrize(
    ("params", "parameter", "words"),
    [
        ({"level": "provinsi"}, "level", "kabupaten, kecamatan atau desa"),
        ({"format": "xml"}, "format", "json, csv atau xlsx"),
        ({"periode": "20x5"}, "periode", "tahun"),
        ({"periode": "١٠٢٥"}, "periode", "tahun"),
        ({"indikator": "tidak-ada"}, "indikator", "tidak dikenal"),
        ({"kode": "36-03"}, "kode", "kode wilayah"),
        ({"level": "kecamatan", "kode": KELAPA_DUA}, "kode", "di bawah"),
    ],
)
def test_bad_parameters_are_400_in_bahasa_indonesia(wilayah, client_for, params, parameter, words):
    response = client_for().get(URL, params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter and words in response.json()["detail"]


def test_an_unknown_area_is_404(wilayah, client_for):
    response = client_for().get(URL, {"kode": "36.99"})
    assert response.status_code == 404 and "36.99" in response.json()["detail"]


def test_definitions_list_every_registered_indicator(db, client_for):
    body = client_for().get(URL + "definisi/").json()
    codes = [i["kode"] for i in body["results"]]
    assert codes[:3] == ["integrasi-layer", "kesesuaian-rtrw", "luas-lp2b"]
    assert set(codes) >= {"rth-perkotaan", "banjir-sekolah-tinggi", "capaian-peta-jalan", "sinkronisasi-rdtr"}
    rth = next(i for i in body["results"] if i["kode"] == "rth-perkotaan")
    assert "dlhk-rth-publik" in rth["tanpa_nilai"] and rth["satuan"] == "persen"


def test_in_the_openapi_schema(db, client_for):
    schema = client_for().get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/indikator/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"level", "kode", "periode", "indikator", "format"}
    assert "/api/indikator/definisi/" in schema["paths"]
