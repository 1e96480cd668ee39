from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from wilayah.models import Kabupaten


class KabupatenContextMixin:
    """Adds ``kabupaten`` (official and measured area, no geometry) or None
    before the boundaries are loaded."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kabupaten"] = Kabupaten.objects.defer("geom").first()
        return context


class PetaView(KabupatenContextMixin, TemplateView):
    """The public web map; the boundaries themselves come from the wilayah API."""

    template_name = "peta.html"


class TentangView(KabupatenContextMixin, TemplateView):
    """About the WebSIG: data sources, licences and attribution."""

    template_name = "tentang.html"


def _wants_json(request):
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _wants_json(request):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return render(request, "500.html", status=500)


def site_context(request):
    return {"KABUPATEN_NAMA": settings.KABUPATEN_NAMA}
