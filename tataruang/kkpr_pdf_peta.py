"""The map of a KKPR result for the PDF, drawn with ReportLab's own graphics
(core.pdf_map: no tiles, no internet, no extra library): the zones under the parcel in their
class colours (PlanClass.warna), the parcel's outline or the point, a scale bar
and a north arrow. Drawn in UTM zone 48S (settings.METRIC_SRID), so metres on
the ground are the same length in both directions and the scale bar is exact."""

import json

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from reportlab.graphics.shapes import Circle
from reportlab.lib import colors
from reportlab.lib.units import cm

from core import pdf_map

PARCEL_COLOUR = colors.HexColor("#0e1f1a")
colour = pdf_map.colour  # the class colours of the PDF's tables (tataruang.kkpr_pdf)


def _metric(geojson):
    geom = GEOSGeometry(json.dumps(geojson), srid=settings.STORAGE_SRID)
    geom.transform(settings.METRIC_SRID)
    return geom


def draw(result, geom, width=17 * cm, height=10.5 * cm):
    """A Drawing of the zones of ``result`` (tataruang.kkpr.check) under ``geom`` (GEOS, EPSG:4326)."""
    parcel = geom.transform(settings.METRIC_SRID, clone=True)
    zones = [(zone, _metric(zone["geometri"])) for zone in result["zona"] if zone.get("geometri")]
    if parcel.dims == 0:
        # A point: the frame of the zone parts drawn around it (tataruang.kkpr.POINT_CONTEXT_M).
        extents = [shape.extent for _zone, shape in zones] or [parcel.buffer(300).extent]
        bounds = (
            min(e[0] for e in extents),
            min(e[1] for e in extents),
            max(e[2] for e in extents),
            max(e[3] for e in extents),
        )
    else:
        bounds = parcel.extent
    frame = pdf_map.MapFrame(bounds, width, height)
    drawing = pdf_map.canvas(width, height)
    for zone, shape in zones:
        pdf_map.add_polygons(
            drawing, frame, shape, fillColor=colour(zone.get("warna")), strokeColor=colors.white, strokeWidth=0.4
        )
    if parcel.dims == 0:
        x, y = frame.xy(parcel.x, parcel.y)
        drawing.add(Circle(x, y, 4, fillColor=PARCEL_COLOUR, strokeColor=colors.white, strokeWidth=1.5))
    else:
        pdf_map.add_polygons(drawing, frame, parcel, fillColor=None, strokeColor=PARCEL_COLOUR, strokeWidth=1.6)
    return pdf_map.finish(drawing, frame)


def legend_entries(zones):
    """(colour, 'R-2 Perumahan …', share in % or None) per class drawn, largest share first:
    an RDTR class split over several blok is one entry with the summed share."""
    entries = {}
    for zone in zones:
        if not zone.get("geometri"):
            continue
        colour_, name, share = entries.get(
            zone["kode"], (colour(zone.get("warna")), f"{zone['kode']} {zone['nama']}", 0)
        )
        entries[zone["kode"]] = (colour_, name, share + (zone["persen"] or 0))
    return sorted(entries.values(), key=lambda entry: -entry[2])
