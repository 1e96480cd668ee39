"""The tables of an area's report (profil.pdf), one function per part of the
profile, every number through profil.format."""

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, TableStyle

from core import pdf_map
from core.pdf import escape, grid_table
from core.sample import SAMPLE_LABEL

from .format import ha, indicator_value, number, percent

WIDTH = 17 * cm


def tables(data, styles):
    text = ParagraphStyle("sel", parent=styles["BodyText"], fontSize=8.5, leading=10.5)
    head = ParagraphStyle("kepala", parent=text, textColor=colors.white, fontName="Helvetica-Bold")
    parts = [
        (_("Indicators"), _indicators(data, text, head)),
        (_("Plan zones"), _zones(data, text, head)),
        (_("LP2B (protected food farmland)"), _lp2b(data, text, head)),
        (_("Flood hazard classes"), _hazard(data, text, head)),
        (_("Features of the published layers"), _layers(data, text, head)),
        (_("Peta jalan programme locations"), _locations(data, text, head)),
        (_("Neighbours"), _neighbours(data, text)),
        (_("Data sources"), _sources(data, text)),
    ]
    story = []
    for title, flowables in parts:
        # The heading stays with the first table of its part (and that table's caption).
        story.append(KeepTogether([Paragraph(escape(title), styles["Heading3"]), *flowables[:2]]))
        story.extend(flowables[2:])
        story.append(Spacer(1, 0.25 * cm))
    return story


def _p(value, style):
    return Paragraph(escape(value), style)


def _grid(rows, widths, text, head, numeric=()):
    """A table with a header row; the ``numeric`` columns plain text, right-aligned."""
    body = [[_p(cell, head) for cell in rows[0]]]
    body += [[cell if i in numeric else _p(cell, text) for i, cell in enumerate(row)] for row in rows[1:]]
    table = grid_table(body, widths, header=True)
    style = [("FONTSIZE", (0, 1), (-1, -1), text.fontSize)]
    style += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i in numeric]
    table.setStyle(TableStyle(style))
    return table


def _none(text, message):
    return [Paragraph(escape(message), text)]


def _named(name, is_sample):
    """``name``, with ' (DATA CONTOH (sintetis))' for sample data whose name does not say so yet."""
    return f"{name} ({SAMPLE_LABEL})" if is_sample and SAMPLE_LABEL not in name else name


def _indicators(data, text, head):
    rows = [[_("Indicator"), _("Period"), _("Value"), _("Target"), _("Source")]]
    for item in data["indikator"]:
        indicator = item["indikator"]
        if not item["nilai"]:
            rows.append([indicator["nama"], "–", _("no stored value"), "–", indicator["produsen"]])
        for value in item["nilai"]:
            rows.append(
                [
                    _named(indicator["nama"], value["is_sample"]),
                    value["periode"],
                    indicator_value(value["nilai"], indicator["satuan"]),
                    indicator_value(value["target"], indicator["satuan"]),
                    f"{indicator['produsen']}, {value['sumber']}",
                ]
            )
    if len(rows) == 1:
        return _none(text, _("No indicator is registered."))
    return [_grid(rows, [6.4 * cm, 1.6 * cm, 2.4 * cm, 2.2 * cm, 4.4 * cm], text, head, numeric=(2, 3))]


def _zones(data, text, head):
    if not data["zona"]:
        return _none(text, _("No active plan has zones in this area."))
    story = []
    for plan in data["zona"]:
        info = plan["plan"]
        title = f"{info['nama']} ({info['jenis']} {info['tahun']}; {info['dasar_hukum'] or '-'})"
        story.append(Paragraph(f"<b>{escape(title)}</b>", text))
        rows = [[_("Class"), _("Area (ha)"), _("Share of the area")]]
        styles = []
        for index, kelas in enumerate(plan["kelas"], start=1):
            rows.append([f"{kelas['kode']} {kelas['nama']}", ha(kelas["luas_ha"]), percent(kelas["persen"])])
            styles.append(("LINEBEFORE", (0, index), (0, index), 6, pdf_map.colour(kelas["warna"])))
        rows.append([_("Total"), ha(plan["luas_ha"]), percent(plan["persen"])])
        table = _grid(rows, [10 * cm, 3.5 * cm, 3.5 * cm], text, head, numeric=(1, 2))
        table.setStyle(TableStyle(styles))
        story += [table, Spacer(1, 0.15 * cm)]
    return story


