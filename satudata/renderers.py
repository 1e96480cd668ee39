"""Renderers of the Satu Data documents: JSON-LD, CSV and XML bodies are
written by the views as text; an error (a dict) is answered as JSON whatever
was asked (``JsonErrorsMixin``), with its translated ``detail``."""

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer


class TextRenderer(BaseRenderer):
    """Passes a body the view wrote (str or bytes) through."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode(self.charset) if isinstance(data, str) else data


class CsvRenderer(TextRenderer):
    media_type = "text/csv"
    format = "csv"


class XmlRenderer(TextRenderer):
    media_type = "application/xml"
    format = "xml"


class JsonLdRenderer(JSONRenderer):
    """JSON-LD (application/ld+json), as DCAT harvesters ask for it."""

    media_type = "application/ld+json"
    format = "jsonld"


class FixedFormat(DefaultContentNegotiation):
    """The document's one format whatever the Accept header says: the address
    names the file (``.csv``, ``.json``, ``.xml``), as a harvester expects."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class JsonErrorsMixin:
    """For an APIView answering one format (``FixedFormat``): a 4xx or 5xx
    answer is JSON (``{"detail": ...}``), not CSV or XML, so a client reads the
    message however it asked."""

    content_negotiation_class = FixedFormat

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(response, "exception", False) and isinstance(response.data, dict):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
            response.renderer_context = self.get_renderer_context()
        return response
