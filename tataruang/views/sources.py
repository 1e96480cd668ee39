"""Plans (/rencana/) and land-use layers (/lahan/): drafts made of an imported
polygon layer, the mapping of their class column, and activation.

One set of views serves both: ``model`` (Plan or LandUse) is given in urls.py.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core import geojson, openapi
from core.params import parse_int

from .. import services
from ..models import Overlap, Plan
from ..serializers import source_serializer
from .common import require_planner


def source_detail(source, request=None):
    """The detail answer of a plan or land-use layer (its class column's values and classes)."""
    return source_serializer(type(source), detail=True)(source, context={"request": request}).data


class SourceList(APIView):
    model = Plan
    openapi_list = True

    @extend_schema(responses={200: openapi.OBJECT})
    def get(self, request):
        sources = self.model.objects.select_related("layer_version__layer")
        return Response(source_serializer(self.model)(sources, many=True).data)

    @extend_schema(request=openapi.json_body(openapi.SOURCE_CREATE), responses={201: openapi.OBJECT})
    def post(self, request):
        """Create a draft from an imported polygon layer: {layer, version?, class_column, nama, ...}."""
        require_planner(request)
        source = services.create_draft(self.model, request.data)
        return Response(source_detail(source, request), status=status.HTTP_201_CREATED)


class SourceDetail(APIView):
    model = Plan

    @extend_schema(responses={200: openapi.OBJECT})
    def get(self, request, pk):
        return Response(source_detail(get_object_or_404(self.model, pk=pk), request))

    @extend_schema(request=openapi.json_body(openapi.SOURCE_CHANGE), responses={200: openapi.OBJECT})
    def patch(self, request, pk):
        """{"mapping": {value: class code}} and, for plans, wp_column/swp_column/blok_column and
        "struktur": [slugs of line or point layers] (the struktur ruang; [] unlinks every layer)."""
        require_planner(request)
        source = services.change_source(get_object_or_404(self.model, pk=pk), request.data)
        return Response(source_detail(source, request))


class SourceActivate(APIView):
    model = Plan

    @extend_schema(request=None, responses={200: openapi.OBJECT})
    def post(self, request, pk):
        require_planner(request)
        source = services.activate(get_object_or_404(self.model, pk=pk))
        return Response(source_serializer(self.model)(source).data)


@extend_schema(
    parameters=[openapi.limit(10_000, 1_000)],
    responses={(200, geojson.GEOJSON_CONTENT_TYPE): openapi.FEATURE_COLLECTION},
)
class SourceOverlaps(APIView):
    """Where features of the plan or land-use layer overlap (found and cut at
    activation), largest first: the piece, the feature that lost it and the one
    that kept it, its area (m2, EPSG:32748). Pieces under
    services.OVERLAP_REPORT_MIN_M2 (grid noise) are left out."""

    model = Plan
    renderer_classes = geojson.RENDERERS
    openapi_list = True

    def get(self, request, pk):
        source = get_object_or_404(self.model, pk=pk)
        limit = parse_int(request.query_params, "limit", 1_000, 1, 10_000)
        overlaps = Overlap.objects.filter(**{_source_field(self.model): source}).filter(
            luas_m2__gte=services.OVERLAP_REPORT_MIN_M2
        )
        page = geojson.items(overlaps, _overlap_feature, geojson.ItemsQuery(limit=limit))
        return Response(geojson.GeoJSONText(page.collection(numberMatched=overlaps.count())))


def _source_field(model):
    return "plan" if model is Plan else "land_use"


def _overlap_feature(srid=None):
    return geojson.AsFeature(
        "geom", {"feature_id": "feature_id", "kept_by": "kept_by", "luas_m2": "luas_m2"}, id="id", srid=srid
    )
