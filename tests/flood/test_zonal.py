"""flood.zonal: per-desa class areas from exact pixel coverage, on constructed rasters.

The raster RASTER: 10 m pixels (100 m2), top-left corner (X0, Y0) in EPSG:32748,
4 rows x 6 columns; pixel (r, c) covers x in [X(c), X(c + 1)], y in [Y(r + 1), Y(r)].
BNPB classes: <= 0.333 rendah, <= 0.666 sedang, above tinggi; N = nodata.

        c0    c1    c2    c3    c4     c5
    r0  0.1   0.2   0.5   0.9   0.9    N
    r1  0.1   0.2   0.5   0.9   0.9    0.3
    r2  0.4   0.4   0.7   0.7   0.333  0.334
    r3  0.1   N     0.6   0.6   0.95   0.05
"""

import exactextract
import geopandas
import numpy as np
import pytest
import rasterio
import shapely
from rasterio.transform import from_origin
from shapely import box

from flood import zonal
from flood.zonal import BNPB_INDEKS, Classes, classify, zonal_statistics

X0, Y0, PIXEL = 700_000.0, 9_300_000.0, 10.0
N = -9999.0
RASTER = [
    [0.1, 0.2, 0.5, 0.9, 0.9, N],
    [0.1, 0.2, 0.5, 0.9, 0.9, 0.3],
    [0.4, 0.4, 0.7, 0.7, 0.333, 0.334],
    [0.1, N, 0.6, 0.6, 0.95, 0.05],
]


def X(c):
    return X0 + c * PIXEL


def Y(r):
    return Y0 - r * PIXEL


def write_raster(path, values, nodata=N, dtype="float32", origin=(X0, Y0), crs="EPSG:32748"):
    values = np.asarray(values, dtype=dtype)
    profile = {
        "driver": "GTiff",
        "width": values.shape[1],
        "height": values.shape[0],
        "count": 1,
        "dtype": dtype,
        "crs": crs,
        "transform": from_origin(*origin, PIXEL, PIXEL),
        "nodata": nodata,
    }
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(values, 1)
    return str(path)


@pytest.fixture(autouse=True)
def fresh_cache():
    zonal.clear_memory()
    yield
    zonal.clear_memory()


@pytest.fixture
def raster(tmp_path):
    return write_raster(tmp_path / "indeks.tif", RASTER)


def stats_of(raster, geom, classes=BNPB_INDEKS, cache_dir=False):
    return zonal_statistics(raster, [("z", geom)], classes, cache_dir=cache_dir)["z"]


def assert_areas(stats, rendah=0.0, sedang=0.0, tinggi=0.0, tanpa_data=0.0):
    expected = {"rendah": rendah, "sedang": sedang, "tinggi": tinggi, "tanpa_data": tanpa_data}
    assert stats.luas_m2 == pytest.approx(expected, abs=1e-6)


def test_whole_pixels(raster):
    # Columns 0-1 of rows 0-1: 0.1, 0.2, 0.1, 0.2, all rendah: 4 x 100 m2.
    stats = stats_of(raster, box(X(0), Y(2), X(2), Y(0)))
    assert_areas(stats, rendah=400)
    assert stats.rata_rata == pytest.approx((0.1 + 0.2 + 0.1 + 0.2) / 4)
    assert stats.maks == pytest.approx(0.2)


def test_half_pixel_and_weighted_mean(raster):
    # Row 0 from X(2) to X(3) + 5: (0, 2) = 0.5 whole (sedang 100 m2), (0, 3) = 0.9 half (tinggi 50 m2);
    # mean weighted by coverage: (0.5 * 1 + 0.9 * 0.5) / 1.5 = 0.6333.
    stats = stats_of(raster, box(X(2), Y(1), X(3) + 5, Y(0)))
    assert_areas(stats, sedang=100, tinggi=50)
    assert stats.rata_rata == pytest.approx((0.5 + 0.9 * 0.5) / 1.5, rel=1e-6)
    assert stats.maks == pytest.approx(0.9)


