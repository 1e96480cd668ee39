"""A deterministic hostile-input sweep: no input makes the server answer 5xx (issue 12).

Every operation of /api/schema/ is called anonymously, with a Dinkes operator's
token and with a DTRB planner's token: each path parameter replaced by each
hostile value (tests/webgis/hostile.py), each declared query parameter set to
them, the common undeclared ones all at once (each alone after a 5xx), and for
writes a real body, each of its members made hostile in turn, and about twenty
hostile bodies with ``If-Match: ²`` (and, for feature writes, with the current
revision, so the body is read); after the writes to a layer, every download
format of it. A few operations get hostile headers. Every site page is then
fetched (anonymous, operator, planner; the admin's changelists as the
superuser) with hostile query parameters. The world of tests/webgis/hostile.py
gives the views real rows to reach.

On failure the requests that answered 5xx are listed in
test-artifacts/hostile-api.txt and hostile-pages.txt and the test fails with a
count per operation and class of input.
"""

import collections
import json
import logging
import re
import time
import traceback
import urllib.parse
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from rest_framework.throttling import SimpleRateThrottle

from layers.serializers import DOWNLOAD_FORMATS

from .hostile import (
    BODIES,
    COMMON_PARAMS,
    FIELD_CLASSES,
    HOSTILE,
    KELAPA_DUA_LAT,
    KELAPA_DUA_LON,
    PAGE_PARAMS,
    PAGE_SINGLE_CLASSES,
    World,
    multipart_bodies,
)

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
WRITE_METHODS = {"post", "put", "patch", "delete"}
# Declared parameters given a real value while another one is hostile, so the
# view gets past them (a point inside Kelapa Dua).
BASELINE_QUERY = {"lon": str(KELAPA_DUA_LON), "lat": str(KELAPA_DUA_LAT), "kegiatan": "pabrik"}
# Rendering a PDF takes a while: undeclared parameters go there without a valid point.
HEAVY_SUFFIXES = ("/pdf/",)
# Site pages the page sweep leaves to others: the API (swept above), logout
# (it would end the session of the next requests) and the language switch.
PAGE_PREFIXES_SKIPPED = ("api/", "keluar/", "admin/logout/", "i18n/")


