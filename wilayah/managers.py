"""Spatial questions asked of the administrative areas, named after what they answer."""

import math

import shapely
from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.db.models import Extent
from django.contrib.gis.db.models.functions import Transform
from django.core.cache import cache
from django.db import connection
from django.db.models import Q

# The extent changes only when load_wilayah loads other boundaries (which
# deletes this key); a day keeps the geometry out of every page view.
BOUNDS_CACHE_KEY = "websig:kabupaten-bounds"
BOUNDS_CACHE_SECONDS = 24 * 3600
# Counts, extent and revision of the wilayah collections (wilayah.collections), deleted with it.
META_CACHE_KEY = "websig:wilayah-collections"
# Rounded outwards to 0.01 degree: the first view of a map keeps a margin
# around the kabupaten.
BOUNDS_STEP_DEG = 0.01


class WilayahQuerySet(models.QuerySet):
    def containing(self, point):
        """Areas whose polygon contains ``point`` (a GEOS Point in EPSG:4326)."""
        return self.filter(geom__intersects=point)

    def in_bbox(self, polygon):
        """Areas whose polygon intersects ``polygon`` (EPSG:4326), index-assisted."""
        return self.filter(geom__intersects=polygon)

    def search(self, text):
        """Case-insensitive name or code search."""
        text = text.strip()
        return self.filter(Q(nama__icontains=text) | Q(kode__startswith=text))

    def metric_shapes(self):
        """[(area, shapely polygon)] in settings.METRIC_SRID (UTM 48S, metres),
        ordered by kode: the areas as raster statistics and benchmarks cut them."""
        rows = self.annotate(metric=Transform("geom", settings.METRIC_SRID)).order_by("kode")
        return [(row, shapely.from_wkb(bytes(row.metric.wkb))) for row in rows]


class KabupatenQuerySet(WilayahQuerySet):
    def map_bounds(self):
        """[[south, west], [north, east]] of the kabupaten in degrees of
        settings.STORAGE_SRID (WGS 84, Leaflet's order), rounded outwards to
        BOUNDS_STEP_DEG; None before the boundaries are loaded. Cached."""
        bounds = cache.get(BOUNDS_CACHE_KEY)
        if bounds is None:
            extent = self.aggregate(extent=Extent("geom"))["extent"]
            if extent is None:
                return None
            west, south, east, north = extent
            bounds = [[_round_out(south, math.floor), _round_out(west, math.floor)]]
            bounds.append([_round_out(north, math.ceil), _round_out(east, math.ceil)])
            cache.set(BOUNDS_CACHE_KEY, bounds, BOUNDS_CACHE_SECONDS)
        return bounds


def _round_out(degrees, direction):
    """``degrees`` to a multiple of BOUNDS_STEP_DEG, by ``direction`` (math.floor or math.ceil)."""
    return round(direction(round(degrees / BOUNDS_STEP_DEG, 6)) * BOUNDS_STEP_DEG, 2)


class NeighbourMixin:
    def neighbours_of(self, area):
        """The areas sharing a boundary with ``area`` (a row of this level), ordered
        by name. The desa form a coverage on a 1 cm grid (load_wilayah), so
        neighbours intersect along their shared edge: ST_Intersects (index-assisted),
        not ST_Touches, so that a vertex off by the grid's rounding still counts."""
        return self.filter(geom__intersects=area.geom).exclude(pk=area.pk).order_by("nama")


class KecamatanQuerySet(NeighbourMixin, WilayahQuerySet):
    pass


class DesaQuerySet(NeighbourMixin, WilayahQuerySet):
    def in_kecamatan(self, kode):
        return self.filter(kecamatan__kode=kode)


class DesaPieceQuerySet(models.QuerySet):
    def assignment_for(self, geom):
        """(desa_id, kecamatan_id) for a GEOS geometry in settings.STORAGE_SRID:
        the desa containing a point, or the desa with the largest overlap for
        lines and polygons (overlaps compared in degrees: only a ranking), ties
        to the lowest desa id; (None, None) outside every desa.

        The SQL implementation of the rule written out in wilayah.assignment
        (call it as ``wilayah.assignment.desa_for``); the import's shapely
        implementation, ``DesaPieces.assign``, is tested against this one.
        """
        # Raw SQL: a grouped weighted overlap has no ORM spelling.
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT p.desa_id, p.kecamatan_id
                FROM wilayah_desapiece p, (SELECT ST_GeomFromEWKB(%s) AS g) s
                WHERE ST_Intersects(p.geom, s.g)
                GROUP BY p.desa_id, p.kecamatan_id
                ORDER BY sum(CASE ST_Dimension(s.g)
                                  WHEN 0 THEN 1
                                  WHEN 1 THEN ST_Length(ST_Intersection(p.geom, s.g))
                                  ELSE ST_Area(ST_Intersection(p.geom, s.g)) END) DESC,
                         p.desa_id
                LIMIT 1
                """,
                [bytes(geom.ewkb)],
            )
            row = cursor.fetchone()
        return row or (None, None)


class KabupatenPieceQuerySet(models.QuerySet):
    def share_inside(self, geom):
        """Which share (0.0-1.0) of a GEOS geometry in settings.STORAGE_SRID lies
        inside the kabupaten grown by KabupatenPiece.BOUNDARY_TOLERANCE_M: of
        its points (by count), its length or its area, measured on the spheroid
        (geography, so a polygon spanning degrees of longitude is weighed
        truly). The pieces come from ST_Subdivide and do not overlap, so their
        intersections add up."""
        # Raw SQL: a measure of summed intersections by dimension has no ORM spelling.
        with connection.cursor() as cursor:
            cursor.execute(
                """
                WITH s AS (SELECT ST_GeomFromEWKB(%s) AS g),
                hit AS (
                    SELECT ST_Intersection(p.geom, s.g) AS part
                    FROM wilayah_kabupatenpiece p, s WHERE ST_Intersects(p.geom, s.g)
                )
                SELECT CASE ST_Dimension(s.g)
                    WHEN 0 THEN (
                        SELECT count(*) FROM ST_Dump(s.g) d
                        WHERE EXISTS (SELECT 1 FROM wilayah_kabupatenpiece p WHERE ST_Intersects(p.geom, d.geom))
                    )::float / ST_NumGeometries(s.g)
                    WHEN 1 THEN (SELECT coalesce(sum(ST_Length(part::geography)), 0) FROM hit)
                        / NULLIF(ST_Length(s.g::geography), 0)
                    ELSE (SELECT coalesce(sum(ST_Area(part::geography)), 0) FROM hit)
                        / NULLIF(ST_Area(s.g::geography), 0)
                END,
                EXISTS (SELECT 1 FROM hit)
                FROM s
                """,
                [bytes(geom.ewkb)],
            )
            share, touches = cursor.fetchone()
        if share is None:  # a geometry without length or area: all in or all out
            return 1.0 if touches else 0.0
        return min(1.0, share)