def test_diagonal_triangle_and_nodata(raster):
    # The lower-left half of the 2 x 2 block rows 2-3, columns 0-1 (area 20 * 20 / 2 = 200 m2):
    # (3, 0) = 0.1 whole (rendah 100), (2, 0) = 0.4 and (3, 1) = N cut in half by the diagonal
    # (sedang 50, tanpa_data 50), (2, 1) touched at a corner only (0).
    # Mean over the pixels with data: (0.1 * 1 + 0.4 * 0.5) / 1.5 = 0.2.
    triangle = shapely.Polygon([(X(0), Y(4)), (X(2), Y(4)), (X(0), Y(2))])
    stats = stats_of(raster, triangle)
    assert_areas(stats, rendah=100, sedang=50, tanpa_data=50)
    assert stats.rata_rata == pytest.approx(0.2)
    assert stats.maks == pytest.approx(0.4)


def test_partly_outside_the_raster(raster):
    # Row 1 from X(5) to X(6) + 20: (1, 5) = 0.3 (rendah 100 m2), 20 m x 10 m beyond the right edge (200 m2).
    assert_areas(stats_of(raster, box(X(5), Y(2), X(6) + 20, Y(1))), rendah=100, tanpa_data=200)
    # Column 4 from Y(1) to 10 m above the top: (0, 4) = 0.9 (tinggi 100 m2), 100 m2 above.
    assert_areas(stats_of(raster, box(X(4), Y(1), X(5), Y(0) + 10)), tinggi=100, tanpa_data=100)


def test_wholly_outside_or_only_nodata(raster):
    # 30 m x 10 m left of the raster: all tanpa_data, no index.
    stats = stats_of(raster, box(X(-5), Y(1), X(-2), Y(0)))
    assert_areas(stats, tanpa_data=300)
    assert stats.rata_rata is None and stats.maks is None
    # (0, 5) is N: 100 m2 tanpa_data.
    stats = stats_of(raster, box(X(5), Y(1), X(6), Y(0)))
    assert_areas(stats, tanpa_data=100)
    assert stats.rata_rata is None


def test_multipolygon(raster):
    # (0, 0) = 0.1 (rendah 100) and (3, 4) = 0.95 (tinggi 100); mean (0.1 + 0.95) / 2.
    stats = stats_of(raster, shapely.MultiPolygon([box(X(0), Y(1), X(1), Y(0)), box(X(4), Y(4), X(5), Y(3))]))
    assert_areas(stats, rendah=100, tinggi=100)
    assert stats.rata_rata == pytest.approx(0.525)
    assert stats.maks == pytest.approx(0.95)


def test_polygon_with_hole(raster):
    # Columns 2-4 of rows 0-2 (900 m2) without pixel (1, 3) (hole, 100 m2): 800 m2.
    # sedang: (0, 2) 0.5, (1, 2) 0.5, (2, 4) 0.333 as float32 = 0.33300000429 > 0.333: 300 m2;
    # tinggi: (0, 3), (0, 4), (1, 4) 0.9, (2, 2), (2, 3) 0.7: 500 m2.
    ring = box(X(2), Y(3), X(5), Y(0)).exterior.coords
    hole = box(X(3), Y(2), X(4), Y(1)).exterior.coords
    stats = stats_of(raster, shapely.Polygon(ring, [hole]))
    assert_areas(stats, sedang=300, tinggi=500)
    assert sum(stats.luas_m2.values()) == pytest.approx(800)


def test_threshold_is_the_upper_bound_inclusive():
    valid = np.ones(5, bool)
    # float64 values: 0.333 and 0.666 are in the lower class, the last class takes everything above.
    assert classify(np.array([0.333, 0.3330001, 0.666, 0.667, 5.0]), valid, BNPB_INDEKS).tolist() == [0, 1, 1, 2, 2]
    # float32 values are judged as stored: float32(0.333) = 0.33300000429 > 0.333.
    assert classify(np.array([0.333, 0.3329999], np.float32), valid[:2], BNPB_INDEKS).tolist() == [1, 0]
    assert classify(np.array([0.2, 0.9]), np.array([True, False]), BNPB_INDEKS).tolist() == [0, -1]


