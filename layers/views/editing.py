"""Feature writes over the API (session with CSRF, or token) and their history."""

import datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from core import openapi, spreadsheet
from core.api import BadParameter
from core.params import INT_MAX, require_int

from .. import editing, permissions
from ..models import Feature, FeatureChange
from .layers import LayerFeatures, get_layer

IF_MATCH = OpenApiParameter(
    "If-Match",
    {"type": "string", "example": '"1"', "pattern": r'^(W/)?"?\d+"?$'},
    OpenApiParameter.HEADER,
    description="The feature version the write is based on (its ETag); or 'version' in the body",
)
SOURCES = {"editor": FeatureChange.Source.EDITOR}


def _source(request):
    return SOURCES.get(request.headers.get("X-Websig-Source", ""), FeatureChange.Source.API)


def _expected(request):
    """The revision a write was based on: If-Match ("3" or W/"3") or a 'version' field."""
    header = request.headers.get("If-Match", "").strip()
    if header:
        value, name = header.removeprefix("W/").strip('"'), "If-Match"
    else:
        value, name = (request.data.get("version") if hasattr(request.data, "get") else None), "version"
        if value is None:
            value = request.query_params.get("version")
    if value is None or value == "":
        return None
    return require_int(value, name, 0, INT_MAX)


def _feature_response(feature, status_code=status.HTTP_200_OK):
    feature = Feature.objects.select_related("desa__kecamatan").get(pk=feature.pk)
    return Response(
        editing.feature_as_geojson(feature),
        status=status_code,
        headers={"ETag": f'"{feature.revision}"'},
        content_type="application/geo+json",
    )


def _require_login(request):
    if not request.user.is_authenticated:
        raise PermissionDenied(_("Log in or use an API token to change features."))


class FeatureCollection(LayerFeatures):
    """GET: the features (see LayerFeatures). POST: create one."""

    @extend_schema(request=openapi.json_body(openapi.FEATURE_WRITE), responses={201: openapi.FEATURE})
    def post(self, request, slug):
        """Create a feature from a GeoJSON Feature (lon/lat)."""
        _require_login(request)
        layer = get_layer(request, slug)
        feature = editing.create_feature(layer, request.data, request.user, _source(request))
        return _feature_response(feature, status.HTTP_201_CREATED)


class FeatureDetail(APIView):
    def _layer(self, request, slug):
        return get_layer(request, slug)

    @extend_schema(responses={200: openapi.FEATURE})
    def get(self, request, slug, pk):
        layer = self._layer(request, slug)
        version = (
            editing.editable_version(layer)
            if permissions.can_manage_layer(request.user, layer)
            else (layer.published_version)
        )
        feature = Feature.objects.select_related("desa__kecamatan").filter(version=version, pk=pk).first()
        if feature is None:
            raise NotFound(_("Feature %(id)s not found in this layer.") % {"id": pk})
        return _feature_response(feature)

    @extend_schema(
        parameters=[IF_MATCH],
        request=openapi.json_body(openapi.FEATURE_WRITE),
        responses={200: openapi.FEATURE, 409: openapi.OBJECT, 428: openapi.OBJECT},
    )
    def put(self, request, slug, pk):
        """Replace geometry and properties; needs If-Match or 'version'."""
        _require_login(request)
        layer = self._layer(request, slug)
        feature = editing.update_feature(layer, pk, request.data, request.user, _source(request), _expected(request))
        return _feature_response(feature)

    @extend_schema(
        parameters=[IF_MATCH],
        request=openapi.json_body(openapi.FEATURE_CHANGE),
        responses={200: openapi.FEATURE, 409: openapi.OBJECT, 428: openapi.OBJECT},
    )
    def patch(self, request, slug, pk):
        """Change geometry and/or some properties; needs If-Match or 'version'."""
        _require_login(request)
        layer = self._layer(request, slug)
        feature = editing.update_feature(
            layer, pk, request.data, request.user, _source(request), _expected(request), partial=True
        )
        return _feature_response(feature)

    @extend_schema(
        parameters=[IF_MATCH, openapi.query("version", openapi.REVISION | {"example": 1})],
        responses={200: openapi.OBJECT, 409: openapi.OBJECT, 428: openapi.OBJECT},
    )
    def delete(self, request, slug, pk):
        """Delete a feature; needs If-Match or ?version=. Answers with the history entry."""
        _require_login(request)
        layer = self._layer(request, slug)
        change = editing.delete_feature(layer, pk, request.user, _source(request), _expected(request))
        return Response({"deleted": pk, "change": change.pk})


class FeatureBulk(APIView):
    @extend_schema(request=openapi.json_body(openapi.BULK), responses={200: openapi.OBJECT})
    def post(self, request, slug):
        """{"create": [...], "update": [{"id", "version", ...}], "delete": [{"id", "version"}]}: one transaction."""
        _require_login(request)
        layer = get_layer(request, slug)
        return Response(editing.apply_bulk(layer, request.data, request.user, _source(request)))


