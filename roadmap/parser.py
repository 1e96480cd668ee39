"""Parse BAB V (Peta Jalan) and BAB VI (Quick Wins) of the Master Plan Smart City text.

The seed is text extracted from a PDF: tables are tab-separated rows, each page
repeats the two-line table header, and a cell broken across a page break
continues on the first row of the next page. The parser works on that text
only; it knows nothing of the database (roadmap/services.py loads its output).

Row layout of a BAB V table (cells, left to right)::

    strategy | [no] [programme] | indicator | unit | baseline 2024 | target 2025 | target 2026 | OPD | funding

The number and the programme name are one cell ("4 Pengelolaan ...") or two;
some pages have an extra empty column or a trailing empty cell. The seven
cells from "indicator" on are therefore counted from the left of the tail.
"""

import csv
import re
from dataclasses import asdict, dataclass, fields
from decimal import Decimal, InvalidOperation

START_MARKER = "PETA JALAN SMART CITY KABUPATEN TANGERANG"
QUICK_WINS_MARKER = "BAB VI QUICK WINS"
END_MARKER = "BAB VII PENUTUP"

# Dimension headings of BAB V -> the API's dimension slug.
DIMENSIONS = {
    "Smart Governance": "governance",
    "Smart Branding": "branding",
    "Smart Economy": "economy",
    "Smart Living": "living",
    "Smart Society": "society",
    "Smart Environment": "environment",
}
STRATEGY_CODE = re.compile(r"^(G|B|Ec|L|S|En)\.\s*(\d+)\.?\s*(.*)$")
NUMBERED = re.compile(r"^(\d{1,2})\s+(\S.*)$")
FUNDING = re.compile(r"^(APBD|APBN|APBDes|DAK|CSR|Swasta|BLUD|Hibah)\b", re.I)
TAIL = 7  # indicator, unit, baseline, target 2025, target 2026, OPD, funding

# A number as the plan writes it: "99,47%", ">75%", "10.000", "96.9%", "0,2143".
VALUE = re.compile(r"^(?P<cmp>>=|<=|≥|≤|>|<)?\s*(?P<num>\d+(?:[.,]\d+)*)\s*(?P<pct>%)?$")
THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
COMPARATORS = {"≥": ">=", "≤": "<="}
# Strategy names BAB V cuts at a page edge, completed from the action plan
# table of Buku II (seed line 1946, same strategy code).
STRATEGY_NAMES = {
    "B.2": 'Peningkatan kemudahan, kesederhanaan, kepastian, dan ketetapan pelayanan terpadu "Eretan"',
}


@dataclass
class IndicatorRow:
    dimensi: str
    strategi_kode: str
    strategi_nama: str
    nomor: int
    kode: str
    program_nama: str
    urutan: int  # 1, 2, ... within the programme
    kegiatan: str  # an activity named on a row without a number, else ""
    indikator: str
    satuan: str
    baseline_2024: str
    target_2025: str
    target_2026: str
    target_2025_nilai: str
    target_2026_nilai: str
    pembanding_2025: str
    pembanding_2026: str
    opd: str
    sumber_dana: str
    baris: int  # line in the seed, for review


@dataclass
class QuickWin:
    nomor: int
    nama: str
    opd: str
    fungsi: str
    status: str
    dimensi: str  # slugs, comma-separated
    baris: int


def parse_value(text):
    """``(number, comparator)`` of a target as written, or ``(None, "")``.

    Indonesian decimal comma; a dot is a thousands separator only in groups of
    three ("10.000"), else a decimal point ("96.9%", as some rows are typed).
    A plain number is a minimum to reach (">="); "√", "58,5/72" or "-" have no number.
    """
    match = VALUE.match((text or "").strip())
    if not match:
        return None, ""
    num = match["num"]
    if THOUSANDS.match(num):
        num = num.replace(".", "")
    elif num.count(",") + num.count(".") > 1:
        return None, ""
    try:
        number = Decimal(num.replace(",", "."))
    except InvalidOperation:
        return None, ""
    comparator = match["cmp"] or ">="
    return number, COMPARATORS.get(comparator, comparator)


def _is_header(cells):
    first = cells[0].strip()
    return first == "STRATEGI" or (not first and "Baseline 2024" in cells)


