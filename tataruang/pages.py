"""HTML pages of tata ruang: the public compliance indicator and the planners'
pages that map a plan's or land-use layer's class column and activate it.

The figures are rendered by the server from the stored ComplianceResult rows
(hectares, EPSG:32748), so the indicator reads without JavaScript; the map, the
worklist and every write go through the JSON API of tataruang/urls.py, which
applies the same services and permission checks.
"""

from datetime import timedelta

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from akun import roles
from wilayah.models import Kecamatan

from . import compliance, indicators, rdtr, services, struktur
from .models import ComplianceRun, LandUse, LandUseClass, Plan, PlanClass, SinkronisasiRdtr

# Class breaks (%) of the indicator map, low to high; one more class than breaks.
# Fixed, not quantiles, so that two runs can be compared by colour.
INDICATOR_BREAKS = [60, 75, 85, 95]
INDICATOR_COLOURS = ["#d7191c", "#f07c4a", "#fdd66b", "#8fcf6a", "#1a9641"]
OUTCOMES = ("sesuai", "belum_terwujud", "tidak_sesuai", "tidak_dinilai")
OUTCOME_LABELS = {
    "sesuai": gettext_lazy("Conforming"),
    "belum_terwujud": gettext_lazy("Not yet realised"),
    "tidak_sesuai": gettext_lazy("Not conforming"),
    "tidak_dinilai": gettext_lazy("Not assessed"),
}
RECENT_RUNS = 10
UNFINISHED_FOR = timedelta(hours=1)
# Plan classes with less land use than this show as 0,00 ha: left out of the table.
MIN_SHOWN_HA = 0.005


def indicator_class(persen):
    """Index 0-4 of the map class of an indicator value, None without a value."""
    if persen is None:
        return None
    return sum(persen >= edge for edge in INDICATOR_BREAKS)


def indicator_colour(persen):
    """Colour of the map class of an indicator value; light grey without a value."""
    index = indicator_class(persen)
    return "#d9dedc" if index is None else INDICATOR_COLOURS[index]


def legend_classes():
    """[{label, colour}] of the five indicator classes, low to high."""
    edges = [None, *INDICATOR_BREAKS, None]
    classes = []
    for index, colour in enumerate(INDICATOR_COLOURS):
        low, high = edges[index], edges[index + 1]
        if low is None:
            label = f"< {high}%"
        elif high is None:
            label = f"≥ {low}%"
        else:
            label = f"{low}–< {high}%"
        classes.append({"label": label, "colour": colour})
    return classes


def plan_class_names(plan):
    """{code: {nama, warna}} of the classes of the plan's scheme; where a code is
    both a pola ruang class and an RDTR zone, the kind the plan uses wins."""
    preferred = PlanClass.Kind.POLA_RUANG if plan.jenis == Plan.Jenis.RTRW else PlanClass.Kind.ZONA
    names = {}
    for cls in PlanClass.objects.filter(scheme=plan.scheme).order_by("kind"):
        if cls.kode not in names or cls.kind == preferred:
            names[cls.kode] = {"nama": cls.nama, "warna": cls.warna}
    return names


def _areas(row):
    """Areas (ha) of a result row, each with its share (%) of the whole area."""
    values = {name: getattr(row, f"{name}_ha") for name in OUTCOMES}
    total = sum(values.values())
    return {
        "total": total,
        "assessed": values["sesuai"] + values["belum_terwujud"] + values["tidak_sesuai"],
        "cells": [values[name] for name in OUTCOMES],
        **{name: {"ha": ha, "share": 100 * ha / total if total else 0} for name, ha in values.items()},
    }


def _kabupaten(total):
    """The kabupaten figure and its areas as segments of one stacked bar."""
    areas = _areas(total)
    segments = [{"key": name, "label": OUTCOME_LABELS[name], **areas[name]} for name in OUTCOMES]
    return {"persen": total.persen, "areas": areas, "segments": segments}


def _result_rows(run, level, plan_class=""):
    rows = run.results.filter(level=level)
    return rows.filter(plan_class=plan_class) if plan_class != "*" else rows.exclude(plan_class="")


def _per_kecamatan(run):
    names = dict(Kecamatan.objects.values_list("kode", "nama"))
    rows = [
        {
            "kode": r.kode,
            "nama": names.get(r.kode, r.kode),
            "persen": r.persen,
            "warna_kelas": indicator_colour(r.persen),
            "areas": _areas(r),
        }
        for r in _result_rows(run, "kecamatan")
    ]
    return sorted(rows, key=lambda row: row["nama"])