def change_as_json(change):
    """A history entry; an upload's own row (no feature) also says how many features it created."""
    import json

    geom_after, attrs_after = change.state_after()
    entry = {
        "id": change.pk,
        "feature": change.feature_id,
        "action": change.action,
        "action_label": change.get_action_display(),
        "source": change.source,
        "user": change.user.get_username() if change.user else None,
        "time": change.created_at.isoformat(),
        "revision_before": change.revision_before,
        "revision_after": change.revision_after,
        "before": {"geometry": json.loads(change.geom_before.geojson), "properties": change.attrs_before}
        if change.geom_before
        else None,
        "after": {"geometry": json.loads(geom_after.geojson), "properties": attrs_after} if geom_after else None,
        "desa": change.desa.kode if change.desa_id else None,
        "kecamatan": change.kecamatan.kode if change.kecamatan_id else None,
        "note": change.note,
    }
    if change.feature_id is None:
        entry["features"] = change.version.report.get("imported")
    return entry


class FeatureHistory(APIView):
    @extend_schema(responses={200: openapi.OBJECT})
    def get(self, request, slug, pk):
        """Every recorded write to one feature, newest first, with before/after states."""
        layer = get_layer(request, slug)
        permissions.require(permissions.can_manage_layer(request.user, layer))
        feature = Feature.objects.filter(pk=pk, version__layer=layer).first()
        changes = layer.changes.select_related("user", "desa", "kecamatan").of_feature(pk, feature)
        if not changes:
            raise NotFound(_("Feature %(id)s not found in this layer.") % {"id": pk})
        return Response({"feature": pk, "changes": [change_as_json(c) for c in changes]})


class FeatureRevert(APIView):
    @extend_schema(parameters=[IF_MATCH], request=openapi.json_body(openapi.REVERT), responses={200: openapi.OBJECT})
    def post(self, request, slug, pk):
        """{"change": id, "state": "before"|"after"}: bring the feature back to that state (recorded)."""
        _require_login(request)
        layer = get_layer(request, slug)
        feature = Feature.objects.filter(pk=pk, version__layer=layer).first()
        wanted = str(request.data.get("change"))
        change = next((c for c in layer.changes.of_feature(pk, feature) if str(c.pk) == wanted), None)
        if change is None:
            raise NotFound(_("History entry not found for this feature."))
        state = request.data.get("state", "after")
        if state not in ("before", "after"):
            raise BadParameter("state", _("'state' must be 'before' or 'after'."))
        result = editing.revert_feature(layer, change, state, request.user, _source(request), _expected(request))
        if isinstance(result, FeatureChange):
            return Response({"deleted": pk, "change": result.pk})
        return _feature_response(result)


@extend_schema(
    parameters=[
        openapi.query("user", {"type": "string", "maxLength": 150, "example": "operator-dinkes"}, "Username"),
        openapi.query("since", {"type": "string", "format": "date", "example": "2026-01-01"}, "From this day"),
        openapi.query("until", {"type": "string", "format": "date", "example": "2026-12-31"}, "Up to this day"),
        openapi.KECAMATAN,
        openapi.EXPORT_CSV,
    ],
    responses={200: openapi.OBJECT, (200, "text/csv"): bytes},
)
class LayerChanges(APIView):
    """The layer's change log, filtered by user, date and kecamatan; CSV with ?export=csv."""

    LIMIT = 1000

    def get(self, request, slug):
        layer = get_layer(request, slug)
        permissions.require(permissions.can_manage_layer(request.user, layer))
        changes = layer.changes.select_related("user", "desa", "kecamatan", "version")
        params = request.query_params
        if params.get("user"):
            changes = changes.filter(user__username=params["user"])
        for name, lookup in (("since", "created_at__date__gte"), ("until", "created_at__date__lte")):
            if params.get(name):
                try:
                    changes = changes.filter(**{lookup: datetime.date.fromisoformat(params[name])})
                except ValueError:
                    raise BadParameter(name, _("Dates are written YYYY-MM-DD.")) from None
        if params.get("kecamatan"):
            changes = changes.in_kecamatan(params["kecamatan"])
        if params.get("export") == "csv":
            return self._csv(layer, changes)
        return Response({"layer": layer.slug, "changes": [change_as_json(c) for c in changes[: self.LIMIT]]})

    def _csv(self, layer, changes):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="riwayat-{layer.slug}.csv"'
        writer = spreadsheet.writer(response)
        writer.writerow(
            [
                "waktu",
                "pengguna",
                "aksi",
                "sumber",
                "fitur",
                "versi_sebelum",
                "versi_sesudah",
                "kecamatan",
                "desa",
                "wkt_sebelum",
                "wkt_sesudah",
                "atribut_sebelum",
                "atribut_sesudah",
            ]
        )
        for c in changes.iterator():
            geom_after, attrs_after = c.state_after()
            writer.writerow(
                [
                    c.created_at.isoformat(),
                    c.user.get_username() if c.user else "",
                    c.action,
                    c.source,
                    c.feature_id,
                    c.revision_before or "",
                    c.revision_after or "",
                    c.kecamatan.kode if c.kecamatan_id else "",
                    c.desa.kode if c.desa_id else "",
                    c.geom_before.wkt if c.geom_before else "",
                    geom_after.wkt if geom_after else "",
                    c.attrs_before or "",
                    attrs_after or "",
                ]
            )
        return response