def test_kelas_raster_with_value_map(tmp_path):
    # uint8 classes, 0 = nodata, 9 is not in the map, 1 and 4 both rendah.
    path = write_raster(tmp_path / "kelas.tif", [[1, 4, 2, 3], [9, 0, 3, 3]], nodata=0, dtype="uint8")
    classes = Classes("kelas", values=((1, "rendah"), (4, "rendah"), (2, "sedang"), (3, "tinggi")))
    # Row 0 whole (1, 4, 2, 3) and row 1 from X(0) to X(2) + 5: 9 (unmapped), 0 (nodata), half of a 3.
    geom = shapely.Polygon([(X(0), Y(0)), (X(4), Y(0)), (X(4), Y(1)), (X(2) + 5, Y(1)), (X(2) + 5, Y(2)), (X(0), Y(2))])
    stats = stats_of(path, geom, classes)
    assert_areas(stats, rendah=200, sedang=100, tinggi=150, tanpa_data=200)
    assert stats.rata_rata is None and stats.maks is None


def test_new_raster_on_the_same_grid_reuses_coverage(tmp_path, raster):
    cache_dir = tmp_path / "cache"
    zones = [("a", box(X(0), Y(2), X(2), Y(0))), ("b", box(X(2), Y(1), X(3) + 5, Y(0)))]
    first = zonal_statistics(raster, zones, BNPB_INDEKS, cache_dir=cache_dir)
    assert_areas(first["a"], rendah=400)
    packs = sorted(cache_dir.glob("*/*.pack"))
    assert len(packs) == 1

    # Version 2 on the same grid: every value + 0.5 (c0-c1 of rows 0-1 become 0.6, 0.7: sedang 200, tinggi 200;
    # (0, 2) 1.0 whole and (0, 3) 1.4 half: tinggi 150). A new process: memory empty, coverage from disk.
    zonal.clear_memory()
    version2 = write_raster(tmp_path / "v2.tif", np.where(np.array(RASTER) == N, N, np.array(RASTER) + 0.5))
    second = zonal_statistics(version2, zones, BNPB_INDEKS, cache_dir=cache_dir)
    assert_areas(second["a"], sedang=200, tinggi=200)
    assert_areas(second["b"], tinggi=150)
    assert second["b"].rata_rata == pytest.approx((1.0 + 1.4 * 0.5) / 1.5, rel=1e-6)
    assert sorted(cache_dir.glob("*/*.pack")) == packs  # nothing computed again

    # Zone "b" moved 5 m east: (0, 2) half, (0, 3) whole: its own coverage, not the cached one.
    moved = [("a", zones[0][1]), ("b", box(X(2) + 5, Y(1), X(4), Y(0)))]
    third = zonal_statistics(version2, moved, BNPB_INDEKS, cache_dir=cache_dir)
    assert_areas(third["b"], tinggi=150)
    assert third["b"].rata_rata == pytest.approx((1.0 * 0.5 + 1.4) / 1.5, rel=1e-6)
    assert len(list(cache_dir.glob("*/*.pack"))) == 2  # one pack more, holding the moved zone only


def test_another_grid_is_not_served_from_the_cache(tmp_path, raster):
    cache_dir = tmp_path / "cache"
    zone = [("a", box(X(0), Y(2), X(2), Y(0)))]
    zonal_statistics(raster, zone, BNPB_INDEKS, cache_dir=cache_dir)
    # The same values 10 m further east: the zone now covers (x, 0) of the shifted raster's column 0
    # only: 0.1, 0.1 rendah (200 m2) and 200 m2 left of the raster.
    shifted = write_raster(tmp_path / "shifted.tif", RASTER, origin=(X0 + PIXEL, Y0))
    assert_areas(zonal_statistics(shifted, zone, BNPB_INDEKS, cache_dir=cache_dir)["a"], rendah=200, tanpa_data=200)
    assert len(list(cache_dir.iterdir())) == 2  # a directory per grid


