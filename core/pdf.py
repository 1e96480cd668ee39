"""What every ReportLab document of the WebSIG shares (the KKPR result, the area
reports): the header colour, text escaped for Paragraph markup, a gridded table."""

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

HEADER = colors.HexColor("#0f4c3a")


def a4_document(buffer, title, **more):
    """An A4 SimpleDocTemplate writing to ``buffer`` with the margins of every
    WebSIG document (2 cm left and right, 1.6 cm top and bottom)."""
    margins = {"leftMargin": 2 * cm, "rightMargin": 2 * cm, "topMargin": 1.6 * cm, "bottomMargin": 1.6 * cm}
    return SimpleDocTemplate(buffer, pagesize=A4, title=title, **margins, **more)


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
