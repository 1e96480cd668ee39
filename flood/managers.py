"""QuerySets of the flood app, named after the questions they answer."""

import datetime

from django.contrib.gis.db import models
from django.contrib.postgres.aggregates import JSONBAgg
from django.db.models import BooleanField, Case, ExpressionWrapper, F, JSONField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, JSONObject
from django.utils import timezone

# The alert states of a station, lowest first. A level reaching a threshold is
# in that threshold's state (level >= siaga_N_cm); below the Siaga 4 threshold
# the station is "normal"; without a reading it has no state ("tanpa_data").
NORMAL, SIAGA_4, SIAGA_3, SIAGA_2, SIAGA_1, TANPA_DATA = (
    "normal",
    "siaga_4",
    "siaga_3",
    "siaga_2",
    "siaga_1",
    "tanpa_data",
)
STATUSES = (NORMAL, SIAGA_4, SIAGA_3, SIAGA_2, SIAGA_1, TANPA_DATA)
# Siaga 4 is the normal watch of a river; "in alert" (its downstream desa
# listed) starts at Siaga 3 (waspada).
IN_ALERT = (SIAGA_3, SIAGA_2, SIAGA_1)


def status_case(level, station=""):
    """The alert state of the water level field ``level`` (cm) against the
    thresholds of the station (``station``: the path to it, e.g. "pos__"), as
    SQL: the highest threshold reached (level >= threshold) wins. The one
    implementation of the rule."""
    return Case(
        When(Q(**{f"{level}__isnull": True}), then=Value(TANPA_DATA)),
        When(Q(**{f"{level}__gte": F(f"{station}siaga_1_cm")}), then=Value(SIAGA_1)),
        When(Q(**{f"{level}__gte": F(f"{station}siaga_2_cm")}), then=Value(SIAGA_2)),
        When(Q(**{f"{level}__gte": F(f"{station}siaga_3_cm")}), then=Value(SIAGA_3)),
        When(Q(**{f"{level}__gte": F(f"{station}siaga_4_cm")}), then=Value(SIAGA_4)),
        default=Value(NORMAL),
        output_field=models.CharField(),
    )


class PosDugaAirQuerySet(models.QuerySet):
    def with_latest(self, stale_after=None, now=None):
        """Stations with their latest reading (``tma_terakhir`` in cm,
        ``waktu_terakhir``; None without one) and its alert state (``status``);
        with ``stale_after`` (a timedelta) also ``data_lama``: the latest reading
        is older than that (None without a reading)."""
        from .models import BacaanTma

        latest = BacaanTma.objects.filter(pos=OuterRef("pk")).order_by("-waktu")
        stations = self.annotate(
            tma_terakhir=Subquery(latest.values("tma_cm")[:1]),
            waktu_terakhir=Subquery(latest.values("waktu")[:1]),
        ).annotate(status=status_case("tma_terakhir"))
        if stale_after is not None:
            stale_before = (now or timezone.now()) - stale_after
            stations = stations.annotate(
                data_lama=ExpressionWrapper(Q(waktu_terakhir__lt=stale_before), output_field=BooleanField())
            )
        return stations

    def with_downstream(self):
        """Stations with ``daftar_hilir``: their downstream desa as a list of
        {"kode", "nama", "kecamatan" (its name)} by desa code, [] when none."""
        from wilayah.models import Desa

        listed = (
            Desa.objects.filter(pos_hulu=OuterRef("pk"))
            .values("pos_hulu")
            .annotate(
                daftar=JSONBAgg(JSONObject(kode="kode", nama="nama", kecamatan="kecamatan__nama"), order_by=("kode",))
            )
            .values("daftar")
        )
        return self.annotate(daftar_hilir=Coalesce(Subquery(listed), Value([], output_field=JSONField())))

    def in_alert(self):
        """Stations whose latest reading is at Siaga 3 or above (IN_ALERT)."""
        return self.with_latest().filter(status__in=IN_ALERT)


class BacaanQuerySet(models.QuerySet):
    def of_last_days(self, days, now=None):
        """Readings of the last ``days`` days (24 h each, up to ``now``), oldest
        first, each with its alert state (``status``) at its station's thresholds."""
        now = now or timezone.now()
        readings = self.filter(waktu__gt=now - datetime.timedelta(days=days), waktu__lte=now).order_by("waktu")
        return readings.annotate(status=status_case("tma_cm", station="pos__"))
