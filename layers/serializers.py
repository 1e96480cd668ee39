from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from akun.models import Opd
from core.sample import sample_label
from core.serializers import JOB_STATUS_FIELDS, JobStatusSerializer

from .models import Layer, LayerVersion, UploadJob

DOWNLOAD_FORMATS = ("geojson", "shp", "gpkg", "csv", "kml")


class OpdSerializer(serializers.ModelSerializer):
    class Meta:
        model = Opd
        fields = ("kode", "singkatan", "nama")


class VersionSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = LayerVersion
        fields = (
            "number",
            "status",
            "status_label",
            "rejection_reason",
            "geometry_kind",
            "feature_count",
            "bbox",
            "schema",
            "source_filename",
            "source_format",
            "source_crs",
            "source_encoding",
            "report",
            "created_at",
            "submitted_at",
            "reviewed_at",
        )


class LayerSerializer(serializers.ModelSerializer):
    """A layer as the catalogue and the map see it; ``version`` is the one shown."""

    opd = OpdSerializer(read_only=True)
    theme_label = serializers.CharField(source="get_theme_display", read_only=True)
    expected = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    published = serializers.SerializerMethodField()
    version = serializers.SerializerMethodField()
    label = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = Layer
        fields = (
            "slug",
            "title",
            "description",
            "opd",
            "theme",
            "theme_label",
            "expected",
            "is_sample",
            "label",
            "abstract",
            "keywords",
            "data_date",
            "scale_denominator",
            "lineage",
            "contact",
            "licence",
            "style",
            "published",
            "version",
            "links",
        )

    def _shown(self, layer):
        return self.context.get("versions", {}).get(layer.pk) or layer.published_version

    def get_published(self, layer) -> bool:
        return layer.published_version_id is not None

    @extend_schema_field(VersionSerializer(allow_null=True))
    def get_version(self, layer):
        version = self._shown(layer)
        return VersionSerializer(version).data if version else None

    def get_label(self, layer) -> str:
        return sample_label(layer.is_sample)

    def get_links(self, layer) -> dict:
        request = self.context.get("request")

        def url(name, **kwargs):
            path = reverse(name, kwargs={"slug": layer.slug, **kwargs})
            return request.build_absolute_uri(path) if request else path

        return {
            "self": url("layers:layer-detail"),
            "features": url("layers:layer-features"),
            "downloads": {fmt: url("layers:layer-download", fmt=fmt) for fmt in DOWNLOAD_FORMATS},
        }


class MissingMetadataSerializer(serializers.Serializer):
    element = serializers.CharField(help_text="ISO 19115 element, e.g. date")
    field = serializers.CharField(help_text="The layer's field to fill in, e.g. data_date")
    label = serializers.CharField()


class IsoMetadataSerializer(serializers.Serializer):
    xml = serializers.URLField(help_text="ISO 19139 XML of the shown version")
    missing = MissingMetadataSerializer(many=True, help_text="ISO 19115 core mandatory elements not filled in")


class LayerDetailSerializer(LayerSerializer):
    versions = serializers.SerializerMethodField()
    iso19139 = serializers.SerializerMethodField()

    class Meta(LayerSerializer.Meta):
        fields = (*LayerSerializer.Meta.fields, "versions", "iso19139")

    @extend_schema_field(IsoMetadataSerializer)
    def get_iso19139(self, layer):
        from satudata.iso19139 import missing_fields  # satudata reads layers; imported here, not at load

        request = self.context.get("request")
        path = reverse("satudata:iso19139", kwargs={"slug": layer.slug})
        return {
            "xml": request.build_absolute_uri(path) if request else path,
            "missing": [m.as_dict() for m in missing_fields(layer, self._shown(layer))],
        }

    @extend_schema_field(VersionSerializer(many=True))
    def get_versions(self, layer):
        versions = self.context.get("all_versions")
        return VersionSerializer(versions, many=True).data if versions is not None else []


class LayerMetadataSerializer(serializers.ModelSerializer):
    """The fields an owner or reviewer may edit after import."""

    class Meta:
        model = Layer
        fields = (
            "title",
            "description",
            "theme",
            "abstract",
            "keywords",
            "data_date",
            "scale_denominator",
            "lineage",
            "contact",
            "licence",
            "style",
        )

    def validate_style(self, style):
        from .styles import validate_style

        return validate_style(style)


class UploadCreateSerializer(serializers.Serializer):
    file = serializers.FileField()
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    opd = serializers.SlugRelatedField(slug_field="kode", queryset=Opd.objects.all())
    theme = serializers.ChoiceField(choices=Layer._meta.get_field("theme").choices, required=False)
    # A slug, resolved within the OPD by the view (one answer for missing and foreign layers).
    layer = serializers.SlugField(max_length=100, required=False, allow_blank=True)
    expected = serializers.CharField(required=False, allow_blank=True)
    crs = serializers.CharField(required=False, allow_blank=True)
    encoding = serializers.CharField(required=False, allow_blank=True)


class UploadAnswerSerializer(serializers.Serializer):
    crs = serializers.CharField(required=False, allow_blank=True)
    layer = serializers.CharField(required=False, allow_blank=True)
    file = serializers.CharField(required=False, allow_blank=True)
    encoding = serializers.CharField(required=False, allow_blank=True)


class UploadJobSerializer(JobStatusSerializer, serializers.ModelSerializer):
    """An upload's job: the members of every job, its file, OPD and, when
    imported, its layer."""

    opd = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    url = serializers.SerializerMethodField()
    layer = serializers.SerializerMethodField()

    class Meta:
        model = UploadJob
        fields = (
            *JOB_STATUS_FIELDS,
            "url",
            "original_name",
            "size",
            "title",
            "opd",
            "layer",
        )

    def get_url(self, job) -> str:
        request = self.context.get("request")
        path = reverse("layers:upload-detail", kwargs={"pk": job.pk})
        return request.build_absolute_uri(path) if request else path

    def get_layer(self, job) -> dict | None:
        version = job.layer_version
        if version is None:
            return None
        request = self.context.get("request")
        path = reverse("layers:layer-detail", kwargs={"slug": version.layer.slug})
        return {
            "slug": version.layer.slug,
            "title": version.layer.title,
            "version": version.number,
            "status": version.status,
            "url": request.build_absolute_uri(path) if request else path,
        }
