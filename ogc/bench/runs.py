"""The three measurements of bench-serve, each beside its floor in the same run:
tiles (cold and warm) against raw ST_AsMVT, GeoJSON pages against raw
ST_AsGeoJSON, and the public map's mix of requests, one client then many."""

import time
from urllib.parse import parse_qs, quote, urlsplit

from django.core.cache import cache
from django.db import connection

from .. import tilecache
from .client import Client, Mix, percentiles, ratio, run_load

TILE_PATH = "/ogc/collections/{slug}/tiles/WebMercatorQuad/{z}/{y}/{x}"
OGC_ITEMS_PATH = "/ogc/collections/{slug}/items?limit={limit}&after={after}"
API_FEATURES_PATH = "/api/layers/{slug}/features/?limit={limit}&after={after}"
PAGE_PATHS = {"ogc_items": OGC_ITEMS_PATH, "api_features": API_FEATURES_PATH}
# Each page is asked this many times per run: a p95 of a dozen samples is their maximum.
PAGE_REPEATS = 5


# A tile no feature of the kabupaten reaches (the Gulf of Guinea): it takes a
# worker through the tile view without caching any tile that is measured.
EMPTY_TILE = (16, 32768, 32768)


def tile_cache_pattern(slug, revision="*"):
    """The Redis key pattern of the cached tiles of collection ``slug`` (ogc.tiles.Tileset.cache_key)."""
    return cache.make_key(f"ogc-tile:{slug}:{revision}:*")


def cached_tile_keys(slug, revision="*"):
    client = cache._cache.get_client(write=False)
    return list(client.scan_iter(match=tile_cache_pattern(slug, revision), count=1000))


def flush_tile_cache(slug):
    """Delete the collection's cached tiles (every revision) from Redis and from
    the workers' memory (ogc.tilecache.forget_tiles: they drop theirs within a
    second, hence the pause); returns how many Redis keys went."""
    flushed = tilecache.forget_tiles(slug)
    time.sleep(tilecache.EPOCH_CHECK_S + 0.2)
    return flushed


def _settled_key_count(slug, revision, expected, wait_s=2.0):
    """How many tiles of ``slug`` at ``revision`` are in Redis once the last
    answers' writes landed (a worker stores a tile after sending it: ogc.views.tiles)."""
    deadline = time.monotonic() + wait_s
    count = len(cached_tile_keys(slug, revision))
    while count < expected and time.monotonic() < deadline:
        time.sleep(0.05)
        count = len(cached_tile_keys(slug, revision))
    return count


def tile_revision(base_url, slug):
    """The collection's revision as its TileJSON names it (the ``v`` of its tile URLs, as a map asks for them)."""
    client = Client(base_url)
    try:
        response = client.pool.request("GET", f"/ogc/collections/{slug}/tiles/WebMercatorQuad/tilejson.json")
    finally:
        client.close()
    if response.status != 200:
        return None
    return parse_qs(urlsplit(response.json()["tiles"][0]).query)["v"][0]


def tile_path(slug, tile, revision):
    z, x, y = tile
    return TILE_PATH.format(slug=slug, z=z, y=y, x=x) + f"?v={quote(revision, safe='')}"


