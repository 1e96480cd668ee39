"""Rows of the indicator export: one stored value with its indicator's name,
unit and source, the same columns in JSON, CSV and XLSX."""

import csv
import io

from openpyxl import Workbook

from core import indicators
from core.spreadsheet import safe_cell
from core.spreadsheet import writer as csv_writer
from wilayah.levels import KODE_LENGTH

COLUMNS = (
    "kode_wilayah",
    "nama_wilayah",
    "level",
    "indikator",
    "nama_indikator",
    "rincian",
    "rincian_nama",
    "periode",
    "nilai",
    "satuan",
    "target",
    "produsen",
    "sumber",
    "is_sample",
    "url",
)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def indicator_rows(level, kode=None, periode=None, indikator=None):
    """[{COLUMNS}] of the stored values at ``level``; ``kode`` is an area at that
    level or one holding it (a kecamatan's code at level desa gives its desa)."""
    found = indicators.values(level, periode=periode, indikator=indikator)
    if kode is not None:
        found = [v for v in found if v.kode[: len(kode)] == kode and len(kode) <= KODE_LENGTH[level]]
    rows = []
    for value in found:
        item = indicators.provider(value.indikator).indicator
        rows.append(
            {
                "kode_wilayah": value.kode,
                "nama_wilayah": value.nama,
                "level": value.level,
                "indikator": value.indikator,
                "nama_indikator": str(item.nama),
                "rincian": value.rincian,
                "rincian_nama": value.rincian_nama,
                "periode": value.periode,
                "nilai": value.nilai,
                "satuan": item.satuan,
                "target": value.target,
                "produsen": item.produsen,
                "sumber": value.sumber,
                "is_sample": value.is_sample,
                "url": value.url,
            }
        )
    return rows


def as_csv(rows):
    """UTF-8 CSV (with BOM, so Excel reads the names right) with a header row; cells made safe."""
    out = io.StringIO()
    out.write("\ufeff")
    write = csv_writer(out, quoting=csv.QUOTE_MINIMAL)
    write.writerow(COLUMNS)
    for row in rows:
        write.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
    return out.getvalue().encode("utf-8")


def as_xlsx(rows, title="Indikator"):
    """An XLSX workbook (bytes): a header row, numbers as numbers, text cells made safe."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([safe_cell(row[c]) for c in COLUMNS])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
