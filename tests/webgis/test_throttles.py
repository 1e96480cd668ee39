"""Anonymous heavy endpoints are throttled per client address (DRF throttles,
akun.throttling): the KKPR check, its PDF and layer downloads. The rates are
lowered here (tests/conftest.py raises them for every other test); the 429
says in Indonesian how long to wait, as Retry-After does."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from akun.throttling import client_ip
from tests.factories.grid import CX, CY, lonlat
from tests.factories.layers import published_layer
from tests.layers import files
from tests.tataruang.conftest import _build_half_and_half

pytestmark = pytest.mark.django_db

VISITOR = "203.0.113.10"
NEIGHBOUR = "203.0.113.11"
PROXY = "172.18.0.5"
LON, LAT = lonlat(CX - 250, CY)
QUERY = {"lon": LON, "lat": LAT, "kegiatan": "pabrik"}


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "kkpr": "3/minute",
            "kkpr_pdf": "2/minute",
            "download": "2/minute",
        },
    }
    # The counters live in Redis and outlast a test: start from zero.
    scopes = ("kkpr", "kkpr_pdf", "download")
    cache.delete_many([f"throttle_{scope}_{ip}" for scope in scopes for ip in (VISITOR, NEIGHBOUR)])


@pytest.fixture
def plan(users, opd, wilayah):
    call_command("load_tataruang_reference", stdout=open("/dev/null", "w"))
    return _build_half_and_half(users, opd)[0]


def anonymous(address=VISITOR, **headers):
    return Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="id", **headers)


def assert_throttled(response, period_s=60):
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 1 <= wait <= period_s
    assert response.json() == {"detail": f"Terlalu banyak permintaan dari alamat ini. Coba lagi dalam {wait} detik."}


def test_kkpr_check_is_throttled_per_address(plan, low_rates):
    visitor = anonymous()
    codes = [visitor.get("/api/tataruang/kkpr/", QUERY).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    assert_throttled(visitor.get("/api/tataruang/kkpr/", QUERY))
    # POST counts against the same rate.
    parcel = {"type": "Point", "coordinates": [LON, LAT]}
    body = {"geometry": parcel, "kegiatan": "pabrik"}
    assert_throttled(visitor.post("/api/tataruang/kkpr/", body, content_type="application/json"))
    # Another address has its own count.
    assert anonymous(NEIGHBOUR).get("/api/tataruang/kkpr/", QUERY).status_code == 200


def test_logged_in_users_are_not_throttled(plan, low_rates, users):
    planner = APIClient(REMOTE_ADDR=VISITOR)
    planner.force_authenticate(users["dtrb"])
    codes = [planner.get("/api/tataruang/kkpr/", QUERY).status_code for _ in range(5)]
    assert codes == [200] * 5


def test_kkpr_pdf_is_throttled(plan, low_rates):
    visitor = anonymous()
    first = visitor.get("/api/tataruang/kkpr/pdf/", QUERY)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    assert visitor.get("/api/tataruang/kkpr/pdf/", QUERY).status_code == 200
    assert_throttled(visitor.get("/api/tataruang/kkpr/pdf/", QUERY))
    # The PDF has its own rate: the JSON check is still allowed.
    assert visitor.get("/api/tataruang/kkpr/", QUERY).status_code == 200


def test_downloads_are_throttled(users, opd, wilayah, low_rates):
    halte = [files.point_feature(*files.BALARAJA[:2], nama="Halte")]
    layer = published_layer(users["dinkes"], opd["dinkes"], "Halte", halte, users["dtrb"])
    visitor = anonymous()
    url = f"/api/layers/{layer.slug}/download/geojson/"
    assert [visitor.get(url).status_code for _ in range(2)] == [200, 200]
    assert_throttled(visitor.get(url))
    assert_throttled(visitor.get(f"/api/layers/{layer.slug}/download/kml/"))  # one rate for every format


def test_the_address_comes_from_the_configured_header_not_x_forwarded_for(plan, low_rates, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for n in range(3):
        # A client varying X-Forwarded-For is still one address.
        client = anonymous(PROXY, HTTP_X_REAL_IP=VISITOR, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        assert client.get("/api/tataruang/kkpr/", QUERY).status_code == 200
    assert_throttled(anonymous(PROXY, HTTP_X_REAL_IP=VISITOR).get("/api/tataruang/kkpr/", QUERY))
    neighbour = anonymous(PROXY, HTTP_X_REAL_IP=NEIGHBOUR)
    assert neighbour.get("/api/tataruang/kkpr/", QUERY).status_code == 200


def test_client_ip_falls_back_to_the_peer_when_the_header_is_not_an_address(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    factory = RequestFactory()
    assert client_ip(factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=f" {VISITOR} ")) == VISITOR
    assert client_ip(factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="bukan-alamat")) == PROXY
    assert client_ip(factory.get("/", REMOTE_ADDR=PROXY)) == PROXY
    assert client_ip(factory.get("/", REMOTE_ADDR="")) is None
