"""Tata ruang API: plans and land use (mapping, activation), compliance runs and results."""

from django.db import transaction
from django.db.models import Count, FloatField
from django.db.models.functions import Cast, Round
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from akun import roles
from core import geojson
from core.api import BadParameter
from core.params import parse_int
from core.sample import sample_label
from core.serializers import UtcJobStatusSerializer
from layers.models import Layer

from . import compliance, services, struktur
from .models import ComplianceRun, LandUse, Plan, PlanClass

LEVELS = {"desa", "kecamatan", "kabupaten"}


def _require_planner(request):
    roles.require(roles.is_planner(request.user), _("Only DTRB planners may change spatial plans."))


def _source_json(source):
    data = {
        "id": source.pk,
        "nama": source.nama,
        "status": source.status,
        "is_sample": source.is_sample,
        "label": sample_label(source.is_sample),
        "layer": source.layer_version.layer.slug,
        "layer_version": source.layer_version.number,
        "class_column": source.class_column,
        "mapping": source.mapping,
        "activated_at": source.activated_at,
    }
    if isinstance(source, Plan):
        data.update(
            jenis=source.jenis,
            scheme=source.scheme,
            legal_basis=source.legal_basis,
            year=source.year,
            wilayah_perencanaan=source.wilayah_perencanaan,
            **{field: getattr(source, field) for field in services.HIERARCHY_LEVELS},
        )
    else:
        data.update(year=source.year)
    return data


class SourceList(APIView):
    model = Plan

    def get(self, request):
        sources = self.model.objects.select_related("layer_version__layer")
        return Response([_source_json(s) for s in sources])

    @extend_schema(request=dict, responses={201: dict})
    def post(self, request):
        """Create a draft from an imported polygon layer: {layer, version?, class_column, nama, ...}."""
        _require_planner(request)
        data = request.data
        layer = Layer.objects.filter(slug=data.get("layer")).first()
        if layer is None:
            raise ValidationError({"detail": _("Layer '%(slug)s' not found.") % {"slug": data.get("layer")}})
        version = (
            layer.versions.filter(number=data.get("version") or 0).first() or layer.versions.order_by("-number").first()
        )
        if version is None or version.geometry_kind != "polygon":
            raise ValidationError({"detail": _("A plan or land-use layer must hold polygons.")})
        column = data.get("class_column", "")
        if column not in [f["name"] for f in version.schema]:
            raise ValidationError({"detail": _("The layer has no column '%(column)s'.") % {"column": column}})
        fields = {"nama": data.get("nama") or layer.title, "layer_version": version, "class_column": column}
        try:
            if self.model is Plan:
                fields.update(
                    jenis=data["jenis"],
                    scheme=data.get("scheme", "2021"),
                    legal_basis=data["legal_basis"],
                    year=int(data["year"]),
                    wilayah_perencanaan=data.get("wilayah_perencanaan", ""),
                )
            else:
                fields.update(year=int(data["year"]))
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                {"detail": _("Give jenis, legal_basis and year (plans) or year (land use).")}
            ) from None
        if self.model is Plan:
            # Columns given win; the rest are suggested from their names (RDTR).
            given = {field: data[field] for field in services.HIERARCHY_LEVELS if field in data}
            fields.update(services.clean_hierarchy(version, {**services.suggest_hierarchy(Plan(**fields)), **given}))
        # Checked before the plan is created, so that a refused list leaves no draft behind.
        structure = struktur.clean(data["struktur"]) if self.model is Plan and "struktur" in data else []
        source = self.model.objects.create(**fields)
        if structure:
            source.struktur.set(structure)
        services.set_mapping(source, services.suggest_mapping(source))
        return Response(SourceDetail.body(source, request), status=status.HTTP_201_CREATED)


class SourceDetail(APIView):
    model = Plan

    @staticmethod
    def body(source, request=None):
        body = {
            **_source_json(source),
            "values": [
                {"value": v, "count": c, "mapped_to": source.mapping.get(v)} for v, c in services.column_values(source)
            ],
            "unmapped": [v for v, _c in services.unmapped_values(source)],
            "classes": [{"kode": c.kode, "nama": c.nama} for c in services.class_choices(source)],
        }
        if isinstance(source, Plan):
            body["columns"] = [f["name"] for f in source.layer_version.schema]
            body["hierarki"] = services.hierarchy_summary(source)
            body["struktur"] = struktur.as_json(source, request)
        return body

    def get(self, request, pk):
        return Response(self.body(get_object_or_404(self.model, pk=pk), request))

    @extend_schema(request=dict, responses={200: dict})
    def patch(self, request, pk):
        """{"mapping": {value: class code}} and, for plans, wp_column/swp_column/blok_column and
        "struktur": [slugs of line or point layers] (the struktur ruang; [] unlinks every layer)."""
        _require_planner(request)
        source = get_object_or_404(self.model, pk=pk)
        is_plan = self.model is Plan
        columns = {f: request.data[f] for f in services.HIERARCHY_LEVELS if f in request.data} if is_plan else {}
        structure = struktur.clean(request.data["struktur"]) if is_plan and "struktur" in request.data else None
        mapping = request.data.get("mapping")
        # A plan's columns or struktur may come without a mapping; anything else needs one.
        if not isinstance(mapping, dict) and not (mapping is None and (columns or structure is not None)):
            raise ValidationError({"detail": _("'mapping' must be an object of value: class code.")})
        with transaction.atomic():
            if columns:
                services.set_hierarchy(source, columns)
            if mapping:
                services.set_mapping(source, mapping)
            if structure is not None:
                source.struktur.set(structure)
        return Response(self.body(source, request))


