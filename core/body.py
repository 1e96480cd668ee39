"""Strict reading of values in a JSON request body: a value of the wrong type
is a 400 (core.errors.Invalid naming the member), never a 500 from the ORM or
PostgreSQL further down. The body's members are named as the API documents
them (core/openapi.py)."""

from django.utils.translation import gettext as _

from .errors import Invalid

# The largest id PostgreSQL's bigint holds: a larger one would fail in the database.
MAX_ID = 2**63 - 1


def whole_number(value, name, low=0, high=MAX_ID):
    """``value`` (a JSON integer, or a string of ASCII digits) as an int within
    [low, high], or None when it is absent (None or ""). JSON true/false and
    numbers with a fraction are refused."""
    if value is None or value == "":
        return None
    # int() refuses more than 4300 digits; 19 hold any bigint.
    digits = isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19
    if isinstance(value, bool) or not (isinstance(value, int) or digits):
        raise Invalid(_("'%(name)s' must be a whole number.") % {"name": name}, parameter=name)
    number = int(value)
    if not low <= number <= high:
        raise Invalid(
            _("'%(name)s' must be a whole number from %(low)d to %(high)d.") % {"name": name, "low": low, "high": high},
            parameter=name,
        )
    return number


def text(value, name, max_length, default=""):
    """``value`` as a string of at most ``max_length`` characters; ``default`` when absent (None)."""
    if value is None:
        return default
    if not isinstance(value, str):
        raise Invalid(_("'%(name)s' must be text.") % {"name": name}, parameter=name)
    if len(value) > max_length:
        raise Invalid(
            _("'%(name)s' may be at most %(n)d characters long.") % {"name": name, "n": max_length}, parameter=name
        )
    return value
