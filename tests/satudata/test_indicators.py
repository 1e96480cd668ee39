"""The indicator tables of Satu Data (/satu-data/indikator.csv and .json) and their
data dictionary (/satu-data/kamus-data.json), read from the indicator registry."""

import csv
import io

import pytest

from core import indicators
from core.indicators import Indicator, Provider, Value
from satudata import records

pytestmark = pytest.mark.django_db


def _csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_the_compliance_indicator_as_csv_rows(client_for, compliance_run):
    response = client_for().get("/satu-data/indikator.csv?level=kecamatan")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv(response)
    assert list(rows[0]) == records.NAMES
    # The parcel lies in Kelapa Dua only: one kecamatan row, 2.00 of 4.00 ha sesuai = 50%.
    (row,) = [r for r in rows if r["kode_indikator"] == "kesesuaian-rtrw"]
    assert row == {
        "kode_indikator": "kesesuaian-rtrw",
        "nama_indikator": "Persentase Realisasi Pola Pemanfaatan Ruang Sesuai RTRW",
        "tingkat_wilayah": "kecamatan",
        "kode_wilayah": "36.03.28",
        "nama_wilayah": "Kelapa Dua",
        "periode": "2025",
        "nilai": "50.0",
        "satuan": "persen",
        "target": "",
        "produsen_data": "Dinas Tata Ruang dan Bangunan",
        "singkatan_produsen": "DTRB",
        "sumber": f"compliance-run:{compliance_run.pk}",
        "data_contoh": "false",
    }


def test_json_rows_at_every_level_kabupaten_first(client_for, compliance_run):
    body = client_for().get("/satu-data/indikator.json?indikator=kesesuaian-rtrw").json()
    assert body["kamus_data"] == "http://testserver/satu-data/kamus-data.json"
    assert body["jumlah"] == len(body["data"])
    levels = [r["tingkat_wilayah"] for r in body["data"]]
    assert levels[:2] == ["kabupaten", "kecamatan"] and set(levels[2:]) == {"desa"}
    kabupaten = body["data"][0]
    assert (kabupaten["kode_wilayah"], kabupaten["nama_wilayah"], kabupaten["nilai"]) == (
        "36.03",
        "Kabupaten Tangerang",
        50.0,
    )
    assert kabupaten["periode"] == 2025 and kabupaten["produsen_data"] == "Dinas Tata Ruang dan Bangunan"
    # One area by its code: the level follows from the code.
    one = client_for().get("/satu-data/indikator.json?kode=36.03.28&periode=2025").json()
    assert [(r["kode_wilayah"], r["nilai"]) for r in one["data"]] == [("36.03.28", 50.0)]
    assert client_for().get("/satu-data/indikator.json?indikator=kesesuaian-rtrw&periode=2026").json()["data"] == []


class _Lp2bProvider(Provider):
    """A second provider, as another app registers one: it appears without a change here."""

    indicator = Indicator(kode="uji-lp2b", nama="Luas LP2B uji", satuan="ha", produsen="DPKP", levels=("kabupaten",))

    def values(self, level, kode=None, periode=None):
        value = Value("uji-lp2b", "kabupaten", "36.03", "Kabupaten Tangerang", "2024", 1234.5, target=1500.0)
        return [value] if kode in (None, "36.03") and periode in (None, "2024") else []


@pytest.fixture
def second_provider():
    indicators.register(_Lp2bProvider())
    yield
    indicators._providers.pop("uji-lp2b")


def test_a_registered_provider_appears_in_the_tables_and_the_dictionary(client_for, opd, second_provider):
    rows = _csv(client_for().get("/satu-data/indikator.csv?indikator=uji-lp2b"))
    assert [(r["kode_wilayah"], r["periode"], r["nilai"], r["target"], r["satuan"]) for r in rows] == [
        ("36.03", "2024", "1234.5", "1500.0", "ha")
    ]
    assert rows[0]["produsen_data"] == "Dinas Pertanian dan Ketahanan Pangan"
    kamus = client_for().get("/satu-data/kamus-data.json").json()
    (meta,) = [m for m in kamus["indikator"] if m["kode_indikator"] == "uji-lp2b"]
    assert meta["satuan"] == "ha" and meta["tingkat_wilayah"] == ["kabupaten"]


def test_the_data_dictionary_describes_every_column(client_for, opd):
    kamus = client_for().get("/satu-data/kamus-data.json").json()
    assert [c["nama"] for c in kamus["kolom"]] == records.NAMES
    assert all(c["tipe"] and c["deskripsi"] and "contoh" in c for c in kamus["kolom"])
    kode_wilayah = next(c for c in kamus["kolom"] if c["nama"] == "kode_wilayah")
    assert "Kemendagri" in kode_wilayah["deskripsi"] and kode_wilayah["contoh"] == "36.03.28"
    (meta,) = [m for m in kamus["indikator"] if m["kode_indikator"] == "kesesuaian-rtrw"]
    assert meta["produsen_data"] == "Dinas Tata Ruang dan Bangunan" and meta["satuan"] == "persen"
    assert "UTM 48S" in meta["cara_perhitungan"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("level=provinsi", "level"),
        ("kode=36.03.2", "kode"),
        ("kode=36.03.28&level=desa", "kode"),
        ("indikator=tidak-ada", "indikator"),
        ("periode=20x5", "periode"),
        ("periode=1800", "periode"),
    ],
)
def test_bad_parameters_are_refused_in_indonesian(client_for, query, parameter):
    for path in ("/satu-data/indikator.csv", "/satu-data/indikator.json"):
        response = client_for().get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["parameter"] == parameter
