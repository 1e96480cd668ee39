"""Loading the peta jalan and reading its targets.

``load_peta_jalan`` is the one path from data/peta_jalan.csv (written by
``parse_peta_jalan`` from the seed) into the database; ``program_targets``
is how other apps (the integration indicator, the RDTR synchronisation) read
a programme's targets instead of keeping constants of their own.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from akun.models import Opd

from . import parser
from .models import Indikator, Program, QuickWin, Strategi

DEFAULT_CSV = Path(settings.BASE_DIR) / "data" / "peta_jalan.csv"
DEFAULT_QUICK_WINS_CSV = Path(settings.BASE_DIR) / "data" / "quick_wins.csv"

# Leading-sector names of the plan that are a unit of an OPD in the registry
# (bagian of the Sekretariat Daerah), not an OPD of their own.
OPD_ALIASES = {"setdakesra": "setda", "setdapemerintahanumum": "setda"}


@dataclass
class LoadResult:
    strategi: int = 0
    program: int = 0
    indikator: int = 0
    quick_wins: int = 0
    per_dimensi: dict = field(default_factory=dict)
    # {raw name: [programme codes]} of leading sectors not in the OPD registry.
    opd_tidak_dikenal: dict = field(default_factory=dict)


def _squash(text):
    return re.sub(r"[^a-z0-9]", "", text.lower())


class OpdMatcher:
    """Leading-sector text ("Bappeda, Diskominfo", "DISPORAB UDPAR") -> OPD registry rows.

    Names are compared without case, spaces or punctuation (the PDF breaks
    words: "BKESBAN GPOL"), against the OPD's code, abbreviation and full name.
    """

    def __init__(self):
        self.by_key = {}
        for opd in Opd.objects.all():
            for key in (opd.kode, opd.singkatan, opd.nama):
                self.by_key[_squash(key)] = opd

    def match(self, text):
        """``(opds, unknown names)`` of one leading-sector cell."""
        found, unknown = [], []
        for name in (n.strip() for n in text.split(",")):
            if not name:
                continue
            key = _squash(name)
            opd = self.by_key.get(OPD_ALIASES.get(key, key))
            if opd is None:
                unknown.append(name)
            elif opd not in found:
                found.append(opd)
        return found, unknown


@transaction.atomic
def load_peta_jalan(csv_path=DEFAULT_CSV, quick_wins_path=DEFAULT_QUICK_WINS_CSV):
    """Replace the peta jalan with the rows of ``csv_path`` (idempotent).

    Programmes are kept by code (``L-5``) so locations attached to them stay;
    their indicators are rewritten. Returns a :class:`LoadResult`.
    """
    rows = parser.read_csv(csv_path)
    matcher = OpdMatcher()
    result = LoadResult()
    strategies, programmes = {}, {}
    for row in rows:
        if row.strategi_kode not in strategies:
            strategies[row.strategi_kode], _created = Strategi.objects.update_or_create(
                kode=row.strategi_kode,
                defaults={"dimensi": row.dimensi, "nama": row.strategi_nama, "urutan": len(strategies) + 1},
            )
        programmes.setdefault(row.kode, []).append(row)
    for urutan, (kode, indicator_rows) in enumerate(programmes.items(), start=1):
        _load_programme(kode, indicator_rows, urutan, strategies, matcher, result)
    Program.objects.exclude(kode__in=programmes).filter(lokasi__isnull=True).delete()
    Strategi.objects.exclude(kode__in=strategies).filter(program__isnull=True).delete()
    result.strategi = len(strategies)
    result.program = len(programmes)
    result.indikator = len(rows)
    if Path(quick_wins_path).exists():
        result.quick_wins = _load_quick_wins(quick_wins_path)
    return result


def _load_programme(kode, rows, urutan, strategies, matcher, result):
    first = rows[0]
    opd_texts = list(dict.fromkeys(r.opd for r in rows if r.opd))
    opds, unknown = [], []
    for text in opd_texts:
        found, missing = matcher.match(text)
        opds += [o for o in found if o not in opds]
        unknown += [m for m in missing if m not in unknown]
    program, _created = Program.objects.update_or_create(
        kode=kode,
        defaults={
            "dimensi": first.dimensi,
            "strategi": strategies[first.strategi_kode],
            "nomor": first.nomor,
            "nama": first.program_nama,
            "opd_teks": "; ".join(opd_texts),
            "opd_tidak_dikenal": unknown,
            "sumber_dana": "; ".join(dict.fromkeys(r.sumber_dana for r in rows if r.sumber_dana)),
            "urutan": urutan,
        },
    )
    program.opd.set(opds)
    for name in unknown:
        result.opd_tidak_dikenal.setdefault(name, []).append(kode)
    for row in rows:
        Indikator.objects.update_or_create(
            program=program,
            urutan=row.urutan,
            defaults={
                "kegiatan": row.kegiatan,
                "nama": row.indikator,
                "satuan": row.satuan,
                "baseline_2024": row.baseline_2024,
                "target_2025": row.target_2025,
                "target_2026": row.target_2026,
                "target_2025_nilai": Decimal(row.target_2025_nilai) if row.target_2025_nilai else None,
                "target_2026_nilai": Decimal(row.target_2026_nilai) if row.target_2026_nilai else None,
                "pembanding_2025": row.pembanding_2025,
                "pembanding_2026": row.pembanding_2026,
                "opd_teks": row.opd,
                "sumber_dana": row.sumber_dana,
                "baris": row.baris,
            },
        )
    Indikator.objects.filter(program=program, urutan__gt=len(rows)).delete()
    result.per_dimensi[first.dimensi] = result.per_dimensi.get(first.dimensi, 0) + 1


def _load_quick_wins(path):
    wins = parser.read_quick_wins_csv(path)
    for win in wins:
        QuickWin.objects.update_or_create(
            nomor=win.nomor,
            defaults={
                "nama": win.nama,
                "opd_teks": win.opd,
                "fungsi": win.fungsi,
                "status": win.status,
                "dimensi": [d for d in win.dimensi.split(",") if d],
            },
        )
    QuickWin.objects.exclude(nomor__in=[w.nomor for w in wins]).delete()
    return len(wins)


# --- targets for other apps ----------------------------------------------------


class RoadmapNotLoaded(LookupError):
    """The peta jalan (or the programme asked for) is not in the database."""


@dataclass(frozen=True)
class Target:
    """A target of one year: ``teks`` as written, ``nilai`` its number, ``pembanding`` (">", ">=", ...)."""

    tahun: int
    teks: str
    nilai: Decimal | None
    pembanding: str

    def met_by(self, value):
        """Whether a realisation ``value`` (same unit as ``nilai``) reaches the target:
        ``>75%`` is met by 76, not by 75; a plain ``80%`` (">=") by 80."""
        if value is None or self.nilai is None:
            return False
        value = Decimal(str(value))
        return {
            ">": value > self.nilai,
            ">=": value >= self.nilai,
            "<": value < self.nilai,
            "<=": value <= self.nilai,
        }.get(self.pembanding or ">=", False)


def indikator_targets(indikator):
    """The baseline (as the 2024 target) and the 2025 and 2026 targets of an :class:`Indikator`."""
    baseline_value, baseline_cmp = parser.parse_value(indikator.baseline_2024)
    targets = [Target(2024, indikator.baseline_2024, baseline_value, baseline_cmp)]
    for tahun in (2025, 2026):
        teks, nilai, pembanding = indikator.target(tahun)
        targets.append(Target(tahun, teks, nilai, pembanding))
    return targets


def program_targets(kode, urutan=1):
    """The targets (2024 baseline, 2025, 2026) of indicator ``urutan`` of programme ``kode``.

    Raises RoadmapNotLoaded when ``load_peta_jalan`` has not run (callers
    fall back to their own figures and say so).
    """
    indikator = Indikator.objects.filter(program__kode=kode, urutan=urutan).select_related("program").first()
    if indikator is None:
        raise RoadmapNotLoaded(
            _("The roadmap (peta jalan) is not loaded: run 'manage.py load_peta_jalan'. Programme %(kode)s is missing.")
            % {"kode": kode}
        )
    return indikator, indikator_targets(indikator)


def find_program(nama_contains, dimensi=None):
    """The code of the one programme whose name contains ``nama_contains`` (None if none)."""
    qs = Program.objects.filter(nama__icontains=nama_contains)
    if dimensi:
        qs = qs.filter(dimensi=dimensi)
    return qs.values_list("kode", flat=True).first()


# The programmes other apps measure themselves against (Buku II, BAB V, Smart Living L.1).
INTEGRASI_WEBSIG = "L-5"  # "Integrasi layer peta sektoral ... ke dalam WebSIG yang dikelola DTRB"
SINKRONISASI_RDTR = "L-3"  # "Koordinasi dan Sinkronisasi Penyusunan RRTR": "Persentase Pelaksanaan Sinkronisasi RDTR"


def percent_share_targets(kode):
    """The targets of a programme whose indicator is a share in percent (0-100), for the
    integration indicator: ``([{tahun, target, persen, strict}], source text)``.

    A share cannot exceed 100%, so a strict target at the ceiling (L-5's 2026
    ">100%") is read as reaching 100%. Raises RoadmapNotLoaded.
    """
    indikator, targets = program_targets(kode)
    rows = []
    for target in targets:
        if target.nilai is None:
            continue
        strict = target.pembanding == ">" and target.nilai < 100
        rows.append({"tahun": target.tahun, "target": target.teks, "persen": float(target.nilai), "strict": strict})
    return rows, source_label(indikator)


def fraction_targets(kode):
    """The targets of a programme whose indicator is a fraction (0-1, L-3 "0,2857"):
    ``([{tahun, target, teks, pembanding}], source text)``. Raises RoadmapNotLoaded."""
    indikator, targets = program_targets(kode)
    rows = [
        {"tahun": t.tahun, "target": float(t.nilai), "teks": t.teks, "pembanding": t.pembanding}
        for t in targets
        if t.nilai is not None
    ]
    return rows, source_label(indikator)


def source_label(indikator):
    return _("Roadmap programme %(kode)s: %(indikator)s") % {
        "kode": indikator.program.kode,
        "indikator": indikator.nama,
    }