class SourceActivate(APIView):
    model = Plan

    @extend_schema(request=None, responses={200: dict})
    def post(self, request, pk):
        _require_planner(request)
        source = services.activate(get_object_or_404(self.model, pk=pk))
        return Response(_source_json(source))


def _run_json(run):
    return {
        **UtcJobStatusSerializer(run).data,
        "plan": _source_json(run.plan),
        "land_use": _source_json(run.land_use),
        "indikator": run.indikator,
        "is_sample": run.plan.is_sample or run.land_use.is_sample,
    }


class RunList(APIView):
    def get(self, request):
        runs = ComplianceRun.objects.select_related("plan__layer_version__layer", "land_use__layer_version__layer")
        return Response([_run_json(r) for r in runs[:50]])

    @extend_schema(request=dict, responses={202: dict})
    def post(self, request):
        """{"plan": id, "land_use": id}; defaults to the active ones. Computed by the worker."""
        _require_planner(request)
        # The indicator is "sesuai RTRW": by default the active RTRW.
        plan = Plan.objects.filter(pk=request.data.get("plan")).first() or Plan.objects.for_indicator().first()
        land_use = (
            LandUse.objects.filter(pk=request.data.get("land_use")).first()
            or LandUse.objects.filter(status="active").first()
        )
        if plan is None or land_use is None or plan.status == "draft" or land_use.status == "draft":
            raise ValidationError({"detail": _("Activate a plan and a land-use layer first.")})
        run = compliance.start_run(plan, land_use, request.user)
        return Response(_run_json(run), status=status.HTTP_202_ACCEPTED)


def _run(pk):
    if pk == "terbaru":
        run = compliance.latest_successful_run()
        if run is None:
            raise NotFound(_("No compliance computation has finished yet."))
        return run
    if not str(pk).isdigit():
        raise NotFound()
    return get_object_or_404(ComplianceRun.objects.select_related("plan", "land_use"), pk=pk)


class RunDetail(APIView):
    def get(self, request, pk):
        run = _run(pk)
        body = _run_json(run)
        body["matrix"] = run.matrix
        body["inputs"] = run.inputs
        if run.status == ComplianceRun.Status.SUCCEEDED:
            total = run.results.get(level="kabupaten", plan_class="")
            body["kabupaten"] = _result_json(total)
        return Response(body)


def _result_json(row):
    return {
        "kode": row.kode,
        "plan_class": row.plan_class,
        "sesuai_ha": round(row.sesuai_ha, 4),
        "belum_terwujud_ha": round(row.belum_terwujud_ha, 4),
        "tidak_sesuai_ha": round(row.tidak_sesuai_ha, 4),
        "tidak_dinilai_ha": round(row.tidak_dinilai_ha, 4),
        "persen": None if row.persen is None else round(row.persen, 2),
    }


@extend_schema(parameters=[OpenApiParameter("level", str, enum=sorted(LEVELS)), OpenApiParameter("plan_class", str)])
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
        return Response({"run": run.pk, "level": level, "results": [_result_json(r) for r in rows]})


