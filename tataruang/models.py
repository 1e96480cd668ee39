"""Spatial plans (RTRW pola ruang, RDTR zones), existing land use and the
compliance indicator "Persentase Realisasi Pola Pemanfaatan Ruang Sesuai RTRW".

Classifications are data (data/tataruang/*.csv), not code. Plans and land-use
layers enter through the layers upload pipeline; a planner maps a column of the
file to the standard classes, then the plan is materialised into PlanZone rows
and activated beside the old one, never overwritten. Areas are computed in
EPSG:32748 (settings.METRIC_SRID), in hectares.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from core.jobs import Job
from layers.models import LayerVersion
from wilayah.models import Desa, Kecamatan

from .managers import PlanClassQuerySet, PlanQuerySet, PlanZoneQuerySet


class Scheme(models.TextChoices):
    S2021 = "2021", _("Post-2021 (Permen ATR/BPN 14/2021)")
    PRE2021 = "pra2021", _("Pre-2021 names")


class Outcome(models.TextChoices):
    SESUAI = "sesuai", _("conforming")
    BELUM = "belum_terwujud", _("not yet realised")
    TIDAK = "tidak_sesuai", _("not conforming")


class PlanClass(models.Model):
    """A pola ruang class (RTRW) or zone/sub-zone (RDTR) of one naming scheme."""

    class Kind(models.TextChoices):
        POLA_RUANG = "pola_ruang", _("pola ruang (RTRW)")
        ZONA = "zona", _("zone / sub-zone (RDTR)")

    scheme = models.CharField(max_length=10, choices=Scheme.choices)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    kode = models.CharField(max_length=20)
    nama = models.CharField(max_length=120)
    kelompok = models.CharField(max_length=10, choices=[("lindung", _("protected")), ("budidaya", _("cultivation"))])
    warna = models.CharField(max_length=7)
    # Pre-2021 classes are judged as their post-2021 equivalent.
    padanan = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = PlanClassQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "kind", "kode"]
        constraints = [models.UniqueConstraint(fields=["scheme", "kind", "kode"], name="planclass_unique_code")]

    def __str__(self):
        return f"{self.kode} {self.nama}"

    @property
    def judged_as(self):
        return self.padanan or self


class LandUseClass(models.Model):
    """An existing-use class (BIG RBI land cover, ATR/BPN penggunaan tanah)."""

    kode = models.SlugField(max_length=30, unique=True)
    nama = models.CharField(max_length=120)
    sumber = models.CharField(max_length=20)
    kategori = models.CharField(max_length=30)

    class Meta:
        ordering = ["kode"]

    def __str__(self):
        return self.nama


class ComplianceRule(models.Model):
    """One cell of the compliance matrix: existing use x plan class -> outcome."""

    land_use = models.ForeignKey(LandUseClass, on_delete=models.CASCADE, related_name="rules")
    plan_class = models.ForeignKey(PlanClass, on_delete=models.CASCADE, related_name="rules")
    outcome = models.CharField(max_length=15, choices=Outcome.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["land_use", "plan_class"], name="rule_unique_cell")]


class MappedSource(models.Model):
    """A layer version whose class column is mapped to a classification."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("active")
        ARCHIVED = "archived", _("archived")

    nama = models.CharField(max_length=200)
    layer_version = models.ForeignKey(LayerVersion, on_delete=models.PROTECT, related_name="+")
    class_column = models.CharField(max_length=100)
    mapping = models.JSONField(default=dict, help_text=_("Value of the class column -> class code."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_sample = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Plan(MappedSource):
    """An RTRW or RDTR with its legal basis; its zones live in PlanZone."""

    class Jenis(models.TextChoices):
        RTRW = "RTRW", "RTRW"
        RDTR = "RDTR", "RDTR"

    jenis = models.CharField(max_length=4, choices=Jenis.choices)
    scheme = models.CharField(max_length=10, choices=Scheme.choices, default=Scheme.S2021)
    legal_basis = models.CharField(_("legal basis"), max_length=200, help_text=_("e.g. Perda No. 13 Tahun 2011"))
    year = models.PositiveSmallIntegerField()
    wilayah_perencanaan = models.CharField(max_length=100, blank=True)
    # RDTR hierarchy: the columns holding each zone's WP, SWP and blok (blank: none).
    wp_column = models.CharField(_("WP column"), max_length=100, blank=True)
    swp_column = models.CharField(_("SWP column"), max_length=100, blank=True)
    blok_column = models.CharField(_("blok column"), max_length=100, blank=True)
    # Struktur ruang: the plan's networks and centres (lines/points), as imported layers.
    struktur = models.ManyToManyField(LayerVersion, blank=True, related_name="+")

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-activated_at", "-created_at"]

    def __str__(self):
        return f"{self.jenis} {self.nama} ({self.legal_basis})"


class PlanZone(models.Model):
    """A zone of an active plan; an RDTR zone also names its WP, SWP and blok."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="zones")
    plan_class = models.ForeignKey(PlanClass, on_delete=models.PROTECT, related_name="+")
    feature_id = models.BigIntegerField()
    attrs = models.JSONField(
        default=dict, help_text=_("Intensity limits where the plan has them: KDB, KLB, KDH, height.")
    )
    wp = models.CharField(max_length=100, blank=True, db_default="")
    swp = models.CharField(max_length=100, blank=True, db_default="")
    blok = models.CharField(max_length=100, blank=True, db_default="")
    geom = models.MultiPolygonField(srid=settings.STORAGE_SRID)

    objects = PlanZoneQuerySet.as_manager()


class LandUse(MappedSource):
    """Existing land use of one year."""

    year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-year", "-created_at"]

    def __str__(self):
        return f"{self.nama} {self.year}"


class LandUseParcel(models.Model):
    land_use = models.ForeignKey(LandUse, on_delete=models.CASCADE, related_name="parcels")
    land_use_class = models.ForeignKey(LandUseClass, on_delete=models.PROTECT, related_name="+")
    feature_id = models.BigIntegerField()
    geom = models.MultiPolygonField(srid=settings.STORAGE_SRID)


class Overlap(models.Model):
    """A piece where two features of one plan or land-use layer overlap, found
    at activation: the feature with the lower id keeps it, the other
    (``feature_id``) lost it from its zone or parcel, so the indicator counts
    each square metre once. The layer itself stays as uploaded: the list is
    the owner's to fix in the source."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, null=True, related_name="overlaps")
    land_use = models.ForeignKey(LandUse, on_delete=models.CASCADE, null=True, related_name="overlaps")
    feature_id = models.BigIntegerField(help_text=_("The feature that lost the piece."))
    kept_by = models.BigIntegerField(help_text=_("The feature that kept it (the lower id)."))
    luas_m2 = models.FloatField(help_text=_("Area in EPSG:32748, m2."))
    geom = models.MultiPolygonField(srid=settings.STORAGE_SRID)

    class Meta:
        ordering = ["-luas_m2"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plan__isnull=True) ^ models.Q(land_use__isnull=True), name="overlap_one_source"
            )
        ]


