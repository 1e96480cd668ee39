"""What the registration form of a plan or land-use layer asks (planners only):
the published polygon layers, their columns ranked as class columns, and the
values of one column with the class each would get (tataruang/candidates.py).
Registering itself is POST /api/tataruang/rencana/ or /lahan/ (sources.py)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core import openapi
from core.errors import NotFound
from core.sample import sample_label

from .. import candidates
from ..models import Scheme
from .common import require_planner

JENIS = openapi.query(
    "jenis",
    {"type": "string", "enum": list(candidates.KINDS), "default": "RTRW", "example": "RTRW"},
    "What is registered: an RTRW, an RDTR or a land-use layer (lahan)",
)
SCHEME = openapi.query(
    "scheme",
    {"type": "string", "enum": list(Scheme.values), "default": Scheme.S2021, "example": Scheme.S2021},
    "Class names of the plan",
)
KOLOM = openapi.query("kolom", {"type": "string", "example": "NAMOBJ", "maxLength": 100}, "The column", required=True)


def _source(request):
    params = request.query_params
    return candidates.blank_source(params.get("jenis", "RTRW"), params.get("scheme", Scheme.S2021))


def _layer(slug):
    layer = candidates.published_polygon_layer(slug)
    if layer is None:
        raise NotFound(_("No published polygon layer '%(slug)s'.") % {"slug": slug})
    return layer


def _layer_json(layer):
    version = layer.published_version
    return {
        "slug": layer.slug,
        "title": layer.title,
        "layer_version": version.number,
        "feature_count": version.feature_count,
        "is_sample": layer.is_sample,
        "label": sample_label(layer.is_sample),
        "columns": [f["name"] for f in version.schema],
    }


class CandidateLayers(APIView):
    """Published polygon layers a plan or land-use layer may be registered from."""

    openapi_list = True

    @extend_schema(responses={200: openapi.OBJECT})
    def get(self, request):
        require_planner(request)
        return Response([_layer_json(layer) for layer in candidates.published_polygon_layers()])


class CandidateColumns(APIView):
    """The text columns of a published polygon layer, the most class-code-like first."""

    @extend_schema(parameters=[JENIS, SCHEME], responses={200: openapi.OBJECT})
    def get(self, request, slug):
        require_planner(request)
        layer = _layer(slug)
        source = _source(request)
        columns = candidates.column_suggestions(layer.published_version, source)
        return Response({**_layer_json(layer), "columns": columns})


class CandidateValues(APIView):
    """The values of one column of a published polygon layer: features, area
    (ha, EPSG:32748) and the class each would get; ``unmapped`` lists those no
    class matches."""

    @extend_schema(parameters=[KOLOM, JENIS, SCHEME], responses={200: openapi.OBJECT})
    def get(self, request, slug):
        require_planner(request)
        layer = _layer(slug)
        source = _source(request)
        column = request.query_params.get("kolom", "")
        values = candidates.value_preview(layer.published_version, column, source)
        unmapped = [v for v in values if v["kelas"] is None]
        return Response(
            {
                "layer": layer.slug,
                "layer_version": layer.published_version.number,
                "kolom": column,
                "values": values,
                "unmapped": unmapped,
                "unmapped_fitur": sum(v["fitur"] for v in unmapped),
                "unmapped_luas_ha": round(sum(v["luas_ha"] for v in unmapped), 4),
            }
        )
