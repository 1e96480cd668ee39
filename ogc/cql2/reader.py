"""The token stream the parser and the WKT reader share: look ahead, take,
expect, and a nesting budget (each "(" group, NOT or nested geometry spends
one level), so a hostile filter of 10,000 parentheses is refused at the
51st, not by Python's recursion limit."""

from contextlib import contextmanager

from django.utils.translation import gettext as _

from .errors import CqlError, at, shown
from .lexer import tokens

MAX_DEPTH = 50


class Reader:
    def __init__(self, text):
        self.tokens = tokens(text)
        self.index = 0
        self.depth = 0

    def peek(self, ahead=0):
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def take(self):
        token = self.peek()
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def unexpected(self, token, expected):
        found = _("the end of the filter") if token.kind == "end" else f"'{shown(token.text)}'"
        return CqlError(
            at(token.position, _("expected %(expected)s, found %(found)s.") % {"expected": expected, "found": found})
        )

    def expect_op(self, op):
        token = self.take()
        if not token.is_op(op):
            raise self.unexpected(token, f"'{op}'")
        return token

    def expect_word(self, word):
        token = self.take()
        if not token.is_word(word):
            raise self.unexpected(token, word)
        return token

    def signed_number(self):
        """A number with an optional sign: (value, first token)."""
        first = token = self.take()
        sign = 1
        if token.is_op("-", "+"):
            sign = -1 if token.value == "-" else 1
            token = self.take()
        if token.kind != "number":
            raise self.unexpected(token, _("a number"))
        return sign * token.value, first

    @contextmanager
    def nested(self, token):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise CqlError(
                at(token.position, _("the filter is nested more than %(max)s levels deep.") % {"max": MAX_DEPTH})
            )
        try:
            yield
        finally:
            self.depth -= 1
