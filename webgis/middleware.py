"""Security headers Django does not set itself; refusing unreadable requests."""

import gzip
import re

from django.conf import settings
from django.http.multipartparser import MultiPartParserError
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from core.parsers import forbidden_field, shown

from .views import bad_input, wants_json


class ContentSecurityPolicyMiddleware:
    """Only the site's own scripts; images from the site and the basemap tiles.

    Inline style attributes stay allowed (progress bars set widths in markup);
    inline scripts do not, so an attribute value that slips past escaping still
    cannot run.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        tiles = " ".join(settings.CSP_TILE_SOURCES)
        self.policy = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self' 'unsafe-inline'",
                f"img-src 'self' data: blob: {tiles}",
                "connect-src 'self'",
                "font-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ]
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


# zlib level of API bodies: a page of 1,000 features (464 KB) compresses in
# 2.0 ms to 101 KB at level 1, in 6.5 ms to 84 KB at Django's level 6 (measured
# on the bench-serve layer): on the networks the public map is used over, the
# time saved is worth more than the 17 KB.
API_GZIP_LEVEL = 1
re_accepts_gzip = re.compile(r"\bgzip\b")


class ApiGZipMiddleware(GZipMiddleware):
    """Compress API responses (GeoJSON of 274 desa: 590 KB -> ~150 KB).

    Pages are left alone: compressing HTML that carries a CSRF token invites
    BREACH; API bodies carry no secrets of the requester (so no random file
    name either, which Django adds against BREACH).
    """

    def process_response(self, request, response):
        if not request.path.startswith("/api/"):
            return response
        if response.streaming or len(response.content) < 200 or response.has_header("Content-Encoding"):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = gzip.compress(response.content, compresslevel=API_GZIP_LEVEL, mtime=0)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag  # RFC 9110 8.8.1: another encoding, a weak tag
        response.headers["Content-Encoding"] = "gzip"
        return response


# A path holds no control character at all; a header value may hold a tab
# (RFC 9110, 5.5) and, read by WSGI as Latin-1, bytes of 0x80 and above.
PATH_FORBIDDEN = re.compile("[\x00-\x1f\x7f]")
HEADER_FORBIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _field_refusal(fields, message):
    """(message, field name) for the first field of ``fields`` holding a forbidden character, or None."""
    found = forbidden_field(fields)
    if found is None:
        return None
    name, character = shown(found[0]), found[1]
    return message % {"name": name, "code": ord(character)}, name


def _header_name(key):
    return key.removeprefix("HTTP_").replace("_", "-").title()


class BadInputMiddleware:
    """400 for a control character in the path, a query parameter, a header or a
    page's form field, before any view, session or database query reads it
    (PostgreSQL refuses NUL; the downloads cannot write the others). Query and
    form text follows the JSON body's rule (core.parsers.forbidden_character:
    tab, line feed and carriage return allowed); the API's form bodies are
    checked by its parsers. The innermost middleware: the answer is in the
    request's language (LocaleMiddleware) and carries the security headers,
    and the middleware before it only read the session and user lazily."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self.refusal(request)
        if refusal is not None:
            message, parameter = refusal
            return bad_input(request, message, parameter)
        return self.get_response(request)

    def refusal(self, request):
        """(message, parameter name or None) for the first unreadable part of ``request``, or None."""
        match = PATH_FORBIDDEN.search(request.path)
        if match:
            return _("The address contains the control character U+%(code)04X.") % {"code": ord(match.group())}, None
        refusal = _field_refusal(request.GET, _("Parameter '%(name)s' contains the control character U+%(code)04X."))
        if refusal is not None:
            return refusal
        for key, value in request.META.items():
            if (key.startswith("HTTP_") or key == "CONTENT_TYPE") and isinstance(value, str):
                match = HEADER_FORBIDDEN.search(value)
                if match:
                    message = _("The header %(name)s contains the control character U+%(code)04X.")
                    return message % {"name": _header_name(key), "code": ord(match.group())}, None
        if request.method == "POST" and not wants_json(request) and request.content_type in FORM_TYPES:
            return self.form_refusal(request)
        return None

    def form_refusal(self, request):
        try:
            fields = request.POST
        except MultiPartParserError:
            return None  # the view answers for a body it cannot read
        return _field_refusal(fields, _("The field '%(name)s' contains the control character U+%(code)04X."))


# Paths whose clients are programs: they choose a language with Accept-Language
# (the site's own scripts send the page's language, static/js/websig.js).
PROGRAM_PATH_PREFIXES = ("/api/", "/ogc/")
# ... except the pages for people among them.
PAGES_UNDER_THE_API = ("/api/docs/",)


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Bahasa Indonesia until the user chooses English with the language
    switcher (the django_language cookie set by /i18n/setlang/).

    Django's LocaleMiddleware follows the browser's Accept-Language, so a
    planner whose browser happens to be set to English got English pages without
    asking. Pages ignore the header; the API and OGC endpoints still honour it,
    after the cookie, because a program sets it on purpose.
    """

    def process_request(self, request):
        if request.path.startswith(PROGRAM_PATH_PREFIXES) and not request.path.startswith(PAGES_UNDER_THE_API):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
