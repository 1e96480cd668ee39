import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView

from core.sample import SAMPLE_LABEL
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


# Browsers keep the configuration script this long (seconds).
CONFIG_MAX_AGE_S = 300


def websig_config():
    """What every page's JavaScript reads as ``WebSIG.config``: the kabupaten's
    bounds, the sample-data label and the addresses of the API endpoints pages
    share. The same for every user and language."""
    return {
        "bounds": Kabupaten.objects.map_bounds(),
        "sampleLabel": SAMPLE_LABEL,
        "api": {
            "kecamatan": reverse("wilayah:kecamatan-list"),
            "desa": reverse("wilayah:desa-list"),
            "lookup": reverse("wilayah:lookup"),
        },
    }


@cache_control(public=True, max_age=CONFIG_MAX_AGE_S)
def websig_config_script(request):
    """/websig-config.js: websig_config() as ``window.WEBSIG_CONFIG``, loaded by
    every page before websig.js (templates/_websig_scripts.html). A script of
    its own, like the JavaScript catalog: no inline script (CSP), and a page
    shows the sample label only where it shows sample data."""
    body = f"window.WEBSIG_CONFIG = {json.dumps(websig_config())};\n"
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")
