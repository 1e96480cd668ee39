"""The OpenAPI schema (/api/schema/) is valid, complete and says enough (formats,
examples) for a client or a fuzzer to reach the real logic."""

import re

import pytest
import yaml
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

NOT_IN_SCHEMA = {"/api/schema/", "/api/docs/"}
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema(tmp_path_factory, django_db_blocker):
    # --fail-on-warn: a warning (an unresolved type, an operationId collision) fails the test.
    out = tmp_path_factory.mktemp("schema") / "schema.yaml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    return yaml.safe_load(out.read_text())


def _api_paths(patterns=None, prefix=""):
    """Every URL under /api/ in OpenAPI form (``<int:pk>`` -> ``{id}``, as drf-spectacular writes it)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _api_paths(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.startswith("api/"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "{%s}" % ("id" if m[1] == "pk" else m[1]), route)
            yield "/" + path


def test_schema_validates_without_warnings(schema):
    assert schema["openapi"].startswith("3.")
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_every_api_url_is_in_the_schema(schema):
    missing = set(_api_paths()) - NOT_IN_SCHEMA - set(schema["paths"])
    assert not missing


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_every_parameter_has_a_typed_example(schema):
    lacking = [
        (path, method, p["name"])
        for path, method, operation in _operations(schema)
        for p in operation.get("parameters", [])
        if "example" not in p.get("schema", {}) or "type" not in p["schema"]
    ]
    assert not lacking


def test_every_request_body_is_typed_with_an_example(schema):
    components = schema["components"]["schemas"]
    lacking = []
    for path, method, operation in _operations(schema):
        content = operation.get("requestBody", {}).get("content", {})
        if not content:
            continue
        if not any("example" in c.get("schema", {}) or c.get("examples") for c in content.values()):
            lacking.append((path, method))
        for media in content.values():
            body = media["schema"]
            if "$ref" in body:
                body = components[body["$ref"].rsplit("/", 1)[1]]
            assert body.get("type") == "object" and body.get("properties"), (path, method)
    assert not lacking


def test_shared_parameters_carry_formats_and_enums(schema):
    features = {p["name"]: p["schema"] for p in schema["paths"]["/api/layers/{slug}/features/"]["get"]["parameters"]}
    assert features["limit"]["maximum"] == 10_000 and features["limit"]["minimum"] == 1
    assert features["kecamatan"]["example"] == "36.03.28"
    assert re.match(features["desa"]["pattern"], features["desa"]["example"])
    layers = {p["name"]: p["schema"] for p in schema["paths"]["/api/layers/"]["get"]["parameters"]}
    assert "tata_ruang" in layers["theme"]["enum"]
    download = schema["paths"]["/api/layers/{slug}/download/{fmt}/"]["get"]["parameters"]
    formats = next(p for p in download if p["name"] == "fmt")["schema"]["enum"]
    assert set(formats) == {"geojson", "shp", "gpkg", "csv", "kml"}
    bulk = schema["paths"]["/api/layers/{slug}/features/bulk/"]["post"]["requestBody"]["content"]["application/json"]
    assert bulk["schema"]["properties"]["delete"]["items"]["required"] == ["id", "version"]