def _section(lines, start, end):
    """Line numbers (1-based) and text from the first ``start`` line to ``end``."""
    begin = next(i for i, line in enumerate(lines) if line.strip() == START_MARKER and lines[i - 1].strip() == "BAB V")
    stop = next(i for i in range(begin, len(lines)) if lines[i].strip() == end)
    return [(i + 1, lines[i].rstrip("\n")) for i in range(begin + 1, stop)]


class _RoadmapState:
    def __init__(self):
        self.rows = []
        self.dimensi = None
        self.strategi_kode = ""
        self.strategi_nama = ""
        self.program = None  # the current numbered programme: (nomor, nama)
        self.after_header = False
        self.urutan = 0


def parse_roadmap(text):
    """Every indicator row of BAB V as an :class:`IndicatorRow`, in the plan's order."""
    lines = text.splitlines()
    state = _RoadmapState()
    for lineno, line in _section(lines, START_MARKER, QUICK_WINS_MARKER):
        stripped = line.strip()
        if stripped in DIMENSIONS:
            state.dimensi = DIMENSIONS[stripped]
            state.program = None
            state.strategi_kode = state.strategi_nama = ""
            continue
        if state.dimensi is None or "\t" not in line:
            continue
        cells = [c.strip() for c in line.split("\t")]
        if _is_header(cells):
            state.after_header = True
            continue
        _parse_row(state, cells, lineno)
        state.after_header = False
    return state.rows


def _split_row(cells):
    """``(strategy cell, head cells, tail cells)`` of a table row.

    The tail is aligned on the funding cell: trailing empty cells (some pages
    have one more column) are dropped, and a row whose last cell is not a
    funding source has an empty funding cell (G-17 "DISKOMINFO\t").
    """
    strategy, rest = cells[0], cells[1:]
    original = list(rest)
    while rest and not rest[-1]:
        rest.pop()
    if not rest or not FUNDING.match(rest[-1]):
        rest.append("")
    if len(rest) < TAIL:
        # Mostly empty (a name continued on the next page, G-8): keep the page's columns.
        rest = original + [""] * max(0, TAIL + 1 - len(original))
    return strategy, rest[:-TAIL], rest[-TAIL:]


def _head_number_name(head):
    """``(number or None, programme/activity name)`` from the head cells."""
    head = [h for h in head]
    if len(head) == 2 and head[0].isdigit():
        return int(head[0]), head[1]
    joined = " ".join(h for h in head if h)
    match = NUMBERED.match(joined)
    if match:
        return int(match[1]), match[2]
    if joined.isdigit():
        return int(joined), ""
    return None, joined


def _parse_row(state, cells, lineno):
    strategy, head, tail = _split_row(cells)
    indikator, satuan, baseline, t25, t26, opd, dana = tail
    code = STRATEGY_CODE.match(strategy) if strategy else None
    nomor, nama = _head_number_name(head)
    if code:
        state.strategi_kode = f"{code[1]}.{code[2]}"
        state.strategi_nama = STRATEGY_NAMES.get(state.strategi_kode, code[3].strip())
    elif strategy and not indikator and not satuan and not baseline and t25 and state.rows:
        # Values of the previous indicator continued on the next line
        # (Ec-22 "Koperasi : 2,14" / "Usaha Mikro : 5,95").
        _continue_values(state.rows[-1], strategy, t25, t26)
        return
    elif strategy and not indikator and not nama:
        indikator = strategy  # an indicator pushed into the first column (Ec-22)
    elif strategy:
        # The strategy name broken across a page break ("... Smart Mobility" / "Intra City ...").
        state.strategi_nama = f"{state.strategi_nama} {strategy}".strip()
        for row in state.rows:
            if row.strategi_kode == state.strategi_kode:
                row.strategi_nama = state.strategi_nama
    if nomor is None and state.program and nama and state.after_header:
        # The programme name broken across a page break (S-27 "... Penanganan Gawat" / "Darurat Terpadu").
        state.program = (state.program[0], f"{state.program[1]} {nama}")
        for row in state.rows:
            if row.kode == _kode(state.dimensi, state.program[0]):
                row.program_nama = state.program[1]
        nama = ""
    if nomor is not None:
        state.program = (nomor, nama)
        state.urutan = 0
    if state.program is None or not any((indikator, satuan, baseline, t25, t26)):
        return
    if not indikator and nomor is not None and state.rows:
        indikator = _take_merged_indicator(state.rows[-1])
    state.urutan += 1
    v25, c25 = parse_value(t25)
    v26, c26 = parse_value(t26)
    state.rows.append(
        IndicatorRow(
            dimensi=state.dimensi,
            strategi_kode=state.strategi_kode,
            strategi_nama=state.strategi_nama,
            nomor=state.program[0],
            kode=_kode(state.dimensi, state.program[0]),
            program_nama=state.program[1],
            urutan=state.urutan,
            kegiatan=nama if nomor is None else "",
            indikator=indikator,
            satuan=satuan,
            baseline_2024=baseline,
            target_2025=t25,
            target_2026=t26,
            target_2025_nilai="" if v25 is None else str(v25),
            target_2026_nilai="" if v26 is None else str(v26),
            pembanding_2025=c25,
            pembanding_2026=c26,
            opd=opd,
            sumber_dana=dana,
            baris=lineno,
        )
    )


