"""JSON of the peta jalan API (the shape issue 15 fixes for other systems)."""

from rest_framework import serializers

from .models import Indikator, Program


def _number(value):
    """A Decimal target as a JSON number (int when whole), None stays None."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class IndikatorSerializer(serializers.ModelSerializer):
    target_2025_nilai = serializers.SerializerMethodField()
    target_2026_nilai = serializers.SerializerMethodField()
    pembanding = serializers.SerializerMethodField()
    # Plain strings (">", ">=", "<", "<=" or ""): one enum in the schema, not two of the same set.
    pembanding_2025 = serializers.CharField()
    pembanding_2026 = serializers.CharField()

    class Meta:
        model = Indikator
        fields = [
            "urutan",
            "kegiatan",
            "nama",
            "satuan",
            "baseline_2024",
            "target_2025",
            "target_2026",
            "target_2025_nilai",
            "target_2026_nilai",
            "pembanding",
            "pembanding_2025",
            "pembanding_2026",
        ]

    def get_target_2025_nilai(self, obj) -> float | None:
        return _number(obj.target_2025_nilai)

    def get_target_2026_nilai(self, obj) -> float | None:
        return _number(obj.target_2026_nilai)

    def get_pembanding(self, obj) -> str | None:
        """The comparator of the end-of-plan (2026) target, else of 2025; None without a number."""
        return obj.pembanding_2026 or obj.pembanding_2025 or None


class StrategiRefSerializer(serializers.Serializer):
    kode = serializers.CharField()
    nama = serializers.CharField()


class ProgramSerializer(serializers.ModelSerializer):
    strategi = StrategiRefSerializer()
    opd = serializers.SerializerMethodField()
    indikator = IndikatorSerializer(many=True)
    lokasi = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = [
            "kode",
            "dimensi",
            "strategi",
            "nomor",
            "nama",
            "opd",
            "opd_teks",
            "opd_tidak_dikenal",
            "sumber_dana",
            "indikator",
            "lokasi",
        ]

    def get_opd(self, obj) -> list[str]:
        return [opd.kode for opd in obj.opd.all()]

    def get_lokasi(self, obj) -> int:
        """Number of locations attached to the programme."""
        count = getattr(obj, "jumlah_lokasi", None)
        return obj.lokasi.count() if count is None else count
