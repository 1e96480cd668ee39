"""Strict reading of values in a JSON request body: a value of the wrong type
is a 400 (core.errors.Invalid naming the member), never a 500 from the ORM or
PostgreSQL further down. The body's members are named as the API documents
them (core/openapi.py)."""

from django.utils.translation import gettext as _

from . import params
from .errors import Invalid

# The largest id PostgreSQL's bigint holds: a larger one would fail in the database.
MAX_ID = 2**63 - 1
# Any whole number core.params reads (it takes at most 30 digits).
ANY = 10**30


def whole_number(value, name, low=0, high=MAX_ID):
    """``value`` (a JSON integer, or a string of ASCII digits: core.params'
    one reading of a whole number) as an int within [low, high], or None when
    it is absent (None or ""). JSON true/false and numbers with a fraction are refused."""
    if value is None or value == "":
        return None
    number = params.whole_number(value, low, high)
    if number is not None:
        return number
    if params.whole_number(value, -ANY, ANY) is None:
        raise Invalid(_("'%(name)s' must be a whole number.") % {"name": name}, parameter=name)
    raise Invalid(
        _("'%(name)s' must be a whole number from %(low)d to %(high)d.") % {"name": name, "low": low, "high": high},
        parameter=name,
    )


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
