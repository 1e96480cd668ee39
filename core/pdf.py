"""What every ReportLab document of the WebSIG shares (the KKPR result, the area
reports): the header colour, text escaped for Paragraph markup, a gridded table."""

from reportlab.lib import colors
from reportlab.platypus import Table, TableStyle

HEADER = colors.HexColor("#0f4c3a")


def escape(value):
    """``value`` as text safe inside a reportlab Paragraph (its mini-HTML markup)."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def grid_table(rows, widths, header=False):
    """A Table of ``rows`` with grey grid lines, cells aligned to the top; with
    ``header`` the first row is white on HEADER and repeats on every page."""
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), HEADER), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white)]
    table.setStyle(TableStyle(style))
    return table
