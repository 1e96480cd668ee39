"""CQL2 text filters (OGC API - Features Part 3) as SQL conditions: stub until
the parser lands; every filter answers 400 meanwhile (no class declared)."""

from django.utils.translation import gettext as _


class CqlError(ValueError):
    """A filter that could not be read; ``message`` (translated) says what and where."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def to_sql(text, queryables, filter_crs, datetime_queryable=None):
    """(sql, params): the condition over alias ``f`` of the CQL2 text ``text``."""
    raise CqlError(_("Filters are not supported yet."))
