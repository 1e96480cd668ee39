"""Demo river gauges (DATA CONTOH, synthetic) on the Cisadane, Cidurian and
Cimanceuri, with 7 days of hourly readings recorded through the reading
service (flood.services_gauges.record_reading), as a logger's post would be.

The coordinates and the river lines are approximate, traced by hand from the
kecamatan the rivers cross (Cisadane: Cisauk/Pagedangan, through Kota
Tangerang, Sepatan Timur and Teluknaga to the sea; Cidurian: the western edge,
Solear to Mekar Baru; Cimanceuri: Jambe/Tigaraksa through Sindang Jaya, Rajeg
and Mauk), not surveyed: good enough to show the warning, not to issue one.
A station's downstream desa are those within DOWNSTREAM_BUFFER_M of the river
line from the station to the mouth, measured in settings.METRIC_SRID, computed
once here and stored with the station (the model keeps a list BPBD edits).

The readings are deterministic in the hours before the run: a flood wave that
peaks now at ``latest_cm`` over a base level with a small tide-like wiggle, so
two stations stand in alert (Siaga 3 and Siaga 2) whenever the demo is loaded.
"""

import datetime
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.geos import LineString, Point
from django.db import transaction
from django.utils import timezone

from core.sample import SAMPLE_LABEL
from wilayah.models import Desa

from . import services_gauges
from .models import BacaanTma, PosDugaAir

DOWNSTREAM_BUFFER_M = 750
DAYS = 7
WAVE_HOURS = 30  # the e-folding half-width of the flood wave

RIVERS = {
    "Cisadane": [
        (106.655, -6.33),
        (106.64, -6.25),
        (106.63, -6.17),
        (106.635, -6.11),
        (106.64, -6.06),
        (106.655, -6.0),
    ],
    # The Cidurian is the kabupaten's western edge: the line keeps to the Tangerang bank.
    "Cidurian": [(106.4, -6.28), (106.385, -6.2), (106.398, -6.15), (106.38, -6.1), (106.385, -6.045), (106.39, -6.02)],
    "Cimanceuri": [
        (106.475, -6.32),
        (106.48, -6.25),
        (106.49, -6.19),
        (106.5, -6.13),
        (106.52, -6.08),
        (106.535, -6.03),
        (106.54, -6.01),
    ],
}


@dataclass(frozen=True)
class DemoPos:
    kode: str
    nama: str
    sungai: str
    vertex: int  # the station's vertex on its river line
    thresholds: tuple  # Siaga 4, 3, 2, 1 in cm
    base_cm: float
    latest_cm: float


STATIONS = [
    DemoPos("pda-cisadane-cisauk", "Pos Cisadane Hulu (Cisauk)", "Cisadane", 0, (150, 250, 350, 450), 120, 300),
    DemoPos("pda-cisadane-teluknaga", "Pos Cisadane Teluknaga", "Cisadane", 4, (120, 200, 280, 360), 90, 295),
    DemoPos("pda-cidurian-kresek", "Pos Cidurian Kresek", "Cidurian", 2, (100, 180, 260, 340), 70, 125),
    DemoPos("pda-cimanceuri-tigaraksa", "Pos Cimanceuri Tigaraksa", "Cimanceuri", 1, (80, 150, 220, 300), 45, 62),
    DemoPos("pda-cimanceuri-mauk", "Pos Cimanceuri Mauk", "Cimanceuri", 4, (100, 170, 240, 320), 60, 120),
]


def level_cm(station, hours_before):
    """The demo level ``hours_before`` the latest reading (cm, one decimal)."""
    wave = (station.latest_cm - station.base_cm) * math.exp(-((hours_before / WAVE_HOURS) ** 2))
    return round(station.base_cm + wave + 4 * math.sin(hours_before * math.pi / 6), 1)


def downstream_desa(line_lonlat):
    """The desa within DOWNSTREAM_BUFFER_M of a river line (lon/lat vertices), by code."""
    line = LineString(line_lonlat, srid=settings.STORAGE_SRID)
    line.transform(settings.METRIC_SRID)
    area = line.buffer(DOWNSTREAM_BUFFER_M)
    area.transform(settings.STORAGE_SRID)
    return Desa.objects.filter(geom__intersects=area).order_by("kode")


def load(user, now=None):
    """Create or update the demo stations and replace their sample readings with
    DAYS days of hourly ones ending at the hour of ``now``; returns
    [(station, readings written)]. Readings not marked as sample are kept."""
    end = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    done = []
    with transaction.atomic():
        for demo in STATIONS:
            river = RIVERS[demo.sungai]
            lon, lat = river[demo.vertex]
            s4, s3, s2, s1 = demo.thresholds
            pos, _created = PosDugaAir.objects.update_or_create(
                kode=demo.kode,
                defaults={
                    "nama": demo.nama,
                    "sungai": demo.sungai,
                    "geom": Point(lon, lat, srid=settings.STORAGE_SRID),
                    "siaga_4_cm": s4,
                    "siaga_3_cm": s3,
                    "siaga_2_cm": s2,
                    "siaga_1_cm": s1,
                    "keterangan": f"{SAMPLE_LABEL}: lokasi dan ambang perkiraan, bacaan sintetis.",
                    "is_sample": True,
                },
            )
            pos.desa_hilir.set(downstream_desa(river[demo.vertex :]))
            BacaanTma.objects.filter(pos=pos, sumber=BacaanTma.Sumber.CONTOH).delete()
            hours = DAYS * 24
            for back in range(hours - 1, -1, -1):
                waktu = end - datetime.timedelta(hours=back)
                data = {"waktu": waktu.isoformat(), "tma_cm": level_cm(demo, back)}
                services_gauges.record_reading(pos, user, data, now=end, sumber=BacaanTma.Sumber.CONTOH)
            done.append((pos, hours))
    return done
