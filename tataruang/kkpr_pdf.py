"""The printable result of a KKPR check (PDF, A4), labelled indicative: the
reference number and date, the location (lon/lat order stated, UTM 48S), the
verdict and the rule that decided it, the map of the parcel over the zones
(tataruang.kkpr_pdf_peta) with its legend, the zone table, the overlays and the
legal basis of the plan used. Numbers in the active language's format
(Indonesian: 1.072,19 ha; 0,12%; KLB 1,2)."""

import io
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from core.pdf import a4_document, escape, grid_table
from core.sample import SAMPLE_LABEL

from . import kkpr_pdf_peta
from .kkpr_putusan import decimal

# The flood hazard classes as the KKPR result names them (flood.classes.KODES, BNPB).
HAZARD_LABELS = {"tanpa_data": "tanpa data"}


def render(result, geom):
    """PDF bytes of a result from tataruang.kkpr.check for ``geom`` (GEOS, EPSG:4326)."""
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    doc = a4_document(buffer, _("Indicative spatial conformity check"))
    text = styles["BodyText"]
    styles["Heading3"].keepWithNext = True  # a heading never ends a page without its table
    story = [
        Paragraph("Pemerintah Kabupaten Tangerang — DTRB", styles["Heading4"]),
        Paragraph(escape(_("Spatial conformity check (KKPR) — INDICATIVE")), styles["Title"]),
        Paragraph(f"<b>{escape(_('Not a legal KKPR.'))}</b> {escape(result['catatan'])}", text),
    ]
    if result.get("is_sample"):
        synthetic = _("the plan used is synthetic demo data, not the official plan.")
        story.append(Paragraph(f"<b>{SAMPLE_LABEL}</b>: {escape(synthetic)}", text))
    story += [Spacer(1, 0.3 * cm), _facts(result, text)]
    story += [
        Spacer(1, 0.3 * cm),
        KeepTogether(
            [
                Paragraph(escape(_("Map of the location and the zones")), styles["Heading3"]),
                kkpr_pdf_peta.draw(result, geom),
                _legend(result, styles),
                Paragraph(
                    escape(
                        _(
                            "UTM zone 48S (EPSG:32748); zone colours of the plan's classes; "
                            "the parcel or point in black."
                        )
                    ),
                    styles["Italic"],
                ),
            ]
        ),
        Spacer(1, 0.3 * cm),
        Paragraph(escape(_("Zones")), styles["Heading3"]),
        _zone_table(result, text),
        Paragraph(escape(result["putusan"]["ambang"]), styles["Italic"]),
        Spacer(1, 0.3 * cm),
        Paragraph(escape(_("Overlays")), styles["Heading3"]),
        # Paragraphs, so that a long line (the flood hazard per class) wraps in its cell.
        grid_table(
            [[Paragraph(escape(a), text), Paragraph(escape(b), text)] for a, b in _overlays(result)],
            [4.5 * cm, 12.5 * cm],
        ),
        Spacer(1, 0.5 * cm),
        Paragraph(
            escape(
                _(
                    "Reference %(ref)s, printed %(date)s from WebSIG Tata Ruang Kabupaten Tangerang. "
                    "Areas in UTM zone 48S."
                )
                % {"ref": result["referensi"], "date": _date(result["tanggal"])}
            ),
            styles["Italic"],
        ),
    ]
    doc.build(story)
    return buffer.getvalue()


