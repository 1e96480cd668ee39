"""Small GeoTIFFs built by the tests, on a grid in UTM 48S metres whose answers
can be worked out by hand. The origin (X0, Y0) is the top-left corner of the
grid, a round number of metres inside desa Kelapa Dua."""

import io

import numpy as np
import rasterio
from rasterio.transform import from_origin

from tests.factories.grid import CX, CY

X0, Y0 = float(round(CX, -2)), float(round(CY, -2))  # whole hundreds of metres


def tif_bytes(data, x0=X0, y0=Y0, res=10.0, crs="EPSG:32748", nodata=None, dtype=None, count=1):
    """A GeoTIFF (bytes) of ``data`` (rows from north to south), top-left at (x0, y0)."""
    data = np.asarray(data, dtype=dtype or "float32")
    buffer = io.BytesIO()
    profile = {
        "driver": "GTiff",
        "width": data.shape[1],
        "height": data.shape[0],
        "count": count,
        "dtype": data.dtype.name,
        "transform": from_origin(x0, y0, res, abs(res)),
        "nodata": nodata,
    }
    if crs:
        profile["crs"] = crs
    with rasterio.MemoryFile() as memory:
        with memory.open(**profile) as dst:
            for band in range(1, count + 1):
                dst.write(data, band)
        buffer.write(memory.read())
    return buffer.getvalue()


def lonlat_tif_bytes(data, x0, y0, res_deg, nodata=None):
    """A GeoTIFF in EPSG:4326 with pixels of ``res_deg`` degrees, top-left at lon x0, lat y0."""
    return tif_bytes(data, x0=x0, y0=y0, res=res_deg, crs="EPSG:4326", nodata=nodata)


# 4x4 pixels of 10 m (rows north to south): rendah | sedang on top, tinggi | nodata below.
#   0.1 0.1 0.5 0.5
#   0.1 0.1 0.5 0.5
#   0.9 0.9  ND  ND
#   0.9 0.9  ND  ND
NODATA = -1.0
QUADRANTS = [
    [0.1, 0.1, 0.5, 0.5],
    [0.1, 0.1, 0.5, 0.5],
    [0.9, 0.9, NODATA, NODATA],
    [0.9, 0.9, NODATA, NODATA],
]


# --- what lies on the split raster (tests/flood/test_statistics.py: rendah west of
# x = X0, tinggi east of it), for the exposure tests -------------------------------


def lp2b_east(users, opd):
    """The LP2B layer (published, catalogue dpkp-lp2b): 100 m x 100 m east of the line, 1 ha tinggi."""
    from tests.factories.grid import rect
    from tests.factories.plans import polygon_layer

    return polygon_layer(
        users,
        opd,
        "lp2b",
        [({"JENIS": "LP2B"}, rect(X0 + 100, Y0 - 100, X0 + 200, Y0))],
        expected="dpkp-lp2b",
        publish=True,
    )


def three_schools(users, opd, expected=None):
    """ "Sekolah Uji" (Dinkes, published): SD Barat west of the line (rendah),
    SD Timur and SMP Timur east of it (tinggi)."""
    from tests.factories.grid import lonlat
    from tests.factories.layers import published_layer

    schools = [
        {"type": "Feature", "properties": {"nama": name}, "geometry": {"type": "Point", "coordinates": lonlat(x, Y0)}}
        for name, x in (("SD Barat", X0 - 250), ("SD Timur", X0 + 250), ("SMP Timur", X0 + 350))
    ]
    options = {"expected": expected} if expected else {}
    return published_layer(users["dinkes"], opd["dinkes"], "Sekolah Uji", schools, reviewer=users["dtrb"], **options)
