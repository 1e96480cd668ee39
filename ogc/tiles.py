"""Vector tiles of a collection (OGC API - Tiles, WebMercatorQuad), built in
PostGIS with one query per tile: ST_AsMVT over ST_AsMVTGeom, the layer named
after the collection, the feature id f.id, the collection's tile properties.

This module writes the tile query and runs it; ogc.tilecache keeps what the
hot path reuses (collection lookups, recent tiles, Redis).

Below GENERALISE_BELOW_ZOOM the geometries are simplified in the storage CRS
by about one pixel (``tolerance``) before they are projected, lines smaller
than a pixel are left out and polygons smaller than a pixel are drawn as
pixels in proportion to the area they cover (points always stay).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection

from core.geojson import sql_parts

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
# Below this zoom (a pixel more than 19 m) geometries are simplified by a pixel
# and features less than a pixel across left out; from it on the stored
# geometry goes as it is (ST_AsMVTGeom snaps it to the 4096 grid anyway):
# measured on desa and 12,513 parcels, both cost more than they saved there.
GENERALISE_BELOW_ZOOM = 12
# Web Mercator's world is 360 degrees of longitude wide.
WORLD_DEGREES = 360.0
WEB_MERCATOR_SRID = 3857
# What a tile holds for a revision of the data: raise it with every change of
# the tile query that changes tiles (generalisation, properties), so that the
# tiles browsers keep "immutable" under the old ``v`` are never used again.
TILES_FORMAT = 3


def tile_revision(collection):
    """The ``v`` of the collection's tile URLs: its revision and TILES_FORMAT."""
    return f"{collection.revision}.t{TILES_FORMAT}"


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
            sql, params = sql_parts(queryable.sql)
            cast = _SQL_TYPES.get(queryable.type, "text")
        elif name in properties:
            sql, params = sql_parts(properties[name])
            cast = "text"
        else:
            continue
        columns.append((name, f"({sql})::{cast}", params))
    return columns


@dataclass(frozen=True)
class Tileset:
    """What the tile path needs of a collection: its id and revision, whether
    anonymous visitors see it (``is_public``: shared caches may keep it), the tile
    query (its parameters, with slots for the tile's own), and a fingerprint
    of both (a new release may change the query under the same revision: its
    tiles get new cache keys and ETags)."""

    collection_id: str
    revision: str
    sql: str
    params: tuple
    fingerprint: str
    is_public: bool

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
    """Below GENERALISE_BELOW_ZOOM the storage geometry simplified by a pixel,
    keeping what simplification would collapse (a 3-pixel parcel stays a
    small polygon instead of vanishing at z11), else as stored (points always
    as they are)."""
    if collection.geometry_kind == "point":
        return "f.geom", []
    return f"CASE WHEN %s < {GENERALISE_BELOW_ZOOM} THEN ST_Simplify(f.geom, %s, true) ELSE f.geom END", [Z, TOLERANCE]


# From this zoom on the tile query runs prepared, with its generic plan (small
# tiles, where planning costs as much as the tile); below it, planned per tile.
PREPARED_FROM_ZOOM = 13

# work_mem of the connections that serve tiles (they serve other requests too).
TILE_WORK_MEM = "32MB"

# Below GENERALISE_BELOW_ZOOM a line or polygon whose bounding box's diagonal
# is under this many pixels is "small": lines are left out, polygons drawn as
# pixels (_tiny_polygons_sql). Two pixels, because one-pixel simplification
# leaves a two-pixel polygon a sliver or nothing.
SMALL_PIXELS = 2


def _size_condition(collection):
    """Below GENERALISE_BELOW_ZOOM: a line or polygon whose bounding box is at
    least SMALL_PIXELS across (its diagonal, read from the box stored with the
    geometry: a quarter of the cost of four ST_XMin/ST_XMax calls)."""
    if collection.geometry_kind == "point":
        return "", []
    wide = f"ST_Length(ST_BoundingDiagonal(f.geom)) >= {SMALL_PIXELS} * %s"
    if collection.geometry_kind not in ("line", "polygon"):
        wide = f"(ST_Dimension(f.geom) = 0 OR {wide})"
    return f" AND (%s >= {GENERALISE_BELOW_ZOOM} OR {wide})", [Z, TOLERANCE]


