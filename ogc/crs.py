"""The CRS an OGC API client may ask for (Part 2: ``crs``, ``bbox-crs``), by URI.

CRS84 (lon/lat) is the default of every answer. EPSG:4326 is the same datum
with the axis order its EPSG definition gives, latitude first, which is what
a client asking for it by that URI expects (GDAL's OAPIF driver, QGIS). The
projected CRS are those the regency's data comes in: UTM 48S (WGS 84 and
SRGI2013) and the national TM-3 zone 48.2 of DGN95; easting first.

EPSG:9488 is "SRGI2013 / UTM zone 48S" in PROJ's database (not a TM-3 zone);
PostGIS does not ship it, migration ogc 0001 adds it to spatial_ref_sys.
"""

from dataclasses import dataclass

EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/%d"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


@dataclass(frozen=True)
class Crs:
    uri: str
    srid: int
    # Latitude (northing) first: coordinates are swapped on the way in and out.
    lat_first: bool = False
    # Decimals of a coordinate written in this CRS (7 for degrees: about 1 cm).
    precision: int = 7

    @property
    def geographic(self):
        return self.srid == 4326


DEFAULT = Crs(CRS84, 4326)
SUPPORTED = {
    crs.uri: crs
    for crs in (
        DEFAULT,
        Crs(EPSG_URI % 4326, 4326, lat_first=True),
        Crs(EPSG_URI % 32748, 32748, precision=3),
        Crs(EPSG_URI % 23834, 23834, precision=3),
        Crs(EPSG_URI % 9488, 9488, precision=3),
    )
}
# Short spellings a person types (the URI stays the one answered in Content-Crs).
ALIASES = {"CRS84": CRS84, "OGC:CRS84": CRS84, "[OGC:CRS84]": CRS84}
ALIASES.update({f"EPSG:{c.srid}": c.uri for c in SUPPORTED.values() if c.uri != CRS84})
ALIASES.update({f"[EPSG:{c.srid}]": c.uri for c in SUPPORTED.values() if c.uri != CRS84})


def lookup(value):
    """The Crs of ``value`` (a URI or a short spelling), None when not supported."""
    if value is None:
        return None
    value = value.strip()
    return SUPPORTED.get(ALIASES.get(value, value)) or SUPPORTED.get(ALIASES.get(value.upper(), ""))


def uris():
    return list(SUPPORTED)
