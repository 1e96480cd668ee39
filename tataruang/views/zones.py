"""The API of a plan's zones as GeoJSON (EPSG:4326) for its map, where an
RDTR's zones carry their WP, SWP and blok and can be filtered by SWP."""

import json

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import BadParameter
from core.sample import sample_label

from .. import services
from ..models import Plan, PlanClass

COORDINATE_DECIMALS = 6  # about 0.1 m


@extend_schema(parameters=[OpenApiParameter("swp", str, description="value of the plan's SWP column")])
class PlanZones(APIView):
    """Zones of a plan with class code, name, colour, WP/SWP/blok and intensity limits."""

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
        names = PlanClass.objects.names_for(plan)
        features = [
            {
                "type": "Feature",
                "id": zone.pk,
                "geometry": json.loads(zone.geojson),
                "properties": {
                    "kode": zone.plan_class.kode,
                    "nama": names.get(zone.plan_class.kode, {}).get("nama", zone.plan_class.nama),
                    "warna": zone.plan_class.warna,
                    "wp": zone.wp or None,
                    "swp": zone.swp or None,
                    "blok": zone.blok or None,
                    "intensitas": zone.attrs,
                },
            }
            for zone in zones.annotate(geojson=AsGeoJSON("geom", precision=COORDINATE_DECIMALS))
        ]
        body = {
            "type": "FeatureCollection",
            "rencana": plan.pk,
            "is_sample": plan.is_sample,
            "label": sample_label(plan.is_sample),
            "numberMatched": len(features),
            "features": features,
        }
        return Response(body, content_type="application/geo+json")
