"""The indicative KKPR check (/kkpr/, /kkpr/pdf/): what the plan allows at a
point or on a parcel, as JSON or as a printable PDF; not a legal KKPR."""

import json

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core import body, openapi
from core.params import parse_point

from .. import kkpr, kkpr_pdf


def _kkpr_input(request):
    """(geometry, activity code) from ?lon=&lat=&kegiatan= or a JSON body {geometry, kegiatan};
    the geometry in lon/lat (settings.API_SRID)."""
    if request.method == "GET":
        return parse_point(request.query_params), request.query_params.get("kegiatan", "")
    geometry = request.data.get("geometry")
    if not isinstance(geometry, dict):
        raise ValidationError({"detail": _("Send the parcel as a GeoJSON Polygon in 'geometry'.")})
    try:
        geom = GEOSGeometry(json.dumps(geometry), srid=settings.API_SRID)
    except Exception as exc:  # GEOS, GDAL and json each raise their own error types here
        raise ValidationError({"detail": _("The parcel geometry cannot be read.")}) from exc
    if geom.geom_type not in ("Point", "Polygon", "MultiPolygon"):
        raise ValidationError({"detail": _("The parcel must be a Polygon (or a Point).")})
    return geom, body.text(request.data.get("kegiatan"), "kegiatan", 50)


POINT_PARAMETERS = [
    openapi.query("lon", openapi.LON.type, "Longitude (WGS 84)", required=True),
    openapi.query("lat", openapi.LAT.type, "Latitude (WGS 84)", required=True),
    openapi.KEGIATAN,
]


class KkprCheck(APIView):
    """Indicative KKPR check of a point (GET) or a parcel polygon (POST); not a legal KKPR."""

    @extend_schema(parameters=POINT_PARAMETERS, responses={200: openapi.OBJECT})
    def get(self, request):
        return Response(kkpr.check(*_kkpr_input(request)))

    @extend_schema(request=openapi.json_body(openapi.KKPR), responses={200: openapi.OBJECT})
    def post(self, request):
        return Response(kkpr.check(*_kkpr_input(request)))


class KkprPdf(KkprCheck):
    """The same check as a printable PDF."""

    def _pdf(self, request):
        response = HttpResponse(kkpr_pdf.render(kkpr.check(*_kkpr_input(request))), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="cek-kesesuaian-ruang-indikatif.pdf"'
        return response

    @extend_schema(parameters=POINT_PARAMETERS, responses={(200, "application/pdf"): bytes})
    def get(self, request):
        return self._pdf(request)

    @extend_schema(request=openapi.json_body(openapi.KKPR), responses={(200, "application/pdf"): bytes})
    def post(self, request):
        return self._pdf(request)
