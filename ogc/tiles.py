"""Vector tiles of a collection (OGC API - Tiles, WebMercatorQuad), built in
PostGIS with one query per tile: ST_AsMVT over ST_AsMVTGeom, the layer named
after the collection, the feature id f.id, the collection's tile properties.

The hot path (ogc.views.tiles.Tile) costs one collection lookup, kept a few
seconds per process and caller (``tileset_for``), and one SQL round trip, or
none when Redis holds the tile (or this process answered it lately): tiles are
cached under the collection's ``revision``, so a new revision (a publication,
an edit, a new active plan) reaches new keys by construction and nothing is
ever invalidated by hand.

Per zoom the geometries are simplified in the storage CRS by about one pixel
(``tolerance``) before they are projected, and features smaller than a pixel
are left out below SMALL_FEATURE_MAX_ZOOM (points always stay).
"""

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection

from core.collections import get_collection

TMS_ID = "WebMercatorQuad"
MIN_ZOOM = 0
MAX_ZOOM = 22
# MVT grid of a tile and the margin kept around it, in tile units (PostGIS defaults).
EXTENT = 4096
BUFFER = 64
# The width of a tile on screen (MapLibre draws vector tiles 512 px wide): a
# pixel is 1/512 of the tile, the simplification tolerance and the smallest
# feature drawn.
TILE_PIXELS = 512
# From this zoom on (a pixel about 1.2 m) every feature is drawn, however small.
SMALL_FEATURE_MAX_ZOOM = 16
# Web Mercator's world is 360 degrees of longitude wide.
WORLD_DEGREES = 360.0
WEB_MERCATOR_SRID = 3857
# How long a process trusts a collection lookup (permissions and revision)
# before asking again; a tile URL with another ``v`` asks at once.
LOOKUP_TTL_S = 5.0
# Tiles in Redis: a revision's tiles are immutable, they only age out.
TILE_CACHE_TTL_S = 7 * 24 * 3600
# Reserved names of the tile query's own columns (a layer attribute may be called "id" or "geom").
_ID, _GEOM = "_mvt_id", "_mvt_geom"
_SQL_TYPES = {"integer": "double precision", "number": "double precision", "boolean": "boolean"}


def tolerance(z):
    """One pixel at zoom ``z`` in degrees of the storage CRS (EPSG:4326):
    the simplification tolerance and the size of the smallest feature drawn."""
    return WORLD_DEGREES / (2**z) / TILE_PIXELS


def tile_in_range(z, x, y):
    """Whether column ``x`` and row ``y`` exist in tile matrix ``z``."""
    last = (1 << z) - 1
    return 0 <= x <= last and 0 <= y <= last


def _sql(value):
    return (value, []) if isinstance(value, str) else (value[0], list(value[1]))


def quote(name):
    """``name`` as a PostgreSQL identifier (attribute names come from uploaded files)."""
    return '"' + name.replace('"', '""') + '"'


def tile_columns(collection):
    """[(name, sql, params)] of the properties a tile carries: the typed SQL of
    the queryable of that name (numbers as double precision, booleans, text),
    else the property's own SQL as text."""
    properties = dict(collection.properties)
    columns = []
    for name in collection.tile_properties:
        if name in (_ID, _GEOM):
            continue
        queryable = collection.queryables.get(name)
        if queryable is not None:
            sql, params = _sql(queryable.sql)
            cast = _SQL_TYPES.get(queryable.type, "text")
        elif name in properties:
            sql, params = _sql(properties[name])
            cast = "text"
        else:
            continue
        columns.append((name, f"({sql})::{cast}", params))
    return columns


@dataclass(frozen=True)
class Tileset:
    """What the tile path needs of a collection: its id and revision, the tile
    query (its parameters, with slots for the tile's own), and a fingerprint
    of both (a new release may change the query under the same revision: its
    tiles get new cache keys and ETags)."""

    collection_id: str
    revision: str
    sql: str
    params: tuple
    fingerprint: str
    is_public_caller: bool

    def etag(self, z, y, x):
        return '"' + hashlib.blake2b(f"{self.fingerprint}/{z}/{y}/{x}".encode(), digest_size=12).hexdigest() + '"'

    def cache_key(self, z, y, x):
        return f"ogc-tile:{self.collection_id}:{self.revision}:{self.fingerprint}:{z}/{y}/{x}"