def _tiny_polygons_sql(collection, source, where, columns):
    """(sql, params) of the small polygons ("tiny polygon reduction", as
    tippecanoe does it): per pixel at most one of them, drawn as that pixel,
    and only in as many pixels as they cover (a pixel whose small polygons
    cover a share c of it is drawn when c exceeds a fixed pseudo-random
    threshold of that pixel, so on average a share c of such pixels is
    drawn). A layer of a million 50 m parcels then shows its real density at
    kabupaten zoom instead of vanishing or filling every pixel; a lone small
    garden is left out, as too small to see. A pixel stands for its polygons:
    its id is their lowest (a click opens that real feature) and each of its
    properties their smallest value (the class it is drawn in is one of
    theirs). One GROUP BY, hashed: no sort
    (a window and DISTINCT ON sorted the z10 tile's rows twice, 1.9 s of a
    2.4 s tile at a million parcels). None for points and lines. Areas are
    planar in the storage CRS, as the pixel is (degrees squared)."""
    if collection.geometry_kind not in ("polygon", ""):
        return None
    source_sql, source_params = source
    where_sql, where_params = where
    inner = "".join(f", {sql} AS {quote(name)}" for name, sql, _params in columns)
    # min() per column, not array_agg: an array state per pixel made the hashed
    # aggregate of a z10 tile spill 116 MB to disk (a million parcels, 73,000 pixels).
    firsts = "".join(f", min(r.{quote(name)}) AS {quote(name)}" for name, _sql_text, _params in columns)
    outer = "".join(f", g.{quote(name)}" for name, _sql_text, _params in columns)
    # The grid: SMALL_PIXELS pixels of a 512-pixel tile, one screen pixel of the
    # 256-pixel tiles Leaflet draws (a finer grid only costs features).
    size = f"({SMALL_PIXELS} * %s)"
    cell = (
        f"ST_MakeEnvelope(g.cx * {size}, g.cy * {size}, (g.cx + 1) * {size}, (g.cy + 1) * {size}, "
        + f"{settings.STORAGE_SRID})"
    )
    # A threshold in [0, 1) per pixel from its column and row (a multiplicative hash).
    threshold = "(mod(mod(r.cx::bigint * 73856093 + r.cy::bigint * 19349663, 1000003) + 1000003, 1000003) / 1000003.0)"
    sql = (
        f"SELECT g.{_ID}, ST_AsMVTGeom(ST_Transform({cell}, {WEB_MERCATOR_SRID}), "
        f"ST_TileEnvelope(%s, %s, %s), {EXTENT}, {BUFFER}, true) AS {_GEOM}{outer} FROM ("
        f"SELECT r.cx, r.cy, min(r.{_ID}) AS {_ID}{firsts} FROM ("
        f"SELECT f.id AS {_ID}, floor((ST_XMin(f.geom) + ST_XMax(f.geom)) / 2 / {size}) AS cx, "
        f"floor((ST_YMin(f.geom) + ST_YMax(f.geom)) / 2 / {size}) AS cy, ST_Area(f.geom) AS area{inner} "
        f"FROM {source_sql} WHERE %s < {GENERALISE_BELOW_ZOOM} AND ({where_sql}) "
        f"AND f.geom && ST_Transform(ST_TileEnvelope(%s, %s, %s), {settings.STORAGE_SRID}) "
        f"AND ST_Dimension(f.geom) = 2 AND ST_Length(ST_BoundingDiagonal(f.geom)) < {SMALL_PIXELS} * %s"
        f") r GROUP BY r.cx, r.cy HAVING sum(r.area) / ({size} * {size}) > {threshold}) g"
    )
    params = [TOLERANCE] * 4 + [Z, X, Y, TOLERANCE, TOLERANCE]
    for _name, _sql_text, column_params in columns:
        params += column_params
    params += [*source_params, Z, *where_params, Z, X, Y, TOLERANCE, TOLERANCE, TOLERANCE]
    return sql, params


