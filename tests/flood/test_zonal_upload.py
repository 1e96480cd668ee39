"""Class areas of constructed polygons over the constructed 4x4 raster (tests/flood/rasters.py) after its upload,
through the stored COG, by arithmetic: a pixel is 10 m x 10 m = 100 m2."""

import pytest
import shapely

from flood import classes
from flood.zonal import zonal_statistics
from tests.flood.rasters import NODATA, QUADRANTS, X0, Y0, tif_bytes


@pytest.fixture
def version(upload_raster):
    job = upload_raster(tif_bytes(QUADRANTS, nodata=NODATA))
    assert job.status == "succeeded", job.messages
    return job.raster_version


def stats(version, *zones):
    return zonal_statistics(str(version.file_path), list(zones), classes.as_zonal(version))


def test_whole_raster_has_four_equal_quadrants_nodata_excluded(version):
    # 4 pixels each: rendah 400, sedang 400, tinggi 400 m2; the nodata quadrant is tanpa_data 400 m2.
    result = stats(version, ("all", shapely.box(X0, Y0 - 40, X0 + 40, Y0)))["all"]
    assert result.luas_m2 == pytest.approx({"rendah": 400, "sedang": 400, "tinggi": 400, "tanpa_data": 400})
    # mean over data pixels only: (0.1 + 0.5 + 0.9) * 400 / 1200 = 0.5
    assert result.rata_rata == pytest.approx(0.5, abs=1e-6)
    assert result.maks == pytest.approx(0.9, abs=1e-6)


def test_pixels_split_by_a_boundary_count_by_their_share(version):
    # x from X0+5 to X0+25 over the top two rows: columns 0.5..2.5 -> 1.5 rendah + 0.5 sedang pixels per row,
    # rendah 2 * 1.5 * 100 = 300 m2, sedang 2 * 0.5 * 100 = 100 m2; mean (0.1*300 + 0.5*100) / 400 = 0.2.
    result = stats(version, ("strip", shapely.box(X0 + 5, Y0 - 20, X0 + 25, Y0)))["strip"]
    assert result.luas_m2 == pytest.approx({"rendah": 300, "sedang": 100, "tinggi": 0, "tanpa_data": 0})
    assert result.rata_rata == pytest.approx(0.2, abs=1e-6)
    assert result.maks == pytest.approx(0.5, abs=1e-6)


def test_outside_the_raster_is_tanpa_data_and_classes_sum_to_the_area(version):
    # x from X0+30 to X0+50 on the top row: one sedang pixel (100 m2) inside, 100 m2 east of the raster.
    # A triangle over the tinggi quadrant: half of 20 m x 20 m = 200 m2, all tinggi.
    result = stats(
        version,
        ("edge", shapely.box(X0 + 30, Y0 - 10, X0 + 50, Y0)),
        ("tri", shapely.Polygon([(X0, Y0 - 40), (X0 + 20, Y0 - 40), (X0, Y0 - 20)])),
    )
    assert result["edge"].luas_m2 == pytest.approx({"rendah": 0, "sedang": 100, "tinggi": 0, "tanpa_data": 100})
    assert result["tri"].luas_m2["tinggi"] == pytest.approx(200)
    assert sum(result["tri"].luas_m2.values()) == pytest.approx(200)


def test_a_kelas_raster_maps_values_to_classes(upload_raster):
    # Values 1 | 2 / 3 | 0 (0 = nodata), 10 m pixels: one class per 100 m2 pixel.
    job = upload_raster(tif_bytes([[1, 2], [3, 0]], dtype="uint8", nodata=0), kind="kelas")
    assert job.status == "succeeded", job.messages
    version = job.raster_version
    result = stats(version, ("all", shapely.box(X0, Y0 - 20, X0 + 20, Y0)))["all"]
    assert result.luas_m2 == pytest.approx({"rendah": 100, "sedang": 100, "tinggi": 100, "tanpa_data": 100})
    assert result.rata_rata is None
