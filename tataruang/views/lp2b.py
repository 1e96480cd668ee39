"""The LP2B indicators (/lp2b/...) and "Persentase Pelaksanaan Sinkronisasi RDTR"
(/sinkronisasi-rdtr/); areas in hectares, computed by tataruang.indicators."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from core import geojson, openapi
from core.api import BadParameter
from core.params import parse_int

from .. import indicators


class Lp2bAreas(APIView):
    """LP2B/LCP2B/KP2B area (ha) per kecamatan (or ?level=desa)."""

    @extend_schema(
        parameters=[openapi.query("level", {"type": "string", "enum": ["kecamatan", "desa"], "example": "desa"})],
        responses={200: openapi.OBJECT},
    )
    def get(self, request):
        level = request.query_params.get("level", "kecamatan")
        if level not in ("kecamatan", "desa"):
            raise BadParameter("level", _("'level' must be kecamatan or desa."))
        data = indicators.lp2b_areas(level)
        if data is None:
            raise NotFound(_("No LP2B layer has been published yet."))
        return Response(data)


class Lp2bConversion(APIView):
    """LP2B under non-agricultural land use (per year) and non-agricultural zoning."""

    @extend_schema(responses={200: openapi.OBJECT})
    def get(self, request):
        data = indicators.lp2b_conversion()
        if data is None:
            raise NotFound(_("No LP2B layer has been published yet."))
        return Response(data)


class RdtrSync(APIView):
    """ "Persentase Pelaksanaan Sinkronisasi RDTR" per year beside the targets."""

    @extend_schema(responses={200: openapi.OBJECT})
    def get(self, request):
        return Response(indicators.rdtr_sync())


class Lp2bConversionPieces(APIView):
    """The alih-fungsi worklist: LP2B under non-agricultural use, largest first (GeoJSON; ?tahun=)."""

    renderer_classes = geojson.RENDERERS

    @extend_schema(
        parameters=[openapi.TAHUN], responses={(200, geojson.GEOJSON_CONTENT_TYPE): openapi.FEATURE_COLLECTION}
    )
    def get(self, request):
        year = parse_int(request.query_params, "tahun", None, 1900, 2200)
        found = indicators.conversion_pieces_page(year)
        if found is None:
            raise NotFound(_("No LP2B layer or land-use layer for that year."))
        members, page = found
        return Response(geojson.GeoJSONText(page.collection(**members)), content_type=geojson.GEOJSON_CONTENT_TYPE)