def _legend(result, styles):
    """The classes drawn on the map, two to a row: colour, code and name, share of the parcel."""
    small = ParagraphStyle("legenda", parent=styles["BodyText"], fontSize=8, leading=10)
    point = result["lokasi"]["type"] == "Point"
    cells, style = [], []
    for index, (colour, name, share) in enumerate(kkpr_pdf_peta.legend_entries(result["zona"])):
        label = escape(name) if point else f"{escape(name)} — {decimal(share, 2)}%"
        cells.append(("", Paragraph(label, small)))
        row, column = divmod(index, 2)
        style.append(("BACKGROUND", (column * 2, row), (column * 2, row), colour))
    if not cells:
        return Spacer(1, 0.1 * cm)
    if len(cells) % 2:
        cells.append(("", ""))
    rows = [[*cells[i], *cells[i + 1]] for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=[0.5 * cm, 8 * cm, 0.5 * cm, 8 * cm])
    table.setStyle(
        TableStyle(
            [
                *style,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _date(iso):
    return formats.date_format(date.fromisoformat(iso), "j F Y")


def location_text(lokasi):
    """'Poligon, 1.072,19 ha; pusat (bujur, lintang) 106,475000; -6,275000; UTM 48S ...'"""
    lon, lat = lokasi["centroid"]
    easting, northing = lokasi["utm"]
    parts = [_("Point") if lokasi["type"] == "Point" else _("Polygon")]
    if lokasi.get("luas_ha") is not None:
        parts[0] += ", " + _("area %(area)s ha") % {"area": decimal(lokasi["luas_ha"], 2)}
    parts.append(_("centre (lon, lat) %(lon)s; %(lat)s") % {"lon": decimal(lon, 6), "lat": decimal(lat, 6)})
    parts.append(_("UTM 48S (E, N) %(e)s m; %(n)s m") % {"e": decimal(easting, 1), "n": decimal(northing, 1)})
    return " — ".join(parts)


def _facts(result, text):
    plan = result["rencana"]
    verdict = f"{result['itbx'] or '-'}: {result['itbx_label']}. {result['putusan']['aturan']}"
    facts = [
        [_("Reference number"), result["referensi"]],
        [_("Date"), _date(result["tanggal"])],
        [_("Activity"), f"{result['kegiatan']['nama']} ({result['kegiatan']['kelompok']})"],
        [
            _("Desa / kecamatan"),
            f"{result['desa']['nama']} ({result['desa']['kode']}), Kec. {result['kecamatan']['nama']}",
        ],
        [_("Location"), location_text(result["lokasi"])],
        [
            _("Plan"),
            f"{plan['nama']} ({plan['jenis']}{', ' + str(plan['tahun']) if plan['tahun'] else ''})"
            if plan
            else _("no active plan"),
        ],
        [_("Legal basis"), (plan["dasar_hukum"] or "-") if plan else "-"],
        [_("Overall ITBX verdict"), verdict],
    ]
    return grid_table(
        [[Paragraph(escape(a), text), Paragraph(escape(b), text)] for a, b in facts], [4.5 * cm, 12.5 * cm]
    )


def share_text(zone):
    """'15,37% · 169,29 ha' of a parcel, '100%' for a point."""
    if zone["luas_ha"] is None:
        return f"{decimal(zone['persen'] or 0, 0)}%"
    return f"{decimal(zone['persen'], 2)}% · {decimal(zone['luas_ha'], 2)} ha"


def intensity_text(intensitas):
    """'KDB 70 · KLB 1,2': numbers in the active language, without trailing zeros."""
    parts = []
    for key, value in intensitas.items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            digits = 0 if float(value).is_integer() else len(f"{value:.2f}".rstrip("0").split(".")[1])
            value = decimal(value, digits)
        parts.append(f"{key} {value}")
    return " · ".join(parts) or "-"


def _zone_table(result, text):
    head = ParagraphStyle("kepala", parent=text, textColor=colors.white, fontName="Helvetica-Bold", fontSize=9)
    labels = [_("Zone"), _("Share"), "ITBX", _("Decides"), _("Conditions / legal source"), _("Intensity")]
    rows = [[Paragraph(escape(label), head) for label in labels]]
    styles = []
    for index, zone in enumerate(result["zona"], start=1):
        rows.append(
            [
                Paragraph(escape(f"{zone['kode']} {zone['nama']}") + _hierarchy(zone), text),
                Paragraph(escape(share_text(zone)), text),
                zone["itbx"] or "-",
                _("yes") if zone.get("menentukan") else _("no"),
                Paragraph(
                    escape(" ".join(p for p in (zone["syarat"], zone["sumber"]) if p) or zone["itbx_label"]), text
                ),
                Paragraph(escape(intensity_text(zone["intensitas"])), text),
            ]
        )
        # The class colour beside the code, the map's legend.
        styles.append(("LINEBEFORE", (0, index), (0, index), 6, kkpr_pdf_peta.colour(zone.get("warna"))))
    table = grid_table(rows, [4.2 * cm, 2.5 * cm, 1.2 * cm, 2 * cm, 4.1 * cm, 3 * cm], header=True)
    table.setStyle(TableStyle(styles))
    return table


def _overlays(result):
    overlays = []
    point = result["lokasi"]["type"] == "Point"
    for key, label in (("lp2b", "LP2B"), ("rawan_banjir", _("Flood hazard"))):
        found = result["tumpang_susun"].get(key)
        if found is None:
            overlays.append([label, _("no layer published")])
            continue
        if not found["kena"]:
            value = _("no overlap")
        else:
            value = _("inside") if point else _("overlaps %(ha)s ha") % {"ha": decimal(found["luas_ha"], 2)}
        classes = [
            (part["kelas"] or "-") if point else f"{part['kelas'] or '-'}: {decimal(part['luas_ha'], 2)} ha"
            for part in found.get("rincian", [])
        ]
        overlays.append([label, "; ".join([value, *classes]) if classes else value])
    overlays.append([_("Flood hazard raster"), hazard_text(result.get("bahaya_banjir"))])
    return overlays


def hazard_text(found):
    """'Indeks Bahaya Banjir, version 1: rendah 0,02 ha (25,00%); …' of a parcel, or the class at a point."""
    if found is None:
        return _("no hazard raster published")
    title = (
        f"{found['judul']} ({found['label']})"
        if found["label"] and found["label"] not in found["judul"]
        else found["judul"]
    )
    head = _("%(title)s, version %(n)s") % {"title": title, "n": found["versi"]}
    if "luas_ha" not in found:
        return f"{head}: {found['kelas'] or _('no data')}"
    parts = [
        f"{HAZARD_LABELS.get(key, key)} {decimal(found['luas_ha'][key], 2)} ha ({decimal(found['persen'][key], 2)}%)"
        for key in ("rendah", "sedang", "tinggi", "tanpa_data")
    ]
    return f"{head}: " + "; ".join(parts)


def _hierarchy(zone):
    """'<br/>WP: … / SWP: … / Blok: …' for an RDTR zone with a hierarchy, else ''."""
    parts = [
        f"{label}: {zone[key]}" for key, label in (("wp", "WP"), ("swp", "SWP"), ("blok", _("Block"))) if zone.get(key)
    ]
    return "<br/>" + escape(" / ".join(parts)) if parts else ""
