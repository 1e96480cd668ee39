"""Sectoral map layers of the OPDs (program L.1.5 of the Smart City Master Plan).

A Layer is the stable catalogue entry (slug, owner, metadata, style). Each upload
makes a LayerVersion holding its features; the layer's ``published_version`` is
what the public sees, so a new upload stays private until it is published.
Geometry is stored in EPSG:4326 with a GiST index; attributes as JSONB.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.utils.translation import gettext_lazy as _

from akun.models import Opd
from core.jobs import Job
from wilayah.models import Desa, Kecamatan

from .managers import FeatureChangeQuerySet, FeatureQuerySet, LayerQuerySet


class Theme(models.TextChoices):
    TATA_RUANG = "tata_ruang", _("Spatial planning")
    INFRASTRUKTUR = "infrastruktur", _("Infrastructure")
    TRANSPORTASI = "transportasi", _("Transport")
    LINGKUNGAN = "lingkungan", _("Environment")
    BENCANA = "bencana", _("Disaster")
    KESEHATAN = "kesehatan", _("Health")
    PENDIDIKAN = "pendidikan", _("Education")
    SOSIAL = "sosial", _("Social")
    EKONOMI = "ekonomi", _("Economy")
    PERTANIAN = "pertanian", _("Agriculture")
    PEMERINTAHAN = "pemerintahan", _("Government")


class GeometryKind(models.TextChoices):
    POINT = "point", _("point")
    LINE = "line", _("line")
    POLYGON = "polygon", _("polygon")


class ExpectedLayer(models.Model):
    """A layer an OPD is expected to provide: the denominator of the integration indicator."""

    kode = models.SlugField(_("code"), max_length=80, unique=True)
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="expected_layers")
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    geometry_kind = models.CharField(_("geometry"), max_length=10, choices=GeometryKind.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["opd__singkatan", "title"]
        verbose_name = _("expected layer")
        verbose_name_plural = _("expected layers")

    def __str__(self):
        return f"{self.opd}: {self.title}"


class Layer(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="layers")
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    expected = models.ForeignKey(ExpectedLayer, on_delete=models.SET_NULL, null=True, blank=True, related_name="layers")
    # ISO 19115 core / Satu Data Indonesia metadata.
    abstract = models.TextField(_("abstract"), blank=True)
    keywords = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    data_date = models.DateField(_("data date"), null=True, blank=True)
    scale_denominator = models.PositiveIntegerField(_("scale 1:"), null=True, blank=True)
    lineage = models.TextField(_("lineage"), blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    licence = models.CharField(_("licence"), max_length=100, default="CC-BY-4.0")
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Synthetic demo data, labelled DATA CONTOH (sintetis).")
    )
    style = models.JSONField(_("style"), default=dict, blank=True)
    published_version = models.ForeignKey(
        "LayerVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LayerQuerySet.as_manager()

    class Meta:
        ordering = ["opd__singkatan", "title"]

    def __str__(self):
        return self.title

    @property
    def latest_version(self):
        return self.versions.order_by("-number").first()


class LayerVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")
        SUPERSEDED = "superseded", _("superseded")

    layer = models.ForeignKey(Layer, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.TextField(blank=True)
    geometry_kind = models.CharField(max_length=10, choices=GeometryKind.choices)
    schema = models.JSONField(default=list, help_text=_("Attribute names and types inferred at import."))
    source_filename = models.CharField(max_length=255)
    source_format = models.CharField(max_length=30)
    source_crs = models.CharField(max_length=400, blank=True)
    source_encoding = models.CharField(max_length=30, blank=True)
    report = models.JSONField(default=dict, help_text=_("Import report: counts and notes."))
    feature_count = models.PositiveIntegerField(default=0)
    bbox = ArrayField(models.FloatField(), size=4, null=True, blank=True, help_text="minlon, minlat, maxlon, maxlat")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["layer", "-number"]
        constraints = [models.UniqueConstraint(fields=["layer", "number"], name="layerversion_unique_number")]

    def __str__(self):
        return f"{self.layer} v{self.number}"


class Feature(models.Model):
    """One feature of a layer version; desa/kecamatan assigned at import by the
    import worker (the rule of wilayah.assignment: containing desa for points,
    largest overlap for lines and polygons)."""

    # Single-column FK indexes would only slow bulk imports (see Meta).
    # No database constraint: a deferred FK check costs a trigger call per row at
    # commit; Django's on_delete still cascades, and imports take the id from a
    # version created in the same transaction.
    version = models.ForeignKey(
        LayerVersion, on_delete=models.CASCADE, related_name="features", db_index=False, db_constraint=False
    )
    fid = models.BigIntegerField(help_text=_("Position in the source file."))
    geom = models.GeometryField(srid=settings.STORAGE_SRID)
    attrs = models.JSONField(default=dict)
    # Optimistic concurrency: every write must name the revision it read.
    revision = models.PositiveIntegerField(default=1, db_default=1)
    # No database FK constraints on desa/kecamatan: the import assigns them from
    # the desa table itself, and deferred FK checks would cost a trigger call
    # per row at commit (1.5 s per 100,000 features).
    desa = models.ForeignKey(
        Desa,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    kecamatan = models.ForeignKey(
        Kecamatan,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    objects = FeatureQuerySet.as_manager()

    class Meta:
        # The table is partitioned by version (migration 0007, layers.partitions);
        # its primary key (id, version_id) and the (version, desa) index serve
        # every lookup by version, id, desa and kecamatan.
        indexes = [models.Index(fields=["version", "desa"], name="feature_version_desa")]


class FeatureChange(models.Model):
    """One recorded write to a feature: who, when, from where, before and after.

    ``feature_id`` is kept without a foreign key so the record outlives a
    deleted feature (which can then be restored from ``before``).
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        REVERT = "revert", _("reverted")
        RESTORE = "restore", _("restored")

    class Source(models.TextChoices):
        EDITOR = "editor", _("editor")
        API = "api", _("API")
        UPLOAD = "upload", _("upload")

    # Without database constraints (as on Feature); Django's on_delete handles
    # cascades and SET_NULL. Only the indexes that lookups use: by layer and
    # time (change_layer_time), feature, version. An import writes one row for
    # the whole upload (feature None): the version says who, when and from which
    # file, and each feature's history resolves that row (``of_feature``).
    layer = models.ForeignKey(
        Layer, on_delete=models.CASCADE, related_name="changes", db_constraint=False, db_index=False
    )
    version = models.ForeignKey(LayerVersion, on_delete=models.CASCADE, related_name="changes", db_constraint=False)
    # None on the one row an import writes for all the features it created.
    feature_id = models.BigIntegerField(db_index=True, null=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revision_before = models.PositiveIntegerField(null=True)
    revision_after = models.PositiveIntegerField(null=True)
    geom_before = models.GeometryField(srid=settings.STORAGE_SRID, null=True, spatial_index=False)
    attrs_before = models.JSONField(null=True)
    geom_after = models.GeometryField(srid=settings.STORAGE_SRID, null=True, spatial_index=False)
    attrs_after = models.JSONField(null=True)
    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.DO_NOTHING, null=True, related_name="+", db_constraint=False, db_index=False
    )
    desa = models.ForeignKey(
        Desa, on_delete=models.DO_NOTHING, null=True, related_name="+", db_constraint=False, db_index=False
    )
    note = models.CharField(max_length=200, blank=True)

    objects = FeatureChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["layer", "-created_at"], name="change_layer_time")]

    @property
    def is_upload_row(self):
        """An import records one row per upload, without a feature (``of_feature`` resolves it for one)."""
        return self.action == self.Action.CREATE and self.source == self.Source.UPLOAD and self.geom_after is None

    def state_after(self):
        """(geometry, attributes) after this change; (None, None) after a delete
        and for an upload row not resolved for a feature."""
        if not self.is_upload_row:
            return self.geom_after, self.attrs_after
        return getattr(self, "uploaded_geom", None), getattr(self, "uploaded_attrs", None)


class LayerGrant(models.Model):
    """Edit rights on one layer for one user, beyond what the user's role gives."""

    layer = models.ForeignKey(Layer, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="layer_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["layer", "user"], name="layergrant_unique")]


class UploadJob(Job):
    """One upload and its import, run by a Celery worker (a core.jobs.Job).

    The uploaded file lives under settings.UPLOAD_ROOT (outside the web root)
    in a directory named after the job's random UUID.
    """

    task_name = "layers.import_upload"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    options = models.JSONField(default=dict, blank=True)
    original_name = models.CharField(max_length=255)
    size = models.BigIntegerField(default=0)
    title = models.CharField(max_length=200)
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="+")
    theme = models.CharField(max_length=20, choices=Theme.choices, default=Theme.INFRASTRUKTUR)
    target_layer = models.ForeignKey(Layer, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    layer_version = models.ForeignKey(LayerVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    @property
    def directory(self):
        return Path(settings.UPLOAD_ROOT) / str(self.id)

    @property
    def upload_path(self):
        return self.directory / "upload.bin"

    @property
    def work_dir(self):
        return self.directory / "files"
