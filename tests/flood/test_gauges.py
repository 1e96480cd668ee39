"""River gauges: the alert state at the thresholds, who may post a reading,
bad readings refused with Indonesian messages, the readings of the last days,
the desa downstream of stations in alert and the demo gauges."""

import datetime
import os

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from akun.models import ApiToken
from flood.models import BacaanTma, PosDugaAir
from tests.factories import make_user
from tests.layers import files
from wilayah.models import Desa

pytestmark = pytest.mark.django_db

# Siaga 4 .. Siaga 1 at 100, 200, 300 and 400 cm.
THRESHOLDS = {"siaga_4_cm": 100, "siaga_3_cm": 200, "siaga_2_cm": 300, "siaga_1_cm": 400}


def station(kode, lonlat=files.TELUKNAGA, hilir=(), **fields):
    pos = PosDugaAir.objects.create(
        kode=kode,
        nama=f"Pos {kode}",
        sungai="Cisadane",
        geom=Point(lonlat[0], lonlat[1], srid=4326),
        **{**THRESHOLDS, **fields},
    )
    pos.desa_hilir.set(Desa.objects.filter(kode__in=hilir))
    return pos


def token_client(user):
    _token, key = ApiToken.issue(user, "pos")
    return APIClient(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="id")


def reading(pos, hours_ago, tma):
    return BacaanTma.objects.create(pos=pos, waktu=timezone.now() - datetime.timedelta(hours=hours_ago), tma_cm=tma)


def ago(**delta):
    return (timezone.now() - datetime.timedelta(**delta)).isoformat()


