"""Vector tiles of the collections (OGC API - Tiles): real tiles from PostGIS
read back with GDAL's MVT driver (tests/ogc/mvt.py), Redis as in production."""

import math

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from ogc import tiles
from tests.ogc import mvt
from wilayah.models import Desa, Kabupaten

pytestmark = pytest.mark.django_db

# A point in desa Kelapa Dua (36.03.28.1001), as in core.openapi.
KELAPA_DUA_LON, KELAPA_DUA_LAT = 106.6065, -6.2362


def tile_of(lon, lat, z):
    """(y, x) of the WebMercatorQuad tile holding lon/lat at zoom z (the slippy-map formula)."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return y, x


def tile_path(collection_id, z, y, x):
    return f"/ogc/collections/{collection_id}/tiles/WebMercatorQuad/{z}/{y}/{x}"


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test starts without remembered lookups or tiles (Redis db of this helper)."""
    tiles.forget_lookups()
    cache.clear()
    yield
    tiles.forget_lookups()


@pytest.fixture
def anonymous(wilayah):
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    return client


def revision():
    return f"w{Kabupaten.objects.get().pk}"


def test_z12_tile_over_kelapa_dua_holds_its_desa_with_id_kode_and_nama(anonymous):
    # lon 106.6065 lat -6.2362 at z12: x = floor(286.6065 / 360 * 4096) = 3260,
    # y = floor((1 - asinh(tan(-6.2362 deg)) / pi) / 2 * 4096) = 2119.
    assert tile_of(KELAPA_DUA_LON, KELAPA_DUA_LAT, 12) == (2119, 3260)
    response = anonymous.get(tile_path("desa", 12, 2119, 3260))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    layers = mvt.decode(response.content, 12, 2119, 3260)
    assert list(layers) == ["desa"]
    by_kode = {f["properties"]["kode"]: f for f in layers["desa"]}
    kelapa_dua = Desa.objects.get(kode="36.03.28.1001")
    assert by_kode["36.03.28.1001"]["id"] == kelapa_dua.pk
    assert by_kode["36.03.28.1001"]["properties"]["nama"] == "Kelapa Dua"
    # Exactly the desa whose bounding box meets the tile, less any clipped to nothing.
    assert set(by_kode) <= set(
        Desa.objects.extra(where=["geom && ST_Transform(ST_TileEnvelope(12, 3260, 2119), 4326)"]).values_list(
            "kode", flat=True
        )
    )
    properties = set(by_kode["36.03.28.1001"]["properties"])
    assert properties == {"kode", "nama", "luas_ha", "jenis", "kode_kec", "nama_kec"}
    assert by_kode["36.03.28.1001"]["properties"]["kode_kec"] == "36.03.28"


def test_tile_in_the_sea_far_away_is_204(anonymous):
    # The Indian Ocean south of Java (lon 100, lat -20) at z10.
    y, x = tile_of(100, -20, 10)
    response = anonymous.get(tile_path("desa", 10, y, x))
    assert response.status_code == 204
    assert response.content == b""


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("23/0/0", 400),  # zoom beyond 22
        ("-1/0/0", 400),
        ("z/0/0", 400),
        ("12/1.5/0", 400),
        ("12/4096/0", 404),  # rows 0..4095 at z12
        ("12/0/4096", 404),
        ("0/0/1", 404),
        ("12/-1/0", 404),
    ],
)
def test_bad_tile_addresses_are_refused_in_indonesian(anonymous, path, status):
    response = anonymous.get(f"/ogc/collections/desa/tiles/WebMercatorQuad/{path}")
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert "must be" not in response.json()["detail"]


def test_unknown_collection_and_tile_matrix_set_are_404(anonymous):
    assert anonymous.get(tile_path("tidak-ada", 12, 2119, 3260)).status_code == 404
    response = anonymous.get("/ogc/collections/desa/tiles/WorldCRS84Quad/12/2119/3260")
    assert response.status_code == 404
    assert "WebMercatorQuad" in response.json()["detail"]


def test_tilejson_names_the_layer_fields_bounds_and_a_versioned_url(anonymous):
    response = anonymous.get("/ogc/collections/desa/tiles/WebMercatorQuad/tilejson.json")
    assert response.status_code == 200
    document = response.json()
    assert document["tilejson"] == "3.0.0"
    assert document["tiles"] == [
        f"http://testserver/ogc/collections/desa/tiles/WebMercatorQuad/{{z}}/{{y}}/{{x}}?v={revision()}"
    ]
    assert document["minzoom"] == 0 and document["maxzoom"] == 22
    assert document["vector_layers"][0]["id"] == "desa"
    assert document["vector_layers"][0]["fields"]["kode"] == "String"
    assert document["vector_layers"][0]["fields"]["luas_ha"] == "Number"
    # The kabupaten's extent: Tangerang lies within lon 106.3..106.8, lat -6.4..-5.9.
    minx, miny, maxx, maxy = document["bounds"]
    assert 106.3 < minx < maxx < 106.8 and -6.4 < miny < maxy < -5.9
    assert document["attribution"]
    assert document["name"]