def _per_plan_class(run, names):
    rows = []
    for r in _result_rows(run, "kabupaten", "*"):
        areas = _areas(r)
        if areas["total"] < MIN_SHOWN_HA:
            continue
        # '-' holds the land use that lies outside every plan zone.
        info = names.get(r.plan_class, {"nama": r.plan_class, "warna": "#cccccc"})
        rows.append(
            {
                "kode": r.plan_class,
                "nama": _("Outside every plan zone") if r.plan_class == "-" else info["nama"],
                "warna": "#ffffff" if r.plan_class == "-" else info["warna"],
                "persen": r.persen,
                "warna_kelas": indicator_colour(r.persen),
                "areas": areas,
            }
        )
    return sorted(rows, key=lambda row: (row["kode"] == "-", -row["areas"]["total"]))


def _matrix_table(run, plan_names):
    """The run's own matrix, limited to the classes its plan uses: rows are
    land-use classes, columns plan classes, cells an outcome or None."""
    # Runs record the mapping they used; older ones only the plan's id.
    recorded = run.inputs.get("plan")
    mapping = recorded.get("mapping") if isinstance(recorded, dict) else None
    used = sorted(set((mapping or run.plan.mapping).values()))
    land_use_names = dict(LandUseClass.objects.values_list("kode", "nama"))
    rows = [
        {"kode": code, "nama": land_use_names.get(code, code), "cells": [cells.get(pc) for pc in used]}
        for code, cells in sorted(run.matrix.items(), key=lambda item: land_use_names.get(item[0], item[0]))
    ]
    columns = [{"kode": pc, "nama": plan_names.get(pc, {}).get("nama", pc)} for pc in used]
    return {"columns": columns, "rows": rows}


def _requested_run(request):
    """The finished run of ``?run=<id>``; None without the parameter."""
    wanted = request.GET.get("run", "")
    if not wanted:
        return None
    run = (
        ComplianceRun.objects.filter(pk=wanted if wanted.isdigit() else 0, status=ComplianceRun.Status.SUCCEEDED)
        .select_related("plan__layer_version__layer", "land_use__layer_version__layer")
        .first()
    )
    if run is None:
        raise Http404(_("Compliance computation %(id)s not found.") % {"id": wanted})
    return run


def _unfinished_run():
    """A run the worker has not finished, recent enough to be worth following;
    an older one was lost (no worker) and must not block "Hitung ulang"."""
    return ComplianceRun.objects.filter(
        status__in=[ComplianceRun.Status.PENDING, ComplianceRun.Status.RUNNING],
        created_at__gte=timezone.now() - UNFINISHED_FOR,
    ).first()


def _page_data(run, names):
    """What the page's scripts need: API addresses and names (json_script)."""
    data = {
        "api": {
            "runs": reverse("tataruang:run-list"),
            "run": reverse("tataruang:run-detail", kwargs={"pk": "ID"}),
            "desa": reverse("wilayah:desa-list"),
            "kecamatan": reverse("wilayah:kecamatan-list"),
        },
        "breaks": INDICATOR_BREAKS,
        "colours": INDICATOR_COLOURS,
        "run": None,
    }
    if run is not None:
        data["run"] = run.pk
        data["api"]["results"] = reverse("tataruang:run-results", kwargs={"pk": run.pk})
        data["api"]["issues"] = reverse("tataruang:run-issues", kwargs={"pk": run.pk})
        data["plan_classes"] = names
        data["land_use_classes"] = dict(LandUseClass.objects.values_list("kode", "nama"))
    return data


