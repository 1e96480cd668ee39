"""PostGIS functions the ORM lacks, as GeoFunc subclasses."""

from django.contrib.gis.db.models.functions import GeoFunc


class PolygonsOf(GeoFunc):
    """The polygons of a geometry as a MultiPolygon (ST_CollectionExtract type 3):
    an intersection of two polygons may come back as a collection holding the
    lines and points where they only touch."""

    function = "ST_CollectionExtract"
    template = "%(function)s(%(expressions)s, 3)"
