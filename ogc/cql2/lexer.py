"""The tokens of a CQL2 text filter, each with its position (1-based, in characters).

Whitespace is any Unicode space; other control characters (NUL, escapes)
are refused wherever they appear, string literals included: PostgreSQL
refuses NUL in text, and nothing a person types holds the others.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import CqlError, at

# Longer than any coordinate or attribute value a person writes; Python's
# int() of a 5,000-digit number is refused and a float of one is infinite.
MAX_NUMBER_CHARS = 40

_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# An identifier starts with a letter, "_" or ":" and goes on with those, digits and ".".
_WORD = re.compile(r"(?:[^\W\d]|:)[\w.:]*")
_OPERATORS = ("<=", ">=", "<>", "=", "<", ">", "(", ")", ",", "-", "+")


@dataclass(frozen=True)
class Token:
    kind: str  # word, name (double-quoted), string, number, op, end
    value: object
    position: int
    text: str

    def is_word(self, *words):
        return self.kind == "word" and self.value.upper() in words

    def is_op(self, *ops):
        return self.kind == "op" and self.value in ops


def _quoted(text, start, quote):
    """The text of a literal opened by ``quote`` at ``start`` and the index after it;
    a doubled quote (and for strings a backslash before it) stands for the quote."""
    parts, i = [], start + 1
    while i < len(text):
        char = text[i]
        if char == quote:
            if text.startswith(quote, i + 1):
                parts.append(quote)
                i += 2
                continue
            return "".join(parts), i + 1
        if char == "\\" and quote == "'" and text.startswith("'", i + 1):
            parts.append("'")
            i += 2
            continue
        parts.append(char)
        i += 1
    raise CqlError(
        at(start + 1, _("the literal opened here is not closed with %(quote)s.") % {"quote": quote}),
    )


def _check_characters(text):
    for index, char in enumerate(text):
        if char in "\t\n\r" or unicodedata.category(char) not in ("Cc", "Cs"):
            continue
        raise CqlError(
            at(index + 1, _("control character %(code)s is not allowed.") % {"code": f"U+{ord(char):04X}"}),
        )


def tokens(text):
    """The tokens of ``text`` (a list ending with an ``end`` token); CqlError naming the position of anything else."""
    _check_characters(text)
    found, i = [], 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char in "'\"":
            value, end = _quoted(text, i, char)
            found.append(Token("string" if char == "'" else "name", value, i + 1, text[i:end]))
            i = end
            continue
        number = _NUMBER.match(text, i)
        if number:
            found.append(_number_token(number.group(), i))
            i = number.end()
            continue
        word = _WORD.match(text, i)
        if word:
            found.append(Token("word", word.group(), i + 1, word.group()))
            i = word.end()
            continue
        op = next((op for op in _OPERATORS if text.startswith(op, i)), None)
        if op is None:
            raise CqlError(at(i + 1, _("unexpected character '%(char)s'.") % {"char": char}))
        found.append(Token("op", op, i + 1, op))
        i += len(op)
    found.append(Token("end", None, len(text) + 1, ""))
    return found


def _number_token(text, index):
    if len(text) > MAX_NUMBER_CHARS:
        raise CqlError(
            at(index + 1, _("the number %(number)s… is too long.") % {"number": text[:MAX_NUMBER_CHARS]}),
        )
    if re.fullmatch(r"[0-9]+", text):
        return Token("number", int(text), index + 1, text)
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise CqlError(at(index + 1, _("%(number)s is not a finite number.") % {"number": text}))
    return Token("number", value, index + 1, text)
