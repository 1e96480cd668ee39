"""The demo hazard raster (DATA CONTOH, synthetic): a flood hazard index at 30 m
over the real kabupaten, written as a GeoTIFF in EPSG:32748 and loaded through
the upload service like a user's file.

The index is deterministic: it rises from the southern uplands (about 0.1) to the
low northern coast (about 0.6), is raised further in the coastal kecamatan
(Kronjo, Mauk, Pakuhaji, Teluknaga, Kosambi) and near the Cisadane, Cidurian and
Cimanceuri, whose courses here are APPROXIMATE polylines (a few lon/lat vertices
each, not surveyed river lines), plus a fixed-seed texture. More than 60 m outside
the kabupaten the pixels are nodata.
"""

import numpy as np
import rasterio
import shapely
from django.conf import settings
from pyproj import Transformer
from rasterio.features import rasterize
from rasterio.transform import from_origin

from wilayah.models import Kecamatan

from .statistics import desa_zones

RESOLUTION_M = 30
NODATA = -9999.0
SEED = 20261203
COASTAL_KECAMATAN = ("Kronjo", "Mauk", "Pakuhaji", "Teluknaga", "Kosambi")
# Approximate river courses, south to north (lon, lat).
RIVERS = {
    "Cisadane": [
        (106.660, -6.360),
        (106.662, -6.300),
        (106.645, -6.250),
        (106.634, -6.200),
        (106.632, -6.170),
        (106.652, -6.120),
        (106.680, -6.060),
        (106.708, -6.000),
    ],
    "Cidurian": [(106.385, -6.350), (106.398, -6.250), (106.410, -6.150), (106.412, -6.070), (106.402, -5.990)],
    "Cimanceuri": [(106.480, -6.330), (106.500, -6.220), (106.520, -6.130), (106.530, -6.050), (106.520, -5.990)],
}
RIVER_REACH_M = 700  # the river's effect falls to 1/e at this distance


def hazard_index():
    """(index array float32 with NODATA outside the kabupaten, affine transform) in EPSG:32748."""
    zones = desa_zones()
    kabupaten = shapely.union_all([geom for *_rest, geom in zones])
    xmin, ymin, xmax, ymax = (round(v / RESOLUTION_M) * RESOLUTION_M for v in kabupaten.bounds)
    xmin, ymax = xmin - RESOLUTION_M, ymax + RESOLUTION_M
    cols, rows = int((xmax - xmin) / RESOLUTION_M) + 2, int((ymax - ymin) / RESOLUTION_M) + 2
    transform = from_origin(xmin, ymax, RESOLUTION_M, RESOLUTION_M)
    xs = xmin + (np.arange(cols) + 0.5) * RESOLUTION_M
    ys = ymax - (np.arange(rows) + 0.5) * RESOLUTION_M
    north = np.clip((ys - ymin) / (ymax - ymin), 0, 1)[:, np.newaxis]  # 0 south .. 1 north
    index = 0.08 + 0.5 * north**1.6 + np.zeros((1, cols))
    coastal = [k.geom for k in Kecamatan.objects.filter(nama__in=COASTAL_KECAMATAN)]
    coastal_utm = [_to_utm(shapely.from_wkb(bytes(g.wkb))) for g in coastal]
    on_coast = rasterize([(g, 1) for g in coastal_utm], out_shape=(rows, cols), transform=transform, dtype="uint8")
    index += 0.18 * on_coast
    index += 0.45 * np.exp(-_distance_to_rivers(xs, ys) / RIVER_REACH_M)
    index += _texture(rows, cols)
    index = np.clip(index, 0.0, 1.0).astype("float32")
    # Data a little beyond the boundary, so the pixels it cuts count for the desa inside.
    inside = rasterize(
        [(kabupaten.buffer(2 * RESOLUTION_M), 1)], out_shape=(rows, cols), transform=transform, dtype="uint8"
    )
    index[inside == 0] = NODATA
    return index, transform


def _to_utm(geom):
    to_utm = Transformer.from_crs("EPSG:4326", f"EPSG:{settings.METRIC_SRID}", always_xy=True)
    return shapely.transform(geom, lambda xy: np.column_stack(to_utm.transform(xy[:, 0], xy[:, 1])))


def _distance_to_rivers(xs, ys):
    """Distance (m) of each pixel centre to the nearest river segment."""
    gx, gy = np.meshgrid(xs, ys)
    best = np.full(gx.shape, np.inf)
    for course in RIVERS.values():
        line = np.asarray(_to_utm(shapely.LineString(course)).coords)
        for (x1, y1), (x2, y2) in zip(line[:-1], line[1:], strict=True):
            dx, dy = x2 - x1, y2 - y1
            t = np.clip(((gx - x1) * dx + (gy - y1) * dy) / (dx * dx + dy * dy), 0, 1)
            best = np.minimum(best, np.hypot(gx - (x1 + t * dx), gy - (y1 + t * dy)))
    return best


def _texture(rows, cols):
    """A smooth fixed-seed texture (+-0.06): noise on a 1.5 km lattice, bilinearly interpolated."""
    rng = np.random.default_rng(SEED)
    step = 50  # pixels between lattice points
    coarse = rng.uniform(-0.06, 0.06, size=(rows // step + 2, cols // step + 2))
    r, c = np.arange(rows) / step, np.arange(cols) / step
    r0, c0 = r.astype(int), c.astype(int)
    fr, fc = (r - r0)[:, None], (c - c0)[None, :]
    top = coarse[r0][:, c0] * (1 - fc) + coarse[r0][:, c0 + 1] * fc
    bottom = coarse[r0 + 1][:, c0] * (1 - fc) + coarse[r0 + 1][:, c0 + 1] * fc
    return top * (1 - fr) + bottom * fr


def write_demo_raster(path):
    """Write the demo index as a GeoTIFF (EPSG:32748, float32, nodata -9999) at ``path``."""
    index, transform = hazard_index()
    profile = {
        "driver": "GTiff",
        "width": index.shape[1],
        "height": index.shape[0],
        "count": 1,
        "dtype": "float32",
        "crs": f"EPSG:{settings.METRIC_SRID}",
        "transform": transform,
        "nodata": NODATA,
        "compress": "deflate",
        "tiled": True,
    }
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(index, 1)
    return index.shape