class ComplianceRun(Job):
    """One computation (a core.jobs.Job), stored with the versions of its inputs
    and the matrix it used, so its figure can be reproduced and explained later.
    A failed run's message is the database's error."""

    task_name = "tataruang.compute_compliance"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="runs")
    land_use = models.ForeignKey(LandUse, on_delete=models.PROTECT, related_name="runs")
    matrix = models.JSONField(help_text=_("Snapshot: {land-use code: {plan class code: outcome}}."))
    inputs = models.JSONField(default=dict, help_text=_("Layer versions and counts of the inputs."))
    indikator = models.FloatField(null=True, help_text=_("sesuai / assessed x 100 for the kabupaten"))


class ComplianceResult(models.Model):
    """Areas (ha, EPSG:32748) per level and plan class; plan_class null = all classes."""

    class Level(models.TextChoices):
        DESA = "desa", _("desa")
        KECAMATAN = "kecamatan", _("kecamatan")
        KABUPATEN = "kabupaten", _("kabupaten")

    run = models.ForeignKey(ComplianceRun, on_delete=models.CASCADE, related_name="results")
    level = models.CharField(max_length=10, choices=Level.choices)
    kode = models.CharField(max_length=13)
    plan_class = models.CharField(max_length=20, blank=True)
    sesuai_ha = models.FloatField()
    belum_terwujud_ha = models.FloatField()
    tidak_sesuai_ha = models.FloatField()
    tidak_dinilai_ha = models.FloatField()
    persen = models.FloatField(null=True)

    class Meta:
        indexes = [models.Index(fields=["run", "level", "kode"], name="result_run_level_kode")]


class ComplianceIssue(models.Model):
    """A "tidak sesuai" piece: the planner's worklist."""

    run = models.ForeignKey(ComplianceRun, on_delete=models.CASCADE, related_name="issues")
    land_use_class = models.CharField(max_length=30)
    plan_class = models.CharField(max_length=20)
    desa = models.ForeignKey(Desa, on_delete=models.SET_NULL, null=True, related_name="+")
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.SET_NULL, null=True, related_name="+")
    luas_ha = models.FloatField()
    geom = models.MultiPolygonField(srid=settings.STORAGE_SRID)

    class Meta:
        ordering = ["-luas_ha"]


class Activity(models.Model):
    """A kegiatan of the peraturan zonasi, grouped as there (perumahan, industri, ...)."""

    kode = models.SlugField(max_length=50, unique=True)
    nama = models.CharField(max_length=150)
    kelompok = models.CharField(max_length=60)

    class Meta:
        ordering = ["kelompok", "nama"]

    def __str__(self):
        return self.nama


class ItbxRule(models.Model):
    """ITBX matrix stored long: plan class x activity -> I/T/B/X, conditions, legal source."""

    class Verdict(models.TextChoices):
        I = "I", _("permitted")  # noqa: E741 - the letter is the legal code
        T = "T", _("limited")
        B = "B", _("conditional")
        X = "X", _("not permitted")

    plan_class = models.ForeignKey(PlanClass, on_delete=models.CASCADE, related_name="itbx")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="itbx")
    verdict = models.CharField(max_length=1, choices=Verdict.choices)
    condition = models.TextField(blank=True)
    source_article = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan_class", "activity"], name="itbx_unique_cell")]


class WilayahPerencanaan(models.Model):
    """A Wilayah Perencanaan (WP) of the RDTR programme; 14 in the master plan's indicator."""

    kode = models.CharField(max_length=20, unique=True)
    nama = models.CharField(max_length=150)
    kecamatan = models.ManyToManyField(Kecamatan, related_name="wilayah_perencanaan", blank=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["kode"]

    def __str__(self):
        return self.nama


class SinkronisasiRdtr(models.Model):
    """The synchronisation status of one WP's RDTR in one year."""

    class Status(models.TextChoices):
        BELUM = "belum", _("not started")
        PROSES = "proses", _("in progress")
        SELESAI = "selesai", _("synchronised")

    wilayah = models.ForeignKey(WilayahPerencanaan, on_delete=models.CASCADE, related_name="sinkronisasi")
    tahun = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices)
    catatan = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["wilayah", "tahun"]
        constraints = [models.UniqueConstraint(fields=["wilayah", "tahun"], name="sinkronisasi_unique_year")]
