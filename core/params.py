"""Strict parsing of query parameters shared by every API: a bad value is a 400
naming the parameter (core.api.BadParameter), never a 500."""

import math
import re

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
        value = ascii_float(raw)
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


def ascii_float(text):
    """``float(text)`` for ASCII text only; ValueError otherwise."""
    # float() also reads "١٠٦" (Arabic-Indic digits) as 106 and "1_0" as 10.
    if not text.isascii() or "_" in text:
        raise ValueError(text)
    return float(text)


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
        minx, miny, maxx, maxy = (ascii_float(p) for p in parts)
    except ValueError:
        raise BadParameter(name, message) from None
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        raise BadParameter(name, message)
    if not (-180 <= minx <= 180 and -180 <= maxx <= 180 and -90 <= miny <= 90 and -90 <= maxy <= 90):
        raise BadParameter(name, _("Parameter 'bbox' lies outside the range of longitude and latitude."))
    if minx >= maxx or miny >= maxy:
        raise BadParameter(name, _("Parameter 'bbox': the minimum must be smaller than the maximum."))
    return Polygon.from_bbox((minx, miny, maxx, maxy))


# Bounds of the database's integer columns: a larger number never matches a row.
INT_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1

# ASCII digits only: str.isdigit() and int() also take "²" (isdigit yes, int
# no: a 500) and Arabic-Indic "١٠" (silently 10). A client writes 0-9.
ASCII_INTEGER = re.compile(r"-?[0-9]{1,30}")


def whole_number(value, low, high):
    """``value`` (text from a query, header, path or form, or an int from a JSON
    body) as an int within [low, high]; None when it is anything else: other
    digits than ASCII 0-9, a sign other than a leading '-', a float, a bool, out of range."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and ASCII_INTEGER.fullmatch(value.strip(" ")):
        number = int(value.strip(" "))
    else:
        return None
    return number if low <= number <= high else None


def whole_number_message(name, low, high):
    """The refusal of a value that ``whole_number`` did not take (a service raises it as core.errors.Invalid)."""
    return _("Parameter '%(name)s' must be a whole number from %(low)d to %(high)d.") % {
        "name": name,
        "low": low,
        "high": high,
    }


def require_int(value, name, low, high):
    """``whole_number`` or a 400 naming the parameter (query, header, body field or path segment)."""
    number = whole_number(value, low, high)
    if number is None:
        raise BadParameter(name, whole_number_message(name, low, high))
    return number


def parse_int(params, name, default, low, high):
    """A whole-number parameter within [low, high], or ``default`` when absent."""
    raw = params.get(name)
    if raw in (None, ""):
        return default
    return require_int(raw, name, low, high)
