"""The planners' pages of plans and land-use layers: the list (/tata-ruang/rencana/)
and the page of one (/tata-ruang/rencana/<id>/, /tata-ruang/lahan/<id>/) that maps
its class column to standard classes, links a plan's struktur ruang, shows an
RDTR's WP -> SWP -> blok and activates it. Every write goes through the JSON API
(tataruang/views/sources.py), which applies the same services and permission checks.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from akun import roles
from core.functions import M2_PER_HA, MetricArea
from tataruang import candidates, services, struktur
from tataruang.models import LandUse, LandUseClass, Plan, PlanClass, Scheme


class PlannerPageMixin(LoginRequiredMixin):
    """Anonymous visitors go to the login page; signed-in non-planners get 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.is_planner(request.user):
            return render(request, "tataruang/terlarang.html", status=403)
        return super().dispatch(request, *args, **kwargs)


def _source_summary(source, kind):
    unmapped = services.unmapped_values(source)
    return {
        "source": source,
        "kind": kind,
        "unmapped": len(unmapped),
        "url": reverse(f"tataruang_pages:{kind}-detail", kwargs={"pk": source.pk}),
    }


class RencanaList(PlannerPageMixin, View):
    """/tata-ruang/rencana/: plans and land-use layers, their status and how
    many values of their class column still need a class."""

    def get(self, request):
        plans = Plan.objects.select_related("layer_version__layer")
        land_uses = LandUse.objects.select_related("layer_version__layer")
        return render(
            request,
            "tataruang/rencana.html",
            {
                "plans": [_source_summary(p, "rencana") for p in plans],
                "land_uses": [_source_summary(u, "lahan") for u in land_uses],
            },
        )


def _class_groups(source):
    """<optgroup>s of the standard classes a source may be mapped to.

    Plans: the kind the plan uses first (pola ruang for an RTRW, zones for an
    RDTR), then codes only the other kind has. Land use: grouped by source."""
    if isinstance(source, Plan):
        labels = dict(PlanClass.Kind.choices)
        classes = PlanClass.objects.for_plan(source).values()
        groups = []
        for kind in PlanClass.objects.kinds_for(source):
            options = [(c.kode, f"{c.kode} — {c.nama}") for c in classes if c.kind == kind]
            if options:
                groups.append({"label": labels[kind], "options": options})
        return groups
    groups = {}
    for cls in LandUseClass.objects.order_by("sumber", "nama"):
        groups.setdefault(cls.sumber, []).append((cls.kode, cls.nama))
    return [{"label": label, "options": options} for label, options in groups.items()]


class SumberDetail(PlannerPageMixin, View):
    """/tata-ruang/rencana/<id>/ and /tata-ruang/lahan/<id>/: every value of the
    class column with its feature count and a class to choose for it."""

    kind = "rencana"

    def get(self, request, pk):
        model = Plan if self.kind == "rencana" else LandUse
        source = get_object_or_404(model.objects.select_related("layer_version__layer"), pk=pk)
        api = "plan" if model is Plan else "landuse"
        values = [
            {
                "value": value,
                "count": count,
                "luas_ha": luas_ha,
                "mapped_to": source.mapping.get(value) if value is not None else None,
            }
            for value, count, luas_ha in candidates.value_summary(source.layer_version, source.class_column)
        ]
        is_rtrw = model is Plan and source.jenis == Plan.Jenis.RTRW
        return render(
            request,
            "tataruang/sumber.html",
            {
                "source": source,
                "kind": self.kind,
                "is_plan": model is Plan,
                "values": values,
                "unmapped": sum(1 for v in values if not v["mapped_to"]),
                "class_groups": _class_groups(source),
                "api_detail": reverse(f"tataruang:{api}-detail", kwargs={"pk": source.pk}),
                "api_activate": reverse(f"tataruang:{api}-activate", kwargs={"pk": source.pk}),
                "api_overlaps": reverse(f"tataruang:{api}-overlaps", kwargs={"pk": source.pk}),
                "tumpang": services.overlap_summary(source),
                "kelas_aktif": _class_counts(source),
                "peta_zona": reverse("tataruang:plan-zones", kwargs={"pk": source.pk}) if is_rtrw else None,
                "koleksi_zona": _zone_collection(source) if is_rtrw else "",
                **(_struktur_context(source) if model is Plan else {}),
                **(hierarchy_context(source) if model is Plan and source.jenis == Plan.Jenis.RDTR else {}),
            },
        )


