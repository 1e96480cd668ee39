"""The map of a KKPR result for the PDF, drawn with ReportLab's own graphics
(no tiles, no internet, no extra library): the zones under the parcel in their
class colours (PlanClass.warna), the parcel's outline or the point, a scale bar
and a north arrow. Drawn in UTM zone 48S (settings.METRIC_SRID), so metres on
the ground are the same length in both directions and the scale bar is exact."""

import json

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Circle, Drawing, Line, Path, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import cm

FALLBACK_COLOUR = "#c8d1cd"
PARCEL_COLOUR = colors.HexColor("#0e1f1a")
# Scale bar lengths to choose from (m): the longest under a quarter of the map's width.
SCALE_STEPS_M = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000]


def colour(warna):
    """A ReportLab colour of a class colour '#rrggbb'; grey when the class has none."""
    text = warna if isinstance(warna, str) and len(warna) == 7 and warna.startswith("#") else FALLBACK_COLOUR
    try:
        return colors.HexColor(text)
    except ValueError:
        return colors.HexColor(FALLBACK_COLOUR)


def _metric(geojson):
    geom = GEOSGeometry(json.dumps(geojson), srid=settings.STORAGE_SRID)
    geom.transform(settings.METRIC_SRID)
    return geom


def _polygons(geom):
    """The polygons of a (multi)polygon or collection, as lists of rings of (x, y)."""
    if geom.geom_type == "Polygon":
        return [[ring.coords for ring in geom]]
    if geom.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [rings for part in geom for rings in _polygons(part)]
    return []


class MapFrame:
    """Maps UTM metres into a drawing of ``width`` x ``height`` points, the extent
    ``bounds`` (minx, miny, maxx, maxy) centred with a margin."""

    def __init__(self, bounds, width, height, margin=0.08):
        minx, miny, maxx, maxy = bounds
        span = max(maxx - minx, maxy - miny, 50.0)  # a point's frame is at least 50 m
        self.scale = min(
            width / ((maxx - minx or span) * (1 + 2 * margin)), height / ((maxy - miny or span) * (1 + 2 * margin))
        )
        self.cx, self.cy = (minx + maxx) / 2, (miny + maxy) / 2
        self.width, self.height = width, height

    def xy(self, x, y):
        return (self.width / 2 + (x - self.cx) * self.scale, self.height / 2 + (y - self.cy) * self.scale)


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
    frame = MapFrame(bounds, width, height)
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=colors.HexColor("#f4f6f5"), strokeColor=None))
    for zone, shape in zones:
        for rings in _polygons(shape):
            drawing.add(
                _path(frame, rings, fillColor=colour(zone.get("warna")), strokeColor=colors.white, strokeWidth=0.4)
            )
    if parcel.dims == 0:
        x, y = frame.xy(parcel.x, parcel.y)
        drawing.add(Circle(x, y, 4, fillColor=PARCEL_COLOUR, strokeColor=colors.white, strokeWidth=1.5))
    else:
        for rings in _polygons(parcel):
            drawing.add(_path(frame, rings, fillColor=None, strokeColor=PARCEL_COLOUR, strokeWidth=1.6))
    _scale_bar(drawing, frame)
    _north_arrow(drawing, width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=None, strokeColor=colors.grey, strokeWidth=0.6))
    return drawing


def _path(frame, rings, **style):
    """One polygon with its holes (even-odd fill), rings in UTM metres."""
    path = Path(fillMode=0, **style)  # 0: FILL_EVEN_ODD
    for ring in rings:
        points = [frame.xy(x, y) for x, y in ring]
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        path.closePath()
    return path


def _scale_bar(drawing, frame):
    metres = max([step for step in SCALE_STEPS_M if step * frame.scale <= frame.width / 4] or [SCALE_STEPS_M[0]])
    length = metres * frame.scale
    x0, y0 = 12, 12
    drawing.add(Rect(x0 - 4, y0 - 4, length + 48, 22, fillColor=colors.white, strokeColor=None, fillOpacity=0.85))
    drawing.add(Rect(x0, y0, length / 2, 4, fillColor=colors.black, strokeColor=colors.black, strokeWidth=0.5))
    drawing.add(
        Rect(x0 + length / 2, y0, length / 2, 4, fillColor=colors.white, strokeColor=colors.black, strokeWidth=0.5)
    )
    label = f"{number_format(metres / 1000, 0 if metres % 1000 == 0 else 1)} km" if metres >= 1000 else f"{metres} m"
    drawing.add(String(x0, y0 + 7, "0", fontSize=7, fontName="Helvetica"))
    drawing.add(String(x0 + length + 3, y0 + 7, label, fontSize=7, fontName="Helvetica"))


def _north_arrow(drawing, width, height):
    x, top = width - 22, height - 12
    drawing.add(
        Polygon([x, top, x - 7, top - 22, x, top - 16, x + 7, top - 22], fillColor=colors.black, strokeColor=None)
    )
    drawing.add(Line(x, top - 16, x, top - 26, strokeColor=colors.black, strokeWidth=0.8))
    drawing.add(String(x, top - 36, _("N (north)"), fontSize=9, fontName="Helvetica-Bold", textAnchor="middle"))


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
