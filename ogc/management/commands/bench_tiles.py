"""make bench-tiles: the tile endpoint beside the raw ST_AsMVT query, per tile."""

import math
import statistics
import time

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

from core.collections import get_collection
from ogc import tilecache, tiles

# The raw query a PostGIS user would write: the same tile properties, no
# simplification, no small-feature rule, the same index prefilter.
RAW_SQL = (
    "SELECT ST_AsMVT(t.*, %s, 4096, 'geom', 'id') FROM (SELECT f.id{props}, "
    "ST_AsMVTGeom(ST_Transform(f.geom, 3857), ST_TileEnvelope(%s, %s, %s), 4096, 64, true) AS geom "
    "FROM {source} WHERE ({where}) AND f.geom && ST_Transform(ST_TileEnvelope(%s, %s, %s), 4326)) t"
)
TARGET_COLD = 1.3
TARGET_WARM_MS = 5.0


def _p95(values):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)]


def _tiles_over(bbox, z, limit):
    """Up to ``limit`` tiles (z, x, y) of zoom ``z`` over ``bbox`` (lon/lat), spread evenly."""
    n = 1 << z

    def column(lon):
        return min(n - 1, max(0, int((lon + 180) / 360 * n)))

    def row(lat):
        return min(n - 1, max(0, int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)))

    columns, rows = range(column(bbox[0]), column(bbox[2]) + 1), range(row(bbox[3]), row(bbox[1]) + 1)
    every = [(z, x, y) for x in columns for y in rows]
    step = max(1, len(every) // limit)
    return every[::step][:limit]


class Command(BaseCommand):
    help = (
        "Time /ogc/collections/{id}/tiles/WebMercatorQuad/{z}/{y}/{x} (in process, as an anonymous visitor) "
        "beside the raw ST_AsMVT query on the same connection: per tile the raw query, the endpoint cold "
        "(tile in neither Redis nor memory) and warm. Only the benchmarked tiles' cache entries are touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--collection", action="append", help="collection id (repeatable; default desa)")
        parser.add_argument("--zooms", default="8,10,12,14")
        parser.add_argument("--tiles", type=int, default=60, help="tiles per zoom")
        parser.add_argument("--rounds", type=int, default=3)

    def handle(self, *args, **options):
        zooms = [int(z) for z in options["zooms"].split(",")]
        for collection_id in options["collection"] or ["desa"]:
            collection = get_collection(AnonymousUser(), collection_id)
            if collection is None:
                raise CommandError(f"No public collection '{collection_id}'.")
            self._bench(collection, zooms, options["tiles"], options["rounds"])

    def _raw(self, collection):
        source, source_params = tiles._sql(collection.source)
        where, where_params = tiles._sql(collection.where)
        columns = tiles.tile_columns(collection)
        props = "".join(f", {sql} AS {tiles.quote(name)}" for name, sql, _params in columns)
        column_params = [p for _name, _sql, params in columns for p in params]
        sql = RAW_SQL.format(props=props, source=source, where=where)
        return sql, lambda z, x, y: [collection.id, *column_params, z, x, y, *source_params, *where_params, z, x, y]

    def _bench(self, collection, zooms, per_zoom, rounds):
        bbox = collection.bbox or [-180, -85, 180, 85]
        addresses = [a for z in zooms for a in _tiles_over(bbox, z, per_zoom)]
        raw_sql, raw_params = self._raw(collection)
        client = Client(HTTP_HOST="localhost")
        tileset = tilecache.tileset_for(AnonymousUser(), collection.id)
        path = f"/ogc/collections/{collection.id}/tiles/{tiles.TMS_ID}/%d/%d/%d"
        times = {"raw": {}, "cold": {}, "warm": {}}
        with connection.cursor() as cursor:
            for z, x, y in addresses:  # PostgreSQL's buffers warm for both
                cursor.execute(raw_sql, raw_params(z, x, y))
            for _round in range(rounds):
                cache.delete_many([tileset.cache_key(z, y, x) for z, x, y in addresses])
                tilecache.recent_tiles.clear()
                for z, x, y in addresses:
                    started = time.perf_counter()
                    cursor.execute(raw_sql, raw_params(z, x, y))
                    cursor.fetchone()
                    times["raw"].setdefault(z, []).append(time.perf_counter() - started)
                    for kind in ("cold", "warm"):
                        started = time.perf_counter()
                        response = client.get(path % (z, y, x))
                        times[kind].setdefault(z, []).append(time.perf_counter() - started)
                        assert response.status_code in (200, 204), response.status_code
        self._report(collection, zooms, times, len(addresses))

    def _report(self, collection, zooms, times, count):
        self.stdout.write(f"\n{collection.id}: {count} tiles x rounds, median / p95 in ms")
        self.stdout.write("        " + "".join(f"{'z' + str(z):>16}" for z in zooms) + f"{'all':>16}")
        overall = {}
        for kind, by_zoom in times.items():
            cells = []
            for z in zooms:
                values = by_zoom[z]
                cells.append(f"{statistics.median(values) * 1000:7.2f} /{_p95(values) * 1000:7.2f}")
            every = [v for values in by_zoom.values() for v in values]
            overall[kind] = _p95(every) * 1000
            cells.append(f"{statistics.median(every) * 1000:7.2f} /{overall[kind]:7.2f}")
            self.stdout.write(f"{kind:8s}" + "".join(f"{cell:>16}" for cell in cells))
        ratio = overall["cold"] / overall["raw"]
        self.stdout.write(
            f"cold p95 / raw p95 = {ratio:.2f} (target <= {TARGET_COLD}); "
            f"warm p95 = {overall['warm']:.2f} ms (target <= {TARGET_WARM_MS})"
        )