def kesesuaian(request):
    """/tata-ruang/kesesuaian/: "Persentase Realisasi Pola Pemanfaatan Ruang
    Sesuai RTRW" for the kabupaten, per kecamatan and per plan class, the map per
    desa and the worklist of "tidak sesuai" pieces; planners can recompute."""
    latest = compliance.latest_successful_run()
    run = _requested_run(request) or latest
    planner = roles.is_planner(request.user)
    names = plan_class_names(run.plan) if run else {}
    context = {
        "run": run,
        "is_latest": run is not None and run == latest,
        "planner": planner,
        "unfinished": _unfinished_run() if planner else None,
        "legend": legend_classes(),
        "page_data": _page_data(run, names),
        "recent_runs": ComplianceRun.objects.select_related("plan", "land_use")[:RECENT_RUNS],
        "struktur": struktur.map_data(Plan.objects.active_rtrw()),
    }
    if run is not None:
        total = run.results.get(level="kabupaten", plan_class="")
        context.update(
            {
                "kabupaten": _kabupaten(total),
                "is_sample": run.plan.is_sample or run.land_use.is_sample,
                "per_kecamatan": _per_kecamatan(run),
                "per_plan_class": _per_plan_class(run, names),
                "matrix": _matrix_table(run, names),
                "kecamatan_options": Kecamatan.objects.order_by("nama").values("kode", "nama"),
            }
        )
    return render(request, "tataruang/kesesuaian.html", context)


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
        preferred = PlanClass.Kind.POLA_RUANG if source.jenis == Plan.Jenis.RTRW else PlanClass.Kind.ZONA
        labels = dict(PlanClass.Kind.choices)
        groups, seen = [], set()
        for kind in sorted(labels, key=lambda k: k != preferred):
            options = [
                (c.kode, f"{c.kode} — {c.nama}")
                for c in PlanClass.objects.filter(scheme=source.scheme, kind=kind).order_by("kode")
                if c.kode not in seen
            ]
            seen.update(code for code, _label in options)
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
            {"value": value, "count": count, "mapped_to": source.mapping.get(value) if value is not None else None}
            for value, count in services.column_values(source)
        ]
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
                **(_struktur_context(source) if model is Plan else {}),
                **(rdtr.hierarchy_context(source) if model is Plan and source.jenis == Plan.Jenis.RDTR else {}),
            },
        )


def _struktur_context(plan):
    """The plan's struktur ruang layers, their map data and the layers a planner may link."""
    linked = struktur.as_json(plan)
    slugs = {layer["slug"] for layer in linked}
    return {
        "struktur": struktur.map_data(plan),
        "struktur_layers": linked,
        "struktur_candidates": [
            {"layer": layer, "linked": layer.slug in slugs, "kind": layer.latest_version}
            for layer in struktur.candidates()
        ],
    }


LP2B_KINDS = ("lp2b", "lcp2b", "kp2b")
LP2B_WORKLIST_ROWS = 100


def _lp2b_table(areas):
    """Rows per kecamatan with the area (ha) of each LP2B kind, and the totals."""
    rows = sorted(areas["results"], key=lambda row: row["nama"])
    table = [
        {
            "kode": r["kode"],
            "nama": r["nama"],
            "cells": [r.get(f"{k}_ha", 0) for k in LP2B_KINDS],
            "total": r["total_ha"],
        }
        for r in rows
    ]
    totals = [sum(row["cells"][i] for row in table) for i in range(len(LP2B_KINDS))]
    return {"rows": table, "totals": totals, "total": sum(totals)}


def _rdtr_wilayah(sync):
    """The Wilayah Perencanaan with one status per target year (None: no record)."""
    years = [row["tahun"] for row in sync["per_tahun"]]
    labels = dict(SinkronisasiRdtr.Status.choices)
    return [
        {
            **wp,
            "cells": [
                {"status": wp["status"].get(year), "label": labels.get(wp["status"].get(year), "–")} for year in years
            ],
        }
        for wp in sync["wilayah_perencanaan"]
    ]


def lp2b(request):
    """/tata-ruang/lp2b/: LP2B area per kecamatan, its conversion to non-agricultural
    use (totals, worklist, map) and the RDTR synchronisation indicator; rendered
    by the server from tataruang.indicators so that it reads without JavaScript."""
    areas = indicators.lp2b_areas("kecamatan")
    conversion = indicators.lp2b_conversion() if areas is not None else None
    pieces = indicators.lp2b_conversion_pieces(limit=LP2B_WORKLIST_ROWS) if areas is not None else None
    sync = indicators.rdtr_sync()
    wilayah = _rdtr_wilayah(sync)
    context = {
        "years": [row["tahun"] for row in sync["per_tahun"]],
        "planner": roles.is_planner(request.user),
        "areas": areas,
        "lp2b_table": _lp2b_table(areas) if areas is not None else None,
        "conversion": conversion,
        "pieces": pieces,
        "worklist": [feature["properties"] for feature in pieces["features"]] if pieces else [],
        "worklist_limit": LP2B_WORKLIST_ROWS,
        "sync_years": [
            {
                **row,
                "target_persen": 100 * row["target"],
                "realisasi_persen": None if row["realisasi"] is None else 100 * row["realisasi"],
            }
            for row in sync["per_tahun"]
        ],
        "sync_sample": any(wp["is_sample"] for wp in wilayah),
        "wilayah": wilayah,
        "page_data": {
            "api": {
                "pieces": reverse("tataruang:lp2b-conversion-pieces"),
                "kecamatan": reverse("wilayah:kecamatan-list"),
            },
            "lp2b": areas is not None,
        },
    }
    return render(request, "tataruang/lp2b.html", context)
