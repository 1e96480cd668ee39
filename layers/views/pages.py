"""HTML pages of program L.1.5 (sectoral layers of the OPDs): upload wizard,
layer page, review queue and the public catalogue with the integration indicator.

The pages render what the server knows (metadata, versions, the indicator);
the browser talks to the JSON API for uploads, map previews and review actions,
so every write goes through the same services and permission checks.
"""

from collections import OrderedDict

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.params import INT_MAX, whole_number

from .. import permissions, services
from ..models import Layer, LayerVersion, Theme
from ..serializers import DOWNLOAD_FORMATS
from ..styles import ICONS

DOWNLOAD_LABELS = OrderedDict(
    [("geojson", "GeoJSON"), ("shp", "Shapefile (ZIP)"), ("gpkg", "GeoPackage"), ("csv", "CSV"), ("kml", "KML")]
)
ENCODINGS = [("", "auto"), ("UTF-8", "UTF-8"), ("CP1252", "Windows-1252"), ("ISO-8859-1", "ISO-8859-1")]
ACCEPTED_SUFFIXES = ".zip,.geojson,.json,.gpkg,.kml,.kmz,.csv"
ICON_LABELS = {
    "circle": gettext_lazy("Dot"),
    "school": gettext_lazy("School"),
    "hospital": gettext_lazy("Hospital / health"),
    "bus": gettext_lazy("Bus / stop"),
    "trash": gettext_lazy("Waste"),
    "water": gettext_lazy("Water"),
    "warning": gettext_lazy("Hazard"),
    "building": gettext_lazy("Building"),
    "tree": gettext_lazy("Tree / green space"),
    "factory": gettext_lazy("Factory / industry"),
    "market": gettext_lazy("Market / shop"),
    "office": gettext_lazy("Office"),
    "camera": gettext_lazy("Camera / CCTV"),
    "wifi": gettext_lazy("Wi-Fi / internet"),
    "fish": gettext_lazy("Fisheries"),
    "bridge": gettext_lazy("Bridge"),
    "traffic": gettext_lazy("Traffic light"),
    "book": gettext_lazy("Library / book"),
    "sport": gettext_lazy("Sport"),
    "home": gettext_lazy("Housing"),
}


class UploadWizardView(LoginRequiredMixin, TemplateView):
    """/unggah/: upload a new layer or a new version. Operators upload for their
    own OPD only; reviewers for any. ``?layer=<slug>`` preselects a new version."""

    template_name = "layers/unggah.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        opds, own_opd, reviewer = permissions.upload_opds(user)
        target = None
        slug = self.request.GET.get("layer", "")
        if slug:
            target = Layer.objects.select_related("opd").filter(slug=slug).first()
            if target is not None and not permissions.can_upload(user, target.opd):
                target = None
        context.update(
            {
                "opds": opds,
                "opd_fixed": not reviewer,
                "initial_opd": target.opd if target else own_opd or (opds[0] if opds else None),
                "target_layer": target,
                "themes": Theme.choices,
                "themes_refused": permissions.refused_themes(user, target),
                "encodings": ENCODINGS,
                "accept": ACCEPTED_SUFFIXES,
                "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
                "max_bytes": settings.UPLOAD_MAX_BYTES,
            }
        )
        return context


def _visible_layer(request, slug):
    layer = Layer.objects.select_related("opd", "expected", "published_version").filter(slug=slug).first()
    if layer is None or not permissions.visible_layers(request.user, Layer.objects.filter(pk=layer.pk)).exists():
        raise Http404(_("Layer '%(slug)s' not found.") % {"slug": slug})
    return layer


def _shown_version(request, layer):
    """``?version=n`` for those allowed to see it, else the published version,
    else (owner and reviewers) the latest; mirrors the API's choice."""
    number = request.GET.get("version", "")
    if number:
        wanted = whole_number(number, 1, INT_MAX)
        version = layer.versions.filter(number=wanted).first() if wanted is not None else None
        if version is None or not permissions.can_view_version(request.user, version):
            raise Http404(_("Version %(n)s of this layer not found.") % {"n": number})
        return version
    if layer.published_version is not None:
        return layer.published_version
    version = layer.latest_version
    if version is None or not permissions.can_view_version(request.user, version):
        raise Http404(_("This layer has no published version."))
    return version


def download_links(layer, query=""):
    """[(label, url)] of the layer's downloads (GeoJSON, Shapefile, ...); ``query``
    e.g. '?version=2' for a version other than the published one."""
    return [
        (label, reverse("layers:layer-download", kwargs={"slug": layer.slug, "fmt": fmt}) + query)
        for fmt, label in DOWNLOAD_LABELS.items()
        if fmt in DOWNLOAD_FORMATS
    ]