def _zone_collection(plan):
    """ "rtrw" when the plan's zones are exactly the OGC collection ``rtrw`` (it is
    the one active RTRW): its map then draws them from the collection's vector
    tiles, whatever their number; "" otherwise (the map reads the plan's GeoJSON)."""
    active = list(Plan.objects.for_indicator().filter(jenis=Plan.Jenis.RTRW).values_list("pk", flat=True))
    return "rtrw" if active == [plan.pk] else ""


def _class_counts(source):
    """What activation materialised, per class: {kode, nama, warna, jumlah
    (zones or parcels), luas_ha (EPSG:32748)}, largest first; [] before activation."""
    if isinstance(source, Plan):
        rows, names = source.zones, PlanClass.objects.names_for(source)
        prefix = "plan_class"
    else:
        rows, names = source.parcels, {}
        prefix = "land_use_class"
    counts = (
        rows.values(f"{prefix}__kode", f"{prefix}__nama")
        .annotate(jumlah=Count("id"), area_m2=Sum(MetricArea("geom")))
        .order_by("-area_m2", f"{prefix}__kode")
    )
    return [
        {
            "kode": row[f"{prefix}__kode"],
            "nama": names.get(row[f"{prefix}__kode"], {}).get("nama", row[f"{prefix}__nama"]),
            "warna": names.get(row[f"{prefix}__kode"], {}).get("warna", ""),
            "jumlah": row["jumlah"],
            "luas_ha": row["area_m2"] / M2_PER_HA,
        }
        for row in counts
    ]


def _struktur_context(plan):
    """The plan's struktur ruang layers, their map data and the layers a planner may link."""
    linked = struktur.as_json(plan)
    slugs = {layer["slug"] for layer in linked}
    return {
        "struktur": struktur.map_data(plan),
        "struktur_layers": linked,
        "struktur_candidates": [
            {"layer": layer, "linked": layer.slug in slugs, "kind": layer.published_version}
            for layer in struktur.candidates()
        ],
    }


def _level_label(level, value):
    """'SWP-A' as it is, 'A' as 'SWP A'; None for a blank value."""
    if not value:
        return None
    return value if value.upper().startswith(level.upper()) else f"{level} {value}"


def hierarchy_context(plan):
    """An RDTR's WP/SWP/blok columns (choices: the layer's columns) and the table
    WP -> SWP -> blok with zone counts and areas (ha, EPSG:32748)."""
    columns = [f["name"] for f in plan.layer_version.schema]
    summary = services.hierarchy_summary(plan)
    for wp in summary:
        wp["label"] = _level_label("WP", wp["wp"])
        for swp in wp["swp"]:
            swp["label"] = _level_label("SWP", swp["swp"])
            for blok in swp["blok"]:
                blok["label"] = _level_label(_("Block"), blok["blok"])
    return {
        "hierarki_kolom": [
            {"field": field, "label": label, "value": getattr(plan, field), "options": columns}
            for field, label in (("wp_column", "WP"), ("swp_column", "SWP"), ("blok_column", _("Block")))
        ],
        "hierarki": summary,
        "hierarki_swp": [
            {"value": swp["swp"], "label": swp["label"]} for wp in summary for swp in wp["swp"] if swp["swp"]
        ],
        "api_zones": reverse("tataruang:plan-zones", kwargs={"pk": plan.pk}),
    }


class SumberBaru(PlannerPageMixin, View):
    """/tata-ruang/rencana/baru/: the form registering a plan or land-use layer
    from a published polygon layer. The browser asks the candidate API for the
    class columns and values (views/candidates.py) and registers through the
    plan or land-use API; mapping and activation follow on the new draft's page."""

    def get(self, request):
        layers = list(candidates.published_polygon_layers())
        return render(
            request,
            "tataruang/daftar.html",
            {
                "layers": layers,
                "schemes": Scheme.choices,
                "api": {
                    "rencana": reverse("tataruang:plan-list"),
                    "lahan": reverse("tataruang:landuse-list"),
                    "kolom": reverse("tataruang:candidate-columns", kwargs={"slug": "SLUG"}),
                    "nilai": reverse("tataruang:candidate-values", kwargs={"slug": "SLUG"}),
                    "halaman_rencana": reverse("tataruang_pages:rencana-detail", kwargs={"pk": 0}),
                    "halaman_lahan": reverse("tataruang_pages:lahan-detail", kwargs={"pk": 0}),
                },
            },
        )
