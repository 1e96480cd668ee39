"""The printable report of an area (PDF, A4, ReportLab as the KKPR PDF): a cover
with the Pemkab header, the map of the area drawn on the server (core.pdf_map:
the area, its desa, the zones of its main plan, legend, scale bar, north
arrow), then the tables of the profile (profil.services.profile): indicators
with targets, plan zones, LP2B, flood hazard classes, layers, programme
locations, neighbours, data sources. Numbers in the active language's format
(Indonesian: 1.234,5 ha), the sample label where sample data shows, a reference
number and the date."""

import io

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from core import pdf_map
from core.pdf import HEADER, a4_document, escape, grid_table
from core.sample import SAMPLE_LABEL
from flood import classes as hazard_classes
from wilayah.models import Kecamatan

from . import sections, services
from .format import ha, number, percent
from .pdf_tables import tables

MAP_WIDTH, MAP_HEIGHT, HAZARD_MAP_HEIGHT = 17 * cm, 14 * cm, 12 * cm
AREA_COLOUR = colors.HexColor("#0e1f1a")


def render(area, data, now=None):
    """PDF bytes of the report of ``area`` with its profile ``data``."""
    now = timezone.localtime(now or timezone.now())
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    doc = a4_document(
        buffer,
        _("Spatial profile of %(area)s") % {"area": data["judul"]},
        author="Pemerintah Kabupaten Tangerang — DTRB",
    )
    ref = services.reference(area, now)
    story = _cover(area, data, styles, ref, now)
    story += [PageBreak(), *hazard_map(area, styles), *tables(data, styles)]
    story += [Spacer(1, 0.4 * cm), Paragraph(escape(_footer(ref, now)), styles["Italic"])]
    doc.build(story)
    return buffer.getvalue()


def _footer(ref, now):
    text = _("Reference %(ref)s, printed %(date)s from WebSIG Tata Ruang Kabupaten Tangerang. Areas in UTM zone 48S.")
    return text % {"ref": ref, "date": formats.date_format(now, "j F Y")}


def _cover(area, data, styles, ref, now):
    header = ParagraphStyle("pemkab", parent=styles["Heading2"], alignment=1, spaceAfter=0, textColor=HEADER)
    sub = ParagraphStyle("dinas", parent=styles["BodyText"], alignment=1)
    story = [
        Paragraph("PEMERINTAH KABUPATEN TANGERANG", header),
        Paragraph("Dinas Tata Ruang dan Bangunan (DTRB)", sub),
        Table([[""]], colWidths=[17 * cm], rowHeights=[4], style=[("LINEBELOW", (0, 0), (-1, -1), 2, HEADER)]),
        Spacer(1, 0.3 * cm),
        Paragraph(escape(_("Spatial profile of %(area)s") % {"area": data["judul"]}), styles["Title"]),
    ]
    facts = [[_("Code"), data["kode"]]]
    if data["kecamatan"]:
        facts.append([_("Kecamatan"), f"{data['kecamatan']['nama']} ({data['kecamatan']['kode']})"])
    facts.append([_("Measured area"), f"{ha(data['luas_ukur_ha'], 2)} ha"])
    if data["luas_resmi_km2"]:
        facts.append([_("Official area"), f"{number(data['luas_resmi_km2'], 2)} km²"])
    facts += [[_("Reference number"), ref], [_("Date"), formats.date_format(now, "j F Y")]]
    text = styles["BodyText"]
    rows = [[Paragraph(escape(a), text), Paragraph(escape(b), text)] for a, b in facts]
    story.append(grid_table(rows, [4.5 * cm, 12.5 * cm]))
    if data["is_sample"]:
        story.append(Spacer(1, 0.2 * cm))
        note = _("some figures of this report come from synthetic demo data, not from official data.")
        story.append(Paragraph(f"<b>{SAMPLE_LABEL}</b>: {escape(note)}", text))
    story += [Spacer(1, 0.3 * cm), *_map(area, data, styles)]
    return story


