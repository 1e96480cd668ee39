from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from .models import Desa, Kecamatan


class KecamatanSerializer(GeoFeatureModelSerializer):
    luas_ukur_km2 = serializers.FloatField(read_only=True)
    jumlah_desa = serializers.IntegerField(read_only=True)

    class Meta:
        model = Kecamatan
        geo_field = "geom"
        id_field = False
        fields = ("kode", "nama", "luas_resmi_km2", "luas_ukur_ha", "luas_ukur_km2", "jumlah_desa")


class DesaSerializer(GeoFeatureModelSerializer):
    luas_ukur_km2 = serializers.FloatField(read_only=True)
    kecamatan_kode = serializers.CharField(source="kecamatan.kode", read_only=True)
    kecamatan_nama = serializers.CharField(source="kecamatan.nama", read_only=True)

    class Meta:
        model = Desa
        geo_field = "geom"
        id_field = False
        fields = (
            "kode",
            "nama",
            "jenis",
            "kecamatan_kode",
            "kecamatan_nama",
            "luas_ukur_ha",
            "luas_ukur_km2",
        )


class WilayahRefSerializer(serializers.Serializer):
    kode = serializers.CharField()
    nama = serializers.CharField()


class DesaRefSerializer(WilayahRefSerializer):
    jenis = serializers.CharField()


class LookupSerializer(serializers.Serializer):
    lon = serializers.FloatField()
    lat = serializers.FloatField()
    desa = DesaRefSerializer()
    kecamatan = WilayahRefSerializer()