def bench_tiles(base_url, slug, floors, tiles_by_zoom, runs, workers, new_revision):
    """{z: {floor, cold, warm: percentiles, ratios}} and "all". Each run starts
    with the collection's tiles forgotten (Redis and every worker's memory) and
    ``new_revision()`` (a change of the collection, so new cache keys and a
    newly prepared tile query in each worker, as after an edit);
    then each tile is asked of the raw SQL and of the endpoint (cold), in turn
    (the raw SQL first in even runs, second in odd ones); then every tile
    again (warm). Tile URLs carry the revision (``v``) as TileJSON gives them.
    A first, untimed pass of the raw SQL brings the partition's pages into
    shared buffers, and untimed requests of a tile without features take each
    of the ``workers`` through the view once."""
    client = Client(base_url)
    every = [tile for z in sorted(tiles_by_zoom) for tile in tiles_by_zoom[z]]
    for tile in every:
        floors.tile(*tile)
    for _n in range(3 * workers):
        client.get(TILE_PATH.format(slug=slug, z=EMPTY_TILE[0], y=EMPTY_TILE[2], x=EMPTY_TILE[1]))
    times = {tile: {"floor": [], "cold": [], "warm": []} for tile in every}
    sizes = {tile: {} for tile in every}
    statuses, cached = {}, []
    revision = None

    def floor(tile):
        seconds, sizes[tile]["floor_bytes"] = floors.tile(*tile)
        times[tile]["floor"].append(seconds)

    def endpoint(tile, kind):
        seconds, status, size = client.get(tile_path(slug, tile, revision))
        times[tile][kind].append(seconds)
        sizes[tile][f"{kind}_bytes"] = size
        statuses[status] = statuses.get(status, 0) + 1

    def cold(tile):
        endpoint(tile, "cold")

    for run in range(runs):
        flush_tile_cache(slug)
        new_revision()
        revision = tile_revision(base_url, slug)
        # Whichever goes second finds the tile's rows in memory: the order alternates per run.
        steps = (floor, cold) if run % 2 == 0 else (cold, floor)
        for tile in every:
            for step in steps:
                step(tile)
        cached.append(_settled_key_count(slug, revision, len(every)))
        for tile in every:
            endpoint(tile, "warm")
    client.close()
    result = {"runs": runs, "revision": revision, "statuses": statuses, "keys_after_cold_pass": cached}
    groups = {str(z): [t for t in every if t[0] == z] for z in sorted(tiles_by_zoom)} | {"all": every}
    for name, group in groups.items():
        result[name] = _tile_figures(group, times, sizes)
    return result


def _tile_figures(group, times, sizes):
    entry = {
        "tiles": len(group),
        "mean_floor_bytes": _mean(sizes[t]["floor_bytes"] for t in group),
        "mean_tile_bytes": _mean(sizes[t]["cold_bytes"] for t in group),
        # Tiles the endpoint answers empty (204) although features reach them (e.g. all below a pixel).
        "empty_tiles": sum(1 for t in group if sizes[t]["cold_bytes"] == 0),
    }
    for kind in ("floor", "cold", "warm"):
        entry[kind] = percentiles([s for t in group for s in times[t][kind]])
    entry["cold_p95_over_floor_p95"] = ratio(entry["cold"]["p95_ms"], entry["floor"]["p95_ms"])
    return entry


def _mean(values):
    values = list(values)
    return round(sum(values) / len(values)) if values else None


def bench_pages(base_url, slug, floors, keys, limit, runs, workers):
    """{shape: {floor, http: percentiles, ratio}}: each page (``keys``: keyset
    ``after``) asked of the raw SQL and of the endpoint in turn, ``runs`` times
    PAGE_REPEATS, after an untimed pass of each (several per worker)."""
    client = Client(base_url)
    result = {"limit": limit, "after": keys, "runs": runs}
    for shape, path in PAGE_PATHS.items():
        floor, http, statuses, sizes = [], [], {}, []
        for key in keys:  # untimed: the pages' rows into shared buffers, each worker through the view
            floors.page(shape, key, limit)
            for _n in range(2 * workers):
                client.get(path.format(slug=slug, limit=limit, after=key))
        for _run in range(runs * PAGE_REPEATS):
            for key in keys:
                seconds, floor_size = floors.page(shape, key, limit)
                floor.append(seconds)
                seconds, status, size = client.get(path.format(slug=slug, limit=limit, after=key))
                http.append(seconds)
                statuses[status] = statuses.get(status, 0) + 1
                sizes.append((floor_size, size))
        entry = {"floor": percentiles(floor), "http": percentiles(http), "statuses": statuses}
        entry["mean_floor_bytes"] = _mean(f for f, _h in sizes)
        entry["mean_http_bytes"] = _mean(h for _f, h in sizes)
        entry["p50_ratio"] = ratio(entry["http"]["p50_ms"], entry["floor"]["p50_ms"])
        entry["p95_ratio"] = ratio(entry["http"]["p95_ms"], entry["floor"]["p95_ms"])
        result[shape] = entry
    client.close()
    return result


