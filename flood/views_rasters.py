"""Hazard raster API under /api/flood/rasters/: catalogue and upload, review,
classes, map tiles, the value at a point, statistics and exposure."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from core import openapi
from core.api import BadParameter
from core.params import INT_MAX, parse_int, parse_point
from core.parsers import FormParser, JSONParser, MultiPartParser
from layers import permissions
from layers.ingest import FileTooLarge, ImportRefused
from layers.views import review

from . import classes as hazard_classes
from . import exposure, reader, services
from .models import HazardRaster, HazardRasterVersion, HazardStatistic, RasterUploadJob
from .serializers import (
    ClassesChangeSerializer,
    RasterDetailSerializer,
    RasterSerializer,
    RasterUploadAnswerSerializer,
    RasterUploadCreateSerializer,
    RasterUploadJobSerializer,
    StatisticsJobSerializer,
)
from .statistics import statistics_table

# The z12 web-mercator tile over desa Kelapa Dua (as tests/webgis OGC_TILE_PATH).
TILE_PATH = [
    openapi.path("z", {"type": "integer", "minimum": 0, "maximum": 22, "example": 12}, "Zoom"),
    openapi.path("x", {"type": "integer", "minimum": 0, "example": 3260}, "Column"),
    openapi.path("y", {"type": "integer", "minimum": 0, "example": 2119}, "Row"),
]
LEVEL = openapi.query(
    "level", {"type": "string", "enum": list(HazardStatistic.Level.values), "example": "desa", "default": "desa"}
)
PNG = "image/png"


def get_raster(request, pk):
    raster = HazardRaster.objects.select_related("opd", "published_version").filter(pk=pk).first()
    if raster is None or not services.visible_rasters(request.user, HazardRaster.objects.filter(pk=pk)).exists():
        raise NotFound(_("Hazard raster %(id)s not found.") % {"id": pk})
    return raster


def shown_version(request, raster):
    number = parse_int(request.query_params, "version", None, 1, INT_MAX)
    version = services.shown_version(request.user, raster, number)
    if version is None:
        if number is not None:
            raise NotFound(_("Version %(n)s of this raster not found.") % {"n": number})
        raise NotFound(_("This raster has no published version."))
    return version


def _detail(request, raster, version):
    all_versions = raster.versions.all() if services.can_manage(request.user, raster) else None
    context = {"request": request, "versions": {raster.pk: version}, "all_versions": all_versions}
    return RasterDetailSerializer(raster, context=context).data


class RasterList(APIView):
    parser_classes = [MultiPartParser, FormParser]
    openapi_list = True

    @extend_schema(parameters=[openapi.OPD], responses=RasterSerializer(many=True))
    def get(self, request):
        """Hazard rasters the caller may see (anonymous: published only)."""
        rasters = services.visible_rasters(request.user).select_related("opd", "published_version")
        if request.query_params.get("opd"):
            rasters = rasters.filter(opd__kode=request.query_params["opd"])
        rasters = list(rasters)
        versions = {r.pk: services.shown_version(request.user, r) for r in rasters}
        rasters = [r for r in rasters if versions[r.pk] is not None]
        return Response(RasterSerializer(rasters, many=True, context={"request": request, "versions": versions}).data)

    @extend_schema(
        request=RasterUploadCreateSerializer,
        responses={202: RasterUploadJobSerializer},
        examples=[
            openapi.example(
                {"file": "indeks_bahaya_banjir.tif", "title": "Indeks Bahaya Banjir", "opd": "bpbd", "kind": "indeks"},
                media_type="multipart/form-data",
            )
        ],
    )
    def post(self, request):
        """Upload a GeoTIFF hazard raster (multipart ``file``, ``title``, ``opd``, ``kind``, ``band``): 202, the job."""
        if not request.user.is_authenticated:
            raise PermissionDenied(_("Log in to upload rasters."))
        length = parse_int(request.META, "CONTENT_LENGTH", None, 0, 2**63 - 1)
        if length is not None and length > services.settings.FLOOD_RASTER_MAX_BYTES + 1024 * 1024:
            raise FileTooLarge(
                _("The file is larger than the limit of %(size)d MB.")
                % {"size": services.settings.FLOOD_RASTER_MAX_BYTES // (1024 * 1024)}
            )
        serializer = RasterUploadCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        opd = data["opd"]
        permissions.require(
            permissions.can_upload(request.user, opd), _("You may only upload rasters of your own OPD.")
        )
        target = None
        if data.get("raster"):
            target = HazardRaster.objects.filter(pk=data["raster"], opd=opd).first()
            if target is None:
                raise ImportRefused(_("This OPD has no hazard raster %(id)s.") % {"id": data["raster"]})
        title = (data.get("title") or "").strip() or (target.title if target else data["file"].name.rsplit(".", 1)[0])
        job = services.start_raster_upload(
            uploaded_file=data["file"],
            title=title[:200],
            opd=opd,
            user=request.user,
            kind=target.kind if target else data["kind"],
            band=data["band"],
            target=target,
            options={"crs": data["crs"]} if data.get("crs") else {},
        )
        payload = RasterUploadJobSerializer(job, context={"request": request}).data
        return Response(payload, status=status.HTTP_202_ACCEPTED, headers={"Location": payload["url"]})


class RasterUploadDetail(APIView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def _job(self, request, pk):
        job = get_object_or_404(RasterUploadJob.objects.select_related("opd", "raster_version__raster"), pk=pk)
        if not permissions.can_upload(request.user, job.opd):
            raise NotFound(_("Upload not found."))
        return job

    @extend_schema(responses=RasterUploadJobSerializer)
    def get(self, request, pk):
        """The raster import job: status, progress, messages, questions and, when done, the raster."""
        return Response(RasterUploadJobSerializer(self._job(request, pk), context={"request": request}).data)

    @extend_schema(
        operation_id="flood_raster_upload_answer",
        request=RasterUploadAnswerSerializer,
        responses={202: RasterUploadJobSerializer},
        examples=[openapi.example({"crs": "EPSG:32748"})],
    )
    def post(self, request, pk):
        """Answer a ``needs_input`` job (``crs``) and resume it."""
        job = self._job(request, pk)
        serializer = RasterUploadAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = services.answer_raster_upload(job, serializer.validated_data)
        payload = RasterUploadJobSerializer(job, context={"request": request}).data
        return Response(payload, status=status.HTTP_202_ACCEPTED)


@extend_schema(parameters=[openapi.VERSION])
class RasterDetail(APIView):
    @extend_schema(responses=RasterDetailSerializer)
    def get(self, request, pk):
        """One hazard raster with the version shown, its legend and (for its managers) every version."""
        raster = get_raster(request, pk)
        return Response(_detail(request, raster, shown_version(request, raster)))


class RasterVersionDetail(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=ClassesChangeSerializer,
        responses=RasterDetailSerializer,
        examples=[openapi.example({"classes": {"thresholds": [["rendah", 0.3], ["sedang", 0.6], ["tinggi", 1]]}})],
    )
    def patch(self, request, pk, number):
        """Edit a version's classes (thresholds or value mapping) or colours; statistics are recomputed."""
        if not request.user.is_authenticated:
            raise PermissionDenied(_("Log in first."))
        raster = get_raster(request, pk)
        version = get_object_or_404(HazardRasterVersion, raster=raster, number=number)
        serializer = ClassesChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.change_classes(version, request.user, data.get("classes"), data.get("colors"))
        return Response(_detail(request, raster, version))