def layer_page(request, slug):
    """/layers/<slug>/: map preview, metadata, import report, versions, downloads
    and the review actions the user is allowed."""
    layer = _visible_layer(request, slug)
    version = _shown_version(request, layer)
    user = request.user
    owner = permissions.can_manage_layer(user, layer)
    reviewer = permissions.is_reviewer(user)
    Status = LayerVersion.Status
    query = f"?version={version.number}" if version != layer.published_version else ""
    context = {
        "layer": layer,
        "version": version,
        "versions": layer.versions.all() if owner else [],
        "is_current_published": version == layer.published_version,
        "can_edit": owner,
        "can_upload_version": permissions.can_upload(user, layer.opd),
        "can_submit": owner and version.status in (Status.DRAFT, Status.REJECTED),
        "can_publish": reviewer and version.status in (Status.SUBMITTED, Status.DRAFT),
        "can_reject": reviewer and version.status == Status.SUBMITTED,
        "downloads": download_links(layer, query),
        "api_features": reverse("layers:layer-features", kwargs={"slug": layer.slug}),
        "api_detail": reverse("layers:layer-detail", kwargs={"slug": layer.slug}),
        "api_table": reverse("layers:layer-table", kwargs={"slug": layer.slug}),
        "api_action": reverse(
            "layers:version-action", kwargs={"slug": layer.slug, "number": version.number, "action": "ACTION"}
        ),
        "report": version.report or {},
        "themes": Theme.choices,
        "themes_refused": permissions.refused_themes(user, layer),
        "icons": [(name, ICON_LABELS.get(name, name)) for name in ICONS],
        "peta_layer": {
            "slug": layer.slug,
            "title": layer.title,
            "opd": {"kode": layer.opd.kode, "singkatan": layer.opd.singkatan, "nama": layer.opd.nama},
            "is_sample": layer.is_sample,
            "style": layer.style,
            "geometry_kind": version.geometry_kind,
            "bbox": version.bbox,
            "feature_count": version.feature_count,
            "version": version.number,
            "schema": version.schema,
        },
    }
    return render(request, "layers/layer.html", context)


class ReviewQueueView(LoginRequiredMixin, TemplateView):
    """/review/: versions waiting for a DTRB reviewer, oldest first; 403 for others."""

    template_name = "layers/review.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.is_reviewer(request.user):
            return render(request, "layers/terlarang.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submitted"] = (
            LayerVersion.objects.filter(status=LayerVersion.Status.SUBMITTED)
            .select_related("layer__opd", "created_by")
            .order_by("submitted_at")
        )
        # What the attribute table of each waiting version needs (tabel-atribut.js).
        context["review_tables"] = {
            f"{item.layer.slug}:{item.number}": {
                "title": item.layer.title,
                "version": item.number,
                "schema": item.schema,
                "bbox": item.bbox,
                "api": reverse("layers:layer-table", kwargs={"slug": item.layer.slug}),
                "features": reverse("layers:layer-features", kwargs={"slug": item.layer.slug}),
            }
            for item in context["submitted"]
        }
        context["recent"] = (
            LayerVersion.objects.filter(reviewed_at__isnull=False)
            .select_related("layer__opd", "reviewed_by")
            .order_by("-reviewed_at")[:10]
        )
        return context


class KatalogView(TemplateView):
    """/katalog/: the L.1.5 indicator (published expected layers / expected
    layers), per OPD, and every published layer grouped by OPD."""

    template_name = "layers/katalog.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicator = services.integration_indicator()
        layers = Layer.objects.published().select_related("opd", "published_version", "expected")
        by_opd = OrderedDict()
        for layer in layers.order_by("opd__singkatan", "title"):
            layer.downloads = download_links(layer)
            by_opd.setdefault(layer.opd, []).append(layer)
        published = [layer for group in by_opd.values() for layer in group]
        filling = [layer for layer in published if layer.expected_id]
        context.update(
            {
                "indicator": indicator,
                "targets": indicator["targets"],
                "published_by_opd": by_opd,
                "published_count": len(published),
                # Why "9 of 45" beside 11 listed layers: only layers that fill an
                # expected layer count, and each expected layer once.
                "counting": {
                    "filling": len(filling),
                    "not_expected": len(published) - len(filling),
                    "duplicates": len(filling) - len({layer.expected_id for layer in filling}),
                },
            }
        )
        return context
