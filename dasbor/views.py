"""/api/indikator/: the stored values of every registered indicator (core.indicators)
by level, area and period, as JSON, CSV or XLSX; /api/indikator/definisi/: the indicators."""

import re

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core import indicators, openapi
from core.api import BadParameter
from core.params import whole_number
from wilayah.levels import KODE_LENGTH, WILAYAH_OF_LEVEL

from . import rows as export

FORMATS = ("json", "csv", "xlsx")
KODE = re.compile(r"\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?")
PERIODE_RANGE = (1900, 2100)

LEVEL = openapi.query(
    "level",
    {"type": "string", "enum": list(indicators.LEVELS), "default": "kabupaten", "example": "kecamatan"},
    "Level of the areas: kabupaten, kecamatan or desa",
)
KODE_PARAM = openapi.query(
    "kode",
    {"type": "string", "example": "36.03.28", "pattern": r"^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$"},
    "Kemendagri code of an area at the level, or of the area holding them (a kecamatan at level desa)",
)
PERIODE = openapi.query("periode", {"type": "integer", "example": 2025, "minimum": 1900, "maximum": 2100}, "Year")
INDIKATOR = openapi.query(
    "indikator", {"type": "string", "example": "luas-lp2b", "maxLength": 60}, "Indicator code (see definisi/)"
)
FORMAT = openapi.query(
    "format", {"type": "string", "enum": list(FORMATS), "default": "json", "example": "csv"}, "json, csv or xlsx"
)


class JsonOnlyNegotiation(APIView):
    """``?format=`` is this API's own parameter (csv, xlsx answered as files), not
    DRF's renderer override, which would answer 404 for csv."""

    renderer_classes = [JSONRenderer]

    def perform_content_negotiation(self, request, force=False):
        renderer = JSONRenderer()
        return renderer, renderer.media_type


def parse_query(params):
    """(level, kode, periode, indikator, format) from the query, or BadParameter."""
    level = params.get("level") or "kabupaten"
    if level not in indicators.LEVELS:
        raise BadParameter("level", _("Parameter 'level' must be kabupaten, kecamatan or desa."))
    kode = params.get("kode") or None
    if kode is not None:
        check_kode(kode, level)
    periode = params.get("periode") or None
    if periode is not None:
        year = whole_number(periode, *PERIODE_RANGE)
        if year is None:
            raise BadParameter("periode", _("Parameter 'periode' must be a year from 1900 to 2100."))
        periode = str(year)
    indikator = params.get("indikator") or None
    if indikator is not None and indicators.provider(indikator) is None:
        known = ", ".join(i.kode for i in indicators.indicators())
        raise BadParameter(
            "indikator", _("Unknown indicator '%(kode)s'; known: %(known)s.") % {"kode": indikator, "known": known}
        )
    fmt = params.get("format") or "json"
    if fmt not in FORMATS:
        raise BadParameter("format", _("Parameter 'format' must be json, csv or xlsx."))
    return level, kode, periode, indikator, fmt


def check_kode(kode, level):
    """``kode`` is the code of a known area at ``level`` or holding areas of that level."""
    if not KODE.fullmatch(kode):
        raise BadParameter("kode", _("Parameter 'kode' must be a Kemendagri area code such as 36.03.28."))
    own = next(name for name, length in KODE_LENGTH.items() if length == len(kode))
    if indicators.LEVELS.index(own) > indicators.LEVELS.index(level):
        raise BadParameter(
            "kode", _("Parameter 'kode' names a %(own)s, below the level %(level)s.") % {"own": own, "level": level}
        )
    if not WILAYAH_OF_LEVEL[own].objects.filter(kode=kode).exists():
        raise NotFound(_("No area with the code %(kode)s.") % {"kode": kode})


class IndicatorValues(JsonOnlyNegotiation):
    """Stored values of the indicators at one level (default kabupaten), optionally of
    one area (or the areas inside it), one period and one indicator; every row names
    its area, indicator, period, value, unit, target and source run."""

    @extend_schema(
        parameters=[LEVEL, KODE_PARAM, PERIODE, INDIKATOR, FORMAT],
        responses={
            (200, "application/json"): openapi.OBJECT,
            (200, "text/csv"): OpenApiTypes.STR,
            (200, export.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        },
    )
    def get(self, request):
        level, kode, periode, indikator, fmt = parse_query(request.query_params)
        rows = export.indicator_rows(level, kode=kode, periode=periode, indikator=indikator)
        if fmt == "json":
            return Response({"level": level, "jumlah": len(rows), "results": rows})
        name = "-".join(p for p in ("indikator", level, kode, periode, indikator) if p).replace(".", "")
        if fmt == "csv":
            response = HttpResponse(export.as_csv(rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(export.as_xlsx(rows), content_type=export.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response


class IndicatorDefinitions(JsonOnlyNegotiation):
    """The registered indicators: code, name, unit, producing OPD, levels, how each is
    computed, its programme and page, and why it has no values when it has none."""

    @extend_schema(responses={200: openapi.OBJECT})
    def get(self, request):
        items = []
        for item in indicators.indicators():
            items.append({**item.as_dict(), "tanpa_nilai": indicators.provider(item.kode).unavailable_reason()})
        return Response({"jumlah": len(items), "results": items})