def _map(area, data, styles):
    """The map of the area and its legend."""
    plan = services.main_plan(data)
    zones = services.zone_parts(area, plan, srid=settings.METRIC_SRID) if plan else []
    outline = area.wilayah.geom.transform(settings.METRIC_SRID, clone=True)
    frame = pdf_map.MapFrame(outline.extent, MAP_WIDTH, MAP_HEIGHT, margin=0.04)
    drawing = pdf_map.canvas(MAP_WIDTH, MAP_HEIGHT)
    tolerance = 0.5 / frame.scale  # half a point on paper, in metres
    for plan_class, part in zones:
        pdf_map.add_polygons(
            drawing,
            frame,
            part.simplify(tolerance, preserve_topology=True),
            fillColor=pdf_map.colour(plan_class.warna),
            strokeColor=None,
        )
    if area.level != "desa":
        # The desa of a kecamatan; the kecamatan of the kabupaten (274 desa would crowd the page).
        parts = area.desa().defer(None) if area.level == "kecamatan" else Kecamatan.objects.all()
        for desa in parts:
            shape = desa.geom.transform(settings.METRIC_SRID, clone=True).simplify(tolerance, preserve_topology=True)
            pdf_map.add_polygons(drawing, frame, shape, fillColor=None, strokeColor=colors.white, strokeWidth=0.5)
    pdf_map.add_polygons(
        drawing,
        frame,
        outline.simplify(tolerance, preserve_topology=True),
        fillColor=None,
        strokeColor=AREA_COLOUR,
        strokeWidth=1.4,
    )
    pdf_map.finish(drawing, frame)
    caption = _("The area outlined in black; UTM zone 48S (EPSG:32748).")
    if plan:
        caption += " " + _("Zones of %(plan)s in the colours of their classes.") % {"plan": plan.nama}
    if area.level != "desa":
        caption += " " + (
            _("Desa boundaries in white.") if area.level == "kecamatan" else _("Kecamatan boundaries in white.")
        )
    return [drawing, _legend(data, styles), Paragraph(escape(caption), styles["Italic"])]


def hazard_map(area, styles):
    """The desa of a kecamatan or of the kabupaten in the colour of their largest
    flood hazard class (stored statistics), with the legend; [] for a desa or
    without a published raster."""
    raster, found = sections.hazard_by_desa(area)
    if area.level == "desa" or raster is None:
        return []
    outline = area.wilayah.geom.transform(settings.METRIC_SRID, clone=True)
    frame = pdf_map.MapFrame(outline.extent, MAP_WIDTH, HAZARD_MAP_HEIGHT, margin=0.04)
    drawing = pdf_map.canvas(MAP_WIDTH, HAZARD_MAP_HEIGHT)
    tolerance = 0.5 / frame.scale
    for desa in area.desa().defer(None):
        shape = desa.geom.transform(settings.METRIC_SRID, clone=True).simplify(tolerance, preserve_topology=True)
        colour = pdf_map.colour(found.get(desa.kode, {}).get("warna", sections.NO_DATA_COLOUR))
        pdf_map.add_polygons(drawing, frame, shape, fillColor=colour, strokeColor=colors.white, strokeWidth=0.4)
    pdf_map.add_polygons(
        drawing, frame, outline.simplify(tolerance, preserve_topology=True), fillColor=None, strokeColor=AREA_COLOUR
    )
    pdf_map.finish(drawing, frame)
    small = ParagraphStyle("legenda-bahaya", parent=styles["BodyText"], fontSize=7.5, leading=9)
    labels = {**hazard_classes.LABELS}
    colours = {**hazard_classes.DEFAULT_COLORS, hazard_classes.NO_DATA: sections.NO_DATA_COLOUR}
    cells = [["", Paragraph(escape(labels[k]), small)] for k in colours]
    legend = Table([sum(cells, [])], colWidths=[0.4 * cm, 3.85 * cm] * len(cells))
    legend.setStyle(
        TableStyle([("BACKGROUND", (2 * i, 0), (2 * i, 0), pdf_map.colour(c)) for i, c in enumerate(colours.values())])
    )
    caption = _("Each desa in the colour of its largest flood hazard class: %(raster)s (stored statistics).") % {
        "raster": raster.title
    }
    return [
        KeepTogether(
            [
                Paragraph(escape(_("Flood hazard map")), styles["Heading3"]),
                drawing,
                legend,
                Paragraph(escape(caption), styles["Italic"]),
            ]
        )
    ]


def _legend(data, styles):
    """The classes of the main plan, largest share first, three to a row."""
    small = ParagraphStyle("legenda", parent=styles["BodyText"], fontSize=7.5, leading=9)
    if not data["zona"]:
        return Spacer(1, 0.1 * cm)
    cells, style = [], []
    for index, kelas in enumerate(data["zona"][0]["kelas"]):
        label = f"{escape(kelas['kode'])} {escape(kelas['nama'])} — {percent(kelas['persen'])}"
        cells.append(["", Paragraph(label, small)])
        row, column = divmod(index, 3)
        style.append(("BACKGROUND", (column * 2, row), (column * 2, row), pdf_map.colour(kelas["warna"])))
    while len(cells) % 3:
        cells.append(["", ""])
    rows = [sum(cells[i : i + 3], []) for i in range(0, len(cells), 3)]
    table = Table(rows, colWidths=[0.4 * cm, 5.27 * cm] * 3)
    table.setStyle(TableStyle([*style, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return table
