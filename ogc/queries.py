"""The SQL of OGC API answers, built in PostGIS from a core.collections.Collection.

Every answer is one parameterised query over the collection's ``source``
(alias ``f``): GeoJSON Features written by ST_AsGeoJSON through core.geojson,
never by a per-feature serializer. Pages are keyset-ordered by ``f.id``
(constant time at any depth); filters arrive as SQL conditions (bbox, property
equality, datetime, CQL2) and are joined with AND.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.utils import OperationalError

from core import geojson
from core.geojson import Page, sql_parts

from . import crs as crs_module

# An exact numberMatched is worth this much database time; beyond it the
# member is left out, as OGC API - Features allows (pygeoapi and ldproxy
# learned that a count(*) per page makes large tables slow).
COUNT_TIMEOUT_MS = 1500


def envelope_sql(box, crs):
    """(sql, params) of the polygon of ``box`` (minx, miny, maxx, maxy in the
    axis order of ``crs``) in settings.STORAGE_SRID."""
    minx, miny, maxx, maxy = box
    if crs.lat_first:
        minx, miny, maxx, maxy = miny, minx, maxy, maxx
    envelope = "ST_MakeEnvelope(%s, %s, %s, %s, %s)"
    params = [minx, miny, maxx, maxy, crs.srid]
    if crs.srid != settings.STORAGE_SRID:
        # Densified before it is transformed: a projected box's edges are curves in degrees.
        envelope = f"ST_Transform(ST_Segmentize({envelope}, %s), {settings.STORAGE_SRID})"
        params.append(max(maxx - minx, maxy - miny) / 16 or 1)
    return envelope, params


def bbox_condition(box, crs):
    envelope, params = envelope_sql(box, crs)
    return f"(f.geom && {envelope} AND ST_Intersects(f.geom, {envelope}))", params * 2


@dataclass
class Request:
    """What a client asked of a collection's items."""

    conditions: list = field(default_factory=list)  # [(sql, params)], joined with AND
    limit: int = 10
    after: int | None = None  # keyset: ids above this (next page)
    before: int | None = None  # keyset: the page ending below this id (previous page)
    crs: crs_module.Crs = crs_module.DEFAULT

    @property
    def filtered(self):
        return bool(self.conditions)


def _where(collection, conditions):
    parts, params = [], []
    for condition in [collection.where, *conditions]:
        sql, condition_params = sql_parts(condition)
        parts.append(f"({sql})")
        params += condition_params
    return " AND ".join(parts), params


def feature_sql(collection, crs):
    geometry = "ST_FlipCoordinates(f.geom)" if crs.lat_first else "f.geom"
    return geojson.feature_sql(
        geometry, collection.properties, id="f.id", precision=crs.precision, srid=crs.srid if crs.srid != 4326 else None
    )


def items(collection, request):
    """A core.geojson.Page of the features of ``collection`` passing the
    request's conditions: ``limit`` of them after ``after`` (or the page before
    ``before``), ordered by id, written in ``request.crs``."""
    source, source_params = sql_parts(collection.source)
    where, where_params = _where(collection, request.conditions)
    feature, feature_params = feature_sql(collection, request.crs)
    params = [*feature_params, *source_params, *where_params]
    order = "ASC"
    if request.after is not None:
        where += " AND f.id > %s"
        params.append(request.after)
    elif request.before is not None:
        where += " AND f.id < %s"
        params.append(request.before)
        order = "DESC"
    sql = f"SELECT f.id, {feature} FROM {source} WHERE {where} ORDER BY f.id {order} LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, request.limit + 1])
        rows = cursor.fetchall()
    more = len(rows) > request.limit
    rows = rows[: request.limit]
    if order == "DESC":
        rows.reverse()
        return Page(rows, has_next=True, has_previous=more)
    return Page(rows, has_next=more, has_previous=request.after is not None)


def item(collection, feature_id, crs=crs_module.DEFAULT):
    """One feature (JSON text) of ``collection``, None when it has none with that id."""
    source, source_params = sql_parts(collection.source)
    where, where_params = _where(collection, [("f.id = %s", [feature_id])])
    feature, feature_params = feature_sql(collection, crs)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {feature} FROM {source} WHERE {where}", [*feature_params, *source_params, *where_params]
        )
        row = cursor.fetchone()
    return row[0] if row else None


def number_matched(collection, request):
    """How many features pass the request's conditions; the collection's known
    count when there are none; None when counting would take too long."""
    if not request.filtered and collection.feature_count is not None:
        return collection.feature_count
    source, source_params = sql_parts(collection.source)
    where, where_params = _where(collection, request.conditions)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {int(COUNT_TIMEOUT_MS)}")
            cursor.execute(f"SELECT count(*) FROM {source} WHERE {where}", [*source_params, *where_params])
            return cursor.fetchone()[0]
    except OperationalError:
        return None


def extent(collection):
    """[minlon, minlat, maxlon, maxlat] of the collection (its own when known, else measured)."""
    if collection.bbox:
        return collection.bbox
    source, source_params = sql_parts(collection.source)
    where, where_params = _where(collection, [])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ST_Extent(f.geom)::box2d::text FROM {source} WHERE {where}", [*source_params, *where_params]
        )
        text = cursor.fetchone()[0]
    if not text:
        return None
    low, high = text[4:-1].split(",")
    return [round(float(v), 6) for v in (*low.split(), *high.split())]