# An indicator name starts with one of these; two of them in one cell are two rows' indicators.
INDICATOR_START = re.compile(r"\s(?=(?:Jumlah|Persentase|Presentase|Prosentase) [A-Z])")


def _take_merged_indicator(previous):
    """The second indicator of ``previous`` when the PDF merged the cells of two rows
    (G-14 "... yang Dikembangkan Jumlah Dokumen Program Inovasi ..." above G-15's empty cell):
    ``previous`` keeps the first, the row below gets the second; "" when there is none."""
    parts = INDICATOR_START.split(previous.indikator, maxsplit=1)
    if len(parts) != 2:
        return ""
    previous.indikator = parts[0].strip()
    return parts[1].strip()


def _continue_values(row, baseline, t25, t26):
    row.baseline_2024 = f"{row.baseline_2024}; {baseline}"
    row.target_2025 = f"{row.target_2025}; {t25}"
    row.target_2026 = f"{row.target_2026}; {t26}"
    row.target_2025_nilai = row.target_2026_nilai = ""
    row.pembanding_2025 = row.pembanding_2026 = ""


DIMENSION_LETTER = {
    "governance": "G",
    "branding": "B",
    "economy": "Ec",
    "living": "L",
    "society": "S",
    "environment": "En",
}


def _kode(dimensi, nomor):
    """The programme id: numbering restarts in each dimension, so ``L-5`` is Smart Living no. 5."""
    return f"{DIMENSION_LETTER[dimensi]}-{nomor}"


def parse_quick_wins(text):
    """The Quick Wins table of BAB VI (6.2) as :class:`QuickWin` rows."""
    lines = text.splitlines()
    begin = next(i for i, line in enumerate(lines) if line.strip() == "6.2 Program Quick Wins Smart City")
    wins = []
    for i in range(begin, len(lines)):
        line = lines[i]
        if line.strip() == END_MARKER:
            break
        if "\t" not in line or line.startswith("No\t"):
            continue
        cells = [_clean(c) for c in line.split("\t")] + [""] * 6
        if cells[0].isdigit():
            wins.append(
                QuickWin(
                    nomor=int(cells[0]),
                    nama=cells[1],
                    opd=cells[2],
                    fungsi=cells[3],
                    status=cells[4],
                    dimensi=",".join(DIMENSIONS[d.strip()] for d in cells[5].split(",") if d.strip() in DIMENSIONS),
                    baris=i + 1,
                )
            )
        elif wins:
            extra = " ".join(c for c in cells if c)
            if extra:
                wins[-1].fungsi = f"{wins[-1].fungsi} {extra}".strip()
    return wins


def _clean(cell):
    return re.sub(r"\s+", " ", re.sub(r"</?p>", " ", cell)).strip()


CSV_FIELDS = [f.name for f in fields(IndicatorRow)]


def write_csv(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(asdict(row))


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return [
            IndicatorRow(**{**r, "nomor": int(r["nomor"]), "urutan": int(r["urutan"]), "baris": int(r["baris"])})
            for r in csv.DictReader(handle)
        ]


QUICK_WIN_FIELDS = [f.name for f in fields(QuickWin)]


def write_quick_wins_csv(wins, path):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=QUICK_WIN_FIELDS, lineterminator="\n")
        writer.writeheader()
        for win in wins:
            writer.writerow(asdict(win))


def read_quick_wins_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return [QuickWin(**{**r, "nomor": int(r["nomor"]), "baris": int(r["baris"])}) for r in csv.DictReader(handle)]
