"""The one GeoJSON writer (core.geojson): Features and FeatureCollections written
by PostGIS, on a small layer whose answers can be read off by hand."""

import json

import pytest
from django.contrib.gis.geos import Polygon

from core import geojson
from core.geojson import AsFeature, ItemsQuery
from layers.models import Feature, Layer, LayerVersion
from wilayah.models import Desa

pytestmark = pytest.mark.django_db

# Five points 0.01 degree apart along the parallel -6.2, from 106.50 east:
# (106.50, -6.2), (106.51, -6.2), ... (106.54, -6.2); attribute n = 0..4.
POINTS = [(round(106.50 + 0.01 * n, 2), -6.2) for n in range(5)]


@pytest.fixture
def version(opd):
    """A version of five points (see POINTS), its own partition made by the signal."""
    layer = Layer.objects.create(slug="titik-uji", title="Titik uji", opd=opd["dinkes"], theme="sosial")
    version = LayerVersion.objects.create(layer=layer, number=1, geometry_kind="point", feature_count=5)
    for n, (lon, lat) in enumerate(POINTS):
        Feature.objects.create(
            version=version, fid=n, geom=f"MULTIPOINT ({lon} {lat})", attrs={"n": n, "genap": n % 2 == 0}
        )
    return version


def parse(text):
    return json.loads(text)


def test_a_page_of_a_layer_counts_and_keeps_lon_lat(version):
    page = Feature.objects.of_version(version).items(version, ItemsQuery(limit=2))
    collection = parse(page.collection(numberReturned=page.number_returned, numberMatched=version.feature_count))
    assert list(collection) == ["type", "numberReturned", "numberMatched", "features"]
    assert (collection["type"], collection["numberReturned"], collection["numberMatched"]) == (
        "FeatureCollection",
        2,
        5,
    )
    first = collection["features"][0]
    # RFC 7946: longitude first, as stored (no axis swap for EPSG:4326).
    assert first["geometry"] == {"type": "MultiPoint", "coordinates": [[106.5, -6.2]]}
    assert first["properties"]["n"] == 0 and first["properties"]["genap"] is True
    assert first["version"] == 1 and first["id"] == page.features[0][0]


def test_keyset_pages_walk_every_feature_once(version):
    features, seen, after = Feature.objects.of_version(version), [], None
    while True:
        page = features.items(version, ItemsQuery(limit=2, after=after))
        seen += [parse(text)["properties"]["n"] for _id, text in page.features]
        after = page.next_after
        if after is None:
            break
    # Pages of 2, 2 and 1: the last has no next.
    assert seen == [0, 1, 2, 3, 4]


def test_filters_bbox_and_properties(version):
    features = Feature.objects.of_version(version)
    # A box around the 2nd and 3rd points (106.51 and 106.52).
    box = Polygon.from_bbox((106.505, -6.21, 106.525, -6.19))
    page = features.in_bbox(box).items(version, ItemsQuery(limit=10))
    assert [parse(t)["properties"]["n"] for _i, t in page.features] == [1, 2]
    page = features.with_properties({"genap": "true"}).items(version, ItemsQuery(limit=10))
    assert [parse(t)["properties"]["n"] for _i, t in page.features] == [0, 2, 4]
    assert features.with_properties({"tidak_ada": "1"}).items(version, ItemsQuery(limit=10)).features == []


def test_one_item_and_another_crs(version):
    feature = Feature.objects.of_version(version).order_by("id").first()
    item = parse(Feature.objects.item(version, feature.pk))
    assert item["id"] == feature.pk and item["geometry"]["coordinates"] == [[106.5, -6.2]]
    assert Feature.objects.item(version, -1) is None
    # In UTM 48S, whole metres: SELECT ST_AsText(ST_Transform('SRID=4326;POINT(106.5 -6.2)', 32748))
    # gives POINT(665961.29 9314452.25): 1.5 degrees east of the zone's meridian (105 E, x = 500,000 m),
    # 686 km south of the equator (y = 10,000,000 m there).
    utm = parse(Feature.objects.item(version, feature.pk, precision=0, srid=32748))
    assert utm["geometry"]["coordinates"] == [[665961, 9314452]]


def test_as_feature_on_any_queryset_keeps_property_order():
    desa = Desa.objects.filter(kode="36.03.28.1002").select_related("kecamatan")
    feature = AsFeature(
        "geom", {"nama": "nama", "kode": "kode", "kecamatan_nama": "kecamatan__nama"}, id="kode", precision=3
    )
    page = geojson.items(desa, lambda srid: feature)
    (row,) = page.features
    text = row[1]
    assert list(parse(text)) == ["type", "id", "geometry", "properties"]
    assert list(parse(text)["properties"].items()) == [
        ("nama", "Bencongan"),
        ("kode", "36.03.28.1002"),
        ("kecamatan_nama", "Kelapa Dua"),
    ]
    # At most 3 decimals, lon/lat inside the kabupaten.
    lon, lat = parse(text)["geometry"]["coordinates"][0][0][0]
    assert 106.3 < lon < 106.8 and -6.4 < lat < -6.0
    assert round(lon, 3) == lon and round(lat, 3) == lat


def test_collection_text_splices_features_last():
    text = geojson.collection_text(['{"type": "Feature"}'], layer="x", numberMatched=1)
    assert parse(text) == {
        "type": "FeatureCollection",
        "layer": "x",
        "numberMatched": 1,
        "features": [{"type": "Feature"}],
    }
    assert parse(geojson.collection_text([])) == {"type": "FeatureCollection", "features": []}


def test_views_answer_the_text_as_json_and_in_the_browsable_api(wilayah, client):
    response = client.get("/api/wilayah/kecamatan/36.03.13/")
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["type", "geometry", "properties"]
    page = client.get("/api/wilayah/kecamatan/36.03.13/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "Teluknaga" in page.content.decode()


def test_keyset_over_any_queryset_orders_by_key(wilayah):
    """The 6 desa of Kelapa Dua (36.03.28) in pages of 4 then 2, by id."""
    desa = Desa.objects.filter(kecamatan__kode="36.03.28").order_by("-nama")

    def feature(srid):
        return AsFeature("geom", {"kode": "kode"}, precision=1, srid=srid)

    first = geojson.items(desa, feature, ItemsQuery(limit=4, after=0))
    second = geojson.items(desa, feature, ItemsQuery(limit=4, after=first.next_after))
    ids = [key for key, _text in first.features + second.features]
    assert ids == sorted(desa.values_list("id", flat=True))
    assert (first.has_next, second.has_next, second.next_after) == (True, False, None)
