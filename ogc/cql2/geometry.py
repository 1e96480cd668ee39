"""A geometry literal of a filter as SQL in settings.STORAGE_SRID (lon/lat).

The literal arrives in the axis order of filter-crs; EPSG:4326 (latitude
first) is swapped here. PostGIS then checks it once, in a query of its own
inside a savepoint: ST_IsValid (an invalid polygon makes some predicates
raise), and ST_Transform from a projected CRS (a point outside the
projection's domain raises "Point outside of projection domain"). Both
answer a CqlError naming the geometry's position instead of failing the
page's query; the page's query binds the checked lon/lat WKB.
"""

import math

from django.conf import settings
from django.db import DataError, InternalError, connection, transaction
from django.utils.translation import gettext as _

from .errors import CqlError, invalid_at


def _positions(geojson):
    if geojson["type"] == "GeometryCollection":
        for member in geojson["geometries"]:
            yield from _positions(member)
        return
    stack = [geojson["coordinates"]]
    while stack:
        item = stack.pop()
        if item and isinstance(item[0], int | float):
            yield item
        else:
            stack.extend(item)


def _position(p):
    return f"{float(p[0])!r} {float(p[1])!r}"


def _line(line):
    return "(" + ", ".join(_position(p) for p in line) + ")"


def wkt(geojson, swap=False):
    """The WKT text of a GeoJSON-shaped dict (read by ogc.cql2.wkt), axes swapped for ``swap``."""
    kind, coordinates = geojson["type"], geojson.get("coordinates")
    if swap and coordinates is not None:
        coordinates = _swapped(coordinates)
    if kind == "GeometryCollection":
        return "GEOMETRYCOLLECTION(" + ", ".join(wkt(member, swap) for member in geojson["geometries"]) + ")"
    if kind == "Point":
        return f"POINT({_position(coordinates)})"
    if kind == "MultiPoint":
        return "MULTIPOINT(" + ", ".join(f"({_position(p)})" for p in coordinates) + ")"
    if kind == "LineString":
        return "LINESTRING" + _line(coordinates)
    if kind == "MultiLineString":
        return "MULTILINESTRING(" + ", ".join(_line(line) for line in coordinates) + ")"
    if kind == "Polygon":
        return "POLYGON(" + ", ".join(_line(ring) for ring in coordinates) + ")"
    return (
        "MULTIPOLYGON(" + ", ".join("(" + ", ".join(_line(r) for r in polygon) + ")" for polygon in coordinates) + ")"
    )


def _swapped(coordinates):
    if coordinates and isinstance(coordinates[0], int | float):
        return [coordinates[1], coordinates[0]]
    return [_swapped(item) for item in coordinates]


def _check_range(node, crs):
    positions = list(_positions(node.geojson))
    if crs.geographic:
        lon, lat = (1, 0) if crs.lat_first else (0, 1)
        if all(-180 <= p[lon] <= 180 and -90 <= p[lat] <= 90 for p in positions):
            return
    elif all(math.isfinite(p[0]) and math.isfinite(p[1]) for p in positions):
        return
    raise CqlError(invalid_at(node.position, _("the geometry lies outside the range of longitude and latitude.")))


def geometry_sql(node, crs):
    """(sql, params) of the ast.Geometry ``node`` (in ``crs``, an ogc.crs.Crs) in settings.STORAGE_SRID."""
    _check_range(node, crs)
    text = wkt(node.geojson, swap=crs.lat_first)
    storage = settings.STORAGE_SRID
    if crs.srid == storage and node.geojson["type"] in ("Point", "MultiPoint"):
        # Points are always valid and need no transform: no query of their own.
        return f"ST_GeomFromText(%s, {storage})", [text]
    transformed, params = "s.g", []
    if crs.srid != storage:
        xs = [p[0] for p in _positions(node.geojson)]
        ys = [p[1] for p in _positions(node.geojson)]
        # Densified before it is transformed, as queries.envelope_sql does: straight
        # edges in metres are curves in degrees.
        transformed = f"ST_Transform(ST_Segmentize(s.g, %s), {storage})"
        params.append(max(max(xs) - min(xs), max(ys) - min(ys)) / 16 or 1)
    sql = (
        f"SELECT ST_IsValidReason(s.g), CASE WHEN ST_IsValid(s.g) THEN ST_AsBinary({transformed}) END"
        " FROM (SELECT ST_GeomFromText(%s, %s) AS g) s"
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [*params, text, crs.srid])
            reason, wkb = cursor.fetchone()
    except (DataError, InternalError):
        raise CqlError(
            invalid_at(
                node.position,
                _("the geometry cannot be converted from %(crs)s to longitude/latitude; check filter-crs.")
                % {"crs": crs.uri},
            )
        ) from None
    if wkb is None:
        raise CqlError(invalid_at(node.position, _("the geometry is not valid (%(reason)s).") % {"reason": reason}))
    return f"ST_GeomFromWKB(%s, {storage})", [bytes(wkb)]
