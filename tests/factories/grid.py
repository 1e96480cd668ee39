"""A grid in UTM 48S (EPSG:32748) metres around desa Kelapa Dua, for geometry
whose areas can be worked out by hand: ``rect(x0, y0, x1, y1)`` covers
(x1 - x0) x (y1 - y0) m2, so a 100 m x 100 m square is 1.00 ha, whichever way
the database measures it (ST_Area in EPSG:32748 gives the same to 0.01 ha)."""

from django.conf import settings
from django.contrib.gis.geos import Point

from tests.layers import files

# The point on surface of desa Kelapa Dua (36.03.28.1001), in UTM 48S metres.
CX, CY = files.utm(*files.KELAPA_DUA[:2])


def lonlat(x, y):
    """[lon, lat] (EPSG:4326) of a point given in UTM 48S metres."""
    point = Point(x, y, srid=settings.METRIC_SRID)
    point.transform(settings.STORAGE_SRID)
    return [point.x, point.y]


def rect(x0, y0, x1, y1):
    """A rectangle given in UTM metres, as a GeoJSON polygon's rings in lon/lat."""
    return [[lonlat(x0, y0), lonlat(x1, y0), lonlat(x1, y1), lonlat(x0, y1), lonlat(x0, y0)]]
