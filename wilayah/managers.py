"""Spatial questions asked of the administrative areas, named after what they answer."""

from django.contrib.gis.db import models
from django.db import connection
from django.db.models import Q


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


class KecamatanQuerySet(WilayahQuerySet):
    pass


class DesaQuerySet(WilayahQuerySet):
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
