"""The wilayah API's shapes. Lists and details are GeoJSON written by PostGIS
(``kecamatan_feature`` / ``desa_feature``, see core.geojson); the drf-gis
serializers describe the same Features in the OpenAPI schema, their fields in
the order the properties are written."""

from django.db.models import F
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from core.geojson import AsFeature

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


# km2 as the model's property computes it (ha / 100), in SQL.
LUAS_UKUR_KM2 = F("luas_ukur_ha") / 100.0


def kecamatan_feature(srid=None):
    """A kecamatan (annotated with ``jumlah_desa``) as a Feature with KecamatanSerializer's properties."""
    sources = {"luas_ukur_km2": LUAS_UKUR_KM2}
    return AsFeature("geom", _properties(KecamatanSerializer, sources), srid=srid)


def desa_feature(srid=None):
    """A desa/kelurahan as a Feature with DesaSerializer's properties."""
    sources = {"luas_ukur_km2": LUAS_UKUR_KM2, "kecamatan_kode": "kecamatan__kode", "kecamatan_nama": "kecamatan__nama"}
    return AsFeature("geom", _properties(DesaSerializer, sources), srid=srid)


def _properties(serializer, sources):
    """{property: field or expression} in the serializer's field order: the schema and the answer agree."""
    return {name: sources.get(name, name) for name in serializer.Meta.fields}


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
