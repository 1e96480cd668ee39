"""HTML pages of the feature editor: the layer chooser, the map editor, the
history of one feature and the change log of a layer.

Every write happens in the browser through the JSON API (layers/views/editing.py),
so the editor obeys the same permission checks, optimistic concurrency and
history records as any API client. These views only decide who may open a page
and render what the server knows.
"""

import datetime
from collections import OrderedDict

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from akun import roles
from core.params import BIGINT_MAX, whole_number
from wilayah.models import Kecamatan

from .. import permissions
from ..models import Feature, FeatureChange, Layer
from .editing import change_as_json

CHANGES_PER_PAGE = 50


def _layer_or_404(request, slug):
    """The layer ``slug`` if the user may see it at all (404 otherwise, as the API answers)."""
    layer = Layer.objects.select_related("opd", "published_version").filter(slug=slug).first()
    if layer is None or not permissions.visible_layers(request.user, Layer.objects.filter(pk=layer.pk)).exists():
        raise Http404(_("Layer '%(slug)s' not found.") % {"slug": slug})
    return layer


def _forbidden(request, layer, message):
    return render(request, "editor/terlarang.html", {"layer": layer, "message": message}, status=403)


def _api_urls(layer):
    kwargs = {"slug": layer.slug}
    pattern = {**kwargs, "pk": 0}
    return {
        "features": reverse("layers:layer-features", kwargs=kwargs),
        "table": reverse("layers:layer-table", kwargs=kwargs),
        "feature": reverse("layers:feature-detail", kwargs=pattern).replace("/0/", "/{id}/"),
        "history": reverse("layers:feature-history", kwargs=pattern).replace("/0/", "/{id}/"),
        "revert": reverse("layers:feature-revert", kwargs=pattern).replace("/0/", "/{id}/"),
        "history_page": reverse("editor:feature-history", kwargs=pattern).replace("/0/", "/{id}/"),
    }


@login_required
def editor_index(request):
    """/editor/: the layers the user may edit, grouped by OPD."""
    user = request.user
    layers = permissions.visible_layers(user, Layer.objects.all()).select_related("opd", "published_version")
    by_opd = OrderedDict()
    for layer in layers.order_by("opd__singkatan", "title"):
        if not permissions.can_edit_features(user, layer):
            continue
        by_opd.setdefault(layer.opd, []).append({"layer": layer, "version": layer.latest_version})
    context = {
        "groups": by_opd,
        "layer_count": sum(len(items) for items in by_opd.values()),
        "role": roles.role_of(user),
        "opd": roles.user_opd(user),
        "reserved_themes": permissions.RESERVED_THEMES,
    }
    return render(request, "editor/index.html", context)


@login_required
def editor_layer(request, slug):
    """/editor/<slug>/: the map editor of the layer's latest version."""
    layer = _layer_or_404(request, slug)
    if not permissions.can_edit_features(request.user, layer):
        return _forbidden(request, layer, _("Your account may not edit the features of this layer."))
    version = layer.latest_version
    if version is None:
        raise Http404(_("This layer has no data yet; upload a file first."))
    editor_data = {
        "slug": layer.slug,
        "title": layer.title,
        "opd": {"kode": layer.opd.kode, "singkatan": layer.opd.singkatan, "nama": layer.opd.nama},
        "style": layer.style,
        "is_sample": layer.is_sample,
        "geometry_kind": version.geometry_kind,
        "schema": version.schema,
        "bbox": version.bbox,
        "version": version.number,
        "status": version.status,
        "feature_count": version.feature_count,
        "api": _api_urls(layer),
    }
    context = {
        "layer": layer,
        "version": version,
        "is_published_version": layer.published_version_id == version.pk,
        "editor_data": editor_data,
    }
    return render(request, "editor/editor.html", context)


@login_required
def feature_history(request, slug, pk):
    """/editor/<slug>/fitur/<id>/riwayat/: every change of one feature, also a deleted one."""
    layer = _layer_or_404(request, slug)
    if not permissions.can_manage_layer(request.user, layer):
        return _forbidden(request, layer, _("Your account may not see the history of this layer."))
    feature = Feature.objects.select_related("desa__kecamatan", "version").filter(pk=pk, version__layer=layer).first()
    changes = layer.changes.select_related("user", "desa__kecamatan", "kecamatan").of_feature(pk, feature)
    if not changes:
        raise Http404(_("Feature %(id)s not found in this layer.") % {"id": pk})
    selected = request.GET.get("perubahan", "")
    version = feature.version if feature else layer.latest_version
    context = {
        "layer": layer,
        "feature_id": pk,
        "feature": feature,
        "changes": changes,
        "last_delete": next((c for c in changes if c.action == FeatureChange.Action.DELETE), None),
        "selected": whole_number(selected, 1, BIGINT_MAX) or (changes[0].pk if changes else None),
        "can_edit": permissions.can_edit_features(request.user, layer),
        "history_data": {
            "feature": pk,
            "exists": feature is not None,
            "revision": feature.revision if feature else None,
            "geometry_kind": version.geometry_kind,
            "attributes": [field["name"] for field in version.schema],
            "style": layer.style,
            "changes": [change_as_json(c) for c in changes],
            "api": _api_urls(layer),
        },
    }
    return render(request, "editor/riwayat_fitur.html", context)


def _date_param(request, name, errors):
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        errors.append(_("Dates are written YYYY-MM-DD."))
        return None


def _filtered_changes(request, layer):
    """The layer's changes under the filters of the page, which mirror those
    of the API's change log (so the CSV link exports the same rows)."""
    errors = []
    filters = {
        "user": request.GET.get("user", "").strip(),
        "since": _date_param(request, "since", errors),
        "until": _date_param(request, "until", errors),
        "kecamatan": request.GET.get("kecamatan", "").strip(),
    }
    changes = layer.changes.select_related("user", "desa", "kecamatan", "version")
    if filters["user"]:
        changes = changes.filter(user__username=filters["user"])
    if filters["since"]:
        changes = changes.filter(created_at__date__gte=filters["since"])
    if filters["until"]:
        changes = changes.filter(created_at__date__lte=filters["until"])
    if filters["kecamatan"]:
        changes = changes.in_kecamatan(filters["kecamatan"])
    return changes, filters, errors


@login_required
def layer_changes(request, slug):
    """/editor/<slug>/riwayat/: the layer's change log with filters and a CSV export."""
    layer = _layer_or_404(request, slug)
    if not permissions.can_manage_layer(request.user, layer):
        return _forbidden(request, layer, _("Your account may not see the history of this layer."))
    changes, filters, errors = _filtered_changes(request, layer)
    page = Paginator(changes, CHANGES_PER_PAGE).get_page(request.GET.get("halaman"))
    query = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in filters.items() if v}
    existing = set(
        Feature.objects.filter(pk__in=[c.feature_id for c in page], version__layer=layer).values_list("pk", flat=True)
    )
    context = {
        "layer": layer,
        "page": page,
        "rows": [{"change": c, "exists": c.feature_id in existing} for c in page],
        "filters": filters,
        "errors": errors,
        "filtered": bool(query),
        "query": urlencode(query),
        "csv_url": reverse("layers:layer-changes", kwargs={"slug": layer.slug})
        + "?"
        + urlencode({**query, "export": "csv"}),
        "users": layer.changes.exclude(user=None)
        .values_list("user__username", flat=True)
        .distinct()
        .order_by("user__username"),
        "kecamatan": Kecamatan.objects.order_by("nama"),
        "can_edit": permissions.can_edit_features(request.user, layer),
    }
    return render(request, "editor/riwayat_layer.html", context)
