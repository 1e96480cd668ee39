"""Layer API: catalogue, features (GeoJSON), review actions and the integration indicator."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from core import openapi
from core.api import BadParameter
from core.geojson import GEOJSON_CONTENT_TYPE, ItemsQuery
from core.params import BIGINT_MAX, INT_MAX, parse_bbox, parse_int
from core.sample import SAMPLE_LABEL

from .. import permissions, services
from ..models import Layer, LayerVersion
from ..serializers import LayerDetailSerializer, LayerMetadataSerializer, LayerSerializer
from . import review

MAX_LIMIT = 10_000
DEFAULT_LIMIT = 1_000


def get_layer(request, slug):
    layer = Layer.objects.select_related("opd", "published_version", "expected").filter(slug=slug).first()
    if layer is None or not permissions.visible_layers(request.user, Layer.objects.filter(pk=layer.pk)).exists():
        raise NotFound(_("Layer '%(slug)s' not found.") % {"slug": slug})
    return layer


def shown_version(request, layer):
    """The version a request sees: ``?version=n`` for those allowed, else the
    published one, else (for the owner and reviewers) the latest."""
    number = parse_int(request.query_params, "version", None, 1, INT_MAX)
    if number is not None:
        version = layer.versions.filter(number=number).first()
        if version is None or not permissions.can_view_version(request.user, version):
            raise NotFound(_("Version %(n)s of this layer not found.") % {"n": number})
        return version
    version = permissions.default_version(request.user, layer)
    if version is None:
        raise NotFound(_("This layer has no published version."))
    return version


@extend_schema(parameters=[openapi.OPD, openapi.THEME], responses=LayerSerializer(many=True))
class LayerList(APIView):
    """Layers the caller may see (anonymous: published only), grouped by OPD order."""

    def get(self, request):
        layers = permissions.visible_layers(request.user, Layer.objects.all()).select_related(
            "opd", "published_version", "expected"
        )
        if request.query_params.get("opd"):
            layers = layers.filter(opd__kode=request.query_params["opd"])
        if request.query_params.get("theme"):
            layers = layers.filter(theme=request.query_params["theme"])
        layers = list(layers.distinct())
        versions = {}
        for layer in layers:
            if layer.published_version is None:
                versions[layer.pk] = layer.latest_version
        serializer = LayerSerializer(layers, many=True, context={"request": request, "versions": versions})
        return Response(serializer.data)


class LayerDetail(APIView):
    @extend_schema(parameters=[openapi.VERSION], responses=LayerDetailSerializer)
    def get(self, request, slug):
        layer = get_layer(request, slug)
        version = shown_version(request, layer)
        all_versions = None
        if permissions.can_manage_layer(request.user, layer):
            all_versions = layer.versions.all()
        context = {"request": request, "versions": {layer.pk: version}, "all_versions": all_versions}
        return Response(LayerDetailSerializer(layer, context=context).data)

    @extend_schema(
        request=LayerMetadataSerializer,
        responses=LayerDetailSerializer,
        examples=[openapi.example({"description": "Puskesmas dan pustu 2026", "theme": "kesehatan"})],
    )
    def patch(self, request, slug):
        layer = get_layer(request, slug)
        permissions.require(permissions.can_manage_layer(request.user, layer))
        serializer = LayerMetadataSerializer(layer, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        theme = serializer.validated_data.get("theme", layer.theme)
        permissions.require(permissions.can_set_theme(request.user, theme, layer), permissions.reserved_theme_message())
        serializer.save()
        return self.get(request, slug)


@extend_schema(
    parameters=[
        openapi.BBOX,
        openapi.KECAMATAN,
        openapi.DESA,
        openapi.limit(MAX_LIMIT, DEFAULT_LIMIT),
        openapi.OFFSET,
        openapi.AFTER,
        openapi.VERSION,
    ],
    responses={(200, GEOJSON_CONTENT_TYPE): openapi.FEATURE_COLLECTION},
)
class LayerFeatures(APIView):
    """Features of a layer as a GeoJSON FeatureCollection (lon/lat), paged with ``next`` links."""

    openapi_list = True

    def get(self, request, slug):
        layer = get_layer(request, slug)
        version = shown_version(request, layer)
        params = request.query_params
        limit = parse_int(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        offset = parse_int(params, "offset", 0, 0, 10**9)
        after = parse_int(params, "after", None, 0, BIGINT_MAX)
        if after is not None and offset:
            raise BadParameter("after", _("Use either 'offset' or 'after', not both."))
        features = version.features.all()
        filtered = False
        bbox = parse_bbox(params)
        if bbox is not None:
            features, filtered = features.in_bbox(bbox), True
        if params.get("kecamatan"):
            features, filtered = features.in_kecamatan(params["kecamatan"]), True
        if params.get("desa"):
            features, filtered = features.in_desa(params["desa"]), True
        page = features.items(version, ItemsQuery(limit=limit, offset=offset, after=after))
        body = {"layer": layer.slug, "version": version.number, "numberReturned": page.number_returned}
        if not filtered:
            body["numberMatched"] = version.feature_count
        if layer.is_sample:
            body["label"] = SAMPLE_LABEL
        if page.has_next:
            # Keyset: the next page starts after this page's last id, which an
            # index serves in constant time even a million features deep.
            body["next"] = _page_url(request, limit, after=page.next_after)
        if offset > 0:
            body["previous"] = _page_url(request, limit, offset=max(0, offset - limit))
        # The features are JSON already (PostGIS wrote them): spliced in as
        # text, not parsed and written again (0.25 s for a page of 5,000).
        return HttpResponse(page.collection(**body), content_type=GEOJSON_CONTENT_TYPE)


def _page_url(request, limit, offset=None, after=None):
    query = request.query_params.copy()
    query.pop("offset", None)
    query.pop("after", None)
    if offset is not None:
        query["offset"] = str(offset)
    if after is not None:
        query["after"] = str(after)
    query["limit"] = str(limit)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


class VersionAction(APIView):
    """POST /api/layers/<slug>/versions/<n>/<action>/ with action submit, publish or reject."""

    @extend_schema(
        parameters=[review.ACTION_PARAMETER],
        request=openapi.json_body(openapi.REJECTION),
        responses=LayerDetailSerializer,
    )
    def post(self, request, slug, number, action):
        review.require_login(request)
        layer = get_layer(request, slug)
        version = get_object_or_404(LayerVersion, layer=layer, number=number)
        review.apply(services, version, request, action)
        layer.refresh_from_db()
        context = {"request": request, "versions": {layer.pk: version}, "all_versions": layer.versions.all()}
        return Response(LayerDetailSerializer(layer, context=context).data, status=status.HTTP_200_OK)


class IntegrationIndicator(APIView):
    """ "Persentase informasi spasial sektoral yang diintegrasikan di WebSIG" (L.1.5)."""

    @extend_schema(responses={200: openapi.OBJECT})
    def get(self, request):
        return Response(services.integration_indicator())
