"""A recursive-descent parser of CQL2 text (OGC 21-065r2) into ogc.cql2.ast.

The grammar read (keywords case-insensitive; a property named like a
keyword is written in double quotes):

    or        := and ("OR" and)*
    and       := factor ("AND" factor)*            -- AND binds tighter than OR
    factor    := "NOT" factor | primary
    primary   := "(" or ")" | TRUE | FALSE | spatial | predicate
    spatial   := S_INTERSECTS | S_DISJOINT | S_EQUALS | S_TOUCHES | S_WITHIN
                 | S_OVERLAPS | S_CROSSES | S_CONTAINS  "(" scalar "," scalar ")"
    predicate := scalar ( op scalar | [NOT] LIKE scalar | [NOT] BETWEEN scalar AND scalar
                 | [NOT] IN "(" scalar ("," scalar)* ")" | IS [NOT] NULL )
    scalar    := property | 'text' | [-|+]number | TRUE | FALSE | DATE('…') | TIMESTAMP('…')
                 | CASEI(scalar) | WKT geometry | BBOX(n, n, n, n)

Arithmetic, arrays, temporal operators, ACCENTI and custom functions are not read
(their conformance classes are not declared); their names answer "unknown
function". A day-only value of a date-time attribute compares as its midnight.

Why not a library (checked 2026-12): pygeofilter 0.4.0 (geopython, MIT,
"Alpha") reads "a OR b AND c" as "(a OR b) AND c", cannot read
"NOT (a AND b)" or the quote '' in 'O''Brien', and takes "." as LIKE's
one-character wildcard (CQL2's is "_"); its own issue #105 lists known
CQL2-text gaps. cql2 0.6.0 (cql2-rs bindings) reads the grammar right but
crashes the process (SIGSEGV, stack overflow) on 20,000 nested parentheses,
turns 9007199254740993 into a float, and reports errors as English text.
Either way the SQL writer over our queryables was ours to write; a parser
of this subset is 200 lines that give Indonesian messages with positions.
"""

import datetime
import re

from django.utils.translation import gettext as _

from . import ast, wkt
from .errors import CqlError, invalid_at, shown
from .reader import Reader

COMPARISONS = ("=", "<>", "<", "<=", ">", ">=")
SPATIAL = ("S_INTERSECTS", "S_DISJOINT", "S_EQUALS", "S_TOUCHES", "S_WITHIN", "S_OVERLAPS", "S_CROSSES", "S_CONTAINS")
FUNCTIONS = ("CASEI",)
RESERVED = ("AND", "OR", "NOT", "LIKE", "IN", "BETWEEN", "IS", "NULL")
_ENDS_CONDITION = ("AND", "OR")

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)


def parse(text):
    """The ast of the CQL2 text ``text``; CqlError naming the position of what could not be read."""
    parser = _Parser(text)
    node = parser.condition()
    if parser.peek().kind != "end":
        raise parser.unexpected(parser.peek(), _("AND, OR or the end of the filter"))
    return node


