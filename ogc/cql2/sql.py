"""A CQL2 tree (ogc.cql2.ast) as one parameterised SQL condition over the
alias ``f`` of a collection's source, typed by the collection's queryables.

Every literal is a parameter; the only SQL text written here is operators,
the queryables' own SQL and fixed function names. Types are checked before
any SQL runs, so a number compared with text is a CqlError naming both
(a 400), never a database error.

Dates: a queryable of format date/date-time holds ISO-like text (an import
writes GDAL's "2025/01/31 08:00:00"); it is compared as normalised text
('2025-01-31', '2025-01-31T08:00:00', UTC assumed), which orders as time
does and cannot fail on a malformed value the way a cast would (PostgreSQL
15 has no pg_input_is_valid): a value that is no date matches nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.geojson import sql_parts

from . import ast
from .errors import CqlError, invalid_at, shown
from .geometry import geometry_sql

# A queryables list longer than this is cut in the unknown-property message.
LISTED_NAMES = 30
ORDERED_KINDS = ("string", "number", "date", "timestamp")
SPATIAL_SQL = {
    "S_INTERSECTS": "ST_Intersects",
    "S_DISJOINT": "ST_Disjoint",
    "S_EQUALS": "ST_Equals",
    "S_TOUCHES": "ST_Touches",
    "S_WITHIN": "ST_Within",
    "S_OVERLAPS": "ST_Overlaps",
    "S_CROSSES": "ST_Crosses",
    "S_CONTAINS": "ST_Contains",
}
_DATE_TEXT = "'^[0-9]{4}[-/][0-9]{2}[-/][0-9]{2}'"
_TIMESTAMP_TEXT = "'^[0-9]{4}[-/][0-9]{2}[-/][0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}'"


_TYPE_NAMES = {
    "string": gettext_noop("text"),
    "number": gettext_noop("a number"),
    "boolean": gettext_noop("true/false"),
    "date": gettext_noop("a date"),
    "timestamp": gettext_noop("a timestamp"),
    "geometry": gettext_noop("a geometry"),
}


def type_name(kind):
    return _(_TYPE_NAMES[kind])


def _value_label(literal):
    return _("the value %(value)s (%(type)s)") % {"value": shown(literal.text), "type": type_name(literal.kind)}


def _property_label(name, kind):
    if kind == "geometry":
        return _("the property 'geometry'")
    return _("the property '%(name)s' (%(type)s)") % {"name": name, "type": type_name(kind)}


@dataclass
class Operand:
    sql: str
    params: list = field(default_factory=list)
    kind: str = "string"
    format: str = ""  # of a text property: date, date-time
    # Says what the operand is in a message; called only for one (a filter of
    # 1,000 comparisons would otherwise spend its time translating labels).
    describe: Callable = field(default=lambda: _("a geometry"))
    position: int = 0
    is_property: bool = False

    @property
    def label(self):
        return self.describe()


class Compiler:
    def __init__(self, queryables, filter_crs, datetime_queryable=None):
        self.queryables = queryables
        self.crs = filter_crs
        self.datetime_queryable = datetime_queryable

    def condition(self, node):
        """(sql, params) of a boolean node."""
        if isinstance(node, ast.Logical):
            parts = [self.condition(item) for item in node.items]
            return f" {node.op} ".join(f"({sql})" for sql, _params in parts), [p for _sql, ps in parts for p in ps]
        if isinstance(node, ast.Not):
            sql, params = self.condition(node.item)
            return f"NOT ({sql})", params
        if isinstance(node, ast.Constant):
            return ("TRUE" if node.value else "FALSE"), []
        method = getattr(self, f"_{type(node).__name__.lower()}")
        return method(node)

    # Predicates

    def _compare(self, node):
        left, right = self._comparable(self.operand(node.left), self.operand(node.right), node.op, node.position)
        return f"{left.sql} {node.op} {right.sql}", [*left.params, *right.params]

    def _like(self, node):
        operand, pattern = self.operand(node.operand), self.operand(node.pattern)
        for side in (operand, pattern):
            if side.kind != "string":
                raise CqlError(
                    invalid_at(side.position, _("LIKE needs text; %(operand)s is not text.") % {"operand": side.label})
                )
        self._check_pattern(node.pattern)
        not_ = "NOT " if node.negated else ""
        # CQL2's wildcards (% and _) and escape (\) are PostgreSQL's own.
        return f"{operand.sql} {not_}LIKE {pattern.sql}", [*operand.params, *pattern.params]

    @staticmethod
    def _check_pattern(pattern):
        """A LIKE pattern is a text literal (CQL2's patternExpression, perhaps in
        CASEI), never a property: PostgreSQL raises on a pattern ending in a lone
        backslash, which a literal cannot (the lexer reads \\' as a quote) but
        an attribute value can."""
        literal = pattern.argument if isinstance(pattern, ast.Function) else pattern
        if not isinstance(literal, ast.Literal):
            raise CqlError(invalid_at(pattern.position, _("a LIKE pattern is quoted text such as 'Kelapa%'.")))

    def _between(self, node):
        operand = self.operand(node.operand)
        operand, low = self._comparable(operand, self.operand(node.low), "BETWEEN", node.position)
        operand, high = self._comparable(operand, self.operand(node.high), "BETWEEN", node.position)
        not_ = "NOT " if node.negated else ""
        return f"{operand.sql} {not_}BETWEEN {low.sql} AND {high.sql}", [*operand.params, *low.params, *high.params]

    def _in(self, node):
        operand = compared = self.operand(node.operand)
        items, params = [], []
        for item in node.items:
            compared, item = self._comparable(operand, self.operand(item), "IN", node.position)
            items.append(item.sql)
            params += item.params
        not_ = "NOT " if node.negated else ""
        return f"{compared.sql} {not_}IN ({', '.join(items)})", [*compared.params, *params]

    def _isnull(self, node):
        operand = self.operand(node.operand)
        return f"{operand.sql} IS {'NOT ' if node.negated else ''}NULL", operand.params

    def _spatial(self, node):
        left, right = self.operand(node.left), self.operand(node.right)
        for side in (left, right):
            if side.kind != "geometry":
                raise CqlError(
                    invalid_at(
                        side.position,
                        _(
                            "%(function)s compares geometries: the property 'geometry' or a geometry such as "
                            "POINT(106.6 -6.2); %(operand)s is not one."
                        )
                        % {"function": node.name, "operand": side.label},
                    )
                )
        return f"{SPATIAL_SQL[node.name]}({left.sql}, {right.sql})", [*left.params, *right.params]

    # Operands

    def operand(self, node):
        if isinstance(node, ast.Property):
            return self._property(node)
        if isinstance(node, ast.Geometry):
            sql, params = geometry_sql(node, self.crs)
            return Operand(sql, params, "geometry", position=node.position)
        if isinstance(node, ast.Function):
            inner = self.operand(node.argument)
            if inner.kind != "string":
                raise CqlError(
                    invalid_at(
                        node.position, _("CASEI needs text; %(operand)s is not text.") % {"operand": inner.label}
                    )
                )
            return Operand(
                f"lower({inner.sql})", inner.params, "string", describe=inner.describe, position=node.position
            )
        value = node.value
        if node.kind == "date":
            value = value.isoformat()
        elif node.kind == "timestamp":
            value = value.strftime("%Y-%m-%dT%H:%M:%S")
        return Operand("%s", [value], node.kind, describe=partial(_value_label, node), position=node.position)

    def _property(self, node):
        name = node.name
        if name == "datetime" and self.datetime_queryable:
            queryable = self.queryables[self.datetime_queryable]
        elif name in self.queryables:
            queryable = self.queryables[name]
        elif name == "geometry":
            describe = partial(_property_label, name, "geometry")
            return Operand("f.geom", [], "geometry", describe=describe, position=node.position)
        else:
            raise CqlError(invalid_at(node.position, self._unknown(name)))
        sql, params = sql_parts(queryable.sql)
        kind = "number" if queryable.type in ("integer", "number") else queryable.type
        describe = partial(_property_label, name, kind)
        return Operand(f"({sql})", list(params), kind, queryable.format, describe, node.position, is_property=True)

    def _unknown(self, name):
        names = ["geometry", *(["datetime"] if self.datetime_queryable else []), *self.queryables]
        listed = ", ".join(names[:LISTED_NAMES]) + (", …" if len(names) > LISTED_NAMES else "")
        return _("unknown property '%(name)s'; the queryables of this collection are: %(names)s.") % {
            "name": shown(name),
            "names": listed,
        }

    def _comparable(self, left, right, op, position):
        """(left, right) ready to compare with ``op``, a date property turned
        into its normalised text for a DATE or TIMESTAMP literal; CqlError
        when the two types cannot be compared."""
        left, right = self._as_instant(left, right), self._as_instant(right, left)
        ordered = op not in ("=", "<>", "IN")
        if left.kind == right.kind and left.kind != "geometry" and (not ordered or left.kind in ORDERED_KINDS):
            return left, right
        if "geometry" in (left.kind, right.kind):
            problem = _("geometries are compared with S_INTERSECTS (or another spatial function), not with %(op)s.")
            raise CqlError(invalid_at(position, problem % {"op": op}))
        if left.kind == right.kind == "boolean":
            raise CqlError(invalid_at(position, _("true/false values have no order; use = or <>.")))
        raise CqlError(
            invalid_at(
                position,
                _("%(left)s cannot be compared with %(right)s.") % {"left": left.label, "right": right.label},
            )
        )

    def _as_instant(self, operand, other):
        if not (operand.is_property and operand.kind == "string" and other.kind in ("date", "timestamp")):
            return operand
        if other.kind == "date" and operand.format in ("date", "date-time"):
            sql = f"(CASE WHEN {operand.sql} ~ {_DATE_TEXT} THEN translate(left({operand.sql}, 10), '/', '-') END)"
        elif other.kind == "timestamp" and operand.format == "date-time":
            # A day without a time (an import's date column) is its midnight.
            sql = (
                f"(CASE WHEN {operand.sql} ~ {_TIMESTAMP_TEXT} THEN translate(left({operand.sql}, 19), '/ ', '-T')"
                f" WHEN {operand.sql} ~ {_DATE_TEXT}"
                f" THEN translate(left({operand.sql}, 10), '/', '-') || 'T00:00:00' END)"
            )
            return Operand(sql, operand.params * 4, other.kind, describe=operand.describe, position=operand.position)
        else:
            return operand
        return Operand(sql, operand.params * 2, other.kind, describe=operand.describe, position=operand.position)
