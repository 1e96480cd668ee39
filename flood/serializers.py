from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from akun.models import Opd
from core.sample import sample_label
from core.serializers import JOB_STATUS_FIELDS, JobStatusSerializer
from layers.serializers import OpdSerializer

from . import classes as hazard_classes
from .models import HazardRaster, HazardRasterVersion, RasterKind, RasterStatisticsJob, RasterUploadJob


def _url(context, name, **kwargs):
    request = context.get("request")
    path = reverse(name, kwargs=kwargs)
    return request.build_absolute_uri(path) if request else path


class RasterVersionSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    legend = serializers.SerializerMethodField()

    class Meta:
        model = HazardRasterVersion
        fields = (
            "number",
            "status",
            "status_label",
            "rejection_reason",
            "kind",
            "band",
            "classes",
            "colors",
            "legend",
            "crs",
            "source_crs",
            "source_filename",
            "source_dtype",
            "resolution_m",
            "width",
            "height",
            "nodata",
            "bbox",
            "value_min",
            "value_max",
            "report",
            "statistics_at",
            "created_at",
            "submitted_at",
            "reviewed_at",
        )

    def get_legend(self, version) -> list:
        return hazard_classes.legend(version)


class RasterSerializer(serializers.ModelSerializer):
    """A hazard raster with the version the caller sees (``versions`` in the context)."""

    opd = OpdSerializer(read_only=True)
    status = serializers.SerializerMethodField()
    crs = serializers.SerializerMethodField()
    resolution_m = serializers.SerializerMethodField()
    label = serializers.SerializerMethodField()
    version = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = HazardRaster
        fields = (
            "id",
            "title",
            "opd",
            "status",
            "kind",
            "hazard",
            "crs",
            "resolution_m",
            "source",
            "data_date",
            "legal_basis",
            "description",
            "is_sample",
            "label",
            "version",
            "links",
        )

    def _shown(self, raster):
        return self.context.get("versions", {}).get(raster.pk)

    def get_status(self, raster) -> str | None:
        version = self._shown(raster)
        return version.status if version else None

    def get_crs(self, raster) -> str | None:
        version = self._shown(raster)
        return version.crs if version else None

    def get_resolution_m(self, raster) -> float | None:
        version = self._shown(raster)
        return round(version.resolution_m, 3) if version else None

    def get_label(self, raster) -> str:
        return sample_label(raster.is_sample)

    @extend_schema_field(RasterVersionSerializer(allow_null=True))
    def get_version(self, raster):
        version = self._shown(raster)
        return RasterVersionSerializer(version).data if version else None

    def get_links(self, raster) -> dict:
        links = {
            name: _url(self.context, f"flood:raster-{name}", pk=raster.pk)
            for name in ("detail", "nilai", "statistik", "paparan")
        }
        tile = _url(self.context, "flood:raster-tile", pk=raster.pk, z=0, x=0, y=0)
        version = self._shown(raster)
        query = f"?version={version.number}" if version and version.pk != raster.published_version_id else ""
        links["tiles"] = tile.replace("/0/0/0.png", "/{z}/{x}/{y}.png") + query
        return links


class RasterDetailSerializer(RasterSerializer):
    versions = serializers.SerializerMethodField()
    statistics_job = serializers.SerializerMethodField()

    class Meta(RasterSerializer.Meta):
        fields = (*RasterSerializer.Meta.fields, "versions", "statistics_job")

    @extend_schema_field(RasterVersionSerializer(many=True))
    def get_versions(self, raster):
        versions = self.context.get("all_versions")
        return RasterVersionSerializer(versions, many=True).data if versions is not None else []

    def get_statistics_job(self, raster) -> dict | None:
        version = self._shown(raster)
        job = version.statistics_jobs.order_by("-created_at").first() if version else None
        return StatisticsJobSerializer(job).data if job else None


class StatisticsJobSerializer(JobStatusSerializer, serializers.ModelSerializer):
    class Meta:
        model = RasterStatisticsJob
        fields = JOB_STATUS_FIELDS


class RasterUploadCreateSerializer(serializers.Serializer):
    file = serializers.FileField()
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    opd = serializers.SlugRelatedField(slug_field="kode", queryset=Opd.objects.all())
    kind = serializers.ChoiceField(choices=RasterKind.choices, required=False, default=RasterKind.INDEKS)
    band = serializers.IntegerField(min_value=1, max_value=100, required=False, default=1)
    crs = serializers.CharField(required=False, allow_blank=True, max_length=100)
    # A new version of an existing raster of the OPD (its id).
    raster = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)


class RasterUploadAnswerSerializer(serializers.Serializer):
    crs = serializers.CharField(max_length=100)


class RasterUploadJobSerializer(JobStatusSerializer, serializers.ModelSerializer):
    opd = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    url = serializers.SerializerMethodField()
    raster = serializers.SerializerMethodField()

    class Meta:
        model = RasterUploadJob
        fields = (*JOB_STATUS_FIELDS, "url", "original_name", "size", "title", "opd", "kind", "band", "raster")

    def get_url(self, job) -> str:
        return _url(self.context, "flood:raster-upload-detail", pk=job.pk)

    def get_raster(self, job) -> dict | None:
        version = job.raster_version
        if version is None:
            return None
        return {
            "id": version.raster_id,
            "title": version.raster.title,
            "version": version.number,
            "status": version.status,
            "url": _url(self.context, "flood:raster-detail", pk=version.raster_id),
        }


class ClassesChangeSerializer(serializers.Serializer):
    classes = serializers.JSONField(required=False)
    colors = serializers.JSONField(required=False)
