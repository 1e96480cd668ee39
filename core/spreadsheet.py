"""Cells of the CSV files the site writes, made safe to open in a spreadsheet.

Excel, LibreOffice Calc and Google Sheets evaluate a cell whose text starts
with = + - @ (and, in some versions, TAB or CR before one of them) as a
formula: an attribute value such as ``=HYPERLINK("http://...")`` typed into
an upload would run on the machine of whoever opens the download. OWASP's
"CSV Injection" guidance: prefix such a cell with a single quote, which the
spreadsheet shows as text, and quote every cell holding a separator or quote
(csv.writer does that). A plain number such as -12.5 is data, not a formula,
and stays as it is so the column still sums.
"""

import csv
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value):
    """``value`` as a CSV cell that no spreadsheet evaluates; non-text values
    (numbers, None) are returned as they are."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


class SafeWriter:
    """csv.writer whose rows pass through safe_cell."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(out, **options):
    """A csv.writer for a file the site offers for download, with safe cells."""
    return SafeWriter(out, **options)
