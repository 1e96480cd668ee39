"""Encodings of OGC API answers: JSON (GeoJSON for features) or HTML, chosen
by ``f`` (json, html) or else by the Accept header; links; the query
parameters each resource accepts (any other answers 400, as Part 1 asks)."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.api import BadParameter

JSON = "application/json"
GEOJSON = "application/geo+json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
SCHEMA_JSON = "application/schema+json"
MVT = "application/vnd.mapbox-vector-tile"
FORMATS = ("json", "html")


def wants_html(request):
    """``f=html``, or no ``f`` and a browser's Accept (text/html before any JSON)."""
    f = request.GET.get("f")
    if f is not None:
        if f not in FORMATS:
            raise BadParameter("f", _("Parameter 'f' must be one of: %(choices)s.") % {"choices": ", ".join(FORMATS)})
        return f == "html"
    accept = request.META.get("HTTP_ACCEPT", "")
    html = accept.find(HTML)
    if html < 0:
        return False
    others = [accept.find(t) for t in (JSON, GEOJSON, "application/schema+json", "application/vnd.oai") if t in accept]
    return not others or html < min(others)


def check_parameters(request, allowed, extra=()):
    """A 400 naming the first query parameter this resource does not know."""
    known = {"f", *allowed, *extra}
    for name in request.GET:
        if name not in known:
            raise BadParameter(
                name,
                _("Unknown parameter '%(name)s'. This resource accepts: %(known)s.")
                % {"name": name, "known": ", ".join(sorted(known))},
            )


def url(request, path, **query):
    from urllib.parse import urlencode

    text = request.build_absolute_uri(path)
    query = {k: v for k, v in query.items() if v is not None}
    return f"{text}?{urlencode(query)}" if query else text


def link(href, rel, type_, title=""):
    entry = {"href": href, "rel": rel, "type": type_}
    if title:
        entry["title"] = str(title)
    return entry


def self_links(request, path, json_type=JSON, html=True, **query):
    """``self`` (the encoding asked for) and ``alternate`` (the other) links of a resource."""
    as_html = html and wants_html(request)
    json_link = link(
        url(request, path, f="json", **query), "alternate" if as_html else "self", json_type, _("This document as JSON")
    )
    links = [json_link]
    if html:
        links.append(
            link(
                url(request, path, f="html", **query),
                "self" if as_html else "alternate",
                HTML,
                _("This document as HTML"),
            )
        )
    return links


def json_response(document, content_type=JSON, status=200, headers=None):
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    response = HttpResponse(text, content_type=content_type, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def html_response(request, template, context):
    return render(request, template, context)