class _Slot:
    """A parameter of the tile query filled per tile (z, x, y, tolerance)."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):  # the same in every process: it is part of the fingerprint
        return f"<{self.name}>"


Z, X, Y, TOLERANCE = _Slot("z"), _Slot("x"), _Slot("y"), _Slot("tolerance")


def _geometry_sql(collection):
    """The storage geometry simplified by a pixel (points as they are)."""
    if collection.geometry_kind == "point":
        return "f.geom", []
    return "ST_Simplify(f.geom, %s)", [TOLERANCE]


def _size_condition(collection):
    """Below SMALL_FEATURE_MAX_ZOOM: a line or polygon whose bounding box is at
    least a pixel across (its diagonal, read from the box stored with the
    geometry: a quarter of the cost of four ST_XMin/ST_XMax calls)."""
    if collection.geometry_kind == "point":
        return "", []
    wide = "ST_Length(ST_BoundingDiagonal(f.geom)) >= %s"
    if collection.geometry_kind not in ("line", "polygon"):
        wide = f"(ST_Dimension(f.geom) = 0 OR {wide})"
    return f" AND (%s >= {SMALL_FEATURE_MAX_ZOOM} OR {wide})", [Z, TOLERANCE]


def build_tileset(collection, is_public_caller):
    """The Tileset of ``collection``: one query answering the MVT bytes of a
    tile, its parameters with slots for z, x, y and the tolerance (``tile``).

    ST_AsMVT leaves out rows whose ST_AsMVTGeom is NULL (clipped or collapsed
    to nothing) and gives b"" when none is left; a ``WHERE geom IS NOT NULL``
    around it would be pushed into the scan and compute every geometry twice."""
    source, source_params = _sql(collection.source)
    where, where_params = _sql(collection.where)
    columns = tile_columns(collection)
    geometry, geometry_params = _geometry_sql(collection)
    size, size_params = _size_condition(collection)
    props = "".join(f", {sql} AS {quote(name)}" for name, sql, _params in columns)
    envelope = "ST_TileEnvelope(%s, %s, %s)"
    sql = (
        f"SELECT ST_AsMVT(t.*, %s, {EXTENT}, '{_GEOM}', '{_ID}') FROM ("
        f"SELECT f.id AS {_ID}, ST_AsMVTGeom(ST_Transform({geometry}, {WEB_MERCATOR_SRID}), "
        f"{envelope}, {EXTENT}, {BUFFER}, true) AS {_GEOM}{props} "
        f"FROM {source} WHERE ({where}) AND f.geom && ST_Transform({envelope}, {settings.STORAGE_SRID})"
        f"{size}) t"
    )
    params = [collection.id, *geometry_params, Z, X, Y]
    for _name, _sql_text, column_params in columns:
        params += column_params
    params += [*source_params, *where_params, Z, X, Y, *size_params]
    fingerprint = hashlib.blake2b(
        f"{collection.id}\n{collection.revision}\n{sql}\n{params!r}".encode(), digest_size=8
    ).hexdigest()
    return Tileset(collection.id, collection.revision, sql, tuple(params), fingerprint, is_public_caller)


# Prepared per connection: a small tile's plan costs as much as running it.
# The statement's parameters are the slots; the collection's values are literals.
_SLOT_NUMBERS = {"z": 1, "x": 2, "y": 3, "tolerance": 4}
_PREPARED_MAX = 200
_STATEMENT_MISSING = "26000"  # invalid_sql_statement_name


def _prepared_sql(tileset):
    parts = tileset.sql.split("%s")
    text = [parts[0]]
    for param, rest in zip(tileset.params, parts[1:], strict=True):
        if type(param) is _Slot:
            text.append(f"${_SLOT_NUMBERS[param.name]}")
        else:
            text.append(connection.ops.compose_sql("%s", [param]))
        text.append(rest)
    return "".join(text)


def _statement(cursor, tileset):
    """The name of ``tileset``'s tile query prepared on this connection (PREPARE
    outlives a rollback; a new connection starts with none)."""
    state = getattr(connection, "_ogc_tile_statements", None)
    if state is None or state[0] is not connection.connection:
        state = (connection.connection, set())
        connection._ogc_tile_statements = state
    name = f"ogc_tile_{tileset.fingerprint}"
    if name not in state[1]:
        if len(state[1]) >= _PREPARED_MAX:
            cursor.execute("DEALLOCATE ALL")
            state[1].clear()
        cursor.execute(f"PREPARE {name} (integer, integer, integer, double precision) AS {_prepared_sql(tileset)}")
        state[1].add(name)
    return name


def tile(tileset, z, x, y):
    """The MVT bytes of tile z/x/y (b"" when no feature reaches it): one query,
    prepared once per connection and tileset."""
    arguments = [z, x, y, tolerance(z)]
    with connection.cursor() as cursor:
        try:
            cursor.execute(f"EXECUTE {_statement(cursor, tileset)} (%s, %s, %s, %s)", arguments)
        except DatabaseError as error:
            # Someone deallocated it (DISCARD ALL): prepare again, outside a transaction only.
            if getattr(error.__cause__, "pgcode", None) != _STATEMENT_MISSING or connection.in_atomic_block:
                raise
            connection._ogc_tile_statements = None
            cursor.execute(f"EXECUTE {_statement(cursor, tileset)} (%s, %s, %s, %s)", arguments)
        row = cursor.fetchone()
    return bytes(row[0]) if row and row[0] is not None else b""


class _RecentTiles:
    """The tiles this process answered last, by cache key, up to MAX_BYTES:
    a hot tile costs no Redis round trip (keys name the revision, so an entry
    is never stale; it only ages out)."""

    MAX_BYTES = 32 * 1024 * 1024
    MAX_TILE_BYTES = 512 * 1024

    def __init__(self):
        self._tiles = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key):
        data = self._tiles.get(key)
        if data is not None:
            with self._lock:
                if key in self._tiles:
                    self._tiles.move_to_end(key)
        return data

    def put(self, key, data):
        if len(data) > self.MAX_TILE_BYTES:
            return
        with self._lock:
            if key in self._tiles:
                return
            self._tiles[key] = data
            self._bytes += len(data)
            while self._bytes > self.MAX_BYTES:
                _key, old = self._tiles.popitem(last=False)
                self._bytes -= len(old)

    def clear(self):
        with self._lock:
            self._tiles.clear()
            self._bytes = 0


recent_tiles = _RecentTiles()


def cached_tile(tileset, z, x, y):
    """(bytes, store) of the tile: from this process's recent tiles, else from
    Redis, else built, with ``store`` the call that keeps a built tile in Redis
    (None otherwise). The view runs ``store`` once the answer is sent; a Redis
    outage is a miss: the tile is built."""
    key = tileset.cache_key(z, y, x)
    data = recent_tiles.get(key)
    if data is not None:
        return data, None
    data = cache.get(key)
    if data is not None:
        recent_tiles.put(key, data)
        return data, None
    data = tile(tileset, z, x, y)
    recent_tiles.put(key, data)
    return data, lambda: cache.set(key, data, TILE_CACHE_TTL_S)


# (caller key, collection id) -> (expires at, Tileset or None, revisions asked
# for that turned out old), per process.
_lookups = {}
_lookups_lock = threading.Lock()
_LOOKUPS_MAX = 2048
_STALE_HINTS_MAX = 16


def caller_key(user):
    """Whom a lookup is valid for: every anonymous caller alike (published data
    only), a signed-in or token user alone (what /api/ shows them)."""
    return "anon" if not user.is_authenticated else f"u{user.pk}"


def tileset_for(user, collection_id, revision_hint=None):
    """The Tileset of ``collection_id`` as ``user`` may see it, None when they
    may not: from this process's memory when asked less than LOOKUP_TTL_S ago,
    unless the caller names a revision (``v``) other than the one known and
    not yet found old (a map that read TileJSON after another process saw an
    edit asks again at once; one holding an old TileJSON does not, per tile)."""
    key = (caller_key(user), collection_id)
    now = time.monotonic()
    found = _lookups.get(key)
    if found is not None and found[0] > now:
        expires, tileset, stale = found
        if revision_hint is None or revision_hint in stale or (tileset and tileset.revision == revision_hint):
            return tileset
    collection = get_collection(user, collection_id)
    tileset = build_tileset(collection, not user.is_authenticated) if collection is not None else None
    stale = frozenset()
    if revision_hint is not None and (tileset is None or tileset.revision != revision_hint):
        stale = frozenset([revision_hint])
        if found is not None and found[0] > now and len(found[2]) < _STALE_HINTS_MAX:
            stale |= found[2]
    with _lookups_lock:
        if len(_lookups) >= _LOOKUPS_MAX:
            _lookups.clear()
        _lookups[key] = (now + LOOKUP_TTL_S, tileset, stale)
    return tileset


def forget_lookups():
    """Drop the remembered lookups and recent tiles (tests; a process that just changed permissions)."""
    with _lookups_lock:
        _lookups.clear()
    recent_tiles.clear()
