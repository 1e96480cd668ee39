"""Geometry literals of CQL2 text: WKT (POINT, LINESTRING, POLYGON, their
MULTI forms, GEOMETRYCOLLECTION; a third coordinate is read and dropped as
the upload import drops heights) and BBOX(minx, miny, maxx, maxy[, 6 numbers
with heights]). Read into GeoJSON-shaped dicts in the axis order of
filter-crs; the shape PostGIS would refuse with an error (an open ring, a
one-point line) is refused here with a position, and the size by
core.geometry.check_size with the caps of the anonymous KKPR check."""

from django.conf import settings
from django.utils.translation import gettext as _

from core.geometry import GeometryTooComplex, check_size

from . import ast
from .errors import CqlError, at, invalid_at

TYPES = {
    "POINT": "Point",
    "LINESTRING": "LineString",
    "POLYGON": "Polygon",
    "MULTIPOINT": "MultiPoint",
    "MULTILINESTRING": "MultiLineString",
    "MULTIPOLYGON": "MultiPolygon",
    "GEOMETRYCOLLECTION": "GeometryCollection",
}


def starts_geometry(reader):
    """Whether the next tokens open a WKT literal (a type word, then "(" or Z)."""
    token, after = reader.peek(), reader.peek(1)
    return token.kind == "word" and token.value.upper() in TYPES and (after.is_op("(") or after.is_word("Z", "EMPTY"))


def geometry_literal(reader):
    """The ast.Geometry of the WKT literal at the reader."""
    token = reader.peek()
    geojson = _geometry(reader)
    try:
        check_size(geojson, settings.KKPR_MAX_VERTICES, settings.KKPR_MAX_PARTS)
    except GeometryTooComplex as error:
        raise CqlError(invalid_at(token.position, str(error))) from None
    return ast.Geometry(geojson, token.position)


def _geometry(reader):
    token = reader.take()
    kind = TYPES[token.value.upper()]
    if reader.peek().is_word("Z"):
        reader.take()
    if reader.peek().is_word("EMPTY"):
        raise CqlError(invalid_at(reader.peek().position, _("empty geometries are not supported.")))
    reader.expect_op("(")
    with reader.nested(token):
        if kind == "GeometryCollection":
            geojson = {"type": kind, "geometries": _list(reader, lambda: _member(reader))}
        elif kind == "LineString":
            return {"type": kind, "coordinates": _line(reader, opened=True)}
        elif kind == "Polygon":
            return {"type": kind, "coordinates": _polygon(reader, opened=True)}
        elif kind == "Point":
            geojson = {"type": kind, "coordinates": _position(reader)}
        elif kind == "MultiPoint":
            geojson = {"type": kind, "coordinates": _list(reader, lambda: _multipoint_member(reader))}
        elif kind == "MultiLineString":
            geojson = {"type": kind, "coordinates": _list(reader, lambda: _line(reader))}
        else:
            geojson = {"type": kind, "coordinates": _list(reader, lambda: _polygon(reader))}
        reader.expect_op(")")
    return geojson


def _member(reader):
    if not starts_geometry(reader):
        raise reader.unexpected(reader.peek(), _("a geometry such as POINT(106.6 -6.2)"))
    return _geometry(reader)


def _list(reader, item):
    """Items separated by commas, up to (not including) the closing ")"."""
    items = [item()]
    while reader.peek().is_op(","):
        reader.take()
        items.append(item())
    if not reader.peek().is_op(")"):
        raise reader.unexpected(reader.peek(), _("',' or ')'"))
    return items


def _position(reader):
    x, _first = reader.signed_number()
    y, _second = reader.signed_number()
    if reader.peek().kind == "number" or reader.peek().is_op("-", "+"):
        reader.signed_number()  # a height: dropped
    return [x, y]


def _positions(reader, opened):
    if not opened:
        reader.expect_op("(")
    positions = _list(reader, lambda: _position(reader))
    reader.expect_op(")")
    return positions


def _multipoint_member(reader):
    # MULTIPOINT((1 2), (3 4)) and MULTIPOINT(1 2, 3 4) are both WKT.
    if reader.peek().is_op("("):
        reader.take()
        position = _position(reader)
        reader.expect_op(")")
        return position
    return _position(reader)


def _line(reader, opened=False):
    start = reader.peek()
    positions = _positions(reader, opened)
    if len(positions) < 2:
        raise CqlError(at(start.position, _("a line needs at least 2 positions.")))
    return positions


def _polygon(reader, opened=False):
    if not opened:
        reader.expect_op("(")
    rings = _list(reader, lambda: _ring(reader))
    reader.expect_op(")")
    return rings


def _ring(reader):
    start = reader.peek()
    ring = _positions(reader, opened=False)
    if len(ring) < 4 or ring[0] != ring[-1]:
        raise CqlError(
            invalid_at(start.position, _("a polygon ring needs at least 4 positions, the last equal to the first."))
        )
    return ring


def bbox_literal(reader):
    """The ast.Geometry (a Polygon) of BBOX(minx, miny, maxx, maxy) or its 6-number form with heights."""
    token = reader.take()
    reader.expect_op("(")
    numbers = _list(reader, lambda: reader.signed_number()[0])
    reader.expect_op(")")
    if len(numbers) not in (4, 6):
        raise CqlError(invalid_at(token.position, _("BBOX needs 4 (or 6) numbers: minx, miny, maxx, maxy.")))
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    minx, miny, maxx, maxy = numbers
    if minx > maxx or miny > maxy:
        raise CqlError(invalid_at(token.position, _("BBOX: the minimum must not be larger than the maximum.")))
    ring = [[minx, miny], [maxx, miny], [maxx, maxy], [minx, maxy], [minx, miny]]
    return ast.Geometry({"type": "Polygon", "coordinates": [ring]}, token.position)
