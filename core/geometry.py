"""GeoJSON geometries sent by a client (feature edits, the KKPR check): size
caps checked before anything parses them, then one strict reader.

A 200,000-vertex polygon costs GEOS and PostGIS seconds per request; counting
its positions in the parsed JSON costs milliseconds and stops at the cap, so a
geometry over it is refused before any heavy work. Caps are per use: the
anonymous KKPR check (settings.KKPR_MAX_VERTICES, settings.KKPR_MAX_PARTS) and
feature edits (settings.EDIT_MAX_VERTICES, settings.EDIT_MAX_PARTS).

GDAL reads positions of any length and keeps a third number as Z, which the
two-dimensional columns then refuse with a database error; a position of one
number or of text makes GDAL fail with its own error types. The reader checks
the coordinates first: each position is 2 or 3 finite numbers (RFC 7946:
longitude, latitude and an optional height), and the height is dropped as the
upload import drops it (layers.ingest: force_2d).
"""

import json
import math

from django.conf import settings
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .errors import Invalid


class GeometryTooComplex(Invalid):
    """A geometry with more vertices or parts than its use allows (400); the
    message states the cap."""


def check_size(geometry, max_vertices, max_parts):
    """Refuse a GeoJSON geometry (a parsed dict) with more than ``max_vertices``
    positions or ``max_parts`` parts (the polygons, lines or points of a
    Multi*; members of a GeometryCollection count with their own parts).
    Anything that is not GeoJSON-shaped is left for the parser to refuse."""
    parts = 0
    vertices = 0
    geometries = [geometry]
    while geometries:
        item = geometries.pop()
        if not isinstance(item, dict):
            continue
        if item.get("type") == "GeometryCollection":
            members = item.get("geometries")
            geometries.extend(members if isinstance(members, list) else [])
            continue
        coordinates = item.get("coordinates")
        is_multi = str(item.get("type", "")).startswith("Multi") and isinstance(coordinates, list)
        parts += len(coordinates) if is_multi else 1
        if parts > max_parts:
            raise GeometryTooComplex(
                _("The geometry has more than %(max)s parts; at most %(max)s are accepted.")
                % {"max": number_format(max_parts, force_grouping=True)},
                max_parts=max_parts,
            )
        vertices += _count_positions(coordinates, max_vertices - vertices)
        if vertices > max_vertices:
            raise GeometryTooComplex(
                _("The geometry has more than %(max)s vertices; at most %(max)s are accepted. Simplify it first.")
                % {"max": number_format(max_vertices, force_grouping=True)},
                max_vertices=max_vertices,
            )


def _count_positions(coordinates, budget):
    """Positions (lists starting with a number) in nested ``coordinates``,
    counting stops once over ``budget``."""
    count = 0
    stack = [coordinates]
    while stack:
        item = stack.pop()
        if not isinstance(item, list) or not item:
            continue
        if isinstance(item[0], int | float):
            count += 1
            if count > budget:
                return count
        else:
            stack.extend(item)
    return count


# How deep each geometry type nests its positions in "coordinates".
POSITION_DEPTH = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _flat_coordinates(coordinates, depth):
    """``coordinates`` with every position cut to (lon, lat); Invalid names a bad position."""
    if depth == 0:
        if (
            not isinstance(coordinates, list)
            or not 2 <= len(coordinates) <= 3
            or not all(_is_number(n) for n in coordinates)
        ):
            raise Invalid(
                _(
                    "Each position of the geometry must be 2 or 3 numbers (longitude, latitude and an optional "
                    "height); %(position)s is not."
                )
                % {"position": json.dumps(coordinates)[:80]}
            )
        return coordinates[:2]
    if not isinstance(coordinates, list):
        raise Invalid(_("The geometry cannot be read; check its type and coordinates."))
    return [_flat_coordinates(part, depth - 1) for part in coordinates]


def read_geojson_geometry(geometry):
    """A GeoJSON geometry object (lon/lat, settings.API_SRID) as a two-dimensional
    GEOS geometry in that SRID; Invalid (400) with a reason when it cannot be read.
    Validity, type and place are the caller's rules."""
    if (
        not isinstance(geometry, dict)
        or not isinstance(geometry.get("type"), str)
        or geometry["type"] not in POSITION_DEPTH
    ):
        raise Invalid(_("The geometry cannot be read; check its type and coordinates."))
    kind = geometry["type"]
    flat = {"type": kind, "coordinates": _flat_coordinates(geometry.get("coordinates"), POSITION_DEPTH[kind])}
    try:
        return GEOSGeometry(json.dumps(flat), srid=settings.API_SRID)
    except (GEOSException, GDALException, ValueError, TypeError) as exc:
        raise Invalid(_("The geometry cannot be read; check its type and coordinates.")) from exc
