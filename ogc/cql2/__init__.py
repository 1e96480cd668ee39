"""CQL2 text filters (OGC API - Features Part 3) as SQL conditions.

``to_sql`` reads the text with a hand-written recursive-descent parser
(ogc.cql2.parser, which says why not a library) and writes the tree as
SQL over the alias ``f`` (ogc.cql2.sql), checked against the collection's
queryables. Hostile text is refused before any SQL runs: more than
MAX_LENGTH characters, control characters, nesting deeper than
reader.MAX_DEPTH, numbers that are not finite, geometries over the KKPR
vertex cap.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .errors import CqlError
from .parser import parse
from .sql import Compiler

__all__ = ["CqlError", "MAX_LENGTH", "parse", "to_sql"]

# The longest filter read (ogc.openapi.FILTER says the same as maxLength).
MAX_LENGTH = 20_000


def to_sql(text, queryables, filter_crs, datetime_queryable=None):
    """(sql, params): the condition over alias ``f`` of the CQL2 text ``text``.

    ``queryables`` is {name: core.collections.Queryable}; ``filter_crs`` (an
    ogc.crs.Crs) is the CRS of the geometry literals; ``datetime_queryable``
    names the queryable the property ``datetime`` stands for. CqlError
    (translated, naming the position) for anything that cannot be read or
    does not fit the collection."""
    if len(text) > MAX_LENGTH:
        raise CqlError(
            _("Filter is too long: %(length)s characters; at most %(max)s are accepted.")
            % {
                "length": number_format(len(text), force_grouping=True),
                "max": number_format(MAX_LENGTH, force_grouping=True),
            }
        )
    return Compiler(queryables, filter_crs, datetime_queryable).condition(parse(text))
