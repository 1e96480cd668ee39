"""Administrative areas of Kabupaten Tangerang: kabupaten, kecamatan, desa/kelurahan.

Geometry is stored in WGS 84 (settings.STORAGE_SRID); measured areas are computed
in UTM zone 48S (settings.METRIC_SRID) when the data is loaded. Kecamatan and
kabupaten polygons are dissolved from the desa so every level shares one topology.
"""

from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import IsValid
from django.utils.translation import gettext_lazy as _

from .managers import DesaPieceQuerySet, DesaQuerySet, KabupatenPieceQuerySet, KabupatenQuerySet, KecamatanQuerySet


class Wilayah(models.Model):
    """Fields every administrative level has."""

    kode = models.CharField(_("Kemendagri code"), max_length=13, unique=True)
    nama = models.CharField(_("name"), max_length=100)
    luas_ukur_ha = models.FloatField(_("measured area (ha)"), help_text=_("Measured from the polygon in EPSG:32748."))
    geom = models.MultiPolygonField(srid=4326)

    class Meta:
        abstract = True
        ordering = ["kode"]

    def __str__(self):
        return f"{self.kode} {self.nama}"

    @property
    def luas_ukur_km2(self):
        return self.luas_ukur_ha / 100


def _geom_constraints(prefix):
    return [models.CheckConstraint(condition=IsValid("geom"), name=f"{prefix}_geom_valid")]


class Kabupaten(Wilayah):
    luas_resmi_km2 = models.FloatField(_("official area (km²)"), null=True, blank=True)

    objects = KabupatenQuerySet.as_manager()

    class Meta(Wilayah.Meta):
        verbose_name = _("kabupaten")
        verbose_name_plural = _("kabupaten")
        constraints = _geom_constraints("kabupaten")


class Kecamatan(Wilayah):
    kabupaten = models.ForeignKey(Kabupaten, on_delete=models.CASCADE, related_name="kecamatan")
    luas_resmi_km2 = models.FloatField(
        _("official area (km²)"),
        null=True,
        blank=True,
        help_text=_("Tabel 1.1 of the Smart City Master Plan (Perbup 23/2025)."),
    )

    objects = KecamatanQuerySet.as_manager()

    class Meta(Wilayah.Meta):
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        constraints = _geom_constraints("kecamatan")


class Desa(Wilayah):
    class Jenis(models.TextChoices):
        DESA = "desa", _("desa")
        KELURAHAN = "kelurahan", _("kelurahan")

    jenis = models.CharField(_("type"), max_length=10, choices=Jenis.choices)
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.CASCADE, related_name="desa")

    objects = DesaQuerySet.as_manager()

    class Meta(Wilayah.Meta):
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")
        constraints = _geom_constraints("desa")


class DesaPiece(models.Model):
    """Desa polygons cut by ST_Subdivide into pieces of at most 128 vertices.

    Point-in-polygon and overlap joins against 274 detailed desa are index-bound
    only when the indexed boxes are small; every import's desa assignment joins
    here. Rebuilt by ``load_wilayah``.
    """

    desa = models.ForeignKey(Desa, on_delete=models.CASCADE, related_name="pieces")
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.CASCADE, related_name="+")
    geom = models.PolygonField(srid=4326)

    objects = DesaPieceQuerySet.as_manager()


class KabupatenPiece(models.Model):
    """The kabupaten buffered by ``BOUNDARY_TOLERANCE_M`` (in EPSG:32748), subdivided.

    Imports keep features that touch this area and refuse the rest as "outside
    the kabupaten"; the tolerance admits coastal and boundary features digitised
    slightly off the administrative line.
    """

    BOUNDARY_TOLERANCE_M = 500

    kabupaten = models.ForeignKey(Kabupaten, on_delete=models.CASCADE, related_name="pieces")
    geom = models.PolygonField(srid=4326)

    objects = KabupatenPieceQuerySet.as_manager()
