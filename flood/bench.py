"""make bench-zonal: generated hazard rasters over the kabupaten and the reference tools
(exactextract, rasterstats) computing the same per-desa class areas.

Everything here is in settings.METRIC_SRID (EPSG:32748, metres); areas in m2.
"""

import numpy as np
import rasterio
from django.conf import settings
from rasterio.features import rasterize
from rasterio.transform import from_origin

from wilayah.models import Desa, Kabupaten

from .zonal import TANPA_DATA, classify

NODATA = -9999.0
CLASS_NODATA = 255


def desa_zones():
    """[(kode, polygon)] of every desa, in EPSG:32748, as shapely geometries."""
    return [(desa.kode, geom) for desa, geom in Desa.objects.metric_shapes()]


def kabupaten_metric():
    ((_kabupaten, geom),) = Kabupaten.objects.metric_shapes()
    return geom


def hazard_grid(kabupaten, resolution_m):
    """(transform, width, height) of a north-up grid covering the kabupaten's bbox, snapped to the resolution."""
    minx, miny, maxx, maxy = kabupaten.bounds
    left, top = np.floor(minx / resolution_m) * resolution_m, np.ceil(maxy / resolution_m) * resolution_m
    width = int(np.ceil((maxx - left) / resolution_m))
    height = int(np.ceil((top - miny) / resolution_m))
    return from_origin(left, top, resolution_m, resolution_m), width, height


def hazard_values(kabupaten, transform, width, height, version):
    """A deterministic index 0-1 (float32): high in the north (the coast), low in the south,
    with ripples that differ per ``version``; NODATA outside the kabupaten and in a few
    round gaps (clouds in the source imagery)."""
    rng = np.random.default_rng(14 + version)
    x = transform.c + (np.arange(width, dtype=np.float32) + 0.5) * transform.a
    y = transform.f + (np.arange(height, dtype=np.float32) + 0.5) * transform.e
    north = (y - y.min()) / (y.max() - y.min())
    phase = rng.uniform(0, 2 * np.pi, 4)
    ripple_x = 0.12 * np.sin(x / 1700.0 + phase[0]) + 0.08 * np.sin(x / 430.0 + phase[1])
    ripple_y = 0.12 * np.sin(y / 2300.0 + phase[2]) + 0.08 * np.cos(y / 610.0 + phase[3])
    values = (0.15 + 0.6 * north[:, None]) + ripple_x[None, :] + ripple_y[:, None]
    np.clip(values, 0.0, 1.0, out=values)
    inside = rasterize([kabupaten], out_shape=(height, width), transform=transform, fill=0, default_value=1)
    values[inside == 0] = NODATA
    for cx, cy, r in zip(
        rng.uniform(x.min(), x.max(), 12), rng.uniform(y.min(), y.max(), 12), rng.uniform(150, 600, 12), strict=True
    ):
        cols = slice(max(int((cx - r - transform.c) / transform.a), 0), int((cx + r - transform.c) / transform.a) + 1)
        rows = slice(max(int((transform.f - cy - r) / -transform.e), 0), int((transform.f - cy + r) / -transform.e) + 1)
        gap = (x[None, cols] - cx) ** 2 + (y[rows, None] - cy) ** 2 < r * r
        values[rows, cols][gap] = NODATA
    return values.astype(np.float32)


def write_raster(path, values, transform, nodata):
    """A tiled, DEFLATE-compressed GeoTIFF in EPSG:32748 (the layout of a stored COG)."""
    profile = {
        "driver": "GTiff",
        "width": values.shape[1],
        "height": values.shape[0],
        "count": 1,
        "dtype": values.dtype.name,
        "crs": f"EPSG:{settings.METRIC_SRID}",
        "transform": transform,
        "nodata": nodata,
        "tiled": True,
        "blockxsize": 512,
        "blockysize": 512,
        "compress": "deflate",
    }
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(values, 1)
    return path


def classified(values, classes):
    """The class raster the reference tools read: class position (uint8), CLASS_NODATA where no data,
    classified by flood.zonal.classify so both sides put a value on a threshold in the same class."""
    index = classify(values, values != NODATA, classes)
    return np.where(index < 0, CLASS_NODATA, index).astype(np.uint8)


def exactextract_areas(class_path, zones, classes, pixel_area):
    """{kode: {class kode: m2}} from exactextract: ``count`` (sum of coverage fractions of pixels
    with data) x ``frac`` (each value's share of it) x pixel area; tanpa_data the rest of the desa."""
    import geopandas
    from exactextract import exact_extract

    frame = geopandas.GeoDataFrame(
        {"kode": [k for k, _ in zones]}, geometry=[g for _, g in zones], crs=f"EPSG:{settings.METRIC_SRID}"
    )
    rows = exact_extract(class_path, frame, ["count", "unique", "frac"], include_cols=["kode"], output="pandas")
    kodes = classes.kodes
    areas = {}
    for (kode, geom), count, unique, frac in zip(zones, rows["count"], rows["unique"], rows["frac"], strict=True):
        luas = dict.fromkeys(kodes, 0.0)
        for value, share in zip(unique, frac, strict=True):
            luas[kodes[int(value)]] += float(share) * float(count) * pixel_area
        luas[TANPA_DATA] = geom.area - sum(luas.values())
        areas[kode] = luas
    return areas


def classify_raster(index_path, class_path, classes):
    """Read the index raster, classify it (flood.zonal.classify) and write the class raster: the step
    the reference tools need before they can count classes."""
    with rasterio.open(index_path) as src:
        values, transform = src.read(1), src.transform
    return write_raster(class_path, classified(values, classes), transform, CLASS_NODATA)


def rasterstats_areas(class_path, zones, classes, pixel_area):
    """{kode: {class kode: m2}} from rasterstats' categorical counts on the class raster
    (pixels whose centre is inside) x pixel area."""
    from rasterstats import zonal_stats

    rows = zonal_stats([g for _, g in zones], class_path, categorical=True, nodata=CLASS_NODATA)
    return _counted_areas(zones, [{int(value): n for value, n in row.items()} for row in rows], classes, pixel_area)


def rasterstats_index_areas(index_path, zones, classes, pixel_area):
    """The same from the index raster itself (the data flood.zonal reads): rasterstats hands each
    desa's pixels (centre inside) to a function that classifies and counts them."""
    from rasterstats import zonal_stats

    def counts(masked):
        return np.bincount(classify(masked.compressed(), True, classes), minlength=len(classes.kodes)).tolist()

    rows = zonal_stats([g for _, g in zones], index_path, stats="count", add_stats={"kelas": counts}, nodata=NODATA)
    return _counted_areas(zones, [dict(enumerate(row["kelas"])) for row in rows], classes, pixel_area)


def _counted_areas(zones, counts, classes, pixel_area):
    kodes = classes.kodes
    areas = {}
    for (kode, geom), by_class in zip(zones, counts, strict=True):
        luas = dict.fromkeys(kodes, 0.0)
        for position, n in by_class.items():
            luas[kodes[position]] += n * pixel_area
        luas[TANPA_DATA] = geom.area - sum(luas.values())
        areas[kode] = luas
    return areas


def max_relative_difference(areas, reference, zones):
    """Largest |area - reference| of any class (tanpa_data included) over the desa's area, and its desa."""
    worst, where = 0.0, None
    for kode, geom in zones:
        diff = max(abs(areas[kode][k] - reference[kode][k]) for k in reference[kode]) / geom.area
        if diff >= worst:
            worst, where = diff, kode
    return worst, where
