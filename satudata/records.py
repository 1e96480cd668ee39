"""The spatial indicators as Satu Data Indonesia tables (Perpres 39/2019).

Every indicator registered in ``core.indicators`` (iterated, so a provider an
app adds appears here without a change) gives one row per stored value: the
area by its Kemendagri code (kode referensi), the period (year), the value in
the indicator's unit and the producing OPD by name (produsen data). The same
rows are written as CSV and JSON; ``COLUMNS`` is their data dictionary and
``indicator_metadata`` each indicator's metadata (konsep/definisi, cara
perhitungan, satuan, produsen).

Numbers are written for machines: a dot before the decimals and no thousands
separator (Indonesian formatting is for pages; a comma would collide with the
CSV separator).
"""

import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akun.models import Opd
from core import indicators
from core.api import BadParameter
from core.params import parse_int
from core.spreadsheet import writer

# Kemendagri codes of the three levels (wilayah): 36.03, 36.03.28, 36.03.28.1001.
LEVEL_OF_CODE = [
    ("kabupaten", re.compile(r"\d{2}\.\d{2}")),
    ("kecamatan", re.compile(r"\d{2}\.\d{2}\.\d{2}")),
    ("desa", re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")),
]
YEAR_MIN, YEAR_MAX = 1900, 2100


@dataclass(frozen=True)
class Column:
    """One column of the tables: name, type (JSON Schema's), description, example."""

    nama: str
    tipe: str
    deskripsi: str
    contoh: object

    def as_dict(self):
        return {"nama": self.nama, "tipe": self.tipe, "deskripsi": str(self.deskripsi), "contoh": self.contoh}


COLUMNS = [
    Column("kode_indikator", "string", gettext_lazy("Code of the indicator (stable)."), "kesesuaian-rtrw"),
    Column(
        "nama_indikator",
        "string",
        gettext_lazy("Name of the indicator."),
        "Persentase realisasi pola pemanfaatan ruang sesuai RTRW",
    ),
    Column(
        "tingkat_wilayah",
        "string",
        gettext_lazy("Level of the area: kabupaten, kecamatan or desa."),
        "kecamatan",
    ),
    Column(
        "kode_wilayah",
        "string",
        gettext_lazy("Kemendagri area code (kode wilayah Kemendagri) of the kabupaten, kecamatan or desa/kelurahan."),
        "36.03.28",
    ),
    Column("nama_wilayah", "string", gettext_lazy("Name of the area."), "Kelapa Dua"),
    Column("periode", "integer", gettext_lazy("Period of the value: the year (tahun)."), 2026),
    Column(
        "nilai",
        "number",
        gettext_lazy("Value in the unit of the indicator, a dot before the decimals; empty when not computable."),
        50.0,
    ),
    Column("satuan", "string", gettext_lazy("Unit of the value (persen, ha, jumlah)."), "persen"),
    Column("target", "number", gettext_lazy("Target for the period, when a plan sets one; else empty."), None),
    Column(
        "produsen_data",
        "string",
        gettext_lazy("Producer of the data (produsen data): the OPD that computes the indicator."),
        "Dinas Tata Ruang dan Bangunan",
    ),
    Column("singkatan_produsen", "string", gettext_lazy("Abbreviation of the producing OPD."), "DTRB"),
    Column(
        "sumber",
        "string",
        gettext_lazy("Stored run the value comes from (traceable in the WebSIG)."),
        "compliance-run:12",
    ),
    Column(
        "data_contoh",
        "boolean",
        gettext_lazy("True when the value was computed from synthetic sample data (DATA CONTOH)."),
        False,
    ),
]
NAMES = [c.nama for c in COLUMNS]


@dataclass(frozen=True)
class Query:
    """What a table is asked for: levels, area code, year, indicator (None: all)."""

    levels: tuple = indicators.LEVELS
    kode: str | None = None
    periode: int | None = None
    indikator: str | None = None


def parse_query(params):
    """A ``Query`` from ``level``, ``kode``, ``periode`` and ``indikator``; a 400
    naming the parameter when one cannot be read."""
    level = params.get("level") or None
    if level is not None and level not in indicators.LEVELS:
        raise BadParameter("level", _("'level' must be desa, kecamatan or kabupaten."))
    kode = params.get("kode") or None
    if kode is not None:
        of_code = next((name for name, pattern in LEVEL_OF_CODE if pattern.fullmatch(kode)), None)
        if of_code is None:
            raise BadParameter("kode", _("'kode' must be a Kemendagri area code such as 36.03.28 or 36.03.28.1001."))
        if level is not None and level != of_code:
            message = _("'kode' %(kode)s is not a code of level %(level)s.")
            raise BadParameter("kode", message % {"kode": kode, "level": level})
        level = of_code
    indikator = params.get("indikator") or None
    if indikator is not None and indicators.provider(indikator) is None:
        known = ", ".join(i.kode for i in indicators.indicators())
        message = _("Unknown indicator '%(kode)s'; choose one of %(known)s.")
        raise BadParameter("indikator", message % {"kode": indikator, "known": known})
    periode = parse_int(params, "periode", None, YEAR_MIN, YEAR_MAX)
    return Query(levels=(level,) if level else indicators.LEVELS, kode=kode, periode=periode, indikator=indikator)


def producers():
    """{singkatan: nama} of the OPDs (Satu Data's produsen data by name)."""
    return dict(Opd.objects.values_list("singkatan", "nama"))


def _period(text):
    return int(text) if text.isascii() and text.isdigit() else text


def rows(query=None):
    """The table's rows ({column: value}) for ``query``: every registered
    indicator's stored values, by indicator, level (kabupaten first), area, period."""
    query = query or Query()
    known = {i.kode: i for i in indicators.indicators()}
    names = producers()
    result = []
    for level in query.levels:
        periode = None if query.periode is None else str(query.periode)
        for value in indicators.values(level, kode=query.kode, periode=periode, indikator=query.indikator):
            item = known[value.indikator]
            result.append(
                {
                    "kode_indikator": item.kode,
                    "nama_indikator": str(item.nama),
                    "tingkat_wilayah": value.level,
                    "kode_wilayah": value.kode,
                    "nama_wilayah": value.nama,
                    "periode": _period(value.periode),
                    "nilai": value.nilai,
                    "satuan": item.satuan,
                    "target": value.target,
                    "produsen_data": names.get(item.produsen, item.produsen),
                    "singkatan_produsen": item.produsen,
                    "sumber": value.sumber,
                    "data_contoh": value.is_sample,
                }
            )
    order = {kode: n for n, kode in enumerate(known)}
    result.sort(key=lambda r: order[r["kode_indikator"]])  # stable: levels, areas and periods keep their order
    return result


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def as_csv(table):
    """``table`` (rows) as CSV text: a header of the column names, cells made
    safe for spreadsheets (core.spreadsheet), numbers with a decimal dot."""
    out = io.StringIO()
    csv_writer = writer(out, lineterminator="\r\n")
    csv_writer.writerow(NAMES)
    for row in table:
        csv_writer.writerow([_cell(row[name]) for name in NAMES])
    return out.getvalue()


def indicator_metadata(item, names=None):
    """The metadata of one indicator (Satu Data's metadata indikator)."""
    names = producers() if names is None else names
    return {
        "kode_indikator": item.kode,
        "nama_indikator": str(item.nama),
        "konsep_definisi": str(item.nama),
        "cara_perhitungan": str(item.deskripsi),
        "satuan": item.satuan,
        "produsen_data": names.get(item.produsen, item.produsen),
        "singkatan_produsen": item.produsen,
        "tingkat_wilayah": list(item.levels),
        "periode": _("yearly"),
        "program": item.program,
        "kode_referensi": _("Kemendagri area codes (kode wilayah Kemendagri)"),
    }
