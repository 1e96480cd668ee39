"""River gauge services: who may post a reading, and recording one.

The reading API, the demo command and the admin all record readings through
``record_reading``, so every path shares one set of checks.
"""

import datetime
import math

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from akun.roles import is_operator, is_planner, require, user_opd
from core.errors import Conflict, Invalid

from . import managers
from .models import BacaanTma

# OPDs whose operators post readings of every station: BPBD keeps the gauges,
# DTRB (planners and operators) may correct them.
POSTING_OPDS = ("bpbd", "dtrb")
# A staff gauge's zero lies below the lowest water, so a level below it is a
# misreading; 30 m above it is beyond any river of the kabupaten.
TMA_MIN_CM, TMA_MAX_CM = 0, 3000
# A logger's clock may run a little ahead of the server's.
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)
# A latest reading older than this is shown as stale (a logger that went quiet).
STALE_AFTER = datetime.timedelta(hours=6)
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
TIME_EXAMPLE = "2026-12-03T07:00:00+07:00"


def can_post_reading(user, pos):
    """A DTRB planner, an operator of BPBD or DTRB (any station), or one of the
    station's own accounts (``pos.petugas``, that station only)."""
    if not user.is_authenticated:
        return False
    if is_planner(user) or (is_operator(user) and user_opd(user).kode in POSTING_OPDS):
        return True
    return pos.petugas.filter(pk=user.pk).exists()


def record_reading(pos, user, data, now=None, sumber=None):
    """Check and store one reading of ``pos`` from ``data`` ({"waktu", "tma_cm",
    "sumber"}); returns the BacaanTma. Times without an offset are WIB
    (settings.TIME_ZONE). Raises PermissionDenied (403), Invalid (400) or
    Conflict (409, a reading of that station at that time exists)."""
    require(can_post_reading(user, pos), _("You may not post readings of the station %(kode)s.") % {"kode": pos.kode})
    if not isinstance(data, dict):
        raise Invalid(_("The body must be a JSON object with 'waktu' and 'tma_cm'."))
    waktu = parse_time(data.get("waktu"), now or timezone.now())
    tma = parse_level(data.get("tma_cm"))
    source = sumber or parse_source(data.get("sumber"))
    reading = BacaanTma(pos=pos, waktu=waktu, tma_cm=tma, sumber=source, dicatat_oleh=user)
    try:
        with transaction.atomic():
            reading.save()
    except IntegrityError:
        existing = BacaanTma.objects.filter(pos=pos, waktu=waktu).first()
        raise Conflict(
            _("Station %(kode)s already has a reading at %(waktu)s (%(tma)s cm); nothing was saved.")
            % {
                "kode": pos.kode,
                "waktu": timezone.localtime(waktu).isoformat(),
                "tma": number_format(existing.tma_cm if existing else tma, 1),
            },
            parameter="waktu",
        ) from None
    return reading


def parse_time(value, now):
    if value in (None, ""):
        raise Invalid(
            _("Give the time of the reading as 'waktu' (ISO 8601, e.g. %(example)s).") % {"example": TIME_EXAMPLE},
            parameter="waktu",
        )
    moment = None
    if isinstance(value, str):
        try:
            moment = parse_datetime(value.strip())
        except ValueError:  # well formed but impossible, e.g. 2026-02-30
            moment = None
    if moment is None:
        raise Invalid(
            _("'waktu' must be a date and time in ISO 8601 (e.g. %(example)s), not '%(value)s'.")
            % {"example": TIME_EXAMPLE, "value": str(value)[:40]},
            parameter="waktu",
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_fixed_timezone(7 * 60))  # WIB, settings.TIME_ZONE
    if moment > now + CLOCK_TOLERANCE:
        raise Invalid(
            _("The time of the reading (%(waktu)s) lies in the future; the server's time is %(now)s.")
            % {"waktu": moment.isoformat(), "now": timezone.localtime(now).isoformat(timespec="seconds")},
            parameter="waktu",
        )
    if moment < EARLIEST:
        raise Invalid(_("The time of the reading lies before the year 2000."), parameter="waktu")
    return moment


def parse_level(value):
    if value is None or value == "":
        raise Invalid(_("Give the water level in centimetres as 'tma_cm'."), parameter="tma_cm")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(_("'tma_cm' must be a number (centimetres)."), parameter="tma_cm")
    try:
        plausible = math.isfinite(float(value)) and TMA_MIN_CM <= value <= TMA_MAX_CM
    except OverflowError:  # an integer beyond a double
        plausible = False
    if not plausible:
        raise Invalid(
            _("A water level of %(value)s cm is not plausible; a reading lies between %(low)d and %(high)d cm.")
            % {"value": str(value)[:20], "low": TMA_MIN_CM, "high": TMA_MAX_CM},
            parameter="tma_cm",
        )
    return float(value)


def parse_source(value):
    allowed = (BacaanTma.Sumber.LOGGER, BacaanTma.Sumber.PETUGAS)
    if value in (None, ""):
        return BacaanTma.Sumber.PETUGAS
    if value not in allowed:
        raise Invalid(
            _("'sumber' must be one of: %(list)s.") % {"list": ", ".join(allowed)},
            parameter="sumber",
        )
    return value


def downstream_in_alert(stations):
    """{"pos": [...], "desa": [...]} of ``stations`` (annotated as the station
    list is, with ``daftar_hilir``): each station, and each desa downstream of
    one, with the highest state among the stations above it, by code."""
    rank = {name: index for index, name in enumerate(managers.STATUSES)}
    listed, desa = [], {}
    for pos in stations:
        listed.append(
            {
                "kode": pos.kode,
                "nama": pos.nama,
                "sungai": pos.sungai,
                "status": pos.status,
                "tma_terakhir": pos.tma_terakhir,
                "waktu_terakhir": pos.waktu_terakhir.isoformat(),
                "data_lama": pos.data_lama,
                "desa_hilir": pos.daftar_hilir,
            }
        )
        for item in pos.daftar_hilir:
            entry = desa.setdefault(item["kode"], {**item, "status": pos.status, "pos": []})
            entry["pos"].append(pos.kode)
            if rank[pos.status] > rank[entry["status"]]:
                entry["status"] = pos.status
    return {"pos": listed, "desa": [desa[kode] for kode in sorted(desa)]}
