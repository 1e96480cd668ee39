"""The map style of a layer: read and save it (the owner: its OPD, a grant
or a DTRB planner), and the classes and values of one attribute to build a
categorized or graduated style from, computed over every feature."""

from dataclasses import asdict

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from core import openapi
from core.api import BadParameter
from core.params import parse_int

from .. import permissions, style_classes
from ..styles import validate_style
from .layers import get_layer, shown_version

STYLE_EXAMPLE = {
    "type": "graduated",
    "attribute": "luas_m2",
    "method": "quantile",
    "default_color": "#999999",
    "classes": [
        {"min": 0, "max": 250, "label": "0 - 250", "color": "#fee5d9"},
        {"min": 250, "max": 1000, "label": "250 - 1.000", "color": "#fb6a4a"},
        {"min": 1000, "max": 5000, "label": "1.000 - 5.000", "color": "#a50f15"},
    ],
}
StyleSerializer = inline_serializer(
    "LayerStyle",
    {"slug": serializers.CharField(), "style": serializers.JSONField()},
)
ClassesSerializer = inline_serializer(
    "LayerStyleClasses",
    {
        "attribute": serializers.CharField(),
        "type": serializers.CharField(),
        "method": serializers.CharField(),
        "classes": serializers.ListField(child=serializers.JSONField()),
        "values": serializers.ListField(child=serializers.JSONField()),
        "others": serializers.IntegerField(),
        "empty": serializers.IntegerField(),
    },
)


class LayerStyle(APIView):
    """The layer's map style (layers.styles: single, categorized or graduated)."""

    @extend_schema(responses=StyleSerializer)
    def get(self, request, slug):
        layer = get_layer(request, slug)
        return Response({"slug": layer.slug, "style": layer.style or {}})

    @extend_schema(
        request=inline_serializer("LayerStyleBody", {"style": serializers.JSONField()}),
        responses=StyleSerializer,
        examples=[openapi.example({"style": STYLE_EXAMPLE})],
    )
    def put(self, request, slug):
        layer = get_layer(request, slug)
        permissions.require(permissions.can_manage_layer(request.user, layer))
        if not isinstance(request.data, dict) or "style" not in request.data:
            raise ParseError(_('Send the style as {"style": {...}}.'))
        layer.style = validate_style(request.data["style"])
        layer.save(update_fields=["style", "updated_at"])
        return Response({"slug": layer.slug, "style": layer.style})


KOLOM = openapi.query(
    "kolom", {"type": "string", "example": "luas_m2", "maxLength": 100}, "The attribute", required=True
)
METODE = openapi.query(
    "metode",
    {"type": "string", "example": "quantile", "enum": list(style_classes.METHODS), "default": "quantile"},
    "quantile: classes of about as many features; equal: classes of the same width",
)
KELAS = openapi.query(
    "kelas",
    {"type": "integer", "example": 5, "minimum": 2, "maximum": style_classes.MAX_CLASSES, "default": 5},
    "Number of classes",
)


class LayerStyleClasses(APIView):
    """Graduated classes (of a numeric attribute) and the most frequent values
    of one attribute, over every feature of the version shown."""

    @extend_schema(parameters=[KOLOM, METODE, KELAS, openapi.VERSION], responses=ClassesSerializer)
    def get(self, request, slug):
        layer = get_layer(request, slug)
        version = shown_version(request, layer)
        params = request.query_params
        attribute = params.get("kolom", "")
        if not attribute or len(attribute) > 100:
            raise BadParameter("kolom", _("Name the attribute (at most 100 characters)."))
        method = params.get("metode", "quantile")
        if method not in style_classes.METHODS:
            raise BadParameter(
                "metode",
                _("The method must be one of %(methods)s.") % {"methods": ", ".join(style_classes.METHODS)},
            )
        count = parse_int(params, "kelas", 5, 2, style_classes.MAX_CLASSES)
        return Response(asdict(style_classes.attribute_classes(version, attribute, method, count)))
