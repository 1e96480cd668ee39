import tempfile

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from ..exports import FORMATS, export_version
from .layers import get_layer, shown_version


class _DeletingFile:
    """A file object whose temporary directory goes when the response is closed."""

    def __init__(self, path, tmpdir):
        self._fh = open(path, "rb")  # noqa: SIM115 - closed by FileResponse
        self._tmpdir = tmpdir

    def read(self, *args):
        return self._fh.read(*args)

    def close(self):
        self._fh.close()
        self._tmpdir.cleanup()


class LayerDownload(APIView):
    """Download a layer as GeoJSON, zipped Shapefile, GeoPackage, CSV (WKT) or KML."""

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, slug, fmt):
        if fmt not in FORMATS:
            raise NotFound(
                _("Unknown download format '%(fmt)s'; choose one of %(formats)s.")
                % {"fmt": fmt, "formats": ", ".join(FORMATS)}
            )
        layer = get_layer(request, slug)
        version = shown_version(request, layer)
        tmpdir = tempfile.TemporaryDirectory(prefix="websig-export-")
        path, content_type = export_version(version, fmt, tmpdir.name)
        return FileResponse(
            _DeletingFile(path, tmpdir), as_attachment=True, filename=path.name, content_type=content_type
        )
