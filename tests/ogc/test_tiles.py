"""Vector tiles of the collections (OGC API - Tiles): real tiles from PostGIS
read back with GDAL's MVT driver (tests/ogc/mvt.py), Redis as in production."""

import math

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from akun.models import ApiToken
from layers import editing
from layers.models import Feature, FeatureChange
from ogc import tilecache, tiles
from tests.factories.layers import imported_version, polygon_feature, published_layer
from tests.layers import files
from tests.layers.files import point_feature
from tests.ogc import mvt
from wilayah.models import Desa

pytestmark = pytest.mark.django_db

# A point in desa Kelapa Dua (36.03.28.1001), as in core.openapi, and its z12 tile.
KELAPA_DUA_LON, KELAPA_DUA_LAT = 106.6065, -6.2362
KELAPA_DUA_TILE = ("desa", 12, 2119, 3260)


def tile_of(lon, lat, z):
    """(y, x) of the WebMercatorQuad tile holding lon/lat at zoom z (the slippy-map formula)."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return y, x


def tile_path(collection_id, z, y, x):
    return f"/ogc/collections/{collection_id}/tiles/WebMercatorQuad/{z}/{y}/{x}"


def forget_tiles():
    """Delete the tiles kept in Redis (only them: the same Redis holds throttles and Celery's queues)."""
    client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    keys = list(client.scan_iter(match="*:ogc-tile:*", count=1000))
    if keys:
        client.delete(*keys)
    tilecache.recent_tiles.clear()


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test starts without remembered lookups or tiles."""
    tilecache.forget_lookups()
    forget_tiles()
    yield
    tilecache.forget_lookups()


@pytest.fixture
def anonymous(wilayah):
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    return client


def revision():
    """The ``v`` of the desa tiles (ogc.tiles.tile_revision of wilayah.collections' revision)."""
    from core.collections import get_collection

    return tiles.tile_revision(get_collection(anonymous_user(), "desa"))


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
    # Numbers stay numbers in the tile (double), as round(luas_ukur_ha, 2) in the collection.
    assert by_kode["36.03.28.1001"]["properties"]["luas_ha"] == pytest.approx(round(kelapa_dua.luas_ukur_ha, 2))


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
    detail = response.json()["detail"]
    # In Indonesian: "... harus berupa bilangan bulat ..." or "... berada di luar tile matrix ...".
    assert "harus" in detail or "di luar" in detail, detail


def test_unknown_parameters_and_encodings_of_a_tile_are_400(anonymous):
    response = anonymous.get(tile_path(*KELAPA_DUA_TILE), {"bbox": "1,2,3,4"})
    assert response.status_code == 400 and response.json()["parameter"] == "bbox"
    response = anonymous.get(tile_path(*KELAPA_DUA_TILE), {"f": "json"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Tile hanya tersedia sebagai MVT (f=mvt)."
    assert anonymous.get(tile_path(*KELAPA_DUA_TILE), {"f": "mvt"}).status_code == 200


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


# --- caching -------------------------------------------------------------------


def test_with_the_current_revision_a_tile_is_immutable(anonymous):
    response = anonymous.get(tile_path(*KELAPA_DUA_TILE), {"v": revision()})
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"]


def test_without_or_with_an_old_revision_a_tile_is_revalidated_by_etag(anonymous):
    plain = anonymous.get(tile_path(*KELAPA_DUA_TILE))
    old = anonymous.get(tile_path(*KELAPA_DUA_TILE), {"v": "w0"})
    assert plain["Cache-Control"] == old["Cache-Control"] == "no-cache"
    assert plain["ETag"] == old["ETag"]
    # The ETag names collection, revision and tile: another tile has another.
    assert anonymous.get(tile_path("desa", 12, 2119, 3261))["ETag"] != plain["ETag"]

    again = anonymous.get(tile_path(*KELAPA_DUA_TILE), HTTP_IF_NONE_MATCH=plain["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == plain["ETag"]
    listed = anonymous.get(tile_path(*KELAPA_DUA_TILE), HTTP_IF_NONE_MATCH=f'"x", W/{plain["ETag"]}')
    assert listed.status_code == 304
    assert anonymous.get(tile_path(*KELAPA_DUA_TILE), HTTP_IF_NONE_MATCH='"x"').status_code == 200


def test_an_old_revision_costs_one_lookup_not_one_per_tile(anonymous, django_assert_num_queries):
    anonymous.get(tile_path(*KELAPA_DUA_TILE), {"v": "w0"})
    anonymous.get(tile_path("desa", 12, 2119, 3261), {"v": "w0"})
    # Both tiles are kept; the old v was found old once and is not asked about again.
    with django_assert_num_queries(0):
        assert anonymous.get(tile_path("desa", 12, 2119, 3261), {"v": "w0"}).status_code == 200
        assert anonymous.get(tile_path(*KELAPA_DUA_TILE), {"v": "w0"}).status_code == 200


def test_a_304_does_not_build_the_tile(anonymous, django_assert_num_queries):
    etag = anonymous.get(tile_path(*KELAPA_DUA_TILE))["ETag"]
    forget_tiles()
    # The lookup is remembered, the tile is not in Redis: a 304 still asks nothing.
    with django_assert_num_queries(0):
        assert anonymous.get(tile_path(*KELAPA_DUA_TILE), HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert cache.get(tilecache.tileset_for(anonymous_user(), "desa").cache_key(12, 2119, 3260)) is None


def anonymous_user():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_a_tile_in_redis_is_answered_without_the_database(anonymous, django_assert_num_queries):
    v = revision()
    first = anonymous.get(tile_path(*KELAPA_DUA_TILE), {"v": v})
    with django_assert_num_queries(0):
        second = anonymous.get(tile_path(*KELAPA_DUA_TILE), {"v": v})
    assert second.status_code == 200
    assert second.content == first.content
    # From Redis alone (another process answered it): still no query.
    tilecache.recent_tiles.clear()
    with django_assert_num_queries(0):
        assert anonymous.get(tile_path(*KELAPA_DUA_TILE), {"v": v}).content == first.content
    # Only the tile's bytes were kept: a remembered lookup without them builds it again (one query).
    forget_tiles()
    with django_assert_num_queries(1):
        assert anonymous.get(tile_path(*KELAPA_DUA_TILE), {"v": v}).content == first.content


def test_forget_tiles_empties_redis_and_every_process_memory(anonymous):
    anonymous.get(tile_path(*KELAPA_DUA_TILE))
    anonymous.get(tile_path("kecamatan", 12, 2119, 3260))
    # Another worker process, holding the tile in its memory.
    other = tilecache._RecentTiles()
    assert other.get("a tile") is None  # it has read the epoch
    other.put("a tile", b"bytes")
    assert other.get("a tile") == b"bytes"
    assert tilecache.forget_tiles("desa") == 1
    key = tilecache.tileset_for(anonymous_user(), "desa").cache_key(12, 2119, 3260)
    assert cache.get(key) is None
    # Within EPOCH_CHECK_S the other process sees the new epoch and drops its tiles.
    other._next_check = 0
    assert other.get("a tile") is None
    # Every collection: the kecamatan tile goes too.
    assert tilecache.forget_tiles() == 1


def test_without_redis_tiles_are_still_built(anonymous, settings):
    expected = anonymous.get(tile_path(*KELAPA_DUA_TILE)).content
    # Nothing listens on port 1: every cache call fails at once and is a miss (core.cache).
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}}
    tilecache.recent_tiles.clear()
    response = anonymous.get(tile_path(*KELAPA_DUA_TILE))
    assert response.status_code == 200
    assert response.content == expected


# --- layers: permissions, edits, small features -----------------------------------


# One pixel of a z8 tile in degrees of longitude (ogc.tiles.tolerance), and
# the grid small polygons are drawn on (ogc.tiles.SMALL_PIXELS of them).
PIXEL_DEG_Z8 = 360 / 2**8 / 512
CELL_DEG_Z8 = 2 * PIXEL_DEG_Z8


def _polygons(geometry):
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def square(lon, lat, half):
    return files.square(lon, lat, half)


@pytest.fixture
def taman(users, opd, wilayah):
    """A published Dinkes polygon layer: a 1.1 km park and a 33 m garden near
    Kelapa Dua (half-sides 0.005 and 0.00015 degrees; 1 degree ~ 111 km)."""
    lon, lat = files.KELAPA_DUA[:2]
    features = [
        polygon_feature([square(lon, lat, 0.005)], nama="Taman Besar"),
        polygon_feature([square(lon + 0.002, lat + 0.002, 0.00015)], nama="Taman Kecil"),
    ]
    return published_layer(users["dinkes"], opd["dinkes"], "Taman", features, users["dtrb"], "taman.geojson")


def layer_tile(client, layer, z, **query):
    y, x = tile_of(*files.KELAPA_DUA[:2], z)
    return client.get(tile_path(layer.slug, z, y, x), query), (z, y, x)


def names_in(response, address, layer_id):
    assert response.status_code == 200, response.content
    return sorted(f["properties"].get("nama") for f in mvt.decode(response.content, *address)[layer_id])


def test_a_polygon_much_smaller_than_a_pixel_is_left_out_at_low_zoom(anonymous, taman):
    # A pixel at z8 is 360 / 2^8 / 512 = 0.00275 degrees (~305 m): the 33 m
    # garden covers 1.2% of its pixel, under that pixel's threshold
    # (ogc.tiles._tiny_polygons_sql): out.
    response, address = layer_tile(anonymous, taman, 8)
    assert names_in(response, address, taman.slug) == ["Taman Besar"]
    # At z14 a pixel is 360 / 2^14 / 512 = 0.000043 degrees (~4.8 m): both are in.
    response, address = layer_tile(anonymous, taman, 14)
    assert names_in(response, address, taman.slug) == ["Taman Besar", "Taman Kecil"]


def test_tiny_polygons_covering_most_of_a_pixel_are_that_pixel(anonymous, users, opd):
    # 25 squares of 110 m (half-side 0.0005 degrees) 0.001 degrees apart in one
    # z8 cell (0.0055 degrees): they cover 25 * 0.001^2 / 0.0055^2 = 83% of it.
    lon, lat = files.KELAPA_DUA[:2]
    base_lon = (lon // CELL_DEG_Z8) * CELL_DEG_Z8 + 0.0006
    base_lat = (lat // CELL_DEG_Z8) * CELL_DEG_Z8 + 0.0006
    features = [
        polygon_feature([square(base_lon + 0.001 * i, base_lat + 0.001 * j, 0.0005)], nama=f"Petak {i}-{j}")
        for i in range(5)
        for j in range(5)
    ]
    petak = published_layer(users["dinkes"], opd["dinkes"], "Petak", features, users["dtrb"], "petak.geojson")
    y, x = tile_of(base_lon + 0.002, base_lat + 0.002, 8)
    drawn = mvt.decode(anonymous.get(tile_path(petak.slug, 8, y, x)).content, 8, y, x)[petak.slug]
    # One feature, the lowest id and smallest name of the cell, drawn as the cell (16 x 16 tile units).
    assert [f["properties"]["nama"] for f in drawn] == ["Petak 0-0"]
    ring = [point for polygon in _polygons(drawn[0]["geometry"]) for point in polygon[0]]
    width = max(p[0] for p in ring) - min(p[0] for p in ring)
    assert 0.9 * CELL_DEG_Z8 < width < 1.1 * CELL_DEG_Z8
    y, x = tile_of(base_lon + 0.002, base_lat + 0.002, 14)
    assert len(mvt.decode(anonymous.get(tile_path(petak.slug, 14, y, x)).content, 14, y, x)[petak.slug]) == 25


def test_points_are_kept_at_any_zoom(anonymous, users, opd):
    lon, lat = files.KELAPA_DUA[:2]
    halte = published_layer(
        users["dinkes"], opd["dinkes"], "Halte", [point_feature(lon, lat, nama="Halte Kelapa Dua")], users["dtrb"]
    )
    response, address = layer_tile(anonymous, halte, 3)
    assert names_in(response, address, halte.slug) == ["Halte Kelapa Dua"]


def test_an_edit_changes_the_revision_the_tilejson_and_the_tile(anonymous, taman, users):
    tilejson_url = f"/ogc/collections/{taman.slug}/tiles/WebMercatorQuad/tilejson.json"
    before = anonymous.get(tilejson_url).json()["tiles"][0]
    v_before = before.split("?v=")[1]
    old_tile, address = layer_tile(anonymous, taman, 14, v=v_before)
    assert names_in(old_tile, address, taman.slug) == ["Taman Besar", "Taman Kecil"]

    garden = Feature.objects.get(version=taman.published_version, attrs__nama="Taman Kecil")
    editing.update_feature(
        taman,
        garden.pk,
        {"properties": {"nama": "Taman Mungil"}},
        users["dinkes"],
        "api",
        garden.revision,
        partial=True,
    )

    after = anonymous.get(tilejson_url).json()["tiles"][0]
    v_after = after.split("?v=")[1]
    # layers.collections: v<version id>.<made, ms in hex>.<last FeatureChange id of the version>.
    last = FeatureChange.objects.filter(version=taman.published_version).latest("id").pk
    made = int(taman.published_version.created_at.timestamp() * 1000)
    assert v_after == f"v{taman.published_version.pk}.{made:x}.{last}.t{tiles.TILES_FORMAT}" != v_before
    new_tile, address = layer_tile(anonymous, taman, 14, v=v_after)
    assert new_tile["Cache-Control"] == "public, max-age=31536000, immutable"
    assert names_in(new_tile, address, taman.slug) == ["Taman Besar", "Taman Mungil"]
    assert new_tile["ETag"] != old_tile["ETag"]
    # The old URL now names an old revision: revalidated, and given the new content.
    stale, address = layer_tile(anonymous, taman, 14, v=v_before)
    assert stale["Cache-Control"] == "no-cache"
    assert names_in(stale, address, taman.slug) == ["Taman Besar", "Taman Mungil"]


def test_a_signed_in_visitors_public_tile_reads_no_session(users, wilayah, django_assert_num_queries):
    browser = Client()
    browser.force_login(users["dtrb"])
    first = browser.get(tile_path(*KELAPA_DUA_TILE), {"v": revision()})
    # Public data, the same for everyone: shared caches may keep it.
    assert first["Cache-Control"] == "public, max-age=31536000, immutable"
    with django_assert_num_queries(0):
        assert browser.get(tile_path(*KELAPA_DUA_TILE)).content == first.content


def test_a_bad_token_is_refused_even_for_a_public_tile(wilayah):
    client = APIClient(HTTP_AUTHORIZATION="Token bukan-token-yang-sah")
    response = client.get(tile_path(*KELAPA_DUA_TILE))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_draft_layer_is_tiled_for_its_owner_only(anonymous, users, opd, wilayah):
    lon, lat = files.KELAPA_DUA[:2]
    version = imported_version(
        users["dinkes"], opd["dinkes"], "Rencana", [polygon_feature([square(lon, lat, 0.005)], nama="Draf")]
    )
    layer = version.layer
    response, _address = layer_tile(anonymous, layer, 14)
    assert response.status_code == 404
    tilejson = f"/ogc/collections/{layer.slug}/tiles/WebMercatorQuad/tilejson.json"
    assert anonymous.get(tilejson).status_code == 404

    # The owner's API token sees the draft, as /api/layers/ shows it to them.
    token, key = ApiToken.issue(users["dinkes"], "QGIS")
    owner = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    response, address = layer_tile(owner, layer, 14)
    assert names_in(response, address, layer.slug) == ["Draf"]
    # Not a public answer: shared caches must not keep it.
    assert response["Cache-Control"] == "private, no-cache"
    v = owner.get(tilejson).json()["tiles"][0].split("?v=")[1]
    response, address = layer_tile(owner, layer, 14, v=v)
    assert response["Cache-Control"] == "private, max-age=31536000, immutable"
    # What the owner's lookup remembered is not the anonymous caller's.
    response, _address = layer_tile(anonymous, layer, 14, v=v)
    assert response.status_code == 404
    # Signed in on the site (a session, no token), the owner sees it too.
    browser = Client()
    browser.force_login(users["dinkes"])
    response, address = layer_tile(browser, layer, 14)
    assert names_in(response, address, layer.slug) == ["Draf"]
    # A revoked token is refused before any lookup, remembered or not.
    token.revoke()
    response, _address = layer_tile(owner, layer, 14, v=v)
    assert response.status_code == 401


# --- metadata documents -------------------------------------------------------------


def test_tilesets_list_and_tileset_metadata(anonymous):
    listing = anonymous.get("/ogc/collections/desa/tiles")
    assert listing.status_code == 200
    (tileset,) = listing.json()["tilesets"]
    assert tileset["dataType"] == "vector"
    assert tileset["tileMatrixSetURI"] == "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
    self_link = next(link for link in tileset["links"] if link["rel"] == "self")
    assert self_link["href"] == "http://testserver/ogc/collections/desa/tiles/WebMercatorQuad"

    document = anonymous.get("/ogc/collections/desa/tiles/WebMercatorQuad").json()
    item = next(link for link in document["links"] if link["rel"] == "item")
    assert item["templated"] is True
    assert item["type"] == "application/vnd.mapbox-vector-tile"
    assert item["href"] == (
        "http://testserver/ogc/collections/desa/tiles/WebMercatorQuad/"
        f"{{tileMatrix}}/{{tileRow}}/{{tileCol}}?v={revision()}"
    )
    scheme = next(link for link in document["links"] if link["rel"].endswith("/tiling-scheme"))
    assert scheme["href"] == "http://testserver/ogc/tileMatrixSets/WebMercatorQuad"
    (layer,) = document["layers"]
    assert layer["id"] == "desa" and layer["geometryDimension"] == 2
    assert layer["propertiesSchema"]["properties"]["kode"] == {"type": "string", "title": "kode Kemendagri"}
    limits = {limit["tileMatrix"]: limit for limit in document["tileMatrixSetLimits"]}
    assert len(limits) == 23
    # The Kelapa Dua tile lies inside the z12 limits; the whole world is one tile at z0.
    z12 = limits["12"]
    assert z12["minTileRow"] <= 2119 <= z12["maxTileRow"] and z12["minTileCol"] <= 3260 <= z12["maxTileCol"]
    assert (limits["0"]["minTileRow"], limits["0"]["maxTileRow"]) == (0, 0)


def test_tile_matrix_sets(anonymous):
    listing = anonymous.get("/ogc/tileMatrixSets").json()
    assert [t["id"] for t in listing["tileMatrixSets"]] == ["WebMercatorQuad"]
    tms = anonymous.get("/ogc/tileMatrixSets/WebMercatorQuad").json()
    assert tms["crs"] == "http://www.opengis.net/def/crs/EPSG/0/3857"
    assert len(tms["tileMatrices"]) == 23
    zero, twelve = tms["tileMatrices"][0], tms["tileMatrices"][12]
    # The OGC 2D TMS 2.0 values of WebMercatorQuad (Annex D of OGC 17-083r4).
    assert zero["scaleDenominator"] == pytest.approx(559082264.0287178)
    assert zero["cellSize"] == pytest.approx(156543.0339280410)
    assert zero["pointOfOrigin"] == [-20037508.3427892, 20037508.3427892]
    assert (twelve["matrixWidth"], twelve["matrixHeight"], twelve["tileWidth"]) == (4096, 4096, 256)
    assert anonymous.get("/ogc/tileMatrixSets/WorldCRS84Quad").status_code == 404
    assert anonymous.get("/ogc/tileMatrixSets", {"f": "html"}).status_code == 400


def test_collections_landing_and_conformance_link_to_tiles(anonymous):
    collection = anonymous.get("/ogc/collections/desa", {"f": "json"}).json()
    rels = {(link["rel"], link["href"]) for link in collection["links"]}
    assert (
        "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector",
        "http://testserver/ogc/collections/desa/tiles",
    ) in rels
    landing = anonymous.get("/ogc/", {"f": "json"}).json()
    assert {
        "rel": "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes",
        "href": "http://testserver/ogc/tileMatrixSets",
        "type": "application/json",
        "title": "Tile matrix sets",
    } in [{**link, "title": "Tile matrix sets"} for link in landing["links"]]
    classes = anonymous.get("/ogc/conformance", {"f": "json"}).json()["conformsTo"]
    tiles_classes = sorted(c.rsplit("/", 1)[1] for c in classes if "/ogcapi-tiles-1/" in c)
    assert tiles_classes == ["core", "geodata-tilesets", "mvt", "oas30", "tileset", "tilesets-list"]


@pytest.mark.django_db(transaction=True)
def test_a_tile_query_deallocated_under_it_is_prepared_again(wilayah_live):
    client = APIClient()
    # Prepared from ogc.tiles.PREPARED_FROM_ZOOM on: the z14 tile of Kelapa Dua (12/2119/3260 * 4).
    kelapa_dua_z14 = ("desa", 14, 2119 * 4 + 2, 3260 * 4 + 2)
    first = client.get(tile_path(*kelapa_dua_z14))
    assert first.status_code == 200
    # A pooler's DISCARD ALL (or anyone's DEALLOCATE) drops the prepared tile queries.
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    forget_tiles()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(tile_path(*kelapa_dua_z14))
    assert again.status_code == 200
    assert len(again.content) == len(first.content)
    # The EXECUTE that failed, the connection's plan setting and the PREPARE again, the EXECUTE that answered.
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["EXECUTE", "SET", "PREPARE", "EXECUTE"]
    # Run with its generic plan: planned once, never again per tile.
    client.get(tile_path("desa", 14, 2119 * 4 + 2, 3260 * 4 + 3))
    with connection.cursor() as cursor:
        cursor.execute("SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'ogc_tile_%%'")
        assert cursor.fetchall() == [(2, 0)]


def test_a_categorized_style_puts_its_attribute_in_the_tiles_under_a_new_revision(anonymous, users, opd):
    lon, lat = files.KELAPA_DUA[:2]
    layer = published_layer(
        users["dinkes"],
        opd["dinkes"],
        "Klinik",
        [point_feature(lon, lat, nama="Klinik Kelapa Dua", jenis="pratama")],
        users["dtrb"],
    )
    tilejson = f"/ogc/collections/{layer.slug}/tiles/WebMercatorQuad/tilejson.json"
    before = anonymous.get(tilejson).json()
    assert set(before["vector_layers"][0]["fields"]) == {"nama"}
    categories = [{"value": "pratama", "color": "#1f78b4"}]
    layer.style = {"type": "categorized", "attribute": "jenis", "categories": categories}
    layer.save()
    tilecache.forget_lookups()
    after = anonymous.get(tilejson).json()
    assert set(after["vector_layers"][0]["fields"]) == {"jenis", "nama"}
    # Tiles kept "immutable" under the old v lack the attribute: the v changes with it.
    v_before, v_after = before["tiles"][0].split("?v=")[1], after["tiles"][0].split("?v=")[1]
    suffix = f".t{tiles.TILES_FORMAT}"
    assert v_after != v_before and v_after.startswith(v_before.removesuffix(suffix) + ".")
    response, address = layer_tile(anonymous, layer, 14, v=v_after)
    (feature,) = mvt.decode(response.content, *address)[layer.slug]
    assert feature["properties"] == {"nama": "Klinik Kelapa Dua", "jenis": "pratama"}


def test_the_ogc_api_definition_names_the_tile_paths_as_ogc_does(anonymous):
    paths = anonymous.get("/ogc/api").json()["paths"]
    tile = paths["/ogc/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}"]["get"]
    names = {p["name"]: p for p in tile["parameters"]}
    assert {"collectionId", "tileMatrixSetId", "tileMatrix", "tileRow", "tileCol", "v"} <= set(names)
    assert names["tileMatrix"]["schema"]["maximum"] == 22
    assert "application/vnd.mapbox-vector-tile" in tile["responses"]["200"]["content"]
    for path in (
        "/ogc/collections/{collectionId}/tiles",
        "/ogc/collections/{collectionId}/tiles/{tileMatrixSetId}",
        "/ogc/collections/{collectionId}/tiles/{tileMatrixSetId}/tilejson.json",
        "/ogc/tileMatrixSets",
        "/ogc/tileMatrixSets/{tileMatrixSetId}",
    ):
        assert "get" in paths[path], path
