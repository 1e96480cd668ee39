"""Spatial questions asked of the administrative areas, named after what they answer."""

from django.contrib.gis.db import models
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
