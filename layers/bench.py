"""Generated test data for benchmarks: deterministic polygons over the kabupaten."""

import numpy as np
import pyogrio.raw
import shapely
from django.db import connection


def kabupaten_utm():
    """The kabupaten polygon in EPSG:32748 as a shapely geometry."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_AsBinary(ST_Transform(geom, 32748)) FROM wilayah_kabupaten LIMIT 1")
        return shapely.from_wkb(bytes(cursor.fetchone()[0]))


def generate_parcels(count, seed=48):
    """``count`` small irregular hexagons (parcels, ~60 m across) inside the
    kabupaten, in UTM 48S; returns shapely polygons."""
    rng = np.random.default_rng(seed)
    area = kabupaten_utm()
    shapely.prepare(area)
    minx, miny, maxx, maxy = area.bounds
    centres = []
    while len(centres) < count:
        xs = rng.uniform(minx, maxx, count)
        ys = rng.uniform(miny, maxy, count)
        inside = shapely.contains_xy(area, xs, ys)
        centres.extend(zip(xs[inside], ys[inside], strict=True))
    centres = np.array(centres[:count])
    angles = np.linspace(0, 2 * np.pi, 7)[:-1]
    radii = rng.uniform(15, 40, (count, 6))
    ring_x = centres[:, :1] + radii * np.cos(angles)
    ring_y = centres[:, 1:] + radii * np.sin(angles)
    coords = np.stack([ring_x, ring_y], axis=-1)
    coords = np.concatenate([coords, coords[:, :1]], axis=1)
    return shapely.polygons(coords)


def write_parcels_shapefile(path, count, seed=48):
    polygons = generate_parcels(count, seed)
    rng = np.random.default_rng(seed + 1)
    ids = np.arange(1, count + 1, dtype=np.int64)
    jenis = np.array(["sawah", "permukiman", "industri", "tambak", "kebun"], dtype=object)[rng.integers(0, 5, count)]
    luas = np.round(shapely.area(polygons), 2)
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(polygons),
        [ids, jenis, luas],
        ["id", "jenis", "luas_m2"],
        driver="ESRI Shapefile",
        geometry_type="Polygon",
        crs="EPSG:32748",
        encoding="UTF-8",
    )
    return path
