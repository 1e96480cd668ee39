"""The API's JSON parser: strict about what it lets through to the views.

DRF's own parser reads a body of any size (Django enforces
DATA_UPLOAD_MAX_MEMORY_SIZE only for form bodies), answers in English and lets
through what PostgreSQL, the downloads or the views cannot hold: numbers that
overflow to infinity, NUL and other control characters and lone surrogates in
text, and bodies that are not an object. Every body of this API is an object of named fields, so anything
else is refused here once, for every view, with a 400 (413 for the size) whose
message is in the request's language. The form parsers apply the same text
rule to field values; webgis.middleware.BadInputMiddleware applies it to the
path, the query string and the headers of every request.
"""

import json
import math
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.renderers import JSONRenderer

from .errors import TooLarge

MIB = 1024 * 1024
# Characters client text may not hold: the C0 controls other than tab, line
# feed and carriage return, and surrogate code points. That is what XML 1.0
# (the KML, GPX and GML downloads) cannot write and, for NUL, what PostgreSQL
# text cannot store. json.loads joins a valid "\ud83d\ude00" pair into one
# character, so a surrogate left in parsed text is unpaired.
FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def forbidden_character(text):
    """The first character of ``text`` that client text may not hold, or None."""
    match = FORBIDDEN_IN_TEXT.search(text)
    return None if match is None else match.group()


def body_limit_text(limit):
    """A byte limit as people read it: 10485760 -> "10 MB"."""
    return f"{limit / MIB:g} MB" if limit >= MIB else f"{limit} bytes"


def _refuse_constant(name):
    raise ParseError(_("The number %(value)s is not allowed in JSON: numbers must be finite.") % {"value": name})


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise ParseError(
            _("The number %(value)s is too large: JSON numbers must lie within ±1.8e308.") % {"value": text[:40]}
        )
    return value


def shown(text):
    """``text`` with its forbidden characters written as \\uXXXX, to be quoted in a message."""
    return FORBIDDEN_IN_TEXT.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _where(path):
    return "".join(f"[{step}]" if isinstance(step, int) else f".{shown(step)}" for step in path).lstrip(".") or "/"


def refuse_character(character, where):
    """ParseError (400) for a ``character`` of ``forbidden_character`` found at ``where``."""
    if "\ud800" <= character <= "\udfff":
        message = _("Text in the request contains an unpaired surrogate (U+%(code)04X) at %(where)s.")
    else:
        message = _("Text in the request must not contain the control character U+%(code)04X (at %(where)s).")
    raise ParseError(message % {"where": where, "code": ord(character)})


def check_text(data):
    """Refuse forbidden characters in any key or string of parsed JSON ``data``;
    walked with a stack so deep nesting cannot overflow Python's."""
    stack = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            strings = [(path, value)]
        elif isinstance(value, dict):
            strings = [(path + (key,), key) for key in value]
            stack.extend((path + (key,), item) for key, item in value.items())
        elif isinstance(value, list):
            strings = []
            stack.extend((path + (index,), item) for index, item in enumerate(value))
        else:
            continue
        for where, text in strings:
            character = forbidden_character(text)
            if character is not None:
                refuse_character(character, _where(where))


def forbidden_field(fields):
    """(field name, character) of the first form or query field (a QueryDict)
    whose name or a value holds a forbidden character, or None."""
    for name, values in fields.lists():
        character = next(filter(None, map(forbidden_character, (name, *values))), None)
        if character is not None:
            return name, character
    return None


def check_fields(fields):
    """Refuse forbidden characters in the names and values of form fields (a QueryDict)."""
    found = forbidden_field(fields)
    if found is not None:
        refuse_character(found[1], shown(found[0]))


class FormParser(parsers.FormParser):
    """DRF's form parser, with the field values checked as JSON text is."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        check_fields(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser, with the field values (not the files) checked as
    JSON text is and its English parse error translated."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            result = super().parse(stream, media_type, parser_context)
        except ParseError:
            raise ParseError(_("The multipart form body cannot be read (check its boundary).")) from None
        check_fields(result.data)
        return result


class JSONParser(parsers.BaseParser):
    """JSON bodies up to DATA_UPLOAD_MAX_MEMORY_SIZE (else 413), UTF-8, an object
    at the top, finite numbers, no control character or lone surrogate in any text (else 400).
    A view may set a smaller cap of its own as ``max_body_bytes``."""

    media_type = "application/json"
    renderer_class = JSONRenderer

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = getattr(parser_context.get("view"), "max_body_bytes", None) or settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(body) > limit:
            raise TooLarge(
                _("The request body is larger than the limit of %(limit)s.") % {"limit": body_limit_text(limit)},
                limit_bytes=limit,
            )
        try:
            text = body.decode(parser_context.get("encoding") or settings.DEFAULT_CHARSET)
        except (UnicodeDecodeError, LookupError):
            raise ParseError(_("The request body is not valid UTF-8 text.")) from None
        try:
            data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
        except json.JSONDecodeError as exc:
            raise ParseError(
                _("The request body is not valid JSON (line %(line)d, column %(column)d).")
                % {"line": exc.lineno, "column": exc.colno}
            ) from None
        except (ValueError, RecursionError):
            # An integer of more than 4300 digits, or nesting deeper than Python's stack.
            raise ParseError(_("The request body is not valid JSON.")) from None
        if not isinstance(data, dict):
            raise ParseError(_("The request body must be a JSON object."))
        check_text(data)
        return data
