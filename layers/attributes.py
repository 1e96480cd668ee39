"""The one rule for numeric attribute values, shared by uploads, edits and exports.

A layer's attributes leave the WebSIG as GeoJSON (read by JavaScript, whose
numbers are IEEE doubles), GeoPackage, Shapefile (dBASE N fields written as
fixed-point text), CSV and KML. A value is accepted only when every one of
them carries it back unchanged (docs/attribute-values.md):

- integers within ±(2^53 − 1): the largest range a double holds exactly, so
  JavaScript, GDAL reading an N(20,0) dBASE field as Real, and spreadsheets
  all read the same number;
- reals finite and with |x| < 1e23: GDAL writes a real to a shapefile as an
  N(24,15) field, fixed-point text cut to 24 characters; from 1e23 a negative
  value (sign + 23 digits) loses its last digits and from 1e24 any value
  does (measured with GDAL 3.10: 1e300 came back as 1.0000000000000001e23).

Booleans are not numbers (Python's True == 1 is not the user's intent).
"""

import math

import numpy as np
from django.utils.translation import gettext as _

INTEGER_LIMIT = 2**53 - 1
REAL_LIMIT = 1e23  # exclusive: |x| < REAL_LIMIT
NUMERIC_KINDS = ("integer", "number")


class OutOfRange(ValueError):
    """A numeric attribute value outside the rule; ``str()`` is the user's message."""


def allowed_range(kind):
    """The allowed range of ``kind`` ('integer' or 'number') in words."""
    if kind == "integer":
        return _("a whole number from -%(limit)d to %(limit)d") % {"limit": INTEGER_LIMIT}
    return _("a finite number greater than -1e23 and less than 1e23")


def fits(kind, value):
    """Whether ``value`` (a decoded JSON value) is a valid stored value of a
    field of ``kind``; None always fits, values of non-numeric kinds too."""
    if value is None or kind not in NUMERIC_KINDS:
        return True
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if kind == "integer":
        if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
            return False
        return -INTEGER_LIMIT <= value <= INTEGER_LIMIT
    try:
        return math.isfinite(float(value)) and abs(float(value)) < REAL_LIMIT
    except OverflowError:  # an int past the double range
        return False


def checked(kind, value):
    """``value`` when it fits ``kind``, else OutOfRange naming the allowed range."""
    if not fits(kind, value):
        raise OutOfRange(range_message(kind))
    return value


def range_message(kind):
    return _("outside the allowed range: %(range)s") % {"range": allowed_range(kind)}


def first_out_of_range(array, kind):
    """Index of the first value of a numpy ``array`` read for a field of
    ``kind`` that breaks the rule, or None. NaN is how GDAL hands over a
    missing value and is not counted; infinities are."""
    array = np.asarray(array)
    if array.dtype.kind in "iu":
        bad = (array > INTEGER_LIMIT) | (array < -INTEGER_LIMIT)
    elif array.dtype.kind == "f":
        limit = INTEGER_LIMIT if kind == "integer" else REAL_LIMIT
        with np.errstate(invalid="ignore"):
            bad = np.isinf(array) | (np.abs(array) > limit if kind == "integer" else np.abs(array) >= limit)
    else:
        return None
    found = np.flatnonzero(bad)
    return int(found[0]) if len(found) else None


def as_text(value):
    """A stored value as export text; a huge integer that stands for a real
    (jsonb turns 1e300 into 1 and 300 zeros) is written the short way."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    if isinstance(value, int) and len(text) > 30:
        try:
            return repr(float(value))
        except OverflowError:
            return text
    return text


def problems(schema, attrs):
    """{name: message} for the numeric values of ``attrs`` that break the rule."""
    kinds = {field["name"]: field["type"] for field in schema}
    return {
        name: range_message(kinds[name])
        for name, value in (attrs or {}).items()
        if name in kinds and not fits(kinds[name], value)
    }