def test_windowed_reads_give_the_same_answer(raster, monkeypatch):
    zones = [("a", box(X(0.5), Y(3.5), X(4.5), Y(0.5))), ("b", box(X(4), Y(4), X(8), Y(-1)))]
    whole = zonal_statistics(raster, zones, BNPB_INDEKS, cache_dir=False)
    monkeypatch.setattr(zonal, "WHOLE_READ_MAX_PIXELS", 0)
    windowed = zonal_statistics(raster, zones, BNPB_INDEKS, cache_dir=False)
    assert windowed == whole


def test_bad_input(tmp_path, raster):
    with pytest.raises(ValueError, match="EPSG:32748"):
        zonal_statistics(write_raster(tmp_path / "ll.tif", RASTER, crs="EPSG:4326"), [], BNPB_INDEKS)
    with pytest.raises(ValueError, match="Band 2"):
        zonal_statistics(raster, [], BNPB_INDEKS, band=2)
    with pytest.raises(ValueError, match="unik"):
        zonal_statistics(raster, [("a", box(0, 0, 1, 1)), ("a", box(0, 0, 1, 1))], BNPB_INDEKS)
    with pytest.raises(ValueError, match="naik"):
        Classes("indeks", (("tinggi", 0.6), ("rendah", 0.3)))
    with pytest.raises(ValueError, match="Jenis"):
        Classes("warna")


def test_agrees_with_exactextract_on_random_polygons(tmp_path):
    """Random index raster (5% nodata) and 40 random polygons, some with a hole, some partly
    outside the raster: class areas within 0.5% of the polygon's area of exactextract's
    (both are exact: the difference is rounding, below 1e-6), means within 1e-6."""
    rng = np.random.default_rng(14)
    values = rng.uniform(0, 1, (120, 150)).astype(np.float32)
    values[rng.uniform(size=values.shape) < 0.05] = N
    indeks = write_raster(tmp_path / "r.tif", values)
    kelas_values = classify(values, values != N, BNPB_INDEKS).astype(np.uint8)
    kelas_values[values == N] = 255
    kelas = write_raster(tmp_path / "k.tif", kelas_values, nodata=255, dtype="uint8")
    polygons = []
    for _ in range(40):
        centre = rng.uniform([X(-5), Y(125)], [X(155), Y(-5)])
        hull = shapely.MultiPoint(centre + rng.uniform(-300, 300, (10, 2))).convex_hull
        polygons.append(hull.difference(shapely.Point(centre).buffer(rng.uniform(0, 80))))
    zones = [(str(i), geom) for i, geom in enumerate(polygons)]
    ours = zonal_statistics(indeks, zones, BNPB_INDEKS, cache_dir=False)
    frame = geopandas.GeoDataFrame(geometry=polygons, crs="EPSG:32748")
    areas = exactextract.exact_extract(kelas, frame, ["count", "unique", "frac"], output="pandas")
    means = exactextract.exact_extract(indeks, frame, ["mean", "max"], output="pandas")
    kodes = BNPB_INDEKS.kodes
    for i, geom in enumerate(polygons):
        theirs = dict.fromkeys(kodes, 0.0)
        for value, share in zip(areas["unique"][i], areas["frac"][i], strict=True):
            theirs[kodes[int(value)]] = share * areas["count"][i] * PIXEL * PIXEL
        mine = ours[str(i)]
        worst = max(abs(mine.luas_m2[k] - theirs[k]) for k in kodes) / geom.area
        assert worst < 0.005
        assert worst < 1e-6
        assert sum(mine.luas_m2.values()) == pytest.approx(geom.area, rel=1e-12)
        if mine.rata_rata is not None:
            assert mine.rata_rata == pytest.approx(means["mean"][i], rel=1e-6)
            assert mine.maks == pytest.approx(means["max"][i])


