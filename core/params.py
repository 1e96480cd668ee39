"""Strict parsing of query parameters shared by every API: a bad value is a 400
naming the parameter (core.api.BadParameter), never a 500."""

import math

from django.contrib.gis.geos import Point, Polygon
from django.utils.translation import gettext as _

from .api import BadParameter


def parse_float(params, name, low, high, required=True):
    raw = params.get(name)
    if raw in (None, ""):
        if required:
            raise BadParameter(name, _("Parameter '%(name)s' is required.") % {"name": name})
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadParameter(
            name, _("Parameter '%(name)s' must be a number, not '%(value)s'.") % {"name": name, "value": raw}
        ) from None
    if not math.isfinite(value) or not low <= value <= high:
        raise BadParameter(
            name,
            _("Parameter '%(name)s' must lie between %(low)s and %(high)s.") % {"name": name, "low": low, "high": high},
        )
    return value


def parse_point(params):
    """``lon`` and ``lat`` (WGS 84 degrees) as a GEOS Point in EPSG:4326."""
    lon = parse_float(params, "lon", -180, 180)
    lat = parse_float(params, "lat", -90, 90)
    return Point(lon, lat, srid=4326)


def parse_bbox(params, name="bbox"):
    """``bbox=minlon,minlat,maxlon,maxlat`` as a GEOS Polygon in EPSG:4326, or None."""
    raw = params.get(name)
    if raw in (None, ""):
        return None
    parts = raw.split(",")
    message = _(
        "Parameter 'bbox' must be four numbers minlon,minlat,maxlon,maxlat (WGS 84 degrees), not '%(value)s'."
    ) % {"value": raw}
    if len(parts) != 4:
        raise BadParameter(name, message)
    try:
        minx, miny, maxx, maxy = (float(p) for p in parts)
    except ValueError:
        raise BadParameter(name, message) from None
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        raise BadParameter(name, message)
    if not (-180 <= minx <= 180 and -180 <= maxx <= 180 and -90 <= miny <= 90 and -90 <= maxy <= 90):
        raise BadParameter(name, _("Parameter 'bbox' lies outside the range of longitude and latitude."))
    if minx >= maxx or miny >= maxy:
        raise BadParameter(name, _("Parameter 'bbox': the minimum must be smaller than the maximum."))
    return Polygon.from_bbox((minx, miny, maxx, maxy))


def parse_int(params, name, default, low, high):
    """A whole-number parameter within [low, high], or ``default`` when absent."""
    raw = params.get(name)
    if raw in (None, ""):
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise BadParameter(
            name,
            _("Parameter '%(name)s' must be a whole number from %(low)d to %(high)d.")
            % {"name": name, "low": low, "high": high},
        )
    return int(raw)