class Sweep:
    """Sends requests, counts them and keeps those answered with a 5xx."""

    def __init__(self):
        self.sent = 0
        self.failures = []
        self.seconds = collections.Counter()
        self.succeeded = collections.Counter()
        self.aborted = 0

    def send(self, client, identity, method, path, query=None, body=None, headers=None, label=("", "")):
        """One request in its own savepoint: the test runs in one transaction, and
        a request whose database error left it aborted must not abort the rest
        (in production each request has its own). Its writes are kept otherwise."""
        try:
            with transaction.atomic():
                return self._send(client, identity, method, path, query, body, headers, label)
        except DatabaseError:
            self.aborted += 1

    def _send(self, client, identity, method, path, query, body, headers, label):
        url = path + ("?" + urllib.parse.urlencode(query, doseq=True) if query else "")
        if headers:
            headers = {name: _as_wsgi_header(value) for name, value in headers.items()}
        started = time.monotonic()
        if isinstance(body, dict):
            response = client.generic(method.upper(), url, **_multipart(client, body), headers=headers)
        elif body is not None:
            content_type, data = body
            response = client.generic(method.upper(), url, data, content_type=content_type, headers=headers)
        else:
            response = client.generic(method.upper(), url, headers=headers)
        self.sent += 1
        self.seconds[label[0]] += time.monotonic() - started
        self.succeeded[label[0]] += response.status_code < 400
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            reason = _reason(exc) if exc else response.content[:160]
            self.failures.append((label, identity, response.status_code, method.upper(), url[:300], reason))
        if response.streaming:
            # Read to the end: the test client's wrapper then closes the file
            # (response.close() here would also close the test's database connection).
            for _chunk in response.streaming_content:
                pass
        return response

    def send_all(self, client, identity, method, path, names, value, base=None, headers=None, label=("", "")):
        """Every parameter of ``names`` set to ``value`` in one request; after a 5xx each
        one alone, so the list names the parameter that failed."""
        before = len(self.failures)
        query = {**(base or {}), **dict.fromkeys(names, value)}
        self.send(client, identity, method, path, query, headers=headers, label=(label[0], label[1] + " (all)"))
        if len(self.failures) > before:
            for name in names:
                self.send(client, identity, method, path, {**(base or {}), name: value}, headers=headers, label=label)

    def report(self, name):
        ARTIFACTS.mkdir(exist_ok=True)
        lines = [
            f"{status} {method} {url!r} [{identity}] {label[0]} / {label[1]}: {reason!r}"
            for label, identity, status, method, url, reason in self.failures
        ]
        (ARTIFACTS / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        counts = collections.Counter(label for label, *_rest in self.failures)
        return "\n".join(f"  {n:5d}  {op}  [{kind}]" for (op, kind), n in sorted(counts.items()))


def _as_wsgi_header(value):
    """A header value as a WSGI server hands it over (PEP 3333: the bytes read as
    latin-1): "²" is sent as its latin-1 byte 0xB2 (then "²" again, which
    str.isdigit() takes), text outside latin-1 as its UTF-8 bytes."""
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8").decode("latin-1")
    return value


def _reason(exc_info):
    """The exception and the innermost frame of the project's code that raised it."""
    base = str(settings.BASE_DIR)
    frames = [
        f for f in traceback.extract_tb(exc_info[2]) if f.filename.startswith(base) and "/.venv/" not in f.filename
    ]
    where = f" at {Path(frames[-1].filename).relative_to(settings.BASE_DIR)}:{frames[-1].lineno}" if frames else ""
    return f"{exc_info[0].__name__}: {str(exc_info[1])[:160]}{where}"


def _multipart(client, data):
    for value in data.values():
        if hasattr(value, "seek"):
            value.seek(0)
    return {"data": encode_multipart(BOUNDARY, data), "content_type": MULTIPART_CONTENT}


def _clients(world, users):
    clients = {"anonymous": Client(HTTP_ACCEPT_LANGUAGE="id", raise_request_exception=False)}
    for identity, role in (("operator", "dinkes"), ("planner", "dtrb")):
        clients[identity] = Client(
            HTTP_ACCEPT_LANGUAGE="id",
            HTTP_AUTHORIZATION=f"Token {world.keys[role]}",
            raise_request_exception=False,
        )
    return clients


def _fill(template, values):
    path = template
    for name, value in values.items():
        path = path.replace("{" + name + "}", urllib.parse.quote(value, safe=""))
    return path


def sweep_operation(sweep, world, client, identity, template, method, operation):
    declared = [p for p in operation.get("parameters", []) if p["in"] == "query"]
    path_names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
    op = f"{method.upper()} {template}"
    real = {name: world.path_value(template, name) for name in path_names}
    baseline = {p["name"]: BASELINE_QUERY[p["name"]] for p in declared if p["name"] in BASELINE_QUERY}
    writes = method in WRITE_METHODS
    hostile_match = {"If-Match": HOSTILE["superscript-digit"]} if writes else None
    feature_write = "/features/{id}/" in template and method != "delete"
    real_body = world.real_body(template, method) if writes else None
    # A DELETE with a real revision would delete the sample feature: only its hostile variants are sent.
    if method != "delete":
        body = ("application/json", json.dumps(real_body).encode()) if real_body is not None else None
        headers = {"If-Match": world.revision()} if feature_write else None
        sweep.send(client, identity, method, _fill(template, real), baseline, body, headers, label=(op, "real"))
    for name in path_names:
        for kind, value in HOSTILE.items():
            path = _fill(template, {**real, name: value})
            sweep.send(client, identity, method, path, baseline, headers=hostile_match, label=(op, f"path {kind}"))
    path = _fill(template, real)
    declared_names = [p["name"] for p in declared]
    for name in declared_names:
        for kind, value in HOSTILE.items():
            query = {**baseline, name: value}
            sweep.send(client, identity, method, path, query, headers=hostile_match, label=(op, f"query {kind}"))
    undeclared = [name for name in COMMON_PARAMS if name not in declared_names]
    undeclared_base = {} if template.endswith(HEAVY_SUFFIXES) else baseline
    for kind, value in HOSTILE.items():
        sweep.send_all(
            client, identity, method, path, undeclared, value, undeclared_base, hostile_match, (op, f"query {kind}")
        )
    if not writes:
        return
    content = operation.get("requestBody", {}).get("content", {})
    if content and "application/json" not in content:
        for kind, data in multipart_bodies(template):
            sweep.send(client, identity, method, path, body=data, headers=hostile_match, label=(op, f"form {kind}"))
        return
    bodies = BODIES if content or method == "delete" else BODIES[:3]
    for name in real_body or {}:
        for kind in FIELD_CLASSES:
            body = ("application/json", json.dumps({**real_body, name: HOSTILE[kind]}).encode())
            headers = {"If-Match": world.revision()} if feature_write else None
            sweep.send(client, identity, method, path, body=body, headers=headers, label=(op, f"member {kind}"))
    for kind, content_type, data in bodies:
        body = (content_type, data)
        sweep.send(client, identity, method, path, body=body, headers=hostile_match, label=(op, f"body {kind}"))
        if feature_write:
            match = {"If-Match": world.revision()}
            sweep.send(client, identity, method, path, body=body, headers=match, label=(op, f"body {kind}"))


# Operations whose headers are made hostile one at a time (a read, a feature write, a public write).
HEADER_TARGETS = [
    ("get", "/api/layers/{slug}/features/"),
    ("patch", "/api/layers/{slug}/features/{id}/"),
    ("post", "/api/tataruang/kkpr/"),
]
# Authorization last: its invalid tokens may lock the address out of the token requests after them.
HOSTILE_HEADERS = ["Accept-Language", "If-Match", "X-Websig-Source", "Content-Type", "Authorization"]


def sweep_headers(sweep, world, clients):
    for method, template in HEADER_TARGETS:
        forget_failures()  # the invalid tokens of the last target count against the address (see sweep_throttles)
        op = f"{method.upper()} {template}"
        path = _fill(template, {name: world.path_value(template, name) for name in re.findall(r"{(\w+)}", template)})
        real_body = world.real_body(template, method)
        body = ("application/json", json.dumps(real_body).encode()) if real_body is not None else None
        for header in HOSTILE_HEADERS:
            identity = "anonymous" if header == "Authorization" else "operator"
            for kind, value in HOSTILE.items():
                headers = {header: f"Token {value}" if header == "Authorization" else value}
                if header != "If-Match" and "/features/{id}/" in template:
                    headers["If-Match"] = world.revision()
                sweep.send(clients[identity], identity, method, path, None, body, headers, (op, f"header {kind}"))


def forget_failures():
    """Forget the counted failures (throttles, invalid tokens, failed logins): kept in the
    cache, and by django-axes in its tables where it is installed."""
    cache.clear()
    if apps.is_installed("axes"):
        from axes.utils import reset

        reset()


# Whether the rate throttles let every request through (see quiet_and_unthrottled).
THROTTLES = {"off": True}
THROTTLE_REQUESTS = 40


def sweep_throttles(sweep, world, clients):
    """The throttles on: enough anonymous KKPR checks, PDFs and downloads to be
    refused, and enough invalid tokens to lock the address out; a refusal is a 4xx, never a 5xx."""
    THROTTLES["off"] = False
    forget_failures()
    point = {"lon": str(KELAPA_DUA_LON), "lat": str(KELAPA_DUA_LAT), "kegiatan": "pabrik"}
    kkpr_body = ("application/json", json.dumps(world.real_body("/api/tataruang/kkpr/", "post")).encode())
    download = f"/api/layers/{world.layer.slug}/download/geojson/"
    for _ in range(THROTTLE_REQUESTS):
        anonymous = clients["anonymous"]
        sweep.send(anonymous, "anonymous", "get", "/api/tataruang/kkpr/", point, label=("throttles", "kkpr"))
        sweep.send(anonymous, "anonymous", "post", "/api/tataruang/kkpr/", body=kkpr_body, label=("throttles", "kkpr"))
        sweep.send(anonymous, "anonymous", "get", "/api/tataruang/kkpr/pdf/", point, label=("throttles", "pdf"))
        sweep.send(anonymous, "anonymous", "get", download, label=("throttles", "download"))
    # Invalid tokens lock the address out (akun.authentication): then a valid token too is refused.
    for kind in [*HOSTILE, *HOSTILE, *HOSTILE]:
        headers = {"Authorization": f"Token {HOSTILE[kind]}"}
        sweep.send(
            clients["anonymous"], "anonymous", "get", "/api/layers/", headers=headers, label=("throttles", "bad tokens")
        )
    for identity in ("operator", "planner"):
        sweep.send(clients[identity], identity, "get", "/api/layers/", label=("throttles", "token after lockout"))
    THROTTLES["off"] = True
    forget_failures()


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and isinstance(pattern.pattern, RoutePattern):
            yield route


def _page_path(route, kwargs):
    path = route
    for converter in ("slug:", "int:", "str:", "path:", "uuid:", ""):
        for name, value in kwargs.items():
            path = path.replace(f"<{converter}{name}>", str(value))
    return "/" + path


FORM = re.compile(r"<form[^>]*method=\"post\"", re.IGNORECASE)
FIELD = re.compile(r"<(?:input|select|textarea)[^>]*\bname=\"([^\"]+)\"", re.IGNORECASE)


def _form_fields(response):
    """The names of the fields of the page's POST forms (none for a page without one)."""
    if response is None or response.streaming or "html" not in response.get("Content-Type", ""):
        return []
    html = response.content.decode("utf-8", "replace")
    if not FORM.search(html):
        return []
    return sorted(set(FIELD.findall(html)) - {"csrfmiddlewaretoken"})


def sweep_page(sweep, client, identity, path, params):
    label = path
    page = sweep.send(client, identity, "get", path, label=(label, "real"))
    fields = _form_fields(page)
    for kind, value in HOSTILE.items():
        if fields:
            # Every field of the page's forms hostile at once; after a 5xx each alone.
            data = ("application/x-www-form-urlencoded", urllib.parse.urlencode(dict.fromkeys(fields, value)).encode())
            before = len(sweep.failures)
            sweep.send(client, identity, "post", path, body=data, label=(label, f"form {kind} (all)"))
            if len(sweep.failures) > before:
                for name in fields:
                    data = ("application/x-www-form-urlencoded", urllib.parse.urlencode({name: value}).encode())
                    sweep.send(client, identity, "post", path, body=data, label=(label, f"form {kind}"))
        sweep.send_all(client, identity, "get", path, params, value, label=(label, f"query {kind}"))
    for name in params:
        for kind in PAGE_SINGLE_CLASSES:
            sweep.send(client, identity, "get", path, {name: HOSTILE[kind]}, label=(label, f"query {kind}"))


def sweep_admin(sweep, client, routes):
    """The admin's changelists (search, ordering, paging, filters) and change pages with hostile ids."""
    for route in routes:
        if route.count("/") == 3 and not route.endswith("/add/"):
            path = "/" + route
            for kind, value in HOSTILE.items():
                query = {"q": value, "o": value, "p": value, "e": value, "_changelist_filters": value}
                sweep.send(client, "admin", "get", path, query, label=(path, f"changelist {kind}"))
                sweep.send(
                    client,
                    "admin",
                    "get",
                    f"{path}{urllib.parse.quote(value, safe='')}/change/",
                    label=(path, f"object id {kind}"),
                )


@pytest.fixture
def world(users, opd, tmp_path):
    return World(users, opd, tmp_path)


@pytest.fixture
def quiet_and_unthrottled(monkeypatch):
    """Thousands of 4xx would each log a warning; the rate throttles would answer 429 long before the
    sweep ends (they are switched on again for ``sweep_throttles``); the cache (this test's Redis
    database) holds counters of earlier runs."""
    original = SimpleRateThrottle.allow_request
    monkeypatch.setattr(
        SimpleRateThrottle,
        "allow_request",
        lambda self, request, view: THROTTLES["off"] or original(self, request, view),
    )
    forget_failures()
    # A level, not ``disabled``: django.security.DisallowedRedirect and the like log through children.
    loggers = {name: logging.getLogger(name) for name in ("django.request", "django.security")}
    levels = {name: logger.level for name, logger in loggers.items()}
    for logger in loggers.values():
        logger.setLevel(logging.CRITICAL + 1)
    yield
    forget_failures()
    for name, logger in loggers.items():
        logger.setLevel(levels[name])


def test_no_hostile_input_answers_5xx(world, users, quiet_and_unthrottled):
    started = time.monotonic()
    clients = _clients(world, users)
    schema = clients["anonymous"].get("/api/schema/", {"format": "json"}).json()
    api = Sweep()
    for template, operations in schema["paths"].items():
        names = re.findall(r"{(\w+)}", template)
        path = _fill(template, {name: world.path_value(template, name) for name in names})
        for identity, client in clients.items():  # DRF answers OPTIONS with metadata built from the view
            api.send(client, identity, "options", path, label=(f"OPTIONS {template}", "real"))
        for method, operation in operations.items():
            if method not in {"get", *WRITE_METHODS}:
                continue
            for identity, client in clients.items():
                sweep_operation(api, world, client, identity, template, method, operation)
            if method in WRITE_METHODS and template.startswith("/api/layers/{slug}/"):
                # What the writes stored must still be downloadable (a stored number once broke four of five formats).
                for fmt in DOWNLOAD_FORMATS:
                    path = f"/api/layers/{world.layer.slug}/download/{fmt}/"
                    op = f"{method.upper()} {template}"
                    api.send(clients["anonymous"], "anonymous", "get", path, label=(op, f"download {fmt} after"))
    sweep_headers(api, world, clients)
    forget_failures()  # the header sweep's invalid tokens would lock the address out of the next requests
    sweep_throttles(api, world, clients)
    api_seconds = time.monotonic() - started

    routes = list(_routes(get_resolver().url_patterns))
    pages = Sweep()
    page_clients = {"anonymous": Client(HTTP_ACCEPT_LANGUAGE="id", raise_request_exception=False)}
    for identity, role in (("operator", "dinkes"), ("planner", "dtrb")):
        page_clients[identity] = Client(HTTP_ACCEPT_LANGUAGE="id", raise_request_exception=False)
        page_clients[identity].force_login(users[role])
    for route in routes:
        if route.startswith(PAGE_PREFIXES_SKIPPED) or (route.startswith("admin/") and route != "admin/login/"):
            continue
        path = _page_path(route, world.page_kwargs(route))
        for identity, client in page_clients.items():
            sweep_page(pages, client, identity, path, PAGE_PARAMS)
    admin = Client(HTTP_ACCEPT_LANGUAGE="id", raise_request_exception=False)
    admin.force_login(users["admin"])
    sweep_admin(pages, admin, [r for r in routes if r.startswith("admin/")])
    total = time.monotonic() - started

    summary = (
        f"API: {api.sent} requests, {len(api.failures)} answered 5xx ({api_seconds:.0f} s); "
        f"pages: {pages.sent} requests, {len(pages.failures)} answered 5xx ({total - api_seconds:.0f} s); "
        f"{api.aborted + pages.aborted} left their transaction aborted"
    )
    print(summary)
    for name, seconds in (api.seconds + pages.seconds).most_common(10):
        print(f"{seconds:6.1f} s  {name}")
    # An operation no request got through is not reaching its real logic: say so.
    print(
        "never below 400:",
        sorted(name for name in api.seconds | pages.seconds if not (api.succeeded + pages.succeeded)[name]),
    )
    failed = []
    if api.failures:
        failed.append(f"API (test-artifacts/hostile-api.txt):\n{api.report('hostile-api.txt')}")
    if pages.failures:
        failed.append(f"pages (test-artifacts/hostile-pages.txt):\n{pages.report('hostile-pages.txt')}")
    assert not failed, summary + "\n" + "\n".join(failed)