def _lp2b(data, text, head):
    found = data["lp2b"]
    if found is None:
        return _none(text, _("No LP2B layer is published."))
    rows = [[_("Kind"), _("Area (ha)")]]
    rows += [[key.removesuffix("_ha").upper(), ha(value)] for key, value in sorted(found["per_jenis"].items())]
    rows.append([_("Total"), f"{ha(found['total_ha'])} ({percent(found['persen'])})"])
    table = _grid(rows, [10 * cm, 7 * cm], text, head, numeric=(1,))
    return [Paragraph(escape(_named(found["judul"], found["is_sample"])), text), table]


def _hazard(data, text, head):
    if not data["bahaya"]:
        return _none(text, _("No flood hazard raster with statistics is published."))
    story = []
    for raster in data["bahaya"]:
        story.append(Paragraph(escape(_named(f"{raster['judul']} (v{raster['versi']})", raster["is_sample"])), text))
        rows = [[_("Class"), _("Area (ha)"), _("Share of the area")]]
        styles = []
        for index, kelas in enumerate(raster["kelas"], start=1):
            rows.append([kelas["label"], ha(kelas["luas_ha"]), percent(kelas["persen"])])
            styles.append(("LINEBEFORE", (0, index), (0, index), 6, pdf_map.colour(kelas["warna"])))
        table = _grid(rows, [10 * cm, 3.5 * cm, 3.5 * cm], text, head, numeric=(1, 2))
        table.setStyle(TableStyle(styles))
        story.append(table)
    return story


def _layers(data, text, head):
    if not data["layer"]:
        return _none(text, _("No published layer has features in this area."))
    rows = [[_("Layer"), "OPD", _("Features")]]
    rows += [[_named(row["judul"], row["is_sample"]), row["opd"], number(row["jumlah"], 0)] for row in data["layer"]]
    return [_grid(rows, [11 * cm, 3 * cm, 3 * cm], text, head, numeric=(2,))]


def _locations(data, text, head):
    if not data["lokasi_program"]:
        return _none(text, _("No programme location lies in this area."))
    rows = [[_("Location"), _("Programme"), _("Year"), _("Status"), "OPD"]]
    rows += [
        [_named(row["nama"], row["is_sample"]), row["program"], str(row["tahun"]), row["status"], row["opd"]]
        for row in data["lokasi_program"]
    ]
    return [_grid(rows, [7 * cm, 2.2 * cm, 1.6 * cm, 3 * cm, 3.2 * cm], text, head)]


def _neighbours(data, text):
    parts = []
    if data["desa"]:
        names = ", ".join(f"{d['nama']} ({d['kode']})" for d in data["desa"])
        label = _("Kecamatan") if data["level"] == "kabupaten" else _("Desa/kelurahan")
        parts.append(Paragraph(f"<b>{escape(label)}</b>: {escape(names)}", text))
    if data["tetangga"]:
        names = ", ".join(f"{n['nama']} ({n['kode']})" for n in data["tetangga"])
        parts.append(Paragraph(f"<b>{escape(_('Bordering'))}</b>: {escape(names)}", text))
    return parts or _none(text, "–")


def _sources(data, text):
    lines = [
        _(
            "Boundaries: cahyadsn/wilayah_boundaries (MIT), Kemendagri codes; measured areas in UTM zone 48S "
            "(EPSG:32748). Official kecamatan areas: Tabel 1.1 of the Smart City Master Plan (Perbup 23/2025)."
        )
    ]
    for row in data["zona"]:
        plan = row["plan"]
        lines.append(_named(f"{plan['nama']}: {plan['dasar_hukum'] or '-'}", plan["is_sample"]))
    lines += [_named(f"{r['judul']} (v{r['versi']})", r["is_sample"]) for r in data["bahaya"]]
    lines += [_named(f"{r['judul']} ({r['opd']})", r["is_sample"]) for r in data["layer"]]
    return [Paragraph(escape(line), text) for line in lines]
