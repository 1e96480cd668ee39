"""Realisation against target: per indicator, per OPD, per dimension.

A location carries a realisation value for an indicator (its own, or the
programme's first) in a year. The year's realisation of an indicator is:
- for an indicator measured as a share (unit or target in percent, or a
  fraction such as L-3's "0,2857"): the highest value reported that year (each
  report is the coverage reached, not an increment);
- otherwise (units, documents, people ...): the sum of the values reported.
It meets the target by the target's comparator (services.Target.met_by:
">75%" is met by 76, not by 75). Targets without a number (√, "58,5/72") have
no progress, only the count of their locations.
"""

from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Sum

from .models import Dimensi, Indikator, LokasiProgram, Program
from .services import Target

SHARE_UNITS = {"persen", "persentase", "%", "% panjang drainase"}


def is_share(indikator):
    unit = indikator.satuan.strip().lower()
    return unit in SHARE_UNITS or "%" in indikator.target_2025 or "%" in indikator.target_2026


@dataclass
class IndicatorProgress:
    indikator: Indikator
    tahun: int
    target: Target
    realisasi: Decimal | None
    lokasi: int

    @property
    def numeric(self):
        return self.target.nilai is not None

    @property
    def met(self):
        return self.target.met_by(self.realisasi)

    @property
    def persen(self):
        """Realisation as a percentage of the target (0-100, for the bar), None without a number."""
        if not self.numeric:
            return None
        if self.realisasi is None or self.target.nilai == 0:
            return 100.0 if self.met else 0.0
        return float(min(Decimal(100), 100 * self.realisasi / self.target.nilai))


def _reported(tahun, program_ids=None):
    """{indikator_id: (max, sum, count)} of the locations of ``tahun``; a location without an
    indicator counts for its programme's first indicator."""
    qs = LokasiProgram.objects.filter(tahun=tahun)
    if program_ids is not None:
        qs = qs.filter(program_id__in=program_ids)
    first = dict(Indikator.objects.filter(urutan=1).values_list("program_id", "id"))
    out = {}
    rows = qs.values("indikator_id", "program_id").annotate(
        terbesar=Max("nilai_realisasi"), jumlah=Sum("nilai_realisasi"), n=Count("id")
    )
    for row in rows:
        key = row["indikator_id"] or first.get(row["program_id"])
        big, total, n = out.get(key, (None, None, 0))
        values = [v for v in (big, row["terbesar"]) if v is not None]
        big = max(values) if values else None
        total = (total or 0) + row["jumlah"] if row["jumlah"] is not None else total
        out[key] = (big, total, n + row["n"])
    return out


def indicator_progress(indikators, tahun):
    """[IndicatorProgress] of ``indikators`` for ``tahun`` (2025 or 2026)."""
    indikators = list(indikators)
    reported = _reported(tahun, {i.program_id for i in indikators})
    result = []
    for indikator in indikators:
        teks, nilai, pembanding = indikator.target(tahun)
        big, total, n = reported.get(indikator.pk, (None, None, 0))
        realisasi = big if is_share(indikator) else total
        result.append(IndicatorProgress(indikator, tahun, Target(tahun, teks, nilai, pembanding), realisasi, n))
    return result


def summary(progress):
    """{numeric, met, persen (mean bar, 0-100), lokasi} of a list of IndicatorProgress."""
    numeric = [p for p in progress if p.numeric]
    return {
        "indikator": len(progress),
        "numeric": len(numeric),
        "met": sum(1 for p in numeric if p.met),
        "persen": round(sum(p.persen for p in numeric) / len(numeric), 1) if numeric else None,
        "lokasi": sum(p.lokasi for p in progress),
    }


def per_dimension(tahun):
    """OrderedDict dimension slug -> summary, in the plan's order."""
    progress = indicator_progress(Indikator.objects.select_related("program"), tahun)
    out = OrderedDict((d, []) for d in Dimensi.values)
    for item in progress:
        out[item.indikator.program.dimensi].append(item)
    return OrderedDict((d, summary(items)) for d, items in out.items())


def per_opd(tahun):
    """{opd kode: summary} over the indicators of the programmes each OPD leads."""
    progress = indicator_progress(Indikator.objects.select_related("program"), tahun)
    by_program = {}
    for item in progress:
        by_program.setdefault(item.indikator.program_id, []).append(item)
    out = {}
    for program_id, opd_kode in Program.opd.through.objects.values_list("program_id", "opd__kode"):
        out.setdefault(opd_kode, []).extend(by_program.get(program_id, []))
    return {kode: summary(items) for kode, items in sorted(out.items())}


def programmes_without_locations():
    """{opd kode: [programme codes]} of the programmes an OPD leads that have no location yet."""
    out = {}
    for kode, opd_kode in (
        Program.objects.without_locations()
        .filter(opd__isnull=False)
        .values_list("kode", "opd__kode")
        .order_by("urutan")
    ):
        out.setdefault(opd_kode, []).append(kode)
    return dict(sorted(out.items()))
