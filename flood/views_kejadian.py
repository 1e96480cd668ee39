"""Flood events per desa per year over the API (the published BPBD event layers)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from core import openapi
from core.params import parse_int
from wilayah.models import Desa, Kecamatan

from . import kejadian

TAHUN = openapi.query(
    "tahun", {"type": "integer", "minimum": 1900, "maximum": 2100, "example": 2024}, "Year of the events"
)
REF = {"kode": serializers.CharField(), "nama": serializers.CharField()}
ROW = inline_serializer(
    "KejadianPerDesa",
    {
        "tahun": serializers.IntegerField(),
        "desa": inline_serializer("KejadianDesa", REF),
        "kecamatan": inline_serializer("KejadianKecamatan", REF),
        "jumlah_kejadian": serializers.IntegerField(),
        "kk_terdampak": serializers.IntegerField(allow_null=True),
        "kedalaman_maks_cm": serializers.FloatField(allow_null=True),
        "durasi_total_jam": serializers.FloatField(allow_null=True),
    },
    many=True,
)


class KejadianPerDesa(APIView):
    """Flood events (kejadian banjir, BPBD) per desa and year: the number of
    events, affected households (sum), the highest depth (cm) and the total
    duration (hours), from the published event layers."""

    @extend_schema(parameters=[TAHUN, openapi.KECAMATAN, openapi.DESA], responses=ROW)
    def get(self, request):
        params = request.query_params
        tahun = parse_int(params, "tahun", None, 1900, 2100)
        kecamatan = params.get("kecamatan", "").strip()
        if kecamatan and not Kecamatan.objects.filter(kode=kecamatan).exists():
            raise NotFound(_("Kecamatan with code '%(kode)s' not found.") % {"kode": kecamatan})
        desa = params.get("desa", "").strip()
        if desa and not Desa.objects.filter(kode=desa).exists():
            raise NotFound(_("Desa/kelurahan with code '%(kode)s' not found.") % {"kode": desa})
        return Response(kejadian.events_per_desa(tahun=tahun, kecamatan=kecamatan, desa=desa))
