from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from core import geojson, openapi
from core.params import parse_bbox, parse_point

from .collections import boundary_meta
from .models import Desa, Kecamatan
from .serializers import DesaSerializer, KecamatanSerializer, LookupSerializer, desa_feature, kecamatan_feature


class WilayahListMixin(geojson.GeoJSONListMixin):
    """Filters shared by the kecamatan and desa lists: ``bbox`` and ``q``.

    The whole list (no parameter: what every visit of the public map asks for)
    is written once per boundary revision and process: 274 desa took 13.7 ms
    to write, 0.3 ms to answer from memory (bench-serve's single client)."""

    _whole = {}  # (view class, boundary revision) -> FeatureCollection text

    def list(self, request, *args, **kwargs):
        if request.query_params:
            return super().list(request, *args, **kwargs)
        key = (type(self).__name__, boundary_meta()["revision"])
        text = self._whole.get(key)
        if text is None:
            text = geojson.items(self.get_queryset(), self.feature).collection()
            # Replaced whole, never mutated, so a thread reads a complete dict; entries of
            # an older boundary revision are dropped with it.
            current = {k: v for k, v in self._whole.items() if k[1] == key[1]}
            WilayahListMixin._whole = {**current, key: text}
        return Response(geojson.GeoJSONText(text))

    def filter_wilayah(self, queryset):
        params = self.request.query_params
        bbox = parse_bbox(params)
        if bbox is not None:
            queryset = queryset.in_bbox(bbox)
        if params.get("q", "").strip():
            queryset = queryset.search(params["q"])
        return queryset


@extend_schema(parameters=[openapi.BBOX, openapi.Q])
class KecamatanList(WilayahListMixin, generics.ListAPIView):
    """The 29 kecamatan as a GeoJSON FeatureCollection (lon/lat)."""

    serializer_class = KecamatanSerializer
    feature = staticmethod(kecamatan_feature)

    def get_queryset(self):
        # By code like the desa: with the count's GROUP BY, Meta.ordering no longer applies.
        return self.filter_wilayah(Kecamatan.objects.annotate(jumlah_desa=Count("desa")).order_by("kode"))


@extend_schema(parameters=[openapi.KECAMATAN_KODE])
class KecamatanDetail(geojson.GeoJSONDetailMixin, generics.RetrieveAPIView):
    """One kecamatan as a GeoJSON Feature (lon/lat)."""

    serializer_class = KecamatanSerializer
    lookup_field = "kode"
    queryset = Kecamatan.objects.annotate(jumlah_desa=Count("desa"))
    feature = staticmethod(kecamatan_feature)

    not_found = gettext_lazy("Kecamatan with code '%(kode)s' not found.")


@extend_schema(
    parameters=[
        openapi.BBOX,
        openapi.Q,
        openapi.KECAMATAN,
        openapi.query("jenis", {"type": "string", "enum": ["desa", "kelurahan"], "example": "desa"}),
    ]
)
class DesaList(WilayahListMixin, generics.ListAPIView):
    """The 274 desa/kelurahan as a GeoJSON FeatureCollection (lon/lat)."""

    serializer_class = DesaSerializer
    feature = staticmethod(desa_feature)

    def get_queryset(self):
        queryset = self.filter_wilayah(Desa.objects.select_related("kecamatan"))
        params = self.request.query_params
        kode_kecamatan = params.get("kecamatan", "").strip()
        if kode_kecamatan:
            if not Kecamatan.objects.filter(kode=kode_kecamatan).exists():
                raise NotFound(_("Kecamatan with code '%(kode)s' not found.") % {"kode": kode_kecamatan})
            queryset = queryset.in_kecamatan(kode_kecamatan)
        if params.get("jenis") in Desa.Jenis.values:
            queryset = queryset.filter(jenis=params["jenis"])
        return queryset


@extend_schema(parameters=[openapi.DESA_KODE])
class DesaDetail(geojson.GeoJSONDetailMixin, generics.RetrieveAPIView):
    """One desa/kelurahan as a GeoJSON Feature (lon/lat)."""

    serializer_class = DesaSerializer
    lookup_field = "kode"
    queryset = Desa.objects.select_related("kecamatan")
    feature = staticmethod(desa_feature)

    not_found = gettext_lazy("Desa/kelurahan with code '%(kode)s' not found.")


class Lookup(APIView):
    """Which desa and kecamatan contain a point (lon/lat, WGS 84)."""

    @extend_schema(
        parameters=[
            openapi.query("lon", openapi.LON.type, "Longitude (WGS 84)", required=True),
            openapi.query("lat", openapi.LAT.type, "Latitude (WGS 84)", required=True),
        ],
        responses=LookupSerializer,
    )
    def get(self, request):
        point = parse_point(request.query_params)
        desa = Desa.objects.containing(point).select_related("kecamatan").first()
        if desa is None:
            raise NotFound(
                _("The point %(lon).6f, %(lat).6f lies outside Kabupaten Tangerang.") % {"lon": point.x, "lat": point.y}
            )
        data = {
            "lon": point.x,
            "lat": point.y,
            "desa": {"kode": desa.kode, "nama": desa.nama, "jenis": desa.jenis},
            "kecamatan": {"kode": desa.kecamatan.kode, "nama": desa.kecamatan.nama},
        }
        return Response(LookupSerializer(data).data)
