"""The indicative KKPR check (/kkpr/, /kkpr/pdf/): what the plan allows at a
point or on a parcel, as JSON or as a printable PDF; not a legal KKPR."""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from akun.throttling import KkprCheckThrottle, KkprPdfThrottle, WriteRateThrottle
from core import body, openapi
from core.errors import TooLarge
from core.geometry import check_size, read_geojson_geometry
from core.params import BIGINT_MAX, parse_point, whole_number

from .. import kkpr, kkpr_pdf


def _refuse_oversized_body(request):
    """413 for a body over settings.KKPR_MAX_BODY_BYTES, told by its
    Content-Length before it is read: parsing 5 MB of JSON alone takes a second."""
    length = whole_number(request.META.get("CONTENT_LENGTH"), 0, BIGINT_MAX)
    if length is not None and length > settings.KKPR_MAX_BODY_BYTES:
        raise TooLarge(
            _("The parcel is larger than the %(size)s a KKPR check accepts; simplify it first.")
            % {"size": filesizeformat(settings.KKPR_MAX_BODY_BYTES)},
            max_bytes=settings.KKPR_MAX_BODY_BYTES,
        )


def _kkpr_input(request):
    """(geometry, activity code) from ?lon=&lat=&kegiatan= or a JSON body {geometry, kegiatan};
    the geometry in lon/lat (settings.API_SRID)."""
    if request.method == "GET":
        return parse_point(request.query_params), request.query_params.get("kegiatan", "")
    _refuse_oversized_body(request)
    geometry = request.data.get("geometry")
    if not isinstance(geometry, dict):
        raise ValidationError({"detail": _("Send the parcel as a GeoJSON Polygon in 'geometry'.")})
    check_size(geometry, settings.KKPR_MAX_VERTICES, settings.KKPR_MAX_PARTS)
    geom = read_geojson_geometry(geometry)
    if geom.geom_type not in ("Point", "Polygon", "MultiPolygon"):
        raise ValidationError({"detail": _("The parcel must be a Polygon (or a Point).")})
    return geom, body.text(request.data.get("kegiatan"), "kegiatan", 50)


POINT_PARAMETERS = [
    openapi.query("lon", openapi.LON.type, "Longitude (WGS 84)", required=True),
    openapi.query("lat", openapi.LAT.type, "Latitude (WGS 84)", required=True),
    openapi.KEGIATAN,
]


class KkprCheck(APIView):
    """Indicative KKPR check of a point (GET) or a parcel polygon (POST); not a legal KKPR.
    Anonymous callers are limited per address (429 with Retry-After); a parcel has
    at most 10,000 vertices (settings KKPR_MAX_VERTICES)."""

    throttle_classes = [WriteRateThrottle, KkprCheckThrottle]

    @extend_schema(parameters=POINT_PARAMETERS, responses={200: openapi.OBJECT, 429: openapi.OBJECT})
    def get(self, request):
        return Response(kkpr.check(*_kkpr_input(request)))

    @extend_schema(
        request=openapi.json_body(openapi.KKPR),
        responses={200: openapi.OBJECT, 413: openapi.OBJECT, 429: openapi.OBJECT},
    )
    def post(self, request):
        return Response(kkpr.check(*_kkpr_input(request)))


class KkprPdf(KkprCheck):
    """The same check as a printable PDF; anonymous callers are limited per address, more tightly."""

    throttle_classes = [WriteRateThrottle, KkprPdfThrottle]

    def _pdf(self, request):
        response = HttpResponse(kkpr_pdf.render(kkpr.check(*_kkpr_input(request))), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="cek-kesesuaian-ruang-indikatif.pdf"'
        return response

    @extend_schema(parameters=POINT_PARAMETERS, responses={(200, "application/pdf"): bytes, 429: openapi.OBJECT})
    def get(self, request):
        return self._pdf(request)

    @extend_schema(
        request=openapi.json_body(openapi.KKPR),
        responses={(200, "application/pdf"): bytes, 413: openapi.OBJECT, 429: openapi.OBJECT},
    )
    def post(self, request):
        return self._pdf(request)