# A level reaching a threshold is in that threshold's state (level >= threshold).
@pytest.mark.parametrize(
    ("tma", "status"),
    [
        (0, "normal"),
        (99.9, "normal"),
        (100, "siaga_4"),
        (199.9, "siaga_4"),
        (200, "siaga_3"),
        (299.9, "siaga_3"),
        (300, "siaga_2"),
        (399.9, "siaga_2"),
        (400, "siaga_1"),
        (3000, "siaga_1"),
    ],
)
def test_the_alert_state_changes_exactly_at_the_thresholds(users, tma, status):
    pos = station("pda-uji")
    response = token_client(users["bpbd"]).post(
        "/api/flood/pos/pda-uji/bacaan/", {"waktu": ago(minutes=5), "tma_cm": tma}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == status
    listed = APIClient().get("/api/flood/pos/").json()["features"]
    assert [(f["properties"]["kode"], f["properties"]["tma_terakhir"], f["properties"]["status"]) for f in listed] == [
        (pos.kode, tma, status)
    ]


def test_the_state_is_that_of_the_latest_reading(users):
    pos = station("pda-uji")
    reading(pos, 1, 350)  # Siaga 2, the latest
    reading(pos, 2, 450)  # Siaga 1, earlier
    station("pda-kosong", lonlat=files.BALARAJA)
    detail = APIClient().get("/api/flood/pos/pda-uji/").json()
    assert detail["geometry"] == {"type": "Point", "coordinates": [files.TELUKNAGA[0], files.TELUKNAGA[1]]}
    assert (detail["properties"]["tma_terakhir"], detail["properties"]["status"]) == (350, "siaga_2")
    empty = APIClient().get("/api/flood/pos/pda-kosong/").json()["properties"]
    assert (empty["tma_terakhir"], empty["waktu_terakhir"], empty["status"]) == (None, None, "tanpa_data")
    assert APIClient().get("/api/flood/pos/tidak-ada/", HTTP_ACCEPT_LANGUAGE="id").json() == {
        "detail": "Pos duga air 'tidak-ada' tidak ditemukan."
    }


def test_the_thresholds_must_rise_from_siaga_4_to_siaga_1(wilayah):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        station("pda-salah", siaga_3_cm=100)  # Siaga 3 equal to Siaga 4


def test_who_may_post_a_reading(users, opd):
    mine = station("pda-milik")
    station("pda-lain", lonlat=files.BALARAJA)
    logger = make_user("logger-pda-milik")  # a station account, no OPD, no role
    mine.petugas.add(logger)
    body = {"waktu": ago(minutes=10), "tma_cm": 150}
    url = "/api/flood/pos/{}/bacaan/"

    anonymous = APIClient(HTTP_ACCEPT_LANGUAGE="id").post(url.format("pda-milik"), body, format="json")
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Token"
    bad_token = APIClient(HTTP_AUTHORIZATION="Token salah").post(url.format("pda-milik"), body, format="json")
    assert bad_token.status_code == 401

    wrong_station = token_client(logger).post(url.format("pda-lain"), body, format="json")
    assert wrong_station.status_code == 403
    assert wrong_station.json() == {"detail": "Anda tidak berhak mengirim bacaan pos pda-lain."}
    assert token_client(users["dinkes"]).post(url.format("pda-milik"), body, format="json").status_code == 403

    assert token_client(logger).post(url.format("pda-milik"), body, format="json").status_code == 201
    bpbd = token_client(users["bpbd"]).post(url.format("pda-lain"), body, format="json")
    assert bpbd.status_code == 201
    dtrb_operator = make_user("operator-dtrb", opd["dtrb"])
    later = {"waktu": ago(minutes=5), "tma_cm": 160}
    assert token_client(dtrb_operator).post(url.format("pda-lain"), later, format="json").status_code == 201
    assert token_client(users["dtrb"]).post(url.format("pda-milik"), later, format="json").status_code == 201
    saved = BacaanTma.objects.order_by("pos__kode", "waktu").values_list(
        "pos__kode", "tma_cm", "dicatat_oleh__username"
    )
    assert list(saved) == [
        ("pda-lain", 150, "operator-bpbd"),
        ("pda-lain", 160, "operator-dtrb"),
        ("pda-milik", 150, "logger-pda-milik"),
        ("pda-milik", 160, "perencana-dtrb"),
    ]


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"tma_cm": 10}, 400, "Berikan waktu bacaan sebagai 'waktu' (ISO 8601, misalnya 2026-12-03T07:00:00+07:00)."),
        (
            {"waktu": "kemarin", "tma_cm": 10},
            400,
            "'waktu' harus berupa tanggal dan jam ISO 8601 (misalnya 2026-12-03T07:00:00+07:00), bukan 'kemarin'.",
        ),
        (
            {"waktu": "2026-02-30T07:00:00", "tma_cm": 10},
            400,
            "'waktu' harus berupa tanggal dan jam ISO 8601 (misalnya 2026-12-03T07:00:00+07:00), "
            "bukan '2026-02-30T07:00:00'.",
        ),
        ({"waktu": "1999-12-31T23:00:00+00:00", "tma_cm": 10}, 400, "Waktu bacaan sebelum tahun 2000."),
        ({"waktu": "NOW", "tma_cm": None}, 400, "Berikan tinggi muka air dalam sentimeter sebagai 'tma_cm'."),
        ({"waktu": "NOW", "tma_cm": "150"}, 400, "'tma_cm' harus berupa angka (sentimeter)."),
        ({"waktu": "NOW", "tma_cm": True}, 400, "'tma_cm' harus berupa angka (sentimeter)."),
        (
            {"waktu": "NOW", "tma_cm": -5},
            400,
            "Tinggi muka air -5 cm tidak masuk akal; bacaan harus antara 0 dan 3000 cm.",
        ),
        (
            {"waktu": "NOW", "tma_cm": 3000.5},
            400,
            "Tinggi muka air 3000.5 cm tidak masuk akal; bacaan harus antara 0 dan 3000 cm.",
        ),
        ({"waktu": "NOW", "tma_cm": 10, "sumber": "satelit"}, 400, "'sumber' harus salah satu dari: logger, petugas."),
    ],
)
def test_bad_readings_are_refused_with_a_message(users, body, status, detail):
    station("pda-uji")
    if body.get("waktu") == "NOW":
        body["waktu"] = ago(minutes=1)
    response = token_client(users["bpbd"]).post("/api/flood/pos/pda-uji/bacaan/", body, format="json")
    assert (response.status_code, response.json()["detail"]) == (status, detail)
    assert not BacaanTma.objects.exists()


def test_a_reading_in_the_future_or_twice_is_refused(users):
    pos = station("pda-uji")
    client = token_client(users["bpbd"])
    url = "/api/flood/pos/pda-uji/bacaan/"
    # A logger's clock may run 5 minutes ahead; 10 minutes is the future.
    future = client.post(url, {"waktu": ago(minutes=-10), "tma_cm": 10}, format="json")
    assert future.status_code == 400
    assert future.json()["detail"].startswith("Waktu bacaan (") and "berada di masa depan" in future.json()["detail"]
    assert client.post(url, {"waktu": ago(minutes=-4), "tma_cm": 10}, format="json").status_code == 201

    # Without an offset the time is WIB (UTC+7): 07:00 WIB is 00:00 UTC.
    assert client.post(url, {"waktu": "2026-01-05T07:00:00", "tma_cm": 120.5}, format="json").status_code == 201
    again = client.post(url, {"waktu": "2026-01-05T00:00:00Z", "tma_cm": 99}, format="json")
    assert again.status_code == 409
    assert again.json()["detail"] == (
        "Pos pda-uji sudah memiliki bacaan pada 2026-01-05T07:00:00+07:00 (120,5 cm); tidak ada yang disimpan."
    )
    assert BacaanTma.objects.filter(pos=pos).count() == 2


