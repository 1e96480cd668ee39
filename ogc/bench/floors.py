"""What bench-serve asks for, and the floor of each answer: the same result
computed by one raw SQL statement sent with psycopg2 (Django's own connection
underneath, so the same session settings, JIT off), with no web stack around it.

Tiles: a deterministic sample per zoom of the WebMercatorQuad tiles over the
kabupaten that hold features; the floor is the canonical ST_AsMVT query (the
martin docs' form) over the version's partition. Pages: keyset pages of a
version's features at a few depths; the floor builds the same FeatureCollection
(ST_AsGeoJSON inside json_build_object, json_agg) in one statement.
"""

import math
import random
import time

from django.db import connection

from layers.managers import LAYER_PRECISION
from layers.partitions import partition_name

# Canonical MVT (maplibre/martin docs, sources-pg-functions): the index
# prefilter transforms the envelope to the stored SRID, never the column.
MVT_SQL = """
SELECT ST_AsMVT(t, %(layer)s, 4096, 'geom', 'id') FROM (
    SELECT f.id, {columns}
           ST_AsMVTGeom(ST_Transform(f.geom, 3857), ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4096, 64, true) AS geom
    FROM {partition} f
    WHERE f.geom && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4326)
) t
"""

# One FeatureCollection per statement. ``properties`` is the JSON object of a
# feature's properties over f (the partition), d (desa) and k (kecamatan).
PAGE_SQL = """
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(page.feature), '[]'))::text
FROM (
    SELECT json_build_object('type', 'Feature', 'id', f.id, {members}
                             'geometry', ST_AsGeoJSON(f.geom, {precision})::json,
                             'properties', {properties}) AS feature
    FROM {partition} f
    LEFT JOIN wilayah_desa d ON d.id = f.desa_id
    LEFT JOIN wilayah_kecamatan k ON k.id = f.kecamatan_id
    WHERE f.id > %(after)s
    ORDER BY f.id
    LIMIT %(limit)s
) page
"""
# What each endpoint writes as a feature's properties (and members).
PAGE_SHAPES = {
    # /ogc/collections/{id}/items: the attributes, then the desa and kecamatan codes.
    "ogc_items": ("", "f.attrs || jsonb_build_object('kode_desa', d.kode, 'kode_kec', k.kode)"),
    # /api/layers/{slug}/features/: the attributes merged with the desa and kecamatan, and the revision.
    "api_features": (
        "'version', f.revision,",
        "f.attrs || jsonb_build_object('_desa', d.kode, '_desa_nama', d.nama, "
        "'_kecamatan', k.kode, '_kecamatan_nama', k.nama)",
    ),
}


def _literal(text):
    return "'" + text.replace("'", "''") + "'"


def _identifier(text):
    return '"' + text.replace('"', '""') + '"'


def lonlat_to_tile(lon, lat, z):
    n = 2**z
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def tiles_over(bbox, z):
    """Every (z, x, y) of WebMercatorQuad touching ``bbox`` (minlon, minlat, maxlon, maxlat)."""
    x0, y0 = lonlat_to_tile(bbox[0], bbox[3], z)
    x1, y1 = lonlat_to_tile(bbox[2], bbox[1], z)
    return [(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


def _cursor():
    connection.ensure_connection()
    return connection.connection.cursor()


def sample_tiles(version, bbox, zooms, per_zoom, seed=13):
    """{z: [(z, x, y)]}: up to ``per_zoom`` tiles per zoom over ``bbox`` that
    hold at least one feature of ``version``, drawn in a fixed order (``seed``)."""
    rng = random.Random(seed)
    chosen = {}
    with _cursor() as cursor:
        for z in zooms:
            candidates = tiles_over(bbox, z)
            rng.shuffle(candidates)
            found = []
            for tile in candidates:
                cursor.execute(
                    f"SELECT EXISTS (SELECT 1 FROM {partition_name(version.pk)} "
                    "WHERE geom && ST_Transform(ST_TileEnvelope(%s, %s, %s), 4326))",
                    tile,
                )
                if cursor.fetchone()[0]:
                    found.append(tile)
                    if len(found) == per_zoom:
                        break
            chosen[z] = sorted(found)
    return chosen


def page_keys(version, fractions):
    """The keyset ``after`` of pages starting at each fraction of ``version``'s
    features (0: the first page), in id order."""
    keys = []
    with _cursor() as cursor:
        for fraction in fractions:
            offset = int(version.feature_count * fraction)
            if offset == 0:
                keys.append(0)
                continue
            cursor.execute(f"SELECT id FROM {partition_name(version.pk)} ORDER BY id OFFSET %s LIMIT 1", [offset - 1])
            keys.append(cursor.fetchone()[0])
    return keys


class Floors:
    """Timed raw-SQL answers for one version: ``tile(z, x, y)`` and ``page(shape, after, limit)``
    return (seconds, bytes of the answer)."""

    def __init__(self, version, layer_name, tile_attributes):
        self.partition = partition_name(version.pk)
        self.layer_name = layer_name
        # The attributes a tile of the endpoint carries, read from the JSON attributes as text.
        self.columns = "".join(f"f.attrs->>{_literal(name)} AS {_identifier(name)}, " for name in tile_attributes)
        self.mvt_sql = MVT_SQL.format(columns=self.columns, partition=self.partition)
        self.page_sql = {
            shape: PAGE_SQL.format(
                members=members, properties=properties, precision=LAYER_PRECISION, partition=self.partition
            )
            for shape, (members, properties) in PAGE_SHAPES.items()
        }
        self.cursor = _cursor()

    def _timed(self, sql, params):
        started = time.perf_counter()
        self.cursor.execute(sql, params)
        value = self.cursor.fetchone()[0]
        elapsed = time.perf_counter() - started
        return elapsed, len(value) if value is not None else 0

    def tile(self, z, x, y):
        return self._timed(self.mvt_sql, {"layer": self.layer_name, "z": z, "x": x, "y": y})

    def page(self, shape, after, limit):
        return self._timed(self.page_sql[shape], {"after": after, "limit": limit})

    def close(self):
        self.cursor.close()
