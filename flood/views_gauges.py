"""River gauges over the API: stations with their latest level and alert state
(GeoJSON, lon/lat), a station's readings of the last days, the desa downstream
of stations in alert, and posting a reading (token or session)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from core import geojson, openapi
from core.geojson import AsFeature, GeoJSONText
from core.params import parse_int

from . import managers, services_gauges
from .models import BacaanTma, PosDugaAir

EXAMPLE_POS = "pda-cisadane-teluknaga"
POS_KODE = openapi.path(
    "kode", {"type": "string", "pattern": r"^[-a-z0-9_]+$", "maxLength": 30, "example": EXAMPLE_POS}, "Station code"
)
HARI = openapi.query(
    "hari", {"type": "integer", "minimum": 1, "maximum": 31, "default": 7, "example": 7}, "Days of readings, 1 to 31"
)
MAX_DAYS = 31
STATUS_ENUM = list(managers.STATUSES)


def _stations():
    """Stations with their latest reading, state, staleness and downstream desa."""
    return PosDugaAir.objects.with_latest(stale_after=services_gauges.STALE_AFTER).with_downstream()


PROPERTIES = [
    "kode",
    "nama",
    "sungai",
    "siaga_4_cm",
    "siaga_3_cm",
    "siaga_2_cm",
    "siaga_1_cm",
    "tma_terakhir",
    "waktu_terakhir",
    "status",
    "data_lama",
    "desa_hilir",
    "is_sample",
]


def pos_feature(srid=None):
    """A station (from ``_stations``) as a GeoJSON Feature (lon/lat)."""
    sources = {name: name for name in PROPERTIES}
    sources["desa_hilir"] = "daftar_hilir"
    return AsFeature("geom", sources, srid=srid)


POS_PROPERTIES = {
    "kode": serializers.CharField(),
    "nama": serializers.CharField(),
    "sungai": serializers.CharField(),
    "siaga_4_cm": serializers.IntegerField(),
    "siaga_3_cm": serializers.IntegerField(),
    "siaga_2_cm": serializers.IntegerField(),
    "siaga_1_cm": serializers.IntegerField(),
    "tma_terakhir": serializers.FloatField(allow_null=True),
    "waktu_terakhir": serializers.DateTimeField(allow_null=True),
    "status": serializers.ChoiceField(STATUS_ENUM),
    "data_lama": serializers.BooleanField(allow_null=True),
    "desa_hilir": serializers.ListField(child=serializers.DictField()),
    "is_sample": serializers.BooleanField(),
}
POS_FEATURE = inline_serializer(
    "PosFeature",
    {
        "type": serializers.CharField(),
        "geometry": serializers.DictField(),
        "properties": inline_serializer("PosProperties", POS_PROPERTIES),
    },
)
POS_COLLECTION = inline_serializer(
    "PosCollection", {"type": serializers.CharField(), "features": POS_FEATURE.__class__(many=True)}
)
BACAAN = inline_serializer(
    "Bacaan",
    {
        "waktu": serializers.DateTimeField(),
        "tma_cm": serializers.FloatField(),
        "sumber": serializers.CharField(),
        "status": serializers.ChoiceField(STATUS_ENUM),
    },
)
BACAAN_WRITE = {
    "type": "object",
    "required": ["waktu", "tma_cm"],
    "example": {"waktu": "2026-12-03T07:00:00+07:00", "tma_cm": 182.5, "sumber": "logger"},
    "properties": {
        "waktu": {"type": "string", "format": "date-time", "example": "2026-12-03T07:00:00+07:00"},
        "tma_cm": {"type": "number", "minimum": 0, "maximum": 3000, "example": 182.5},
        "sumber": {"type": "string", "enum": ["logger", "petugas"], "example": "logger"},
    },
}


def get_pos(kode):
    pos = PosDugaAir.objects.filter(kode=kode).first()
    if pos is None:
        raise NotFound(_("River gauge '%(kode)s' not found.") % {"kode": kode})
    return pos


def _reading(reading):
    return {
        "waktu": reading.waktu.isoformat(),
        "tma_cm": reading.tma_cm,
        "sumber": reading.sumber,
        "status": reading.status,
    }


class PosList(APIView):
    """The river gauges (pos duga air) with their latest water level (cm) and
    alert state, as a GeoJSON FeatureCollection (lon/lat)."""

    renderer_classes = geojson.RENDERERS
    openapi_list = True

    @extend_schema(responses=POS_COLLECTION)
    def get(self, request):
        page = geojson.items(_stations().order_by("kode"), pos_feature)
        return Response(GeoJSONText(page.collection()))


class PosDetail(APIView):
    """One river gauge as a GeoJSON Feature (lon/lat), with its latest level and state."""

    renderer_classes = geojson.RENDERERS

    @extend_schema(parameters=[POS_KODE], responses=POS_FEATURE)
    def get(self, request, kode):
        text = geojson.item(_stations().filter(kode=kode), pos_feature)
        if text is None:
            raise NotFound(_("River gauge '%(kode)s' not found.") % {"kode": kode})
        return Response(GeoJSONText(text))


class PosReadings(APIView):
    """GET: the readings of the last ``hari`` days, oldest first, each with its
    alert state. POST: record one reading (an API token or a session; a DTRB
    planner, an operator of BPBD or DTRB, or one of the station's own accounts)."""

    @extend_schema(
        parameters=[POS_KODE, HARI],
        responses=inline_serializer(
            "BacaanList",
            {
                "pos": serializers.CharField(),
                "hari": serializers.IntegerField(),
                "bacaan": BACAAN.__class__(many=True),
            },
        ),
    )
    def get(self, request, kode):
        days = parse_int(request.query_params, "hari", 7, 1, MAX_DAYS)
        pos = get_pos(kode)
        readings = BacaanTma.objects.filter(pos=pos).of_last_days(days)
        return Response({"pos": pos.kode, "hari": days, "bacaan": [_reading(r) for r in readings]})

    @extend_schema(
        parameters=[POS_KODE],
        request=openapi.json_body(BACAAN_WRITE),
        responses={201: BACAAN},
    )
    def post(self, request, kode):
        if not request.user.is_authenticated:
            raise NotAuthenticated(_("Use an API token ('Authorization: Token <key>') to post readings."))
        pos = get_pos(kode)
        reading = services_gauges.record_reading(pos, request.user, request.data)
        reading = BacaanTma.objects.filter(pk=reading.pk).annotate(status=managers.status_case("tma_cm", "pos__")).get()
        return Response({"pos": pos.kode, **_reading(reading)}, status=status.HTTP_201_CREATED)


class PosInAlert(APIView):
    """The stations whose latest reading is at Siaga 3 or higher, and the desa
    downstream of them, each with the highest state of the stations above it."""

    @extend_schema(
        responses=inline_serializer(
            "PosSiaga",
            {
                "pos": serializers.ListField(child=serializers.DictField()),
                "desa": serializers.ListField(child=serializers.DictField()),
            },
        )
    )
    def get(self, request):
        stations = _stations().filter(status__in=managers.IN_ALERT).order_by("kode")
        return Response(services_gauges.downstream_in_alert(stations))
