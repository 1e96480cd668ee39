"""The API of a plan's zones as GeoJSON (EPSG:4326) for its map, where an
RDTR's zones carry their WP, SWP and blok and can be filtered by SWP."""

from django.db.models import Case, F, Value, When
from django.db.models.functions import NullIf
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core import geojson, openapi
from core.api import BadParameter
from core.sample import sample_label

from .. import services
from ..models import Plan, PlanClass

COORDINATE_DECIMALS = 6  # about 0.1 m


@extend_schema(
    parameters=[openapi.query("swp", {"type": "string", "example": "SWP-1"}, "A value of the plan's SWP column")],
    responses={(200, geojson.GEOJSON_CONTENT_TYPE): openapi.FEATURE_COLLECTION},
)
class PlanZones(APIView):
    """Zones of a plan with class code, name, colour, WP/SWP/blok and intensity limits."""

    renderer_classes = geojson.RENDERERS

    def get(self, request, pk):
        plan = get_object_or_404(Plan, pk=pk)
        zones = plan.zones.select_related("plan_class").order_by("swp", "blok", "id")
        swp = request.query_params.get("swp")
        if swp is not None:
            known = set(plan.zones.values_list("swp", flat=True))
            if swp not in known:
                raise BadParameter(
                    "swp",
                    _("SWP '%(swp)s' is not in this plan; choose one of: %(known)s.")
                    % {"swp": swp, "known": ", ".join(sorted(known, key=services.natural_key)) or "-"},
                )
            zones = zones.in_swp(swp)
        page = geojson.items(zones, lambda srid: zone_feature(plan, srid))
        body = page.collection(
            rencana=plan.pk,
            is_sample=plan.is_sample,
            label=sample_label(plan.is_sample),
            numberMatched=page.number_returned,
        )
        return Response(geojson.GeoJSONText(body), content_type=geojson.GEOJSON_CONTENT_TYPE)


def zone_feature(plan, srid=None):
    """A zone of ``plan`` as a Feature: its class code, the class name the plan's
    kind uses (PlanClass.objects.names_for), colour, WP/SWP/blok (null when blank) and
    intensity limits; coordinates with COORDINATE_DECIMALS decimals."""
    names = [
        When(plan_class__kode=kode, then=Value(n["nama"])) for kode, n in PlanClass.objects.names_for(plan).items()
    ]
    properties = {
        "kode": "plan_class__kode",
        "nama": Case(*names, default=F("plan_class__nama")) if names else F("plan_class__nama"),
        "warna": "plan_class__warna",
        **{level: NullIf(level, Value("")) for level in ("wp", "swp", "blok")},
        "intensitas": "attrs",
    }
    return geojson.AsFeature("geom", properties, id="pk", precision=COORDINATE_DECIMALS, srid=srid)
