"""The KKPR check reports the parcel's flood hazard from the published hazard
raster: hectares and % of the parcel per class (EPSG:32748, exact pixel
coverage), the raster's title and the sample label.

The raster is tests/flood/rasters.QUADRANTS: 4 x 4 pixels of 10 m with its
top-left corner at (X0, Y0): rendah in the north-west 20 m x 20 m, sedang
north-east, tinggi south-west, nodata south-east."""

import subprocess

import pytest
from django.core.management import call_command

from flood.models import HazardRaster
from flood.parcel import hazard_overlap
from tests.factories.grid import lonlat, rect
from tests.flood.conftest import published, upload_raster  # noqa: F401
from tests.flood.rasters import QUADRANTS, X0, Y0, tif_bytes

pytestmark = pytest.mark.django_db

KKPR = "/api/tataruang/kkpr/"


@pytest.fixture
def raster(half_and_half, published):  # noqa: F811
    call_command("load_tataruang_reference", stdout=open("/dev/null", "w"))
    return published(tif_bytes(QUADRANTS, nodata=-1.0))


def test_parcel_over_the_four_quadrants(raster, client_for):
    # 30 m x 30 m centred on the raster (X0+5..X0+35, Y0-35..Y0-5): every pixel it
    # touches is cut by its edge; 15 m x 15 m = 225 m2 = 0.0225 ha in each quadrant, 25% each.
    parcel = {"type": "Polygon", "coordinates": rect(X0 + 5, Y0 - 35, X0 + 35, Y0 - 5)}
    body = client_for().post(KKPR, {"geometry": parcel, "kegiatan": "pabrik"}, format="json").json()
    flood = body["bahaya_banjir"]
    assert flood["judul"] == "Indeks Bahaya Banjir Uji" and flood["versi"] == 1
    assert flood["is_sample"] is False and flood["label"] == ""
    assert flood["luas_ha"] == pytest.approx(
        {"rendah": 0.0225, "sedang": 0.0225, "tinggi": 0.0225, "tanpa_data": 0.0225}, abs=1e-4
    )
    assert flood["persen"] == pytest.approx({"rendah": 25, "sedang": 25, "tinggi": 25, "tanpa_data": 25}, abs=0.01)


def test_parcel_partly_outside_the_raster(raster, half_and_half):
    # X0-10..X0+20, Y0-30..Y0-10 (30 m x 20 m = 600 m2): 10 m x 20 m west of the
    # raster (tanpa data), 20 m x 10 m rendah (rows 1) and 20 m x 10 m tinggi (row 2): a third each.
    from django.contrib.gis.geos import Polygon

    flood = hazard_overlap(Polygon(rect(X0 - 10, Y0 - 30, X0 + 20, Y0 - 10)[0], srid=4326))
    assert flood["luas_ha"] == pytest.approx(
        {"rendah": 0.02, "sedang": 0.0, "tinggi": 0.02, "tanpa_data": 0.02}, abs=1e-4
    )
    assert flood["persen"] == pytest.approx(
        {"rendah": 33.33, "sedang": 0, "tinggi": 33.33, "tanpa_data": 33.33}, abs=0.01
    )


def test_point_class_sample_label_and_pdf(raster, client_for):
    HazardRaster.objects.filter(pk=raster.raster_id).update(is_sample=True)
    lon, lat = lonlat(X0 + 5, Y0 - 25)  # the tinggi quadrant (south-west), index 0.9
    body = client_for().get(KKPR, {"lon": lon, "lat": lat, "kegiatan": "pabrik"}).json()
    flood = body["bahaya_banjir"]
    assert (flood["kelas"], flood["nilai"]) == ("tinggi", pytest.approx(0.9, abs=1e-6))
    assert flood["label"] == "DATA CONTOH (sintetis)"

    parcel = {"type": "Polygon", "coordinates": rect(X0 + 5, Y0 - 35, X0 + 35, Y0 - 5)}
    pdf = client_for().post(KKPR + "pdf/", {"geometry": parcel, "kegiatan": "pabrik"}, format="json")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "Indeks Bahaya Banjir Uji (DATA CONTOH (sintetis))" in text
    assert "rendah 0,02 ha (25,00%)" in text and "tinggi 0,02 ha (25,00%)" in text


def test_no_published_raster(half_and_half, client_for):
    call_command("load_tataruang_reference", stdout=open("/dev/null", "w"))
    parcel = {"type": "Polygon", "coordinates": rect(X0 + 5, Y0 - 35, X0 + 35, Y0 - 5)}
    body = client_for().post(KKPR, {"geometry": parcel, "kegiatan": "pabrik"}, format="json").json()
    assert body["bahaya_banjir"] is None


def test_parcel_beside_the_raster_is_all_without_data(raster, half_and_half):
    from django.contrib.gis.geos import Polygon

    # 100 m x 100 m, 200 m east of the raster: 1.00 ha, all tanpa data.
    flood = hazard_overlap(Polygon(rect(X0 + 240, Y0 - 100, X0 + 340, Y0)[0], srid=4326))
    assert flood["luas_ha"] == pytest.approx({"rendah": 0, "sedang": 0, "tinggi": 0, "tanpa_data": 1.0}, abs=1e-4)
    assert flood["persen"]["tanpa_data"] == pytest.approx(100, abs=0.01)