class RasterVersionAction(APIView):
    """POST .../versions/<n>/<action>/ with action submit, publish or reject."""

    parser_classes = [JSONParser]

    @extend_schema(
        parameters=[review.ACTION_PARAMETER],
        request=openapi.json_body(openapi.REJECTION),
        responses=RasterDetailSerializer,
    )
    def post(self, request, pk, number, action):
        review.require_login(request)
        raster = get_raster(request, pk)
        version = get_object_or_404(HazardRasterVersion, raster=raster, number=number)
        review.apply(services, version, request, action)
        raster.refresh_from_db()
        return Response(_detail(request, raster, version))


@extend_schema(
    parameters=[*TILE_PATH, openapi.VERSION],
    responses={(200, PNG): OpenApiTypes.BINARY},
)
class RasterTile(APIView):
    """A 256x256 PNG map tile (web mercator z/x/y) in the class colours, cached."""

    def get(self, request, pk, z, x, y):
        if not 0 <= z <= 22:
            raise BadParameter("z", _("Zoom must be from 0 to 22."))
        if not (0 <= x < 2**z and 0 <= y < 2**z):
            raise NotFound(_("Tile %(z)s/%(x)s/%(y)s does not exist.") % {"z": z, "x": x, "y": y})
        raster = get_raster(request, pk)
        version = shown_version(request, raster)
        response = HttpResponse(reader.render_tile(version, z, x, y), content_type=PNG)
        response["Cache-Control"] = "public, max-age=3600" if version.pk == raster.published_version_id else "private"
        return response


@extend_schema(parameters=[openapi.LON, openapi.LAT, openapi.VERSION], responses={200: openapi.OBJECT})
class RasterValue(APIView):
    """The hazard value and class at a point: {"nilai": 0.57, "kelas": "sedang"}; null outside or on nodata."""

    def get(self, request, pk):
        point = parse_point(request.query_params)
        raster = get_raster(request, pk)
        version = shown_version(request, raster)
        value = reader.value_at(version, point.x, point.y)
        if value is None:
            return Response(
                {"nilai": None, "kelas": None, "pesan": _("No data at this point (outside the raster or nodata).")}
            )
        kelas = hazard_classes.class_of(version, value)
        return Response({"nilai": round(value, 4), "kelas": kelas, "label": hazard_classes.LABELS.get(kelas)})


@extend_schema(parameters=[LEVEL, openapi.VERSION], responses={200: openapi.OBJECT})
class RasterStatistics(APIView):
    """Class areas (ha, EPSG:32748) and shares per desa, kecamatan or the kabupaten."""

    openapi_list = True

    def get(self, request, pk):
        level = request.query_params.get("level") or "desa"
        if level not in HazardStatistic.Level.values:
            raise BadParameter("level", _("Parameter 'level' must be desa, kecamatan or kabupaten."))
        raster = get_raster(request, pk)
        version = shown_version(request, raster)
        if version.statistics_at is None:
            job = version.statistics_jobs.order_by("-created_at").first()
            detail = _("The statistics of this version have not been computed yet.")
            return Response(
                {"detail": detail, "job": StatisticsJobSerializer(job).data if job else None},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(statistics_table(version, level))


@extend_schema(parameters=[openapi.VERSION], responses={200: openapi.OBJECT})
class RasterExposure(APIView):
    """Exposure per hazard class: permukiman and LP2B hectares per desa, features of published point layers."""

    def get(self, request, pk):
        raster = get_raster(request, pk)
        version = shown_version(request, raster)
        return Response(exposure.exposure_report(request.user, version))