class _Parser(Reader):
    def condition(self):
        return self._chain("OR", self._term)

    def _term(self):
        return self._chain("AND", self._factor)

    def _chain(self, word, item):
        # A flat list, not a tree: 1,000 ORs cost no nesting.
        items = [item()]
        while self.peek().is_word(word):
            self.take()
            items.append(item())
        return items[0] if len(items) == 1 else ast.Logical(word, tuple(items))

    def _factor(self):
        if self.peek().is_word("NOT"):
            token = self.take()
            with self.nested(token):
                return ast.Not(self._factor())
        return self._primary()

    def _primary(self):
        token, after = self.peek(), self.peek(1)
        if token.is_op("("):
            self.take()
            with self.nested(token):
                node = self.condition()
            self.expect_op(")")
            return node
        if token.is_word("TRUE", "FALSE") and (
            after.kind == "end" or after.is_op(")") or after.is_word(*_ENDS_CONDITION)
        ):
            self.take()
            return ast.Constant(token.value.upper() == "TRUE")
        if token.kind == "word" and token.value.upper() in SPATIAL and after.is_op("("):
            return self._spatial()
        return self._predicate()

    def _spatial(self):
        token = self.take()
        self.expect_op("(")
        with self.nested(token):
            left = self.scalar()
            self.expect_op(",")
            right = self.scalar()
        self.expect_op(")")
        return ast.Spatial(token.value.upper(), left, right, token.position)

    def _predicate(self):
        left = self.scalar()
        token = self.take()
        if token.is_op(*COMPARISONS):
            return ast.Compare(token.value, left, self.scalar(), token.position)
        if token.is_word("IS"):
            negated = self.peek().is_word("NOT")
            if negated:
                self.take()
            self.expect_word("NULL")
            return ast.IsNull(left, negated, token.position)
        negated = token.is_word("NOT")
        if negated:
            token = self.take()
        if token.is_word("LIKE"):
            return ast.Like(left, self.scalar(), negated, token.position)
        if token.is_word("BETWEEN"):
            low = self.scalar()
            self.expect_word("AND")
            return ast.Between(left, low, self.scalar(), negated, token.position)
        if token.is_word("IN"):
            self.expect_op("(")
            items = [self.scalar()]
            while self.peek().is_op(","):
                self.take()
                items.append(self.scalar())
            self.expect_op(")")
            return ast.In(left, tuple(items), negated, token.position)
        expected = (
            _("LIKE, BETWEEN or IN") if negated else _("a comparison (=, <>, <, <=, >, >=, LIKE, BETWEEN, IN, IS NULL)")
        )
        raise self.unexpected(token, expected)

    def scalar(self):
        token = self.peek()
        if token.kind == "string":
            self.take()
            return ast.Literal("string", token.value, token.position, token.text)
        if token.kind == "name":
            self.take()
            return ast.Property(token.value, token.position)
        if token.kind == "number" or token.is_op("-", "+"):
            value, first = self.signed_number()
            return ast.Literal("number", value, first.position, str(value))
        if token.kind != "word" or token.is_word(*RESERVED):
            raise self.unexpected(token, _("a property name or a value"))
        if token.is_word("TRUE", "FALSE"):
            self.take()
            return ast.Literal("boolean", token.value.upper() == "TRUE", token.position, token.text)
        if wkt.starts_geometry(self):
            return wkt.geometry_literal(self)
        if not self.peek(1).is_op("("):
            self.take()
            return ast.Property(token.value, token.position)
        return self._call(token)

    def _call(self, token):
        name = token.value.upper()
        if name == "BBOX":
            return wkt.bbox_literal(self)
        if name in ("DATE", "TIMESTAMP"):
            return self._instant(name)
        if name in FUNCTIONS:
            self.take()
            self.expect_op("(")
            with self.nested(token):
                argument = self.scalar()
            self.expect_op(")")
            return ast.Function(name, argument, token.position)
        known = ", ".join(("DATE", "TIMESTAMP", *FUNCTIONS, "BBOX", *SPATIAL, *wkt.TYPES))
        raise CqlError(
            invalid_at(
                token.position,
                _("unknown function '%(name)s'; this server knows %(known)s.")
                % {"name": shown(token.value), "known": known},
            )
        )

    def _instant(self, name):
        token = self.take()
        self.expect_op("(")
        text = self.take()
        if text.kind != "string":
            raise self.unexpected(text, _("a quoted date such as '2025-01-31'"))
        self.expect_op(")")
        try:
            if name == "DATE":
                if not _DATE.fullmatch(text.value):
                    raise ValueError
                value = datetime.date.fromisoformat(text.value)
            else:
                if not _TIMESTAMP.fullmatch(text.value):
                    raise ValueError
                value = datetime.datetime.fromisoformat(text.value.upper()).astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            example = "DATE('2025-01-31')" if name == "DATE" else "TIMESTAMP('2025-01-31T08:00:00Z')"
            raise CqlError(
                invalid_at(
                    text.position,
                    _("%(value)s is not a valid %(name)s; write for example %(example)s.")
                    % {"value": shown(text.text), "name": name, "example": example},
                )
            ) from None
        return ast.Literal(name.lower() if name == "DATE" else "timestamp", value, token.position, text.value)
