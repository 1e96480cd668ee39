"""Satu Data endpoints: the indicator tables (CSV, JSON) and their data
dictionary, the DCAT catalogue and ISO 19139 metadata per layer. Thin views:
parse, call records / dcat / iso19139, answer."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core import indicators, openapi
from layers.views.layers import get_layer, shown_version

from . import dcat, iso19139, records
from .renderers import CsvRenderer, JsonErrorsMixin, JsonLdRenderer, XmlRenderer

LEVEL = openapi.query(
    "level",
    {"type": "string", "enum": list(indicators.LEVELS), "example": "kecamatan"},
    "Level of the areas (default: every level)",
)
KODE = openapi.query(
    "kode",
    {"type": "string", "pattern": r"^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$", "example": "36.03.28"},
    "Kemendagri code of one area (kabupaten 36.03, a kecamatan or a desa)",
)
PERIODE = openapi.query(
    "periode",
    {"type": "integer", "minimum": records.YEAR_MIN, "maximum": records.YEAR_MAX, "example": 2025},
    "Year",
)
INDIKATOR = openapi.query(
    "indikator", {"type": "string", "example": "kesesuaian-rtrw", "maxLength": 80}, "Code of one indicator"
)
TABLE_PARAMETERS = [LEVEL, KODE, PERIODE, INDIKATOR]
ROW_SCHEMA = {
    "type": "object",
    # Each column's description is in /satu-data/kamus-data.json (in the request's language).
    "properties": {c.nama: {"type": c.tipe, "nullable": True} for c in records.COLUMNS},
}
TABLE_SCHEMA = {
    "type": "object",
    "properties": {
        "judul": {"type": "string"},
        "kamus_data": {"type": "string", "format": "uri"},
        "jumlah": {"type": "integer"},
        "kolom": {"type": "array", "items": {"type": "string"}},
        "data": {"type": "array", "items": ROW_SCHEMA},
    },
}


def _table_title():
    return _("Spatial indicators of Kabupaten Tangerang (WebSIG Tata Ruang)")


@extend_schema(parameters=TABLE_PARAMETERS, responses={(200, "text/csv"): bytes, 400: openapi.OBJECT})
class IndicatorCsv(JsonErrorsMixin, APIView):
    """Every stored value of every registered indicator as CSV (UTF-8, comma,
    decimal dot), one row per indicator, area and year; columns in /satu-data/kamus-data.json."""

    renderer_classes = [CsvRenderer]

    def get(self, request):
        table = records.rows(records.parse_query(request.query_params))
        response = HttpResponse(records.as_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="indikator-spasial-kabupaten-tangerang.csv"'
        return response


@extend_schema(parameters=TABLE_PARAMETERS, responses={200: TABLE_SCHEMA, 400: openapi.OBJECT})
class IndicatorJson(JsonErrorsMixin, APIView):
    """The rows of /satu-data/indikator.csv as JSON, with the table's title and its data dictionary's address."""

    renderer_classes = [JSONRenderer]

    def get(self, request):
        table = records.rows(records.parse_query(request.query_params))
        return Response(
            {
                "judul": _table_title(),
                "kamus_data": request.build_absolute_uri(reverse("satudata:kamus-data")),
                "jumlah": len(table),
                "kolom": records.NAMES,
                "data": table,
            }
        )


@extend_schema(responses={200: openapi.OBJECT})
class DataDictionary(JsonErrorsMixin, APIView):
    """The data dictionary of the indicator tables (each column's name, type,
    description and example) and the metadata of every registered indicator."""

    renderer_classes = [JSONRenderer]

    def get(self, request):
        names = records.producers()
        return Response(
            {
                "judul": _table_title(),
                "standar": "Satu Data Indonesia (Perpres 39/2019)",
                "format": {
                    "csv": request.build_absolute_uri(reverse("satudata:indikator-csv")),
                    "json": request.build_absolute_uri(reverse("satudata:indikator-json")),
                },
                "kolom": [c.as_dict() for c in records.COLUMNS],
                "indikator": [records.indicator_metadata(i, names) for i in indicators.indicators()],
            }
        )


@extend_schema(responses={(200, "application/ld+json"): openapi.OBJECT})
class DcatCatalogue(JsonErrorsMixin, APIView):
    """DCAT (DCAT-AP style) JSON-LD catalogue of every published layer and every
    registered indicator, with their download URLs and formats, for CKAN's
    DCAT harvester (ckanext-dcat) and the Satu Data portal."""

    renderer_classes = [JsonLdRenderer]

    def get(self, request):
        return Response(dcat.catalogue(request.build_absolute_uri))


@extend_schema(
    parameters=[openapi.VERSION],
    responses={(200, "application/xml"): bytes, 404: OpenApiResponse(openapi.OBJECT)},
)
class LayerIso19139(JsonErrorsMixin, APIView):
    """ISO 19115 metadata of a layer as ISO 19139 XML (pygeometa). Anonymous
    callers: published layers only; the owner and reviewers also see their
    unpublished versions (``?version=n``)."""

    renderer_classes = [XmlRenderer]

    def get(self, request, slug):
        layer = get_layer(request, slug)
        version = shown_version(request, layer)
        text = iso19139.document(layer, version, request.build_absolute_uri)
        response = HttpResponse(text, content_type="application/xml; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{layer.slug}-iso19139.xml"'
        return response
