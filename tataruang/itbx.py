"""ITBX matrix import from CSV (kode_kelas, kegiatan, itbx, syarat, sumber)."""

import csv

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import Invalid

from .models import Activity, ItbxRule, PlanClass

VERDICTS = {"I", "T", "B", "X"}


COLUMNS = ("kode_kelas", "kegiatan", "itbx", "syarat", "sumber")


def read_rows(path):
    """Rows of an ITBX table from CSV or XLSX (first sheet, header row first)."""
    if str(path).lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises several types for damaged files
            raise Invalid(_("The XLSX file cannot be read.")) from exc
        values = [[("" if v is None else str(v).strip()) for v in row] for row in sheet.iter_rows(values_only=True)]
        if not values:
            return []
        header = [h.lower() for h in values[0]]
        return [dict(zip(header, row, strict=False)) for row in values[1:] if any(row)]
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return list(csv.DictReader(line for line in fh if not line.startswith("#")))
    except UnicodeDecodeError as exc:
        raise Invalid(_("The CSV file must be UTF-8 text.")) from exc


def _stored_cells(number, row):
    """The cells of row ``number`` as text the database can store: a missing cell
    is "" (a short CSV row gives None), NUL and an over-long 'sumber' are refused."""
    cells = {column: (row.get(column) or "") for column in COLUMNS}
    for column, value in cells.items():
        if "\x00" in value:
            raise Invalid(
                _("Row %(row)d of the ITBX file, column %(column)s: the text holds a NUL character.")
                % {"row": number, "column": column}
            )
    limit = ItbxRule._meta.get_field("source_article").max_length
    if len(cells["sumber"]) > limit:
        raise Invalid(
            _("Row %(row)d of the ITBX file: 'sumber' may be at most %(n)d characters.") % {"row": number, "n": limit}
        )
    return cells


@transaction.atomic
def load_itbx(path, keep_edits=False, scheme="2021"):
    """Upsert the cells of an ITBX table (CSV or XLSX); all or nothing. Returns the number of cells."""
    rows = read_rows(path)
    if not rows or not set(COLUMNS[:3]) <= set(rows[0]):
        raise Invalid(_("The ITBX table needs the columns %(cols)s.") % {"cols": ", ".join(COLUMNS)})
    activities = {a.kode: a for a in Activity.objects.all()}
    written = 0
    for number, row in enumerate(rows, start=2):
        row = _stored_cells(number, row)
        classes = list(PlanClass.objects.filter(scheme=scheme, kode=(row.get("kode_kelas") or "").strip()))
        activity = activities.get((row.get("kegiatan") or "").strip())
        verdict = (row.get("itbx") or "").strip().upper()
        if not classes or activity is None or verdict not in VERDICTS:
            raise Invalid(
                _("Row %(row)d of the ITBX file: unknown class, activity or verdict (use I, T, B or X).")
                % {"row": number}
            )
        for plan_class in classes:
            defaults = {"verdict": verdict, "condition": row["syarat"], "source_article": row["sumber"]}
            if keep_edits:
                ItbxRule.objects.get_or_create(plan_class=plan_class, activity=activity, defaults=defaults)
            else:
                ItbxRule.objects.update_or_create(plan_class=plan_class, activity=activity, defaults=defaults)
            written += 1
    return written
