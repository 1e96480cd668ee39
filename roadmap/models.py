"""The peta jalan (roadmap) of the Master Plan Smart City 2025-2026 (BAB V),
its Quick Wins (BAB VI), and the locations where OPD realise its programmes."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import IsValid
from django.contrib.postgres.indexes import GistIndex
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .managers import LokasiQuerySet, ProgramQuerySet


class Dimensi(models.TextChoices):
    GOVERNANCE = "governance", "Smart Governance"
    BRANDING = "branding", "Smart Branding"
    ECONOMY = "economy", "Smart Economy"
    LIVING = "living", "Smart Living"
    SOCIETY = "society", "Smart Society"
    ENVIRONMENT = "environment", "Smart Environment"


class Strategi(models.Model):
    """A strategy of one dimension (``L.1``)."""

    kode = models.CharField(_("code"), max_length=10, unique=True)
    dimensi = models.CharField(_("dimension"), max_length=20, choices=Dimensi.choices)
    nama = models.TextField(_("name"))
    urutan = models.PositiveIntegerField(_("order"))

    class Meta:
        ordering = ["urutan"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self):
        return f"{self.kode} {self.nama}"


class Program(models.Model):
    """A numbered programme (``L-5``: Smart Living no. 5; numbering restarts per dimension)."""

    kode = models.CharField(_("code"), max_length=10, unique=True)
    dimensi = models.CharField(_("dimension"), max_length=20, choices=Dimensi.choices)
    strategi = models.ForeignKey(Strategi, on_delete=models.PROTECT, related_name="program")
    nomor = models.PositiveIntegerField(_("number"))
    nama = models.TextField(_("name"))
    opd = models.ManyToManyField("akun.Opd", related_name="program_peta_jalan", blank=True)
    # The leading sector as the plan writes it, and its names not in the OPD registry.
    opd_teks = models.TextField(_("leading sector (as written)"), blank=True)
    opd_tidak_dikenal = models.JSONField(_("unknown OPD names"), default=list, blank=True)
    sumber_dana = models.CharField(_("funding source"), max_length=100, blank=True)
    urutan = models.PositiveIntegerField(_("order"))

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["urutan"]
        constraints = [models.UniqueConstraint(fields=["dimensi", "nomor"], name="roadmap_program_dimensi_nomor")]
        verbose_name = _("roadmap programme")
        verbose_name_plural = _("roadmap programmes")

    def __str__(self):
        return f"{self.kode} {self.nama}"


class Pembanding(models.TextChoices):
    GT = ">", ">"
    GE = ">=", "≥"
    LT = "<", "<"
    LE = "<=", "≤"


class Indikator(models.Model):
    """One indicator row of a programme: targets as written, and as a number where there is one."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="indikator")
    urutan = models.PositiveIntegerField(_("order"))
    kegiatan = models.TextField(_("activity"), blank=True)
    nama = models.TextField(_("indicator"), blank=True)
    satuan = models.CharField(_("unit"), max_length=60, blank=True)
    baseline_2024 = models.CharField(_("baseline 2024"), max_length=100, blank=True)
    target_2025 = models.CharField(_("target 2025"), max_length=100, blank=True)
    target_2026 = models.CharField(_("target 2026"), max_length=100, blank=True)
    target_2025_nilai = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    target_2026_nilai = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    pembanding_2025 = models.CharField(max_length=2, choices=Pembanding.choices, blank=True)
    pembanding_2026 = models.CharField(max_length=2, choices=Pembanding.choices, blank=True)
    opd_teks = models.TextField(_("leading sector (as written)"), blank=True)
    sumber_dana = models.CharField(_("funding source"), max_length=100, blank=True)
    baris = models.PositiveIntegerField(_("line in the source"), null=True, blank=True)

    class Meta:
        ordering = ["program__urutan", "urutan"]
        constraints = [models.UniqueConstraint(fields=["program", "urutan"], name="roadmap_indikator_urutan")]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return f"{self.program.kode}.{self.urutan} {self.nama}"

    def target(self, tahun):
        """``(text, number, comparator)`` of the target of ``tahun`` (2025 or 2026)."""
        return (
            getattr(self, f"target_{tahun}"),
            getattr(self, f"target_{tahun}_nilai"),
            getattr(self, f"pembanding_{tahun}"),
        )


