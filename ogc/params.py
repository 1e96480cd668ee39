"""Query parameters of OGC API - Features (Part 1, 2, 3), read strictly: a 400
naming the parameter for anything else (core.params reads every number)."""

import datetime
import math

from django.utils.translation import gettext as _

from core.api import BadParameter
from core.geojson import sql_parts
from core.params import ascii_float, whole_number

from . import crs as crs_module

MAX_LIMIT = 10_000
DEFAULT_LIMIT = 10
KEY_MAX = 2**63 - 1


def limit(params):
    """``limit`` 1..; above MAX_LIMIT it is MAX_LIMIT (Part 1: a larger limit is no error)."""
    raw = params.get("limit")
    if raw in (None, ""):
        return DEFAULT_LIMIT
    number = whole_number(raw, 1, KEY_MAX)
    if number is None:
        raise BadParameter("limit", _("Parameter 'limit' must be a whole number of at least 1."))
    return min(number, MAX_LIMIT)


def key(params, name):
    raw = params.get(name)
    if raw in (None, ""):
        return None
    number = whole_number(raw, 0, KEY_MAX)
    if number is None:
        raise BadParameter(name, _("Parameter '%(name)s' must be a feature id (a whole number).") % {"name": name})
    return number


def crs(params, name="crs"):
    """The Crs of ``crs`` (or ``bbox-crs``, ``filter-crs``); CRS84 when absent."""
    raw = params.get(name)
    if raw in (None, ""):
        return crs_module.DEFAULT
    found = crs_module.lookup(raw)
    if found is None:
        raise BadParameter(
            name,
            _("Parameter '%(name)s': CRS '%(value)s' is not supported; use one of %(uris)s.")
            % {"name": name, "value": raw[:200], "uris": ", ".join(crs_module.uris())},
        )
    return found


def bbox(params):
    """``bbox`` (4 numbers, or 6 with heights, which are ignored) in ``bbox-crs``:
    (minx, miny, maxx, maxy), Crs; (None, Crs) when absent."""
    box_crs = crs(params, "bbox-crs")
    raw = params.get("bbox")
    if raw in (None, ""):
        return None, box_crs
    message = _("Parameter 'bbox' must be 4 (or 6) numbers separated by commas: minx,miny,maxx,maxy.")
    parts = raw.split(",")
    if len(parts) not in (4, 6):
        raise BadParameter("bbox", message)
    try:
        numbers = [ascii_float(part) for part in parts]
    except ValueError:
        raise BadParameter("bbox", message) from None
    if not all(math.isfinite(n) for n in numbers):
        raise BadParameter("bbox", message)
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    minx, miny, maxx, maxy = numbers
    if box_crs.geographic:
        lon = (minx, maxx) if not box_crs.lat_first else (miny, maxy)
        lat = (miny, maxy) if not box_crs.lat_first else (minx, maxx)
        if not all(-180 <= v <= 180 for v in lon) or not all(-90 <= v <= 90 for v in lat):
            raise BadParameter("bbox", _("Parameter 'bbox' lies outside the range of longitude and latitude."))
    elif not all(abs(v) < 1e8 for v in numbers):
        raise BadParameter("bbox", _("Parameter 'bbox' lies outside the range of the CRS."))
    if minx > maxx or miny > maxy:
        raise BadParameter("bbox", _("Parameter 'bbox': the minimum must not be larger than the maximum."))
    return (minx, miny, maxx, maxy), box_crs


def _instant(text, end):
    """A date or RFC 3339 date-time as an aware datetime (a date: its start, or its end for ``end``)."""
    text = text.strip()
    if len(text) == 10:
        day = datetime.date.fromisoformat(text)
        moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
        return moment.replace(tzinfo=datetime.UTC)
    moment = datetime.datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def datetime_interval(params):
    """``datetime``: an instant or an interval start/end (``..`` or empty: open),
    as (start, end) aware datetimes (None: open); None when absent."""
    raw = params.get("datetime")
    if raw in (None, ""):
        return None
    message = _(
        "Parameter 'datetime' must be a date or date-time (RFC 3339), or an interval such as "
        "2025-01-01/2025-12-31 or 2025-01-01/.."
    )
    parts = raw.split("/")
    if len(parts) > 2:
        raise BadParameter("datetime", message)
    try:
        if len(parts) == 1:
            return _instant(parts[0], False), _instant(parts[0], True)
        start = None if parts[0] in ("", "..") else _instant(parts[0], False)
        end = None if parts[1] in ("", "..") else _instant(parts[1], True)
    except (ValueError, OverflowError):
        raise BadParameter("datetime", message) from None
    if start is None and end is None:
        return None
    if start and end and start > end:
        raise BadParameter("datetime", _("Parameter 'datetime': the start lies after the end."))
    return start, end


def property_value(queryable, name, raw):
    """The SQL condition of ``name=raw`` (Part 1 property filter) on a queryable."""
    sql, params = sql_parts(queryable.sql)
    if queryable.type == "integer":
        number = whole_number(raw, -(2**63), 2**63 - 1)
        if number is None:
            raise BadParameter(name, _("Parameter '%(name)s' must be a whole number.") % {"name": name})
        return f"({sql}) = %s", [*params, number]
    if queryable.type == "number":
        try:
            number = ascii_float(raw)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise BadParameter(name, _("Parameter '%(name)s' must be a number.") % {"name": name})
        return f"({sql}) = %s", [*params, number]
    if queryable.type == "boolean":
        if raw not in ("true", "false"):
            raise BadParameter(name, _("Parameter '%(name)s' must be true or false.") % {"name": name})
        return f"({sql}) = %s", [*params, raw == "true"]
    return f"({sql})::text = %s", [*params, raw]
