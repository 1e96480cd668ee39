"""The wilayah GeoJSON API: RFC 7946 output, filters, lookups and errors."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

# Extent of the kabupaten (SELECT ST_Extent(geom) FROM wilayah_kabupaten), rounded outwards.
MIN_LON, MIN_LAT, MAX_LON, MAX_LAT = 106.33, -6.37, 106.73, -6.00


@pytest.fixture
def api(wilayah):
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    return client


def all_positions(geometry):
    assert geometry["type"] == "MultiPolygon"
    for polygon in geometry["coordinates"]:
        for ring in polygon:
            assert ring[0] == ring[-1]
            yield from ring


def test_desa_list_is_geojson_in_lon_lat(api):
    response = api.get("/api/wilayah/desa/")
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 274
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        for lon, lat in all_positions(feature["geometry"]):
            assert MIN_LON <= lon <= MAX_LON and MIN_LAT <= lat <= MAX_LAT
    bencongan = next(f for f in data["features"] if f["properties"]["kode"] == "36.03.28.1002")
    assert bencongan["properties"]["nama"] == "Bencongan"
    assert bencongan["properties"]["jenis"] == "kelurahan"
    assert bencongan["properties"]["kecamatan_nama"] == "Kelapa Dua"
    assert "crs" not in data  # RFC 7946: no crs member


def test_kecamatan_list(api):
    data = api.get("/api/wilayah/kecamatan/").json()
    assert len(data["features"]) == 29
    props = {f["properties"]["kode"]: f["properties"] for f in data["features"]}
    assert props["36.03.01"]["nama"] == "Balaraja"
    assert props["36.03.01"]["luas_resmi_km2"] == 33.56
    assert props["36.03.01"]["jumlah_desa"] == 9
    assert props["36.03.01"]["luas_ukur_km2"] == pytest.approx(props["36.03.01"]["luas_ukur_ha"] / 100)


def test_filter_by_kecamatan(api):
    data = api.get("/api/wilayah/desa/", {"kecamatan": "36.03.28"}).json()
    assert sorted(f["properties"]["nama"] for f in data["features"]) == [
        "Bencongan",
        "Bencongan Indah",
        "Bojong Nangka",
        "Curug Sangereng",
        "Kelapa Dua",
        "Pakulonan Barat",
    ]


def test_search_is_case_insensitive(api):
    data = api.get("/api/wilayah/desa/", {"q": "bencongan"}).json()
    assert {f["properties"]["kode"] for f in data["features"]} == {"36.03.28.1002", "36.03.28.1003"}


def test_bbox_filter(api):
    # A small box around a point inside Balaraja (36.03.01.1001).
    data = api.get("/api/wilayah/desa/", {"bbox": "106.456,-6.193,106.458,-6.191"}).json()
    kodes = {f["properties"]["kode"] for f in data["features"]}
    assert "36.03.01.1001" in kodes
    assert 1 <= len(kodes) <= 3


def test_details(api):
    desa = api.get("/api/wilayah/desa/36.03.13.2001/").json()
    assert desa["properties"]["nama"] == "Teluknaga"
    assert desa["geometry"]["type"] == "MultiPolygon"
    kecamatan = api.get("/api/wilayah/kecamatan/36.03.13/").json()
    assert kecamatan["properties"]["nama"] == "Teluknaga"
    assert kecamatan["properties"]["jumlah_desa"] == 13


@pytest.mark.parametrize(
    ("lon", "lat", "desa", "kecamatan"),
    [
        # Points on the surface of each desa (ST_PointOnSurface), fixed here.
        (106.456972, -6.192145, "Balaraja", "Balaraja"),
        (106.641175, -6.090183, "Teluknaga", "Teluknaga"),
        (106.633741, -6.298326, "Pagedangan", "Pagedangan"),
        (106.615758, -6.235029, "Kelapa Dua", "Kelapa Dua"),
    ],
)
def test_lookup_known_points(api, lon, lat, desa, kecamatan):
    data = api.get("/api/wilayah/lookup/", {"lon": lon, "lat": lat}).json()
    assert data["desa"]["nama"] == desa
    assert data["kecamatan"]["nama"] == kecamatan
    assert data["lon"] == lon and data["lat"] == lat


def test_lookup_outside_is_404_with_message(api):
    response = api.get("/api/wilayah/lookup/", {"lon": 106.8272, "lat": -6.1754})  # Monas, Jakarta
    assert response.status_code == 404
    assert "di luar Kabupaten Tangerang" in response.json()["detail"]


@pytest.mark.parametrize(
    ("url", "params", "parameter"),
    [
        ("/api/wilayah/lookup/", {"lon": "abc", "lat": "-6.2"}, "lon"),
        ("/api/wilayah/lookup/", {"lat": "-6.2"}, "lon"),
        ("/api/wilayah/lookup/", {"lon": "106.5", "lat": "-95"}, "lat"),
        ("/api/wilayah/lookup/", {"lon": "nan", "lat": "-6.2"}, "lon"),
        ("/api/wilayah/desa/", {"bbox": "1,2,3"}, "bbox"),
        ("/api/wilayah/desa/", {"bbox": "a,b,c,d"}, "bbox"),
        ("/api/wilayah/desa/", {"bbox": "106.7,-6.1,106.5,-6.3"}, "bbox"),
        ("/api/wilayah/kecamatan/", {"bbox": "106,-6,190,-5"}, "bbox"),
    ],
)
def test_bad_parameters_are_400_in_bahasa_indonesia(api, url, params, parameter):
    response = api.get(url, params)
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter
    assert body["detail"].startswith("Parameter")
    assert "must" not in body["detail"]  # translated, not the English source text


def test_unknown_codes_are_404(api):
    for url in ("/api/wilayah/desa/36.03.99.9999/", "/api/wilayah/kecamatan/36.03.99/"):
        response = api.get(url)
        assert response.status_code == 404
        assert "tidak ditemukan" in response.json()["detail"]
    response = api.get("/api/wilayah/desa/", {"kecamatan": "99"})
    assert response.status_code == 404


def test_english_on_request(api):
    response = api.get("/api/wilayah/kecamatan/36.03.99/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "Kecamatan with code '36.03.99' not found."


def test_openapi_schema_and_docs(api):
    schema = api.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    assert "/api/wilayah/lookup/" in schema.json()["paths"]
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html and "cdn" not in html.lower()


def test_api_is_gzipped_when_asked(api):
    plain = api.get("/api/wilayah/desa/")
    response = api.get("/api/wilayah/desa/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert "Content-Encoding" not in plain
    import gzip
    import json

    body = gzip.decompress(response.content)
    assert body == plain.content
    assert len(json.loads(body)["features"]) == 274
    # Level 1 (webgis.middleware.API_GZIP_LEVEL): still well under a third of the text.
    assert int(response["Content-Length"]) == len(response.content) < len(plain.content) / 3
    assert "Content-Encoding" not in api.get("/", HTTP_ACCEPT_ENCODING="gzip")


def test_whole_boundary_lists_are_written_once_per_revision(api, django_assert_num_queries):
    first = api.get("/api/wilayah/kecamatan/").json()
    assert len(first["features"]) == 29
    # Answered from the process's memory: no query at all (the revision is in the cache).
    with django_assert_num_queries(0):
        again = api.get("/api/wilayah/kecamatan/").json()
    assert again == first
    # A filtered list is written each time, from the database.
    filtered = api.get("/api/wilayah/kecamatan/", {"q": "Kelapa Dua"}).json()
    assert [f["properties"]["nama"] for f in filtered["features"]] == ["Kelapa Dua"]