@extend_schema(
    parameters=[
        OpenApiParameter("kecamatan", str),
        OpenApiParameter("limit", int),
        OpenApiParameter("offset", int),
        OpenApiParameter("export", str, enum=["csv"]),
    ]
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
    import csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tidak-sesuai-{run.pk}.csv"'
    writer = csv.writer(response)
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


class PlanClassList(APIView):
    def get(self, request):
        classes = PlanClass.objects.select_related("padanan").annotate(n=Count("rules"))
        return Response(
            [
                {
                    "scheme": c.scheme,
                    "kind": c.kind,
                    "kode": c.kode,
                    "nama": c.nama,
                    "kelompok": c.kelompok,
                    "warna": c.warna,
                    "padanan": c.padanan.kode if c.padanan else None,
                }
                for c in classes
            ]
        )


def _kkpr_input(request):
    """(geometry, activity code) from ?lon=&lat=&kegiatan= or a JSON body {geometry, kegiatan}."""
    import json

    from django.contrib.gis.geos import GEOSGeometry

    from core.params import parse_point

    if request.method == "GET":
        return parse_point(request.query_params), request.query_params.get("kegiatan", "")
    geometry = request.data.get("geometry")
    if not isinstance(geometry, dict):
        raise ValidationError({"detail": _("Send the parcel as a GeoJSON Polygon in 'geometry'.")})
    try:
        geom = GEOSGeometry(json.dumps(geometry), srid=4326)
    except Exception as exc:  # GEOS, GDAL and json each raise their own error types here
        raise ValidationError({"detail": _("The parcel geometry cannot be read.")}) from exc
    if geom.geom_type not in ("Point", "Polygon", "MultiPolygon"):
        raise ValidationError({"detail": _("The parcel must be a Polygon (or a Point).")})
    return geom, request.data.get("kegiatan", "")


@extend_schema(
    parameters=[OpenApiParameter("lon", float), OpenApiParameter("lat", float), OpenApiParameter("kegiatan", str)],
    request=dict,
    responses={200: dict},
)
class KkprCheck(APIView):
    """Indicative KKPR check of a point (GET) or a parcel polygon (POST); not a legal KKPR."""

    def get(self, request):
        from .kkpr import check

        return Response(check(*_kkpr_input(request)))

    def post(self, request):
        from .kkpr import check

        return Response(check(*_kkpr_input(request)))


class KkprPdf(KkprCheck):
    """The same check as a printable PDF."""

    def _pdf(self, request):
        from .kkpr import check
        from .kkpr_pdf import render

        response = HttpResponse(render(check(*_kkpr_input(request))), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="cek-kesesuaian-ruang-indikatif.pdf"'
        return response

    def get(self, request):
        return self._pdf(request)

    def post(self, request):
        return self._pdf(request)


class ActivityList(APIView):
    def get(self, request):
        from .models import Activity

        return Response([{"kode": a.kode, "nama": a.nama, "kelompok": a.kelompok} for a in Activity.objects.all()])


class Lp2bAreas(APIView):
    """LP2B/LCP2B/KP2B area (ha) per kecamatan (or ?level=desa)."""

    def get(self, request):
        from .indicators import lp2b_areas

        level = request.query_params.get("level", "kecamatan")
        if level not in ("kecamatan", "desa"):
            raise BadParameter("level", _("'level' must be kecamatan or desa."))
        data = lp2b_areas(level)
        if data is None:
            raise NotFound(_("No LP2B layer has been published yet."))
        return Response(data)


class Lp2bConversion(APIView):
    """LP2B under non-agricultural land use (per year) and non-agricultural zoning."""

    def get(self, request):
        from .indicators import lp2b_conversion

        data = lp2b_conversion()
        if data is None:
            raise NotFound(_("No LP2B layer has been published yet."))
        return Response(data)


class RdtrSync(APIView):
    """ "Persentase Pelaksanaan Sinkronisasi RDTR" per year beside the targets."""

    def get(self, request):
        from .indicators import rdtr_sync

        return Response(rdtr_sync())


class Lp2bConversionPieces(APIView):
    """The alih-fungsi worklist: LP2B under non-agricultural use, largest first (GeoJSON; ?tahun=)."""

    renderer_classes = geojson.RENDERERS

    def get(self, request):
        from .indicators import conversion_pieces_page

        year = request.query_params.get("tahun")
        if year and not year.isdigit():
            raise BadParameter("tahun", _("'tahun' must be a year, e.g. 2025."))
        found = conversion_pieces_page(int(year) if year else None)
        if found is None:
            raise NotFound(_("No LP2B layer or land-use layer for that year."))
        members, page = found
        return Response(geojson.GeoJSONText(page.collection(**members)), content_type=geojson.GEOJSON_CONTENT_TYPE)


class ItbxImport(APIView):
    """Planners upload an ITBX table (CSV or XLSX: kode_kelas, kegiatan, itbx, syarat, sumber); all or nothing."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
        },
        responses={200: dict},
    )
    def post(self, request):
        import tempfile
        from pathlib import Path

        from .itbx import load_itbx

        _require_planner(request)
        upload = request.FILES.get("file")
        if upload is None or not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError({"detail": _("Upload the ITBX table as a .csv or .xlsx file.")})
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / ("itbx.xlsx" if upload.name.lower().endswith(".xlsx") else "itbx.csv")
            with open(path, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            count = load_itbx(path)
        return Response({"cells": count})
