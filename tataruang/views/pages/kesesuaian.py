"""/tata-ruang/kesesuaian/: the public compliance indicator "Persentase
Realisasi Pola Pemanfaatan Ruang Sesuai RTRW".

The figures are rendered by the server from the stored ComplianceResult rows
(hectares, EPSG:32748), so the indicator reads without JavaScript; the map, the
worklist and every write go through the JSON API of tataruang/urls.py, which
applies the same services and permission checks.
"""

from datetime import timedelta

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akun import roles
from core.params import BIGINT_MAX, whole_number
from core.sample import sample_label
from flood.statistics import class_shares, published_flood_raster
from tataruang import compliance, struktur
from tataruang.models import ComplianceRun, LandUseClass, Plan, PlanClass
from wilayah.models import Kecamatan

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


def flood_hazard():
    """The share of high flood hazard per desa and kecamatan, beside the indicator:
    {judul, is_sample, label, desa: {kode: %}, kecamatan: {kode: %}} from the stored
    statistics of the published flood hazard raster (flood/statistics.py); None without one."""
    raster = published_flood_raster()
    if raster is None:
        return None
    version = raster.published_version
    return {
        "judul": raster.title,
        "is_sample": raster.is_sample,
        "label": sample_label(raster.is_sample),
        "desa": class_shares(version, "desa"),
        "kecamatan": class_shares(version, "kecamatan"),
    }


def _per_kecamatan(run, banjir=None):
    names = dict(Kecamatan.objects.values_list("kode", "nama"))
    high = banjir["kecamatan"] if banjir else {}
    rows = [
        {
            "kode": r.kode,
            "nama": names.get(r.kode, r.kode),
            "persen": r.persen,
            "warna_kelas": indicator_colour(r.persen),
            "areas": _areas(r),
            "bahaya_tinggi": high.get(r.kode),
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
        ComplianceRun.objects.filter(pk=whole_number(wanted, 1, BIGINT_MAX) or 0, status=ComplianceRun.Status.SUCCEEDED)
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


def _page_data(run, names, banjir=None):
    """What the page's scripts need: API addresses and names (json_script)."""
    data = {
        "api": {
            "runs": reverse("tataruang:run-list"),
            "run": reverse("tataruang:run-detail", kwargs={"pk": "ID"}),
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
        if banjir:
            data["banjir"] = {key: banjir[key] for key in ("judul", "label", "desa", "kecamatan")}
    return data


def kesesuaian(request):
    """/tata-ruang/kesesuaian/: "Persentase Realisasi Pola Pemanfaatan Ruang
    Sesuai RTRW" for the kabupaten, per kecamatan and per plan class, the map per
    desa and the worklist of "tidak sesuai" pieces; planners can recompute."""
    latest = compliance.latest_successful_run()
    run = _requested_run(request) or latest
    planner = roles.is_planner(request.user)
    names = PlanClass.objects.names_for(run.plan) if run else {}
    banjir = flood_hazard() if run else None
    context = {
        "run": run,
        "is_latest": run is not None and run == latest,
        "planner": planner,
        "unfinished": _unfinished_run() if planner else None,
        "legend": legend_classes(),
        "page_data": _page_data(run, names, banjir),
        "banjir": banjir,
        "recent_runs": ComplianceRun.objects.select_related("plan", "land_use")[:RECENT_RUNS],
        "struktur": struktur.map_data(Plan.objects.active_rtrw()),
    }
    if run is not None:
        total = run.results.get(level="kabupaten", plan_class="")
        context.update(
            {
                "kabupaten": _kabupaten(total),
                "is_sample": run.plan.is_sample or run.land_use.is_sample,
                "per_kecamatan": _per_kecamatan(run, banjir),
                "per_plan_class": _per_plan_class(run, names),
                "matrix": _matrix_table(run, names),
                "kecamatan_options": Kecamatan.objects.order_by("nama").values("kode", "nama"),
            }
        )
    return render(request, "tataruang/kesesuaian.html", context)
