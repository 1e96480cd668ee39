"""The printable result of a KKPR check (PDF, A4), labelled indicative."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def render(result):
    """PDF bytes of a result from tataruang.kkpr.check."""
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        title=_("Indicative spatial conformity check"),
    )
    text = styles["BodyText"]
    not_legal = _("Not a legal KKPR.")
    synthetic = _("the plan used is synthetic demo data.")
    centre = _("centre")
    story = [
        Paragraph("Pemerintah Kabupaten Tangerang — DTRB", styles["Heading4"]),
        Paragraph(_esc(_("Spatial conformity check (KKPR) — INDICATIVE")), styles["Title"]),
        Paragraph(f"<b>{not_legal}</b> {_esc(result['catatan'])}", text),
    ]
    if result.get("is_sample"):
        story.append(Paragraph(f"<b>DATA CONTOH (sintetis)</b>: {synthetic}", text))
    plan = result["rencana"]
    facts = [
        [_("Activity"), f"{result['kegiatan']['nama']} ({result['kegiatan']['kelompok']})"],
        [
            _("Desa / kecamatan"),
            f"{result['desa']['nama']} ({result['desa']['kode']}), Kec. {result['kecamatan']['nama']}",
        ],
        [
            _("Location"),
            f"{result['lokasi']['type']}, {centre} {result['lokasi']['centroid'][1]:.6f}, "
            f"{result['lokasi']['centroid'][0]:.6f}"
            + (f", {result['lokasi']['luas_ha']:.4f} ha" if result["lokasi"]["luas_ha"] else ""),
        ],
        [_("Plan"), f"{plan['nama']} ({plan['jenis']}) — {plan['dasar_hukum']}" if plan else _("no active plan")],
        [_("Overall ITBX verdict"), f"{result['itbx'] or '-'}: {result['itbx_label']}"],
    ]
    story += [
        Spacer(1, 0.4 * cm),
        _table([[Paragraph(_esc(a), text), Paragraph(_esc(b), text)] for a, b in facts], [4.5 * cm, 12.5 * cm]),
    ]
    rows = [[_("Zone"), _("Share"), "ITBX", _("Conditions / legal source"), _("Intensity")]]
    for zone in result["zona"]:
        share = "-" if zone["porsi"] is None else f"{zone['porsi'] * 100:.2f}%"
        intensity = ", ".join(f"{k} {v}" for k, v in zone["intensitas"].items()) or "-"
        rows.append(
            [
                Paragraph(_esc(f"{zone['kode']} {zone['nama']}") + _hierarchy(zone), text),
                share,
                zone["itbx"] or "-",
                Paragraph(_esc(" ".join(p for p in (zone["syarat"], zone["sumber"]) if p) or zone["itbx_label"]), text),
                Paragraph(_esc(intensity), text),
            ]
        )
    story += [
        Spacer(1, 0.4 * cm),
        Paragraph(_("Zones"), styles["Heading3"]),
        _table(rows, [4.5 * cm, 1.8 * cm, 1.2 * cm, 6 * cm, 3.5 * cm], header=True),
    ]
    overlays = []
    for key, label in (("lp2b", "LP2B"), ("rawan_banjir", _("Flood hazard"))):
        found = result["tumpang_susun"].get(key)
        if found is None:
            overlays.append([label, _("no layer published")])
        else:
            point = result["lokasi"]["type"] == "Point"
            if not found["kena"]:
                text = _("no overlap")
            else:
                text = _("inside") if point else _("overlaps %(ha).4f ha") % {"ha": found["luas_ha"]}
            classes = [
                (part["kelas"] or "-") if point else f"{part['kelas'] or '-'}: {part['luas_ha']:.4f} ha"
                for part in found.get("rincian", [])
            ]
            overlays.append([label, "; ".join([text, *classes]) if classes else text])
    story += [
        Spacer(1, 0.4 * cm),
        Paragraph(_("Overlays"), styles["Heading3"]),
        _table(overlays, [4.5 * cm, 12.5 * cm]),
        Spacer(1, 0.6 * cm),
        Paragraph(
            _("Printed %(time)s from WebSIG Tata Ruang Kabupaten Tangerang. Areas in UTM zone 48S.")
            % {"time": timezone.localtime().strftime("%d-%m-%Y %H:%M")},
            styles["Italic"],
        ),
    ]
    doc.build(story)
    return buffer.getvalue()


def _hierarchy(zone):
    """'<br/>WP: … / SWP: … / Blok: …' for an RDTR zone with a hierarchy, else ''."""
    parts = [
        f"{label}: {zone[key]}" for key, label in (("wp", "WP"), ("swp", "SWP"), ("blok", _("Block"))) if zone.get(key)
    ]
    return "<br/>" + _esc(" / ".join(parts)) if parts else ""


def _esc(value):
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(rows, widths, header=False):
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        style += [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#0f4c3a")),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ]
    table.setStyle(TableStyle(style))
    return table
