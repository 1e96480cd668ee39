"""Reading a GeoJSON geometry sent by a client (feature edits, the KKPR check).

GDAL reads positions of any length and keeps a third number as Z, which the
two-dimensional columns then refuse with a database error; a position of one
number or of text makes GDAL fail with its own error types. The coordinates
are checked here first: each position is 2 or 3 finite numbers (RFC 7946:
longitude, latitude and an optional height), and the height is dropped as the
upload import drops it (layers.ingest: force_2d).
"""

import json
import math

from django.conf import settings
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.utils.translation import gettext as _

from .errors import Invalid

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
    if not isinstance(geometry, dict) or geometry.get("type") not in POSITION_DEPTH:
        raise Invalid(_("The geometry cannot be read; check its type and coordinates."))
    kind = geometry["type"]
    flat = {"type": kind, "coordinates": _flat_coordinates(geometry.get("coordinates"), POSITION_DEPTH[kind])}
    try:
        return GEOSGeometry(json.dumps(flat), srid=settings.API_SRID)
    except (GEOSException, GDALException, ValueError, TypeError) as exc:
        raise Invalid(_("The geometry cannot be read; check its type and coordinates.")) from exc
