"""Maps drawn into PDFs with ReportLab's own graphics (no tiles, no internet, no
extra library), shared by the KKPR result (tataruang.kkpr_pdf_peta) and the
kecamatan/desa reports (profil.pdf): polygons in UTM zone 48S
(settings.METRIC_SRID) so that a metre on the ground is the same length in both
directions and the scale bar is exact, a scale bar and a north arrow."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, Path, Polygon, Rect, String
from reportlab.lib import colors

FALLBACK_COLOUR = "#c8d1cd"
BACKGROUND = colors.HexColor("#f4f6f5")
# Scale bar lengths to choose from (m): the longest under a quarter of the map's width.
SCALE_STEPS_M = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000]


def colour(warna):
    """A ReportLab colour of a class colour '#rrggbb'; grey when the class has none."""
    text = warna if isinstance(warna, str) and len(warna) == 7 and warna.startswith("#") else FALLBACK_COLOUR
    try:
        return colors.HexColor(text)
    except ValueError:
        return colors.HexColor(FALLBACK_COLOUR)


def polygons(geom):
    """The polygons of a GEOS (multi)polygon or collection, as lists of rings of (x, y)."""
    if geom.geom_type == "Polygon":
        return [[ring.coords for ring in geom]]
    if geom.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [rings for part in geom for rings in polygons(part)]
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


def canvas(width, height):
    """An empty map drawing with its background."""
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=BACKGROUND, strokeColor=None))
    return drawing


def add_polygons(drawing, frame, geom, **style):
    """Every polygon of ``geom`` (GEOS, UTM metres) as a path with ``style``."""
    for rings in polygons(geom):
        drawing.add(path(frame, rings, **style))


def path(frame, rings, **style):
    """One polygon with its holes (even-odd fill), rings in UTM metres."""
    shape = Path(fillMode=0, **style)  # 0: FILL_EVEN_ODD
    for ring in rings:
        points = [frame.xy(x, y) for x, y in ring]
        shape.moveTo(*points[0])
        for point in points[1:]:
            shape.lineTo(*point)
        shape.closePath()
    return shape


def finish(drawing, frame):
    """The scale bar, the north arrow and the frame line over a drawn map."""
    scale_bar(drawing, frame)
    north_arrow(drawing, frame.width, frame.height)
    drawing.add(Rect(0, 0, frame.width, frame.height, fillColor=None, strokeColor=colors.grey, strokeWidth=0.6))
    return drawing


def scale_bar(drawing, frame):
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


def north_arrow(drawing, width, height):
    x, top = width - 22, height - 12
    drawing.add(
        Polygon([x, top, x - 7, top - 22, x, top - 16, x + 7, top - 22], fillColor=colors.black, strokeColor=None)
    )
    drawing.add(Line(x, top - 16, x, top - 26, strokeColor=colors.black, strokeWidth=0.8))
    drawing.add(String(x, top - 36, _("N (north)"), fontSize=9, fontName="Helvetica-Bold", textAnchor="middle"))
