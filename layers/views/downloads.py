from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from akun.throttling import DownloadThrottle, WriteRateThrottle
from core import openapi

from ..exports import FORMATS, cached_export
from .layers import get_layer, shown_version


class LayerDownload(APIView):
    """Download a layer as GeoJSON, zipped Shapefile, GeoPackage, CSV (WKT) or KML.
    Anonymous callers are limited per address (429 with Retry-After)."""

    throttle_classes = [WriteRateThrottle, DownloadThrottle]

    @extend_schema(
        parameters=[
            openapi.path("fmt", {"type": "string", "enum": list(FORMATS), "example": "geojson"}, "File format"),
            openapi.VERSION,
        ],
        responses={(200, "application/octet-stream"): bytes, 429: openapi.OBJECT},
    )
    def get(self, request, slug, fmt):
        if fmt not in FORMATS:
            raise NotFound(
                _("Unknown download format '%(fmt)s'; choose one of %(formats)s.")
                % {"fmt": fmt, "formats": ", ".join(FORMATS)}
            )
        layer = get_layer(request, slug)
        version = shown_version(request, layer)
        path, content_type = cached_export(version, fmt)
        return FileResponse(path.open("rb"), as_attachment=True, filename=path.name, content_type=content_type)