class QuickWin(models.Model):
    nomor = models.PositiveIntegerField(_("number"), unique=True)
    nama = models.TextField(_("name"))
    opd_teks = models.TextField(_("agency (as written)"), blank=True)
    fungsi = models.TextField(_("function / benefit"), blank=True)
    status = models.TextField(_("status"), blank=True)
    dimensi = models.JSONField(_("dimensions"), default=list)

    class Meta:
        ordering = ["nomor"]
        verbose_name = _("quick win")
        verbose_name_plural = _("quick wins")

    def __str__(self):
        return f"{self.nomor}. {self.nama}"


class LokasiProgram(models.Model):
    """A place where an OPD realises a programme in a year (point, line or polygon, EPSG:4326)."""

    class Status(models.TextChoices):
        RENCANA = "rencana", _("planned")
        BERJALAN = "berjalan", _("in progress")
        SELESAI = "selesai", _("finished")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="lokasi")
    indikator = models.ForeignKey(Indikator, on_delete=models.SET_NULL, null=True, blank=True, related_name="lokasi")
    opd = models.ForeignKey("akun.Opd", on_delete=models.PROTECT, related_name="lokasi_peta_jalan")
    tahun = models.PositiveSmallIntegerField(_("year"))
    nama = models.CharField(_("name"), max_length=200)
    geom = models.GeometryField(srid=4326)
    # The activity (peraturan zonasi kegiatan) the location carries out, for the KKPR check of its zone.
    kegiatan = models.ForeignKey(
        "tataruang.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nilai_realisasi = models.DecimalField(_("realisation"), max_digits=14, decimal_places=4, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RENCANA)
    anggaran = models.DecimalField(_("budget (Rp)"), max_digits=16, decimal_places=0, null=True, blank=True)
    sumber_dana = models.CharField(_("funding source"), max_length=40, blank=True)
    desa = models.ForeignKey("wilayah.Desa", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kecamatan = models.ForeignKey(
        "wilayah.Kecamatan", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_sample = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LokasiQuerySet.as_manager()

    class Meta:
        ordering = ["program__urutan", "tahun", "id"]
        indexes = [
            models.Index(fields=["program", "tahun"], name="roadmap_lokasi_program_tahun"),
            GistIndex(fields=["geom"], name="roadmap_lokasi_geom_gist"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(tahun__gte=2024) & Q(tahun__lte=2030), name="roadmap_lokasi_tahun"),
            models.CheckConstraint(condition=IsValid("geom"), name="roadmap_lokasi_geom_valid"),
        ]
        verbose_name = _("programme location")
        verbose_name_plural = _("programme locations")

    def __str__(self):
        return f"{self.program.kode} {self.nama} ({self.tahun})"


class DokumenLokasi(models.Model):
    """A photo or document of a location, stored under settings.ROADMAP_DOCUMENT_ROOT (not served directly)."""

    lokasi = models.ForeignKey(LokasiProgram, on_delete=models.CASCADE, related_name="dokumen")
    nama_file = models.CharField(_("file name"), max_length=200)
    path = models.CharField(max_length=300)
    content_type = models.CharField(max_length=100)
    ukuran = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class LokasiRiwayat(models.Model):
    """The edit history of a location: who made which write, and the location after it."""

    lokasi = models.ForeignKey(LokasiProgram, on_delete=models.SET_NULL, null=True, related_name="riwayat")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    aksi = models.CharField(max_length=10)  # buat, ubah, hapus
    data = models.JSONField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
