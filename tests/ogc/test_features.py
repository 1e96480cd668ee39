"""OGC API - Features (Part 1 core, Part 2 CRS, queryables) over real PostGIS:
the landing page, conformance, collections, items (keyset pages, bbox, CRS,
property filters, datetime) and single items, with the values they must give."""

import json

import pytest

from tests.factories.grid import CX, CY, rect
from tests.factories.layers import polygon_feature, published_layer
from wilayah.models import Desa

pytestmark = pytest.mark.django_db
KELAPA_DUA = "36.03.28.1001"
# A box around Kelapa Dua; SELECT count(*) FROM wilayah_desa WHERE ST_Intersects(geom,
# ST_MakeEnvelope(106.55,-6.30,106.65,-6.20,4326)) gives 31.
BOX = "106.55,-6.30,106.65,-6.20"


def get_json(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content[:500]
    return json.loads(response.content)


def rels(document):
    return {link["rel"]: link["href"] for link in document["links"]}


def test_landing_page_links_and_conformance(client, wilayah):
    landing = get_json(client, "/ogc/")
    links = rels(landing)
    assert links["service-desc"].endswith("/ogc/api")
    assert links["conformance"].endswith("/ogc/conformance")
    assert links["data"].endswith("/ogc/collections")
    conformance = get_json(client, "/ogc/conformance")["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conformance
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in conformance


def test_the_api_definition_holds_the_ogc_paths_only(client, wilayah):
    response = client.get("/ogc/api")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    paths = json.loads(response.content)["paths"]
    assert "/ogc/collections/{collectionId}/items" in paths
    assert all(path.startswith("/ogc/") for path in paths)


def test_collections_list_wilayah_with_counts(client, wilayah):
    collections = {c["id"]: c for c in get_json(client, "/ogc/collections")["collections"]}
    assert collections["desa"]["numberMatched"] == 274
    assert collections["kecamatan"]["numberMatched"] == 29
    assert collections["kabupaten"]["numberMatched"] == 1
    desa = get_json(client, "/ogc/collections/desa")
    west, south, east, north = desa["extent"]["spatial"]["bbox"][0]
    # The kabupaten lies at about 106.36-106.80 E, 6.00-6.38 S.
    assert 106.3 < west < 106.4 and 106.7 < east < 106.85 and -6.4 < south < -6.3 and -6.05 < north < -5.9
    assert "http://www.opengis.net/def/crs/EPSG/0/32748" in desa["crs"]


def test_items_are_paged_by_keyset_with_counts(client, wilayah):
    first = get_json(client, "/ogc/collections/desa/items?limit=100")
    assert first["numberMatched"] == 274 and first["numberReturned"] == 100
    seen = [f["id"] for f in first["features"]]
    page = first
    while "next" in rels(page):
        page = get_json(client, rels(page)["next"])
        seen += [f["id"] for f in page["features"]]
    assert len(seen) == 274 == len(set(seen)) and seen == sorted(seen)
    assert page["numberReturned"] == 74
    back = get_json(client, rels(page)["prev"])
    assert [f["id"] for f in back["features"]] == seen[100:200]


def test_item_properties_of_kelapa_dua(client, wilayah):
    desa = Desa.objects.get(kode=KELAPA_DUA)
    feature = get_json(client, f"/ogc/collections/desa/items/{desa.pk}")
    assert feature["id"] == desa.pk
    assert feature["properties"] == {
        "kode": KELAPA_DUA,
        "nama": "Kelapa Dua",
        "luas_ha": round(desa.luas_ukur_ha, 2),
        "jenis": desa.jenis,
        "kode_kec": "36.03.28",
        "nama_kec": "Kelapa Dua",
    }
    lon, lat = feature["geometry"]["coordinates"][0][0][0]
    assert 106.5 < lon < 106.7 and -6.3 < lat < -6.2  # lon/lat, RFC 7946


def test_bbox_and_property_filters(client, wilayah):
    boxed = get_json(client, f"/ogc/collections/desa/items?bbox={BOX}&limit=100")
    assert boxed["numberMatched"] == 31 == boxed["numberReturned"]
    kelapa = get_json(client, "/ogc/collections/desa/items?kode_kec=36.03.28")
    assert kelapa["numberMatched"] == 6
    assert {f["properties"]["kode"] for f in kelapa["features"]} >= {KELAPA_DUA, "36.03.28.1002"}
    kelurahan = get_json(client, "/ogc/collections/desa/items?jenis=kelurahan&limit=1")
    assert kelurahan["numberMatched"] == 28


def test_answers_in_utm_48s_and_epsg_4326_axis_order(client, wilayah):
    desa = Desa.objects.get(kode=KELAPA_DUA)
    utm = client.get(f"/ogc/collections/desa/items/{desa.pk}?crs=http://www.opengis.net/def/crs/EPSG/0/32748")
    assert utm["Content-Crs"] == "<http://www.opengis.net/def/crs/EPSG/0/32748>"
    x, y = json.loads(utm.content)["geometry"]["coordinates"][0][0][0]
    assert 670_000 < x < 690_000 and 9_300_000 < y < 9_320_000  # easting, northing of Kelapa Dua
    latlon = get_json(client, f"/ogc/collections/desa/items/{desa.pk}?crs=http://www.opengis.net/def/crs/EPSG/0/4326")
    lat, lon = latlon["geometry"]["coordinates"][0][0][0]
    assert -6.3 < lat < -6.2 and 106.5 < lon < 106.7
    srgi = get_json(client, f"/ogc/collections/desa/items/{desa.pk}?crs=EPSG:9488")
    # SRGI2013 and WGS 84 differ here by PROJ's transformation between the frames (decimetres).
    sx, sy = srgi["geometry"]["coordinates"][0][0][0]
    assert 0 < abs(sx - x) + abs(sy - y) < 1
    # A bbox given in UTM metres finds the desa of the same box.
    box = client.get(f"/ogc/collections/desa/items?bbox={x - 10},{y - 10},{x + 10},{y + 10}&bbox-crs=EPSG:32748")
    assert desa.pk in [f["id"] for f in json.loads(box.content)["features"]]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("bbox=1,2,3", "bbox"),
        ("bbox=106,-6,105,-5", "bbox"),
        ("bbox=NaN,1,2,3", "bbox"),
        ("crs=EPSG:3857", "crs"),
        ("bbox-crs=urn:x", "bbox-crs"),
        ("datetime=kemarin", "datetime"),
        ("datetime=2025-01-01", "datetime"),  # desa have no date attribute
        ("warna=merah", "warna"),
        ("after=-1", "after"),
        ("after=1&before=5", "before"),
        ("f=xml", "f"),
        ("luas_ha=besar", "luas_ha"),
    ],
)
def test_bad_parameters_answer_400_naming_them(client, wilayah, query, parameter):
    answer = get_json(client, f"/ogc/collections/desa/items?{query}", status=400, HTTP_ACCEPT_LANGUAGE="id")
    assert answer["parameter"] == parameter and answer["detail"]


