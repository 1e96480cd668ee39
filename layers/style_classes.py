"""What a layer owner needs to style a layer by one attribute, computed over
every feature of a version (server-side: the map page holds at most a page of
features, a layer may hold a million):

- of a numeric attribute, graduated classes: ``quantile`` (each class about
  the same number of features, breaks by ``percentile_disc``) or ``equal``
  (classes of the same width between the minimum and the maximum), with the
  number of features in each;
- of any attribute, its most frequent values with their counts (the
  categories of a categorized style), and how many features the rest hold.

Raw SQL on the version's own partition (``FeatureQuerySet.sql_source``): the
attribute is a jsonb member named by the reader, passed as a parameter.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from core.api import BadParameter

from .attribute_table import NUMERIC
from .models import Feature

METHODS = ("quantile", "equal")
MAX_CLASSES = 9
MAX_VALUES = 12

_NUMBER_SQL = "(CASE WHEN jsonb_typeof(f.attrs->%s) = 'number' THEN (f.attrs->>%s)::float8 END)"


@dataclass
class AttributeClasses:
    """attribute, its type in the version's schema, the numeric classes
    [{min, max, count}] (empty for a text attribute), the most frequent values
    [{value, count}], the features beyond those values (``others``) and the
    features with no value (``empty``)."""

    attribute: str
    type: str
    method: str
    classes: list = field(default_factory=list)
    values: list = field(default_factory=list)
    others: int = 0
    empty: int = 0


def schema_type(version, attribute):
    """The type of ``attribute`` in ``version``'s schema; a 400 naming ``kolom`` when it has none."""
    for item in version.schema:
        if item.get("name") == attribute:
            return item.get("type", "string")
    raise BadParameter("kolom", _("The layer has no attribute '%(name)s'.") % {"name": attribute})


def _breaks(cursor, source, attribute, method, count):
    if method == "quantile":
        fractions = [i / count for i in range(count + 1)]
        cursor.execute(
            f"SELECT percentile_disc(%s::float8[]) WITHIN GROUP (ORDER BY v) FROM"
            f" (SELECT {_NUMBER_SQL} AS v FROM {source} f) AS n WHERE v IS NOT NULL",
            [fractions, attribute, attribute],
        )
        values = cursor.fetchone()[0]
        return sorted(set(values)) if values else []
    cursor.execute(f"SELECT min({_NUMBER_SQL}), max({_NUMBER_SQL}) FROM {source} f", [attribute] * 4)
    low, high = cursor.fetchone()
    if low is None:
        return []
    if low == high:
        return [low, high]
    return [low + (high - low) * i / count for i in range(count)] + [high]


def _class_counts(cursor, source, attribute, breaks):
    """Features per class: min <= v < max, the last class also its max (width_bucket)."""
    cursor.execute(
        f"SELECT least(width_bucket({_NUMBER_SQL}, %s::float8[]), %s) AS b, count(*) FROM {source} f"
        f" WHERE {_NUMBER_SQL} IS NOT NULL GROUP BY b",
        [attribute, attribute, breaks, len(breaks) - 1, attribute, attribute],
    )
    counts = dict(cursor.fetchall())
    return [{"min": breaks[i], "max": breaks[i + 1], "count": counts.get(i + 1, 0)} for i in range(len(breaks) - 1)]


def attribute_classes(version, attribute, method="quantile", classes=5):
    """AttributeClasses of ``attribute`` over every feature of ``version``."""
    kind = schema_type(version, attribute)
    source = Feature.objects.sql_source(version)
    result = AttributeClasses(attribute=attribute, type=kind, method=method)
    with connection.cursor() as cursor:
        if kind in NUMERIC:
            breaks = _breaks(cursor, source, attribute, method, classes)
            if len(breaks) == 1:
                breaks = breaks * 2
            if breaks:
                result.classes = _class_counts(cursor, source, attribute, breaks)
        cursor.execute(
            f"SELECT f.attrs->>%s AS v, count(*) FROM {source} f GROUP BY v ORDER BY count(*) DESC, v",
            [attribute],
        )
        rows = cursor.fetchall()
    present = [(value, n) for value, n in rows if value not in (None, "")]
    result.values = [{"value": value, "count": n} for value, n in present[:MAX_VALUES]]
    result.others = sum(n for _value, n in present[MAX_VALUES:])
    result.empty = sum(n for value, n in rows if value in (None, ""))
    return result