def desa_points():
    """A point inside each desa (ST_PointOnSurface), lon/lat, by kode: where a visitor clicks."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(p), ST_Y(p) FROM (SELECT kode, ST_PointOnSurface(geom) p FROM wilayah_desa) s ORDER BY kode"
        )
        return cursor.fetchall()


STACK_PATH = "/ogc/conformance?f=json"


def bench_stack(base_url, count=100):
    """Percentiles of the smallest answer through the same stack (gunicorn,
    Django's middleware, DRF; no database): what every figure above includes."""
    client = Client(base_url)
    for _n in range(10):
        client.get(STACK_PATH)
    seconds = [client.get(STACK_PATH)[0] for _n in range(count)]
    client.close()
    return {"path": STACK_PATH, **percentiles(seconds)}


def public_map_mix(slug, tiles_by_zoom, keys, limit, revision):
    """The requests of the load: tiles of the sample at ``revision`` (warm by then; none without), items
    pages, and what the public map asks: kecamatan and desa boundaries, the
    desa at a clicked point, the layer list, the layer's features in a 3 km
    square as the sectoral map asks for them."""
    points = desa_points()
    half = 0.0135  # degrees: about 1.5 km
    squares = [f"{lon - half:.6f},{lat - half:.6f},{lon + half:.6f},{lat + half:.6f}" for lon, lat in points]
    tiles = [tile_path(slug, tile, revision) for group in tiles_by_zoom.values() for tile in group] if revision else []
    entries = [
        ("tile", 50, tiles),
        ("ogc_items", 10, [OGC_ITEMS_PATH.format(slug=slug, limit=limit, after=k) for k in keys]),
        ("api_features", 10, [API_FEATURES_PATH.format(slug=slug, limit=limit, after=k) for k in keys]),
        ("map_features_bbox", 5, [f"/api/layers/{slug}/features/?limit={limit}&bbox={s}" for s in squares]),
        ("layers", 5, ["/api/layers/"]),
        ("kecamatan", 5, ["/api/wilayah/kecamatan/"]),
        ("desa", 5, ["/api/wilayah/desa/"]),
        ("lookup", 10, [f"/api/wilayah/lookup/?lon={lon:.6f}&lat={lat:.6f}" for lon, lat in points]),
    ]
    return Mix(entries)


def bench_load(base_url, mix, clients, duration_s, single_duration_s, think_s=0.0, user_think_s=None):
    """One client, then ``clients`` at once (each pausing ``think_s`` between
    requests), over the same mix; p95 under load beside the single client's.

    With ``user_think_s``, the same clients again as people at a map, each
    pausing that long after an answer (``users``).

    ``queue_bound_ms``: Little's law for clients that never pause, N clients
    answered at X requests a second wait N / X on average, however the time
    is spent; ``queue_bound_ratio`` sets that mean beside the single client's
    p95, a ratio the p95 under load cannot go below (its p95 is above its mean)."""
    started = time.monotonic()
    single = run_load(base_url, mix, 1, single_duration_s).summary()
    many = run_load(base_url, mix, clients, duration_s, think_s).summary()
    result = {
        "single": single,
        "load": many,
        "p95_ratio": ratio(many["all"]["p95_ms"], single["all"]["p95_ms"]),
    }
    if not think_s and many["requests_per_s"]:
        bound = 1000.0 * clients / many["requests_per_s"]
        result["queue_bound_ms"] = round(bound, 1)
        result["queue_bound_ratio"] = ratio(bound, single["all"]["p95_ms"])
    if user_think_s:
        users = run_load(base_url, mix, clients, duration_s, user_think_s).summary()
        result["users"] = users
        result["users_p95_ratio"] = ratio(users["all"]["p95_ms"], single["all"]["p95_ms"])
    result["wall_s"] = round(time.monotonic() - started, 1)
    return result
