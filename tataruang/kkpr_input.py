"""The location of a KKPR check as the user gives it: typed coordinates
(lon/lat in WGS 84 degrees, or easting/northing in UTM zone 48S metres) or a
parcel file (zipped shapefile, GeoJSON or KML) holding exactly one polygon.

Files are read by the layer import's own readers (layers.ingest: unpacking,
choice of file and layer, CRS from the .prj or the format, reprojection with
PROJ), so a parcel file is read exactly as the same file uploaded as a layer.
Everything comes back in settings.STORAGE_SRID (EPSG:4326, lon/lat).
"""

import tempfile
from pathlib import Path

import shapely
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, Point
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.errors import Invalid, TooLarge
from core.params import parse_float, parse_point
from layers.ingest.errors import NeedsInput
from layers.ingest.geometry import reproject_to_storage, storage_transformer
from layers.ingest.loader import read_source
from layers.ingest.sources import inspect_upload
from wilayah.models import KabupatenPiece

# UTM 48S coordinates a user may type: the zone's easting range and the southern
# hemisphere's false northing (the kabupaten lies near E 650,000, N 9,310,000).
EASTING_RANGE = (166_000, 834_000)
NORTHING_RANGE = (0, 10_000_000)
PARCEL_SUFFIXES = (".zip", ".geojson", ".json", ".kml", ".kmz")


def point_from_params(params):
    """A GEOS Point (EPSG:4326) from ``lon``/``lat`` or from ``easting``/``northing``
    (UTM 48S, settings.METRIC_SRID, metres); 400 naming the parameter when bad."""
    if params.get("easting") in (None, "") and params.get("northing") in (None, ""):
        return parse_point(params)
    easting = parse_float(params, "easting", *EASTING_RANGE)
    northing = parse_float(params, "northing", *NORTHING_RANGE)
    point = Point(easting, northing, srid=settings.METRIC_SRID)
    point.transform(settings.STORAGE_SRID)
    return point


def read_parcel_file(upload):
    """The one polygon of an uploaded parcel file as a GEOS Polygon (EPSG:4326).
    Invalid (400) with the reason for a file that is not one polygon inside the kabupaten."""
    if upload is None:
        raise Invalid(_("Choose the parcel file (a zipped shapefile, GeoJSON or KML)."), parameter="file")
    if upload.size > settings.KKPR_MAX_BODY_BYTES:
        raise TooLarge(
            _("The parcel file is larger than the %(size)s a KKPR check accepts; simplify it first.")
            % {"size": filesizeformat(settings.KKPR_MAX_BODY_BYTES)},
            max_bytes=settings.KKPR_MAX_BODY_BYTES,
        )
    name = Path(upload.name or "persil").name
    if not name.lower().endswith(PARCEL_SUFFIXES):
        raise Invalid(_("Upload the parcel as a zipped shapefile (.zip), GeoJSON or KML file."), parameter="file")
    with tempfile.TemporaryDirectory(prefix="kkpr-") as tmp:
        path = Path(tmp) / ("unggahan" + Path(name).suffix.lower())
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        geoms = _read_geometries(path, name, Path(tmp) / "isi")
    return _one_polygon(geoms)


def _read_geometries(path, name, workdir):
    """The file's geometries (shapely, EPSG:4326) through the layer import's readers;
    their refusals (layers.ingest.errors.ImportRefused: a damaged file, no features, a
    zip bomb) pass through as they are, 400 or 413 with the import's own message."""
    try:
        source = inspect_upload(path, name, workdir)
        geometry, _names, _fields, _dtypes = read_source(source)
        geoms = shapely.from_wkb(geometry)
        geoms, finite = reproject_to_storage(storage_transformer(source), geoms)
    except NeedsInput as need:
        if "crs" in need.questions:
            raise Invalid(
                _("The parcel file does not say which coordinate system it uses (no .prj); add the .prj to the ZIP.")
            ) from None
        raise Invalid(_("The parcel file holds several layers; upload a file with one layer.")) from None
    except shapely.errors.GEOSException:
        raise Invalid(_("The parcel file could not be read as geometry.")) from None
    return geoms[finite & ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]


def _one_polygon(geoms):
    polygons = [part for part in shapely.get_parts(geoms) if shapely.get_dimensions(part) == 2]
    if not polygons:
        raise Invalid(_("The parcel file holds no polygon; upload the parcel's boundary as a polygon."))
    if len(polygons) > 1:
        raise Invalid(
            _("The parcel file holds %(n)s polygons; upload a file with exactly one parcel polygon.")
            % {"n": len(polygons)}
        )
    polygon = shapely.force_2d(polygons[0])
    if not polygon.is_valid:
        polygon = shapely.make_valid(polygon)
        if polygon.geom_type != "Polygon":
            raise Invalid(_("The parcel polygon is not valid and cannot be repaired into one polygon."))
    geom = GEOSGeometry(memoryview(polygon.wkb), srid=settings.STORAGE_SRID)
    if geom.num_points > settings.KKPR_MAX_VERTICES:
        raise Invalid(
            _("The parcel has %(n)s vertices, more than the %(max)s a KKPR check accepts; simplify it first.")
            % {"n": geom.num_points, "max": settings.KKPR_MAX_VERTICES}
        )
    if not KabupatenPiece.objects.filter(geom__intersects=geom).exists():
        raise Invalid(
            _("The parcel lies outside Kabupaten Tangerang; check the file's coordinate system."), parameter="file"
        )
    return geom
