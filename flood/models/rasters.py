"""Hazard rasters (GeoTIFF/COG in EPSG:32748), their classes and stored statistics.

A ``HazardRaster`` is the stable catalogue entry of one OPD (title, kind, metadata),
like ``layers.Layer``; each upload makes a ``HazardRasterVersion`` holding its COG
(under settings.UPLOAD_ROOT/rasters/, outside the web root and in the site backup), its classes and, once
published, its statistics per desa, kecamatan and kabupaten. Versions are reviewed
and published with the status vocabulary and the rules of vector layers.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from akun.models import Opd
from core.jobs import Job
from layers.models import LayerVersion

__all__ = [
    "RasterKind",
    "raster_root",
    "HazardRaster",
    "HazardRasterVersion",
    "HazardStatistic",
    "RasterUploadJob",
    "RasterStatisticsJob",
]

# The review vocabulary of vector layers: draft, submitted, published, rejected, superseded.
VersionStatus = LayerVersion.Status


def raster_root():
    """Where the COGs of raster versions live: UPLOAD_ROOT/rasters (not served, backed up)."""
    return Path(settings.UPLOAD_ROOT) / "rasters"


class RasterKind(models.TextChoices):
    INDEKS = "indeks", _("index (0-1)")
    KELAS = "kelas", _("classes")


class HazardRaster(models.Model):
    """One hazard raster of an OPD (e.g. BPBD's flood hazard index)."""

    title = models.CharField(_("title"), max_length=200)
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="hazard_rasters")
    kind = models.CharField(_("kind"), max_length=10, choices=RasterKind.choices, default=RasterKind.INDEKS)
    hazard = models.CharField(_("hazard"), max_length=30, default="banjir")
    # Metadata (Satu Data Indonesia core).
    source = models.CharField(_("source"), max_length=300, blank=True)
    data_date = models.DateField(_("data date"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    published_version = models.ForeignKey(
        "HazardRasterVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["opd__singkatan", "title", "pk"]
        verbose_name = _("hazard raster")
        verbose_name_plural = _("hazard rasters")

    def __str__(self):
        return self.title

    @property
    def latest_version(self):
        return self.versions.order_by("-number").first()


class HazardRasterVersion(models.Model):
    """One upload of a hazard raster, stored as a tiled, overviewed COG in EPSG:32748.

    ``classes`` is data: for an index raster ``{"thresholds": [[kode, upper bound], ...]}``
    (ascending, bound inclusive, the last class takes everything above); for a class
    raster ``{"values": [[raster value, kode], ...]}``; ``colors`` maps kode -> "#rrggbb".
    """

    Status = VersionStatus

    raster = models.ForeignKey(HazardRaster, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    rejection_reason = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=RasterKind.choices)
    band = models.PositiveSmallIntegerField(default=1)
    classes = models.JSONField(default=dict)
    colors = models.JSONField(default=dict)
    # The stored COG, relative to raster_root().
    path = models.CharField(max_length=300)
    crs = models.CharField(max_length=40, default="EPSG:32748")
    source_crs = models.CharField(max_length=400, blank=True)
    source_filename = models.CharField(max_length=255)
    source_dtype = models.CharField(max_length=20)
    resolution_m = models.FloatField(help_text=_("Pixel size in metres (EPSG:32748)."))
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    nodata = models.FloatField(null=True, blank=True)
    bbox = models.JSONField(default=list, help_text="minlon, minlat, maxlon, maxlat")
    value_min = models.FloatField(null=True, blank=True)
    value_max = models.FloatField(null=True, blank=True)
    report = models.JSONField(default=dict)
    # Exposure (paparan) computed with the statistics: permukiman and LP2B per class.
    exposure = models.JSONField(default=dict, blank=True)
    statistics_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raster", "-number"]
        constraints = [models.UniqueConstraint(fields=["raster", "number"], name="hazardrasterversion_unique_number")]

    def __str__(self):
        return f"{self.raster} v{self.number}"

    @property
    def file_path(self):
        return raster_root() / self.path


@receiver(post_delete, sender=HazardRasterVersion)
def _remove_cog(sender, instance, **kwargs):
    """A deleted version takes its COG with it."""
    if instance.path:
        instance.file_path.unlink(missing_ok=True)


class HazardStatistic(models.Model):
    """Class areas of one area (desa, kecamatan or the kabupaten) for one raster
    version: ``luas_m2`` {kode: m2} including ``tanpa_data``, summing to the
    area's polygon area in EPSG:32748; ``rata_rata``/``maks`` of the index."""

    class Level(models.TextChoices):
        DESA = "desa", _("desa")
        KECAMATAN = "kecamatan", _("kecamatan")
        KABUPATEN = "kabupaten", _("kabupaten")

    version = models.ForeignKey(HazardRasterVersion, on_delete=models.CASCADE, related_name="statistics")
    level = models.CharField(max_length=10, choices=Level.choices)
    kode = models.CharField(max_length=13)
    nama = models.CharField(max_length=100)
    luas_m2 = models.JSONField()
    rata_rata = models.FloatField(null=True)
    maks = models.FloatField(null=True)
    # Area with data (m2): the weight of rata_rata when areas are summed.
    data_m2 = models.FloatField(default=0)

    class Meta:
        ordering = ["level", "kode"]
        constraints = [models.UniqueConstraint(fields=["version", "level", "kode"], name="hazardstatistic_unique")]

    def __str__(self):
        return f"{self.version} {self.level} {self.kode}"


class RasterUploadJob(Job):
    """One raster upload and its import (a core.jobs.Job), the file under
    settings.UPLOAD_ROOT in a directory named by the job's random UUID."""

    task_name = "flood.import_raster"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    options = models.JSONField(default=dict, blank=True)
    original_name = models.CharField(max_length=255)
    size = models.BigIntegerField(default=0)
    title = models.CharField(max_length=200)
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=RasterKind.choices, default=RasterKind.INDEKS)
    band = models.PositiveSmallIntegerField(default=1)
    target_raster = models.ForeignKey(HazardRaster, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    raster_version = models.ForeignKey(
        HazardRasterVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    @property
    def directory(self):
        return Path(settings.UPLOAD_ROOT) / f"raster-{self.id}"

    @property
    def upload_path(self):
        return self.directory / "upload.tif"


class RasterStatisticsJob(Job):
    """The statistics and exposure of one raster version, recomputed on publish."""

    task_name = "flood.compute_statistics"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.ForeignKey(HazardRasterVersion, on_delete=models.CASCADE, related_name="statistics_jobs")
