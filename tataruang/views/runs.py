"""Compliance runs (/kesesuaian/): starting one, its status, its results per
desa, kecamatan or kabupaten (ha, UTM 48S) and its "tidak sesuai" pieces.

A run is named by its id or "terbaru" (the latest finished one).
"""

from django.db.models import FloatField
from django.db.models.functions import Cast, Round
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core import body, geojson, openapi, spreadsheet
from core.api import BadParameter
from core.params import BIGINT_MAX, parse_int, require_int

from .. import compliance
from ..models import ComplianceRun, LandUse, Plan
from ..serializers import ResultSerializer, RunSerializer
from .common import require_planner

LEVELS = {"desa", "kecamatan", "kabupaten"}


class RunList(APIView):
    openapi_list = True

    @extend_schema(responses=RunSerializer(many=True))
    def get(self, request):
        runs = ComplianceRun.objects.select_related("plan__layer_version__layer", "land_use__layer_version__layer")
        return Response(RunSerializer(runs[:50], many=True).data)

    @extend_schema(request=openapi.json_body(openapi.RUN_START), responses={202: RunSerializer})
    def post(self, request):
        """{"plan": id, "land_use": id}; defaults to the active ones. Computed by the worker."""
        require_planner(request)
        # The indicator is "sesuai RTRW": by default the active RTRW.
        plan_id = body.whole_number(request.data.get("plan"), "plan")
        land_use_id = body.whole_number(request.data.get("land_use"), "land_use")
        plan = Plan.objects.filter(pk=plan_id).first() or Plan.objects.for_indicator().first()
        land_use = LandUse.objects.filter(pk=land_use_id).first() or LandUse.objects.filter(status="active").first()
        if plan is None or land_use is None or plan.status == "draft" or land_use.status == "draft":
            raise ValidationError({"detail": _("Activate a plan and a land-use layer first.")})
        run = compliance.start_run(plan, land_use, request.user)
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


def _run(pk):
    """The run of a URL segment: "terbaru" or an id (ASCII digits; anything else is a 400 naming 'pk')."""
    if pk == "terbaru":
        run = compliance.latest_successful_run()
        if run is None:
            raise NotFound(_("No compliance computation has finished yet."))
        return run
    return get_object_or_404(
        ComplianceRun.objects.select_related("plan", "land_use"), pk=require_int(pk, "pk", 1, BIGINT_MAX)
    )


class RunDetail(APIView):
    @extend_schema(parameters=[openapi.RUN_ID], responses={200: openapi.OBJECT})
    def get(self, request, pk):
        run = _run(pk)
        body = RunSerializer(run).data
        body["matrix"] = run.matrix
        body["inputs"] = run.inputs
        if run.status == ComplianceRun.Status.SUCCEEDED:
            total = run.results.get(level="kabupaten", plan_class="")
            body["kabupaten"] = ResultSerializer(total).data
        return Response(body)


@extend_schema(
    parameters=[
        openapi.RUN_ID,
        openapi.query("level", {"type": "string", "enum": sorted(LEVELS), "example": "kecamatan"}),
        openapi.query(
            "plan_class",
            {"type": "string", "maxLength": 20, "example": "KPI"},
            "'' (default) all classes together, a class code for one, '*' for every class",
        ),
    ],
    responses={200: openapi.OBJECT},
)
class RunResults(APIView):
    """Areas (ha, UTM 48S) and the indicator per desa, kecamatan or kabupaten;
    plan_class='' (default) for all classes, a code for one, '*' for every class."""

    def get(self, request, pk):
        run = _run(pk)
        level = request.query_params.get("level", "kecamatan")
        if level not in LEVELS:
            raise BadParameter("level", _("'level' must be desa, kecamatan or kabupaten."))
        rows = run.results.filter(level=level).order_by("kode", "plan_class")
        plan_class = request.query_params.get("plan_class", "")
        if plan_class != "*":
            rows = rows.filter(plan_class=plan_class)
        return Response({"run": run.pk, "level": level, "results": ResultSerializer(rows, many=True).data})


@extend_schema(
    parameters=[
        openapi.RUN_ID,
        openapi.KECAMATAN,
        openapi.limit(5000, 500),
        openapi.OFFSET,
        openapi.EXPORT_CSV,
    ],
    responses={(200, geojson.GEOJSON_CONTENT_TYPE): openapi.FEATURE_COLLECTION, (200, "text/csv"): bytes},
)
class RunIssues(APIView):
    """The "tidak sesuai" pieces, largest first, as GeoJSON (or CSV with ?export=csv)."""

    renderer_classes = geojson.RENDERERS

    def get(self, request, pk):
        run = _run(pk)
        issues = run.issues.select_related("desa", "kecamatan")
        if request.query_params.get("kecamatan"):
            issues = issues.filter(kecamatan__kode=request.query_params["kecamatan"])
        if request.query_params.get("export") == "csv":
            return _issues_csv(run, issues)
        limit = parse_int(request.query_params, "limit", 500, 1, 5000)
        offset = parse_int(request.query_params, "offset", 0, 0, 10**9)
        page = geojson.items(issues, _issue_feature, geojson.ItemsQuery(limit=limit, offset=offset))
        body = page.collection(run=run.pk, numberMatched=issues.count())
        return Response(geojson.GeoJSONText(body))


def _issue_feature(srid=None):
    """A "tidak sesuai" piece as a Feature: classes, area (ha, EPSG:32748, 4 decimals) and its desa/kecamatan."""
    return geojson.AsFeature(
        "geom",
        {
            "penggunaan_lahan": "land_use_class",
            "kelas_rencana": "plan_class",
            "luas_ha": Cast(Round("luas_ha", 4), FloatField()),
            "desa": "desa__kode",
            "desa_nama": "desa__nama",
            "kecamatan": "kecamatan__kode",
            "kecamatan_nama": "kecamatan__nama",
        },
        id="pk",
        srid=srid,
    )


def _issues_csv(run, issues):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tidak-sesuai-{run.pk}.csv"'
    writer = spreadsheet.writer(response)
    writer.writerow(["kecamatan", "desa", "penggunaan_lahan", "kelas_rencana", "luas_ha", "wkt"])
    for i in issues.iterator():
        writer.writerow(
            [
                i.kecamatan.nama if i.kecamatan_id else "",
                i.desa.nama if i.desa_id else "",
                i.land_use_class,
                i.plan_class,
                f"{i.luas_ha:.4f}",
                i.geom.wkt,
            ]
        )
    return response
