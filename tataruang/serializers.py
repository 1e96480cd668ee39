"""What the tata ruang API answers: plans and land-use layers, compliance runs
and their results, the standard classes and the activities of the peraturan zonasi.

Areas are hectares measured in settings.METRIC_SRID (UTM 48S); times are ISO
8601 in UTC ("...Z"), as the API has always written them, whatever TIME_ZONE is.
GeoJSON answers (plan zones, "tidak sesuai" pieces) are built in their views.
"""

from rest_framework import serializers

from core.sample import sample_label
from core.serializers import UtcDateTimeField, UtcJobStatusSerializer

from . import services, struktur
from .models import Activity, ComplianceResult, LandUse, Plan, PlanClass


class RoundedFloatField(serializers.FloatField):
    """A read-only number rounded to ``decimals`` places (areas in ha, percentages)."""

    def __init__(self, decimals, **kwargs):
        self.decimals = decimals
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return round(value, self.decimals)


class MappedSourceSerializer(serializers.ModelSerializer):
    """A plan or land-use layer: its layer version, class column, mapping and status."""

    label = serializers.SerializerMethodField()
    layer = serializers.CharField(source="layer_version.layer.slug", read_only=True)
    layer_version = serializers.IntegerField(source="layer_version.number", read_only=True)
    activated_at = UtcDateTimeField()

    class Meta:
        fields = [
            "id",
            "nama",
            "status",
            "is_sample",
            "label",
            "layer",
            "layer_version",
            "class_column",
            "mapping",
            "activated_at",
            "year",
        ]
        read_only_fields = fields

    def get_label(self, source) -> str:
        return sample_label(source.is_sample)


class LandUseSerializer(MappedSourceSerializer):
    class Meta(MappedSourceSerializer.Meta):
        model = LandUse


class PlanSerializer(MappedSourceSerializer):
    """A plan, with its jenis (RTRW/RDTR), legal basis and WP/SWP/blok columns."""

    class Meta(MappedSourceSerializer.Meta):
        model = Plan
        fields = [
            *MappedSourceSerializer.Meta.fields,
            "jenis",
            "scheme",
            "legal_basis",
            "wilayah_perencanaan",
            *services.HIERARCHY_LEVELS,
        ]
        read_only_fields = fields


class ClassChoiceSerializer(serializers.Serializer):
    """A standard class a value of the class column may be mapped to."""

    kode = serializers.CharField(read_only=True)
    nama = serializers.CharField(read_only=True)


class ClassColumnFields(serializers.Serializer):
    """The values of a source's class column (with feature counts and the class
    each is mapped to), those still unmapped and the classes to choose from."""

    values = serializers.SerializerMethodField()
    unmapped = serializers.SerializerMethodField()
    classes = serializers.SerializerMethodField()
    tumpang_tindih = serializers.SerializerMethodField()

    def get_tumpang_tindih(self, source) -> dict:
        """Overlaps between the source's features cut at activation (services.overlap_summary)."""
        return services.overlap_summary(source)

    def get_values(self, source) -> list[dict]:
        return [{"value": v, "count": c, "mapped_to": source.mapping.get(v)} for v, c in services.column_values(source)]

    def get_unmapped(self, source) -> list[str]:
        return [v for v, _c in services.unmapped_values(source)]

    def get_classes(self, source) -> list[dict]:
        return ClassChoiceSerializer(services.class_choices(source), many=True).data


class LandUseDetailSerializer(ClassColumnFields, LandUseSerializer):
    class Meta(LandUseSerializer.Meta):
        fields = [*LandUseSerializer.Meta.fields, "values", "unmapped", "classes", "tumpang_tindih"]
        read_only_fields = fields


class PlanDetailSerializer(ClassColumnFields, PlanSerializer):
    """A plan with its layer's columns, its WP -> SWP -> blok summary and its
    struktur ruang layers (feature addresses absolute when the context has a request)."""

    columns = serializers.SerializerMethodField()
    hierarki = serializers.SerializerMethodField()
    struktur = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [
            *PlanSerializer.Meta.fields,
            "values",
            "unmapped",
            "classes",
            "tumpang_tindih",
            "columns",
            "hierarki",
            "struktur",
        ]
        read_only_fields = fields

    def get_columns(self, plan) -> list[str]:
        return [f["name"] for f in plan.layer_version.schema]

    def get_hierarki(self, plan) -> list[dict]:
        return services.hierarchy_summary(plan)

    def get_struktur(self, plan) -> list[dict]:
        return struktur.as_json(plan, self.context.get("request"))


SOURCE_SERIALIZERS = {
    Plan: (PlanSerializer, PlanDetailSerializer),
    LandUse: (LandUseSerializer, LandUseDetailSerializer),
}


def source_serializer(model, detail=False):
    """The serializer class of a Plan or LandUse (``model``), the detail one with ``detail``."""
    return SOURCE_SERIALIZERS[model][1 if detail else 0]


class RunSerializer(UtcJobStatusSerializer):
    """A compliance run: the job status every job answers (core.serializers, times
    in UTC), its plan and land use, the indicator (%)."""

    id = serializers.IntegerField(read_only=True)
    plan = PlanSerializer(read_only=True)
    land_use = LandUseSerializer(read_only=True)
    indikator = serializers.FloatField(read_only=True, allow_null=True)
    is_sample = serializers.SerializerMethodField()

    def get_is_sample(self, run) -> bool:
        return run.plan.is_sample or run.land_use.is_sample


class ResultSerializer(serializers.ModelSerializer):
    """One result row: areas (ha, 4 decimals) per outcome and the indicator (%, 2 decimals)."""

    sesuai_ha = RoundedFloatField(4)
    belum_terwujud_ha = RoundedFloatField(4)
    tidak_sesuai_ha = RoundedFloatField(4)
    tidak_dinilai_ha = RoundedFloatField(4)
    persen = RoundedFloatField(2)

    class Meta:
        model = ComplianceResult
        fields = [
            "kode",
            "plan_class",
            "sesuai_ha",
            "belum_terwujud_ha",
            "tidak_sesuai_ha",
            "tidak_dinilai_ha",
            "persen",
        ]
        read_only_fields = fields


class PlanClassSerializer(serializers.ModelSerializer):
    """A standard plan class; ``padanan`` the code of its post-2021 equivalent (pre-2021 names)."""

    padanan = serializers.SlugRelatedField(slug_field="kode", read_only=True)

    class Meta:
        model = PlanClass
        fields = ["scheme", "kind", "kode", "nama", "kelompok", "warna", "padanan"]
        read_only_fields = fields


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["kode", "nama", "kelompok"]
        read_only_fields = fields
