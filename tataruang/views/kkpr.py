"""The indicative KKPR check (/kkpr/, /kkpr/pdf/): what the plan allows at a
point or on a parcel, as JSON or as a printable PDF; not a legal KKPR. Beside it
the two helpers of the page's location step: /kkpr/titik/ (typed coordinates,
degrees or UTM 48S, to a point) and /kkpr/persil/ (a parcel file to its polygon)."""

import json

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
from core.errors import NotFound, TooLarge
from core.geometry import check_size, read_geojson_geometry
from core.params import BIGINT_MAX, whole_number
from core.parsers import MultiPartParser
from wilayah.models import Desa

from .. import kkpr, kkpr_input, kkpr_pdf


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
    """(geometry, activity code) from ?lon=&lat=&kegiatan= (or ?easting=&northing=, UTM 48S)
    or a JSON body {geometry, kegiatan}; the geometry in lon/lat (settings.API_SRID)."""
    if request.method == "GET":
        return kkpr_input.point_from_params(request.query_params), request.query_params.get("kegiatan", "")
    _refuse_oversized_body(request)
    geometry = request.data.get("geometry")
    if not isinstance(geometry, dict):
        raise ValidationError({"detail": _("Send the parcel as a GeoJSON Polygon in 'geometry'.")})
    check_size(geometry, settings.KKPR_MAX_VERTICES, settings.KKPR_MAX_PARTS)
    geom = read_geojson_geometry(geometry)
    if geom.geom_type not in ("Point", "Polygon", "MultiPolygon"):
        raise ValidationError({"detail": _("The parcel must be a Polygon (or a Point).")})
    return geom, body.text(request.data.get("kegiatan"), "kegiatan", 50)


COORDINATES = [
    openapi.query("lon", openapi.LON.type, "Longitude (WGS 84); with lat, or give easting and northing"),
    openapi.query("lat", openapi.LAT.type, "Latitude (WGS 84)"),
    openapi.query(
        "easting",
        {"type": "number", "format": "double", "minimum": 166000, "maximum": 834000, "example": 662500},
        "Easting in UTM zone 48S (EPSG:32748), metres; instead of lon/lat",
    ),
    openapi.query(
        "northing",
        {"type": "number", "format": "double", "minimum": 0, "maximum": 10000000, "example": 9310000},
        "Northing in UTM zone 48S (EPSG:32748), metres",
    ),
]
POINT_PARAMETERS = [*COORDINATES, openapi.KEGIATAN]


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
        geom, activity = _kkpr_input(request)
        response = HttpResponse(kkpr_pdf.render(kkpr.check(geom, activity), geom), content_type="application/pdf")
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


class KkprTitik(APIView):
    """A typed location as a point: lon/lat (WGS 84 degrees) or easting/northing (UTM 48S
    metres) to both forms, with the desa and kecamatan it lies in (404 outside the kabupaten)."""

    throttle_classes = [WriteRateThrottle, KkprCheckThrottle]

    @extend_schema(parameters=COORDINATES, responses={200: openapi.OBJECT, 404: openapi.OBJECT})
    def get(self, request):
        point = kkpr_input.point_from_params(request.query_params)
        desa = Desa.objects.containing(point).select_related("kecamatan").first()
        if desa is None:
            raise NotFound(_("The location lies outside Kabupaten Tangerang."))
        utm = point.transform(settings.METRIC_SRID, clone=True)
        return Response(
            {
                "lon": round(point.x, 7),
                "lat": round(point.y, 7),
                "easting": round(utm.x, 2),
                "northing": round(utm.y, 2),
                "desa": {"kode": desa.kode, "nama": desa.nama},
                "kecamatan": {"kode": desa.kecamatan.kode, "nama": desa.kecamatan.nama},
            }
        )


class KkprPersil(APIView):
    """A parcel file (multipart ``file``: zipped shapefile, GeoJSON or KML with exactly one
    polygon) read as the layer import reads it: its polygon as GeoJSON (lon/lat) and its
    area in hectares (EPSG:32748), the figure the check reports. Nothing is stored."""

    throttle_classes = [WriteRateThrottle, KkprCheckThrottle]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request=openapi.file_body("persil.geojson"),
        responses={200: openapi.OBJECT, 400: openapi.OBJECT, 413: openapi.OBJECT},
    )
    def post(self, request):
        geom = kkpr_input.read_parcel_file(request.FILES.get("file"))
        return Response(
            {
                "geometry": json.loads(geom.geojson),
                "luas_ha": kkpr.parcel_area_ha(geom),
                "titik_sudut": geom.num_points - len(geom),
            }
        )
