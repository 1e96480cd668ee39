"""Per-polygon class areas of a hazard raster (the interface of issue 14).

This is the simple stand-in: each zone's window of the raster is rasterized at
SUPERSAMPLE x SUPERSAMPLE sub-pixels per pixel, so a pixel cut by a boundary counts
by the share of its sub-pixels inside (exact for boundaries on a 1/SUPERSAMPLE grid
of the pixels). The fast exact implementation replaces this file.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import rasterio
import shapely
from rasterio.features import rasterize
from rasterio.transform import Affine
from rasterio.windows import Window, from_bounds

SUPERSAMPLE = 8


@dataclass(frozen=True)
class Classes:
    kind: str  # "indeks" | "kelas"
    # indeks: ascending (kode, upper bound inclusive); the last class takes everything above
    thresholds: tuple[tuple[str, float], ...] = ()
    values: tuple[tuple[float, str], ...] = ()  # kelas: (raster value, kode)


@dataclass
class ZoneStats:
    luas_m2: dict[str, float]  # per class kode plus "tanpa_data" (nodata / outside raster), m2, sum = polygon area
    rata_rata: float | None  # coverage-weighted mean of the index (None for kelas or no data)
    maks: float | None


def zonal_statistics(
    raster_path: str, zones: Sequence[tuple[str, shapely.Geometry]], classes: Classes
) -> dict[str, ZoneStats]:
    """zones: (key, polygon in EPSG:32748); raster is the stored COG in EPSG:32748;
    pixels cut by a boundary count by the share inside."""
    kodes = [k for k, _b in classes.thresholds] if classes.kind == "indeks" else [k for _v, k in classes.values]
    kodes = list(dict.fromkeys(kodes))
    result = {}
    with rasterio.open(raster_path) as src:
        for key, polygon in zones:
            result[key] = _zone(src, polygon, classes, kodes)
    return result


def _zone(src, polygon, classes, kodes):
    area = float(polygon.area)
    luas = dict.fromkeys(kodes, 0.0)
    box = from_bounds(*polygon.bounds, transform=src.transform)
    col, row = math.floor(box.col_off + 1e-9), math.floor(box.row_off + 1e-9)
    width = math.ceil(box.col_off + box.width - 1e-9) - col
    height = math.ceil(box.row_off + box.height - 1e-9) - row
    window = Window(col, row, max(width, 1), max(height, 1))
    full = Window(0, 0, src.width, src.height)
    try:
        window = window.intersection(full)
    except rasterio.errors.WindowError:
        return ZoneStats({**luas, "tanpa_data": area}, None, None)
    data = src.read(1, window=window, masked=True)
    transform = src.window_transform(window)
    fine = transform @ Affine.scale(1 / SUPERSAMPLE)
    shape = (data.shape[0] * SUPERSAMPLE, data.shape[1] * SUPERSAMPLE)
    inside = rasterize([(polygon, 1)], out_shape=shape, transform=fine, fill=0, dtype="uint8")
    cover = inside.reshape(data.shape[0], SUPERSAMPLE, data.shape[1], SUPERSAMPLE).sum(axis=(1, 3))
    pixel_m2 = abs(transform.a * transform.e)
    share = cover.astype("float64") / SUPERSAMPLE**2 * pixel_m2
    # Sub-pixel counting misses or adds slivers along slanted edges: scale the shares
    # so they add up to the exact area of the polygon inside the window.
    left, bottom, right, top = rasterio.windows.bounds(window, src.transform)
    inside_m2 = float(polygon.intersection(shapely.box(left, bottom, right, top)).area)
    if share.sum() > 0:
        share *= inside_m2 / share.sum()
    valid = ~np.ma.getmaskarray(data) & (cover > 0)
    values = data.data.astype("float64")
    codes = _classify(values, classes)
    for position, kode in enumerate(kodes):
        luas[kode] += float(share[valid & (codes == position)].sum())
    luas["tanpa_data"] = max(0.0, area - sum(luas.values()))
    mean = maks = None
    if classes.kind == "indeks" and valid.any():
        weights = share[valid]
        mean = float((values[valid] * weights).sum() / weights.sum())
        maks = float(values[valid].max())
    return ZoneStats(luas, mean, maks)


def _classify(values, classes):
    out = np.full(values.shape, -1, dtype="int16")
    if classes.kind == "indeks":
        kodes = list(dict.fromkeys(k for k, _b in classes.thresholds))
        last = len(classes.thresholds) - 1
        for position in range(last, -1, -1):
            kode, bound = classes.thresholds[position]
            hit = np.ones(values.shape, bool) if position == last else values <= bound
            out[hit] = kodes.index(kode)
        return out
    kodes = list(dict.fromkeys(k for _v, k in classes.values))
    for value, kode in classes.values:
        out[values == value] = kodes.index(kode)
    return out