def test_dataset_mask_counts_as_no_data(tmp_path):
    # No nodata value; an internal mask hides pixel (0, 1): a 2 x 1 zone over 0.1 and 0.2 has
    # rendah 100 m2 and tanpa_data 100 m2, mean 0.1.
    path = tmp_path / "masked.tif"
    profile = {"driver": "GTiff", "width": 2, "height": 1, "count": 1, "dtype": "float32", "crs": "EPSG:32748"}
    with rasterio.open(path, "w", transform=from_origin(X0, Y0, PIXEL, PIXEL), **profile) as dst:
        dst.write(np.array([[0.1, 0.2]], np.float32), 1)
        dst.write_mask(np.array([[255, 0]], np.uint8))
    stats = stats_of(str(path), box(X(0), Y(1), X(2), Y(0)))
    assert_areas(stats, rendah=100, tanpa_data=100)
    assert stats.rata_rata == pytest.approx(0.1)


def test_invalid_polygons_are_repaired(raster):
    # Two overlapping 2 x 2 pixel squares in one (invalid) multipolygon: their union, 7 pixels
    # (rows 0-2, columns 0-2 less (0, 2) and (2, 0)), the overlap (1, 1) once:
    # rendah (0, 0), (0, 1), (1, 0), (1, 1) 0.1/0.2 = 400; sedang (1, 2) 0.5, (2, 1) 0.4 = 200; tinggi (2, 2) 0.7 = 100.
    overlapping = shapely.MultiPolygon([box(X(0), Y(2), X(2), Y(0)), box(X(1), Y(3), X(3), Y(1))])
    assert not overlapping.is_valid
    assert_areas(stats_of(raster, overlapping), rendah=400, sedang=200, tinggi=100)
    # A bow tie (self-intersecting ring) over columns 0-1 of rows 0-1: two triangles of 100 m2 each,
    # over (0, 0) 0.1, (0, 1) 0.2, (1, 0) 0.1, (1, 1) 0.2 halves: rendah 200.
    bow_tie = shapely.Polygon([(X(0), Y(2)), (X(2), Y(0)), (X(2), Y(2)), (X(0), Y(0))])
    assert_areas(stats_of(raster, bow_tie), rendah=200)


def test_integer_index_raster(tmp_path):
    # An index in percent (uint8, 255 = nodata) with thresholds 33 / 66: 10, 50, 90, 255 over
    # one row: rendah, sedang, tinggi 100 m2 each, tanpa_data 100 m2; mean 50, max 90.
    path = write_raster(tmp_path / "persen.tif", [[10, 50, 90, 255]], nodata=255, dtype="uint8")
    classes = Classes("indeks", (("rendah", 33), ("sedang", 66), ("tinggi", float("inf"))))
    stats = stats_of(path, box(X(0), Y(1), X(4), Y(0)), classes)
    assert_areas(stats, rendah=100, sedang=100, tinggi=100, tanpa_data=100)
    assert (stats.rata_rata, stats.maks) == (50.0, 90.0)


def test_a_damaged_cache_file_is_computed_again(tmp_path, raster):
    cache_dir = tmp_path / "cache"
    zone = [("a", box(X(0), Y(2), X(2), Y(0)))]
    zonal_statistics(raster, zone, BNPB_INDEKS, cache_dir=cache_dir)
    (pack,) = cache_dir.glob("*/*.pack")
    pack.write_bytes(pack.read_bytes()[:40])  # cut short, as by a crashed writer
    zonal.clear_memory()
    assert_areas(zonal_statistics(raster, zone, BNPB_INDEKS, cache_dir=cache_dir)["a"], rendah=400)
    assert pack.stat().st_size > 40  # written again
