"""River gauges (pos duga air), their alert thresholds and readings.

A station (``PosDugaAir``) stands on a river at a point (EPSG:4326) and has four
alert thresholds of the water level (tinggi muka air, TMA) in centimetres above
the gauge's zero, in the order of the BPBD/Jakarta "Siaga" scale: Siaga 4 is the
normal state, Siaga 1 the highest alert. A level *reaching* a threshold is in
that threshold's state (``level >= siaga_N_cm``: flood.alerts.status_of); the
database checks that the thresholds rise from Siaga 4 to Siaga 1.

The desa downstream (``desa_hilir``) are a stored list, kept by BPBD with the
station: which desa a station warns is a judgement about the river, its
embankments and the drainage of each desa, not something a buffer along a
line can decide. The demo stations compute theirs once, from an approximate
river line (flood.demo).
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from wilayah.models import Desa

from ..managers import BacaanQuerySet, PosDugaAirQuerySet

__all__ = ["BacaanTma", "PosDugaAir"]


class PosDugaAir(models.Model):
    kode = models.SlugField(_("code"), max_length=30, unique=True)
    nama = models.CharField(_("name"), max_length=120)
    sungai = models.CharField(_("river"), max_length=80)
    geom = models.PointField(srid=settings.STORAGE_SRID)
    siaga_4_cm = models.PositiveIntegerField(_("Siaga 4 threshold (cm)"))
    siaga_3_cm = models.PositiveIntegerField(_("Siaga 3 threshold (cm)"))
    siaga_2_cm = models.PositiveIntegerField(_("Siaga 2 threshold (cm)"))
    siaga_1_cm = models.PositiveIntegerField(_("Siaga 1 threshold (cm)"))
    desa_hilir = models.ManyToManyField(Desa, blank=True, related_name="pos_hulu", verbose_name=_("desa downstream"))
    petugas = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="pos_duga_air",
        verbose_name=_("station accounts"),
        help_text=_("Accounts (of the station's logger or observer) that may post readings of this station only."),
    )
    keterangan = models.TextField(_("notes"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = PosDugaAirQuerySet.as_manager()

    class Meta:
        ordering = ["kode"]
        verbose_name = _("river gauge")
        verbose_name_plural = _("river gauges")
        constraints = [
            models.CheckConstraint(
                condition=Q(siaga_4_cm__lt=F("siaga_3_cm"))
                & Q(siaga_3_cm__lt=F("siaga_2_cm"))
                & Q(siaga_2_cm__lt=F("siaga_1_cm")),
                name="pos_siaga_rising",
            ),
            # /api/flood/pos/siaga/ lists the stations in alert: no station may be called so.
            models.CheckConstraint(condition=~Q(kode="siaga"), name="pos_kode_not_siaga"),
        ]

    def __str__(self):
        return f"{self.kode} {self.nama}"

    @property
    def thresholds(self):
        """(siaga_4, siaga_3, siaga_2, siaga_1) in cm."""
        return (self.siaga_4_cm, self.siaga_3_cm, self.siaga_2_cm, self.siaga_1_cm)


class BacaanTma(models.Model):
    """One reading of a station: the water level (cm above the gauge zero) at a time."""

    class Sumber(models.TextChoices):
        LOGGER = "logger", _("automatic logger")
        PETUGAS = "petugas", _("observer")
        CONTOH = "contoh", _("sample data")

    pos = models.ForeignKey(PosDugaAir, on_delete=models.CASCADE, related_name="bacaan")
    waktu = models.DateTimeField(_("time"))
    tma_cm = models.FloatField(_("water level (cm)"))
    sumber = models.CharField(_("source"), max_length=10, choices=Sumber.choices, default=Sumber.PETUGAS)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dicatat_pada = models.DateTimeField(auto_now_add=True)

    objects = BacaanQuerySet.as_manager()

    class Meta:
        ordering = ["pos", "-waktu"]
        # The unique index also serves "the latest readings of a station" (scanned backwards).
        constraints = [models.UniqueConstraint(fields=["pos", "waktu"], name="bacaan_unique_time")]
