"""Struktur ruang of a plan: its networks and centres, as line and point layers linked to it.

A plan links layer versions (Plan.struktur), so a plan keeps showing the
networks it was adopted with after a layer gets a new version. The tata ruang
maps draw them from the layers' GeoJSON API (lon/lat, EPSG:4326).
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import Invalid
from core.sample import sample_label
from layers.models import GeometryKind, Layer

KINDS = (GeometryKind.LINE, GeometryKind.POINT)


def _refuse(message):
    raise Invalid(message, parameter="struktur")


def clean(slugs):
    """The layer versions to link for ``slugs`` (a list of layer slugs): each
    layer's published version; drafts and versions awaiting review are not part
    of a plan. Raises a ValidationError (400) naming the first slug that is
    unknown, unpublished or not a line or point layer."""
    if not isinstance(slugs, list) or not all(isinstance(slug, str) for slug in slugs):
        _refuse(_("'struktur' must be a list of layer slugs, e.g. [\"jaringan-jalan\"]."))
    versions = []
    for slug in dict.fromkeys(slugs):
        layer = Layer.objects.select_related("published_version").filter(slug=slug).first()
        if layer is None:
            _refuse(_("Layer '%(slug)s' not found.") % {"slug": slug})
        # The kind is that of any version (a layer keeps its geometry kind), so a
        # polygon layer is named as such whether or not it is published.
        version = layer.published_version or layer.latest_version
        if version is not None and version.geometry_kind not in KINDS:
            _refuse(
                _("Layer '%(slug)s' holds polygons: the struktur ruang takes line or point layers only.")
                % {"slug": slug}
            )
        if layer.published_version is None:
            _refuse(
                _("Layer '%(slug)s' has no published version: publish it before linking it to a plan.") % {"slug": slug}
            )
        versions.append(version)
    return versions


def as_json(plan, request=None):
    """The plan's struktur layers: slug, title, version, geometry kind, feature
    count and the address of their features (GeoJSON of that version), absolute
    when answering ``request`` (API clients follow it from anywhere)."""
    versions = plan.struktur.select_related("layer").order_by("layer__title", "pk")

    def features(v):
        path = reverse("layers:layer-features", kwargs={"slug": v.layer.slug}) + f"?version={v.number}"
        return request.build_absolute_uri(path) if request is not None else path

    return [
        {
            "slug": v.layer.slug,
            "title": v.layer.title,
            "layer_version": v.number,
            "geometry_kind": v.geometry_kind,
            "feature_count": v.feature_count,
            "features": features(v),
            "is_sample": v.layer.is_sample,
            "label": sample_label(v.layer.is_sample),
        }
        for v in versions
    ]


def map_data(plan):
    """What the maps need to draw a plan's struktur ruang (json_script); None when it has none."""
    layers = as_json(plan) if plan is not None else []
    if not layers:
        return None
    is_sample = plan.is_sample or any(layer["is_sample"] for layer in layers)
    return {"plan": plan.nama, "is_sample": is_sample, "label": sample_label(is_sample), "layers": layers}


def candidates():
    """Published line and point layers a planner may link, tata ruang layers
    first (drafts and layers awaiting review are not offered: clean refuses them)."""
    layers = (
        Layer.objects.published()
        .filter(published_version__geometry_kind__in=KINDS)
        .select_related("published_version")
        .order_by("title")
    )
    return sorted(layers, key=lambda layer: layer.theme != "tata_ruang")