def build_tileset(collection, is_public):
    """The Tileset of ``collection``: one query answering the MVT bytes of a
    tile, its parameters with slots for z, x, y and the tolerance (``tile``).

    ST_AsMVT leaves out rows whose ST_AsMVTGeom is NULL (clipped or collapsed
    to nothing) and gives b"" when none is left; a ``WHERE geom IS NOT NULL``
    around it would be pushed into the scan and compute every geometry twice."""
    source = sql_parts(collection.source)
    where = sql_parts(collection.where)
    columns = tile_columns(collection)
    geometry, geometry_params = _geometry_sql(collection)
    size, size_params = _size_condition(collection)
    props = "".join(f", {sql} AS {quote(name)}" for name, sql, _params in columns)
    envelope = "ST_TileEnvelope(%s, %s, %s)"
    rows = (
        f"SELECT f.id AS {_ID}, ST_AsMVTGeom(ST_Transform({geometry}, {WEB_MERCATOR_SRID}), "
        f"{envelope}, {EXTENT}, {BUFFER}, true) AS {_GEOM}{props} "
        f"FROM {source[0]} WHERE ({where[0]}) AND f.geom && ST_Transform({envelope}, {settings.STORAGE_SRID})"
        f"{size}"
    )
    params = [collection.id, *geometry_params, Z, X, Y]
    for _name, _sql_text, column_params in columns:
        params += column_params
    params += [*source[1], *where[1], Z, X, Y, *size_params]
    tiny = _tiny_polygons_sql(collection, source, where, columns)
    if tiny is not None:
        rows = f"{rows} UNION ALL ({tiny[0]})"
        params += tiny[1]
    sql = f"SELECT ST_AsMVT(t.*, %s, {EXTENT}, '{_GEOM}', '{_ID}') FROM ({rows}) t"
    fingerprint = hashlib.blake2b(
        f"{collection.id}\n{collection.revision}\n{sql}\n{params!r}".encode(), digest_size=8
    ).hexdigest()
    return Tileset(collection.id, tile_revision(collection), sql, tuple(params), fingerprint, is_public)


# Prepared per connection: planning a small tile's query costs more than running it.
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


def _connection_state(cursor):
    """(connection, names of the tile statements prepared on it), the
    connection set up for tiles on first use."""
    state = getattr(connection, "_ogc_tile_statements", None)
    if state is None or state[0] is not connection.connection:
        # work_mem: the small-polygon pixels of a z10 tile of a million parcels
        # (tens of thousands of groups) hash in memory instead of spilling to disk at 4 MB.
        cursor.execute(f"SET plan_cache_mode = force_generic_plan; SET work_mem = '{TILE_WORK_MEM}'")
        state = (connection.connection, set())
        connection._ogc_tile_statements = state
    return state


def _statement(cursor, tileset):
    """The name of ``tileset``'s tile query prepared on this connection (PREPARE
    outlives a rollback; a new connection starts with none).

    The connection runs them with their generic plan: planned once, a small
    tile's query takes a fifth of the time (0.06 ms instead of 0.3 ms), and
    PostgreSQL's own choice kept re-planning them. The setting reaches nothing
    else: the app's other queries are bound by psycopg on the client, never
    prepared, and it has no PL/pgSQL."""
    state = _connection_state(cursor)
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
    from PREPARED_FROM_ZOOM on prepared once per connection and tileset."""
    arguments = [z, x, y, tolerance(z)]
    with connection.cursor() as cursor:
        _connection_state(cursor)
        if z < PREPARED_FROM_ZOOM:
            # Low-zoom tiles read tens or hundreds of thousands of rows: their plan
            # is worth making for the tile's own values (parallel workers, the
            # small-polygon branch's real size; the generic plan made a z10 tile of
            # a million parcels twice as slow), and planning costs nothing beside it.
            values = dict(zip(("z", "x", "y", "tolerance"), arguments, strict=True))
            cursor.execute(tileset.sql, [values[p.name] if type(p) is _Slot else p for p in tileset.params])
        else:
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