def test_the_readings_of_the_last_days(users):
    pos = station("pda-uji")
    reading(pos, 1, 250)
    reading(pos, 3 * 24, 150)
    reading(pos, 8 * 24, 50)  # older than 7 days
    body = APIClient().get("/api/flood/pos/pda-uji/bacaan/").json()  # 7 days by default
    assert (body["pos"], body["hari"]) == ("pda-uji", 7)
    assert [(r["tma_cm"], r["status"]) for r in body["bacaan"]] == [(150, "siaga_4"), (250, "siaga_3")]
    one_day = APIClient().get("/api/flood/pos/pda-uji/bacaan/?hari=1").json()["bacaan"]
    assert [r["tma_cm"] for r in one_day] == [250]
    for bad in ("0", "32", "x", "1.5"):
        response = APIClient(HTTP_ACCEPT_LANGUAGE="id").get(f"/api/flood/pos/pda-uji/bacaan/?hari={bad}")
        assert response.status_code == 400, bad
        assert "hari" in response.json()["detail"]


def test_the_desa_downstream_of_stations_in_alert(users):
    # Teluknaga (36.03.13.2001) lies below both stations in alert; it takes the highest state.
    a = station("pda-a", hilir=["36.03.13.2001", "36.03.13.2002"])
    b = station("pda-b", lonlat=files.BALARAJA, hilir=["36.03.13.2001", "36.03.01.1001"])
    c = station("pda-c", lonlat=files.PAGEDANGAN, hilir=["36.03.22.2003"])
    reading(a, 1, 310)  # Siaga 2
    reading(b, 1, 200)  # Siaga 3
    reading(c, 1, 199)  # Siaga 4: normal watch, not in alert
    body = APIClient().get("/api/flood/pos/siaga/").json()
    assert [(p["kode"], p["status"], len(p["desa_hilir"])) for p in body["pos"]] == [
        ("pda-a", "siaga_2", 2),
        ("pda-b", "siaga_3", 2),
    ]
    assert [(d["kode"], d["status"], d["pos"]) for d in body["desa"]] == [
        ("36.03.01.1001", "siaga_3", ["pda-b"]),
        ("36.03.13.2001", "siaga_2", ["pda-a", "pda-b"]),
        ("36.03.13.2002", "siaga_2", ["pda-a"]),
    ]
    assert body["desa"][1]["nama"] == "Teluknaga" and body["desa"][1]["kecamatan"] == "Teluknaga"


def test_the_demo_gauges_load_through_the_reading_service_and_again(users):
    devnull = open(os.devnull, "w")
    call_command("generate_demo_pos", stdout=devnull)
    call_command("generate_demo_pos", stdout=devnull)  # safe to re-run: the same stations and readings
    stations = PosDugaAir.objects.with_latest().order_by("kode")
    assert {p.kode: p.status for p in stations} == {
        "pda-cidurian-kresek": "siaga_4",
        "pda-cimanceuri-mauk": "siaga_4",
        "pda-cimanceuri-tigaraksa": "normal",
        "pda-cisadane-cisauk": "siaga_3",
        "pda-cisadane-teluknaga": "siaga_2",
    }
    assert all(p.is_sample and "DATA CONTOH (sintetis)" in p.keterangan for p in stations)
    # 7 days of hourly readings per station, posted as operator-bpbd.
    assert BacaanTma.objects.count() == 5 * 7 * 24
    assert set(BacaanTma.objects.values_list("sumber", "dicatat_oleh__username")) == {("contoh", "operator-bpbd")}
    for pos in stations:
        assert Desa.objects.containing(pos.geom).exists(), pos.kode  # inside the kabupaten
        assert pos.desa_hilir.exists(), pos.kode
    assert Desa.objects.containing(stations.get(kode="pda-cisadane-teluknaga").geom).get().nama == "Pangkalan"
