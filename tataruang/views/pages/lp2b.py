"""/tata-ruang/lp2b/: LP2B area per kecamatan, its conversion to non-agricultural
use and the RDTR synchronisation indicator, rendered by the server from
tataruang.indicators (hectares) so that the page reads without JavaScript."""

from django.shortcuts import render
from django.urls import reverse

from akun import roles
from tataruang import indicators
from tataruang.models import SinkronisasiRdtr

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
        "sync_sumber": sync["targets_sumber"],
        "sync_sample": any(wp["is_sample"] for wp in wilayah),
        "wilayah": wilayah,
        "page_data": {
            "api": {
                "pieces": reverse("tataruang:lp2b-conversion-pieces"),
            },
            "lp2b": areas is not None,
        },
    }
    return render(request, "tataruang/lp2b.html", context)
