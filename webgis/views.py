import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularSwaggerSplitView

from core.parsers import body_limit_text
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

    def get_context_data(self, **kwargs):
        from tataruang.collections import PlanProvider

        # The plan collections that exist (an active RTRW, RDTR): the map
        # offers their tiles and asks for no other (peta-rencana.js).
        context = super().get_context_data(**kwargs)
        collections = PlanProvider().collections(self.request.user)
        context["rencana_collections"] = " ".join(c.id for c in collections)
        # The legend of each plan: the classes its zones are drawn in, in their official colours.
        context["rencana_legenda"] = {c.id: PlanProvider.legend(c.id) for c in collections}
        return context


class ApiDocsView(SpectacularSwaggerSplitView):
    """/api/docs/: Swagger UI inside the site's header, footer and a link back
    (templates/api_docs.html); drf-spectacular's own page had neither."""

    template_name = "api_docs.html"


class TentangView(KabupatenContextMixin, TemplateView):
    """About the WebSIG: what data it holds (layers, tata ruang, flood, roadmap,
    boundaries), sources, licences, attribution and the DTRB contact."""

    template_name = "tentang.html"

    def get_context_data(self, **kwargs):
        from layers.models import Layer

        context = super().get_context_data(**kwargs)
        context["published_layers"] = Layer.objects.published().count()
        context["kontak"] = {
            "nama": settings.DTRB_CONTACT_NAME,
            "alamat": settings.DTRB_CONTACT_ADDRESS,
            "telepon": settings.DTRB_CONTACT_PHONE,
            "email": settings.DTRB_CONTACT_EMAIL,
            "url": settings.DTRB_CONTACT_URL,
        }
        return context


def wants_json(request):
    """Whether an error answer is JSON (the API) or a page."""
    return request.path.startswith("/api/")


def bad_input(request, message, parameter=None, status=400):
    """A 400 (or ``status``) naming what cannot be read: JSON for the API, the bare
    error page otherwise (the request itself may be what is wrong)."""
    if wants_json(request):
        body = {"detail": message} if parameter is None else {"detail": message, "parameter": parameter}
        return JsonResponse(body, status=status)
    return render(request, "400.html", {"message": message, "status": status}, status=status)


def bad_request(request, exception=None):
    """handler400: Django's refusals (SuspiciousOperation), a form body over
    DATA_UPLOAD_MAX_MEMORY_SIZE as 413 with the cap."""
    if isinstance(exception, RequestDataTooBig) and settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        limit = body_limit_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        message = _("The request body is larger than the limit of %(limit)s.") % {"limit": limit}
        return bad_input(request, message, status=413)
    return bad_input(request, _("The request cannot be read."))


def permission_denied(request, exception=None):
    if wants_json(request):
        return JsonResponse({"detail": _("You may not do this.")}, status=403)
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    if wants_json(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if wants_json(request):
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
            # Features and vector tiles of every collection (ogc/), for maps that draw whole layers.
            "ogcCollections": reverse("ogc:collections"),
            # River gauges with their latest level and alert state (flood/, static/js/peta-pos.js).
            "floodPos": reverse("flood:pos-list"),
        },
        # Profile pages of a kecamatan or desa (profil/), KODE replaced by the code.
        "profil": {level: reverse(f"profil:{level}", kwargs={"kode": "KODE"}) for level in ("kecamatan", "desa")},
        # Basemaps besides OpenStreetMap (static/js/websig.js basemapLayers): the
        # imagery's tile template and credit line are settings, null when not set.
        "basemaps": {"imagery": basemap_imagery()},
    }


def basemap_imagery():
    """{url, attribution, maxZoom} of the imagery basemap (settings.BASEMAP_IMAGERY_*), None without a URL."""
    if not settings.BASEMAP_IMAGERY_URL:
        return None
    return {
        "url": settings.BASEMAP_IMAGERY_URL,
        "attribution": settings.BASEMAP_IMAGERY_ATTRIBUTION,
        "maxZoom": settings.BASEMAP_IMAGERY_MAX_ZOOM,
    }


@cache_control(public=True, max_age=CONFIG_MAX_AGE_S)
def websig_config_script(request):
    """/websig-config.js: websig_config() as ``window.WEBSIG_CONFIG``, loaded by
    every page before websig.js (templates/_websig_scripts.html). A script of
    its own, like the JavaScript catalog: no inline script (CSP), and a page
    shows the sample label only where it shows sample data."""
    body = f"window.WEBSIG_CONFIG = {json.dumps(websig_config())};\n"
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")