def test_limits_above_the_maximum_are_clamped(client, wilayah):
    assert get_json(client, "/ogc/collections/kecamatan/items?limit=99999")["numberReturned"] == 29


def test_unknown_collection_and_feature_404(client, wilayah):
    assert (
        "tidak ditemukan"
        in get_json(client, "/ogc/collections/tidak-ada/items", 404, HTTP_ACCEPT_LANGUAGE="id")["detail"]
    )
    get_json(client, "/ogc/collections/desa/items/999999999", 404)


def test_html_encoding_by_f_and_by_accept(client, wilayah):
    page = client.get("/ogc/collections/desa/items?limit=5&f=html")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert b"Kelapa Dua" in client.get("/ogc/collections/desa/items?kode_kec=36.03.28&f=html").content
    browser = client.get("/ogc/collections", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert browser["Content-Type"].startswith("text/html")
    assert client.get("/ogc/collections", HTTP_ACCEPT="application/json")["Content-Type"] == "application/json"


@pytest.fixture
def sekolah(users, opd):
    features = [
        polygon_feature(rect(CX + 100 * i, CY, CX + 100 * i + 50, CY + 50), nama=f"Sekolah {i}", murid=100 * i)
        for i in range(5)
    ]
    features[0]["properties"]["dibuka"] = "2020-07-01"
    features[1]["properties"]["dibuka"] = "2024-07-01"
    return published_layer(users["dtrb"], opd["disdik"], "Gedung sekolah", features, users["dtrb"])


def test_a_published_layer_is_a_collection_with_typed_queryables(client, sekolah):
    queryables = get_json(client, f"/ogc/collections/{sekolah.slug}/queryables")["properties"]
    assert queryables["murid"]["type"] == "integer" and queryables["nama"]["type"] == "string"
    assert queryables["kode_desa"]["type"] == "string"
    answer = get_json(client, f"/ogc/collections/{sekolah.slug}/items?murid=300")
    assert [f["properties"]["nama"] for f in answer["features"]] == ["Sekolah 3"]
    assert answer["features"][0]["properties"]["kode_desa"] == KELAPA_DUA


def test_datetime_filters_on_the_layers_date_attribute(client, sekolah):
    items = get_json(client, f"/ogc/collections/{sekolah.slug}/items?datetime=2023-01-01/..")
    assert [f["properties"]["nama"] for f in items["features"]] == ["Sekolah 1"]
    items = get_json(client, f"/ogc/collections/{sekolah.slug}/items?datetime=2020-07-01")
    assert [f["properties"]["nama"] for f in items["features"]] == ["Sekolah 0"]


def test_a_malformed_date_in_the_data_breaks_no_query(client, sekolah):
    from django.db import connection

    from layers.models import Feature

    # A value no import would write (the editor checks dates), put in by hand: no cast may fail on it.
    with connection.cursor() as cursor:
        source = Feature.objects.sql_source(sekolah.published_version)
        cursor.execute(
            f"UPDATE {source} SET attrs = attrs || '{{\"dibuka\": \"2024/13/45\"}}' WHERE attrs->>'nama' = 'Sekolah 1'"
        )
    # (a cast to timestamptz raised on it: a 500). Shaped like a date, it compares by its text (ogc.cql2.sql).
    items = get_json(client, f"/ogc/collections/{sekolah.slug}/items?datetime=2000-01-01/..")
    assert [f["properties"]["nama"] for f in items["features"]] == ["Sekolah 0", "Sekolah 1"]
    items = get_json(client, f"/ogc/collections/{sekolah.slug}/items?datetime=../2024-12-31")
    assert [f["properties"]["nama"] for f in items["features"]] == ["Sekolah 0"]
    # A date-time with its offset, compared in UTC: 06:00+07:00 on 2020-07-01 is 23:00Z the day
    # before, so Sekolah 0 (opened that day, its midnight) is after it; 07:00+07:00 is that midnight.
    later = get_json(client, f"/ogc/collections/{sekolah.slug}/items?datetime=../2020-07-01T06:00:00%2B07:00")
    assert later["features"] == []
    later = get_json(client, f"/ogc/collections/{sekolah.slug}/items?datetime=../2020-07-01T07:00:00%2B07:00")
    assert [f["properties"]["nama"] for f in later["features"]] == ["Sekolah 0"]


def test_a_layer_in_utm_has_the_grid_coordinates(client, sekolah):
    answer = get_json(client, f"/ogc/collections/{sekolah.slug}/items?crs=EPSG:32748&murid=0")
    x, y = answer["features"][0]["geometry"]["coordinates"][0][0][0]
    assert [round(x, 1), round(y, 1)] == [round(CX, 1), round(CY, 1)]


def test_unpublished_layers_are_hidden_from_anonymous_and_shown_to_their_owner(client, users, opd, client_for):
    from tests.factories.layers import imported_version

    version = imported_version(
        users["dinkes"], opd["dinkes"], "Draf puskesmas", [polygon_feature(rect(CX, CY, CX + 10, CY + 10))]
    )
    slug = version.layer.slug
    assert slug not in {c["id"] for c in get_json(client, "/ogc/collections")["collections"]}
    get_json(client, f"/ogc/collections/{slug}/items", 404)
    owner = client_for("dinkes")
    assert get_json(owner, f"/ogc/collections/{slug}/items")["numberReturned"] == 1
    assert get_json(client_for("bpbd"), f"/ogc/collections/{slug}/items", 404)["detail"]


def test_a_token_sees_its_users_drafts_and_a_bad_token_is_refused(client, users, opd):
    from akun.models import ApiToken
    from tests.factories.layers import imported_version

    draft = [polygon_feature(rect(CX, CY, CX + 10, CY + 10))]
    slug = imported_version(users["dinkes"], opd["dinkes"], "Draf posyandu", draft).layer.slug
    key = ApiToken.issue(users["dinkes"], "qgis")[1]
    mine = get_json(client, "/ogc/collections", HTTP_AUTHORIZATION=f"Token {key}")
    assert slug in {c["id"] for c in mine["collections"]}
    other = ApiToken.issue(users["bpbd"], "qgis")[1]
    get_json(client, f"/ogc/collections/{slug}/items", 404, HTTP_AUTHORIZATION=f"Token {other}")
    assert client.get("/ogc/collections", HTTP_AUTHORIZATION="Token salah").status_code == 401
