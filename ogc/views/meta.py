"""Landing page, conformance, the API definition, collections and queryables."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.renderers import JSONOpenAPIRenderer

from core import openapi
from core.collections import all_collections

from .. import documents, encoding
from ..encoding import check_parameters, html_response, json_response, wants_html
from ..openapi import COLLECTION_ID, OGC_DOCUMENT, F
from .base import OgcView


@extend_schema(parameters=[F], responses={200: OGC_DOCUMENT})
class Landing(OgcView):
    """The landing page: links to the API definition, conformance and collections."""

    def get(self, request):
        check_parameters(request, ())
        document = documents.landing(request)
        if wants_html(request):
            return html_response(request, "ogc/landing.html", {"doc": document})
        return json_response(document)


@extend_schema(parameters=[F], responses={200: OGC_DOCUMENT})
class Conformance(OgcView):
    """The conformance classes this server implements."""

    def get(self, request):
        check_parameters(request, ())
        document = documents.conformance_document()
        if wants_html(request):
            return html_response(request, "ogc/conformance.html", {"doc": document})
        return json_response(document)


OPENAPI_TYPE = "application/vnd.oai.openapi+json;version=3.0"


class OpenApiJsonRenderer(JSONOpenAPIRenderer):
    media_type = "application/vnd.oai.openapi+json"


class Api(SpectacularAPIView):
    """The OpenAPI 3 definition of /ogc/: the /ogc/ paths of /api/schema/ (the
    same generator, so both documents always agree)."""

    renderer_classes = [OpenApiJsonRenderer, JSONOpenAPIRenderer]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        check_parameters(request, (), extra=("format", "lang"))
        response = super().get(request, *args, **kwargs)
        schema = response.data
        schema["paths"] = {path: item for path, item in schema["paths"].items() if path.startswith("/ogc/")}
        schema["info"] = {
            **schema.get("info", {}),
            "title": "OGC API - WebSIG Tata Ruang Kabupaten Tangerang",
            "description": "OGC API - Features (Part 1, 2, 3) and OGC API - Tiles (vector) of the WebSIG.",
        }
        # The media type GDAL's OAPIF driver and OGC clients look for, version included.
        response.content_type = OPENAPI_TYPE
        return response


@extend_schema(parameters=[F], responses={200: OGC_DOCUMENT})
class CollectionList(OgcView):
    """The collections the caller may see (anonymous: published data only)."""

    openapi_list = True

    def get(self, request):
        check_parameters(request, ())
        collections = [
            documents.collection_document(request, c, measure_extent=False) for c in all_collections(request.user)
        ]
        document = {"links": encoding.self_links(request, request.path), "collections": collections}
        if wants_html(request):
            return html_response(request, "ogc/collections.html", {"doc": document})
        return json_response(document)


@extend_schema(parameters=[COLLECTION_ID, F], responses={200: OGC_DOCUMENT})
class CollectionDetail(OgcView):
    """One collection: extent, CRS, links to its items, queryables and tiles."""

    def get(self, request, collection_id):
        check_parameters(request, ())
        document = documents.collection_document(request, self.collection(request, collection_id))
        if wants_html(request):
            return html_response(request, "ogc/collection.html", {"doc": document})
        return json_response(document)


@extend_schema(parameters=[COLLECTION_ID, F], responses={(200, encoding.SCHEMA_JSON): openapi.OBJECT})
class Queryables(OgcView):
    """The properties a client may filter on (query parameters and CQL2), as JSON Schema."""

    def get(self, request, collection_id):
        check_parameters(request, ())
        document = documents.queryables_document(request, self.collection(request, collection_id))
        if wants_html(request):
            rows = [
                (name, schema.get("type", ""), schema.get("format", ""), schema.get("title", ""))
                for name, schema in document["properties"].items()
            ]
            context = {"doc": document, "rows": rows, "title": _("Queryables")}
            return html_response(request, "ogc/queryables.html", context)
        return json_response(document, encoding.SCHEMA_JSON)
