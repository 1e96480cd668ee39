"""Limits of a geometry written through the API: the vertex and part caps
(settings EDIT_MAX_VERTICES = 100,000 and EDIT_MAX_PARTS = 1,000; the KKPR
check's KKPR_MAX_VERTICES = 10,000 and KKPR_MAX_PARTS = 100), refused before
GEOS parses anything, and the upload's outside rule: more than half of a
geometry outside the kabupaten (grown by 500 m) is refused."""

import json
import math

import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import parsers
from layers.models import Feature
from tests.factories.layers import polygon_feature, published_layer
from wilayah.models import KabupatenPiece

from . import files
from .test_editing import polygon

pytestmark = pytest.mark.django_db

LON, LAT = files.KELAPA_DUA[:2]
FAR = (110.0, -6.2)  # in the Java Sea, ~380 km east of the kabupaten


@pytest.fixture
def taman(users, opd, wilayah):
    """The published Dinkes polygon layer "taman" of test_editing: one park in Balaraja."""
    park = polygon_feature([files.square(*files.BALARAJA[:2], half=0.0005)], nama="Taman Awal", luas=10)
    return published_layer(users["dinkes"], opd["dinkes"], "Taman", [park], users["dtrb"], "taman.geojson")


def ring(vertices, lon=LON, lat=LAT, radius=0.002):
    """A closed ring of ``vertices`` distinct positions on a circle (plus the closing one)."""
    points = [
        [lon + radius * math.cos(2 * math.pi * k / vertices), lat + radius * math.sin(2 * math.pi * k / vertices)]
        for k in range(vertices)
    ]
    return [*points, points[0]]


def multipolygon_of(parts):
    # ``parts`` squares of 20 m side, 30 m apart in a row eastwards: disjoint, valid.
    return {
        "type": "MultiPolygon",
        "coordinates": [[files.square(LON + 0.0003 * n, LAT, half=0.0001)] for n in range(parts)],
    }


def post_feature(client, geometry, slug="taman"):
    return client.post(
        f"/api/layers/{slug}/features/", {"geometry": geometry, "properties": {"nama": "x"}}, format="json"
    )


# --- vertex and part caps ----------------------------------------------------


def test_a_feature_over_the_vertex_cap_is_refused_naming_the_cap(taman, client_for):
    # 100,001 positions + the closing one: over 100,000.
    response = post_feature(client_for("dinkes"), {"type": "Polygon", "coordinates": [ring(100_001)]})
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Geometri memiliki lebih dari 100.000 titik simpul; paling banyak 100.000 yang diterima. Sederhanakan dahulu."
    )
    assert response.json()["max_vertices"] == 100_000
    assert Feature.objects.count() == 1  # the imported one only


def test_a_feature_at_the_vertex_cap_is_accepted(taman, client_for, settings):
    settings.EDIT_MAX_VERTICES = 1_001
    # 1,000 distinct positions + the closing one = 1,001 positions: at the cap.
    response = post_feature(client_for("dinkes"), {"type": "Polygon", "coordinates": [ring(1_000)]})
    assert response.status_code == 201, response.json()
    assert len(GEOSGeometry(json.dumps(response.json()["geometry"])).coords[0][0]) == 1_001


def test_a_feature_over_the_part_cap_is_refused(taman, client_for, settings):
    settings.EDIT_MAX_PARTS = 3
    client = client_for("dinkes")
    response = post_feature(client, multipolygon_of(4))
    assert response.status_code == 400
    assert response.json()["detail"] == "Geometri memiliki lebih dari 3 bagian; paling banyak 3 yang diterima."
    assert post_feature(client, multipolygon_of(3)).status_code == 201


def test_bulk_and_update_apply_the_caps(taman, client_for, settings):
    settings.EDIT_MAX_VERTICES = 100
    feature = taman.published_version.features.get()
    client = client_for("dtrb")
    big = {"type": "Polygon", "coordinates": [ring(200)]}
    response = client.post(
        "/api/layers/taman/features/bulk/",
        {"create": [{"geometry": polygon(), "properties": {}}, {"geometry": big, "properties": {}}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("create[1]: Geometri memiliki lebih dari 100 titik simpul")
    response = client.patch(f"/api/layers/taman/features/{feature.pk}/", {"geometry": big, "version": 1}, format="json")
    assert response.status_code == 400 and "100 titik simpul" in response.json()["detail"]
    assert Feature.objects.count() == 1 and Feature.objects.get().revision == 1


def test_kkpr_refuses_a_200000_vertex_parcel_unread(wilayah, client_for, monkeypatch):
    parcel = {"type": "Polygon", "coordinates": [ring(200_000)]}
    body = json.dumps({"geometry": parcel, "kegiatan": "pabrik"})
    assert len(body) > 4_000_000  # the 5 MB body of the report
    parsed = []
    original = parsers.JSONParser.parse
    monkeypatch.setattr(parsers.JSONParser, "parse", lambda *a, **k: parsed.append(1) or original(*a, **k))
    response = client_for().post("/api/tataruang/kkpr/", body, content_type="application/json")
    # Refused by its Content-Length, before the body is read: parsing the JSON
    # alone would take about a second.
    assert parsed == []
    assert response.status_code == 413
    assert response.json() == {
        "detail": "Persil lebih besar dari 1,0\xa0MB yang diterima cek KKPR; sederhanakan dahulu.",
        "max_bytes": 1024 * 1024,
    }


def test_kkpr_refuses_a_parcel_over_the_vertex_cap(wilayah, client_for):
    # 10,001 positions + the closing one, about 450 KB: under the body cap, over the vertex cap.
    parcel = {"type": "Polygon", "coordinates": [ring(10_001)]}
    with CaptureQueriesContext(connection) as queries:
        response = client_for().post("/api/tataruang/kkpr/", {"geometry": parcel, "kegiatan": "pabrik"}, format="json")
    # Refused on counting the vertices, before any overlay with the zones.
    assert not [q["sql"] for q in queries.captured_queries if "planzone" in q["sql"] or "ST_" in q["sql"]]
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Geometri memiliki lebih dari 10.000 titik simpul; paling banyak 10.000 yang diterima. "
        "Sederhanakan dahulu.",
        "max_vertices": 10_000,
    }


def test_kkpr_part_cap(wilayah, client_for):
    response = client_for().post(
        "/api/tataruang/kkpr/", {"geometry": multipolygon_of(101), "kegiatan": "pabrik"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Geometri memiliki lebih dari 100 bagian; paling banyak 100 yang diterima."


# --- outside the kabupaten ---------------------------------------------------


def test_share_inside_counts_points_lengths_and_areas(wilayah):
    inside = GEOSGeometry(
        f"SRID=4326;MULTIPOINT({LON} {LAT}, {files.BALARAJA[0]} {files.BALARAJA[1]}, {FAR[0]} {FAR[1]})"
    )
    assert KabupatenPiece.objects.share_inside(inside) == pytest.approx(2 / 3)
    assert KabupatenPiece.objects.share_inside(GEOSGeometry(f"SRID=4326;POINT({FAR[0]} {FAR[1]})")) == 0.0
    square = GEOSGeometry(json.dumps(polygon()), srid=4326)
    assert KabupatenPiece.objects.share_inside(square) == pytest.approx(1.0)
    # 100-120 E, 7-5 S: about 490,000 km2, of which the kabupaten (~1,100 km2 grown) is 0.2 %.
    sea = GEOSGeometry("SRID=4326;POLYGON((100 -7, 120 -7, 120 -5, 100 -5, 100 -7))")
    assert 0 < KabupatenPiece.objects.share_inside(sea) < 0.005


def test_a_polygon_mostly_outside_is_refused_on_create_update_and_bulk(taman, client_for):
    sea = {"type": "Polygon", "coordinates": [[[100, -7], [120, -7], [120, -5], [100, -5], [100, -7]]]}
    message = "99% geometri berada di luar Kabupaten Tangerang; paling banyak separuhnya yang boleh."
    client = client_for("dtrb")
    response = post_feature(client, sea)
    assert response.status_code == 400 and response.json()["detail"] == message
    feature = taman.published_version.features.get()
    response = client.patch(f"/api/layers/taman/features/{feature.pk}/", {"geometry": sea, "version": 1}, format="json")
    assert response.status_code == 400 and response.json()["detail"] == message
    response = client.post(
        "/api/layers/taman/features/bulk/", {"create": [{"geometry": sea, "properties": {}}]}, format="json"
    )
    assert response.status_code == 400 and response.json()["detail"] == f"create[0]: {message}"
    assert Feature.objects.count() == 1 and Feature.objects.get().revision == 1


def test_points_follow_the_majority_rule(users, opd, wilayah, client_for):
    halte = [files.point_feature(*files.BALARAJA[:2], nama="Halte")]
    layer = published_layer(users["dinkes"], opd["dinkes"], "Halte", halte, users["dtrb"])
    client = client_for("dinkes")
    inside = [[LON, LAT], list(files.BALARAJA[:2])]
    # Two of three points in the kabupaten: one third outside, accepted.
    mostly_in = post_feature(client, {"type": "MultiPoint", "coordinates": [*inside, list(FAR)]}, layer.slug)
    assert mostly_in.status_code == 201, mostly_in.json()
    # One of three: two thirds (66 %) outside, refused.
    mostly_out = post_feature(
        client, {"type": "MultiPoint", "coordinates": [inside[0], list(FAR), [111.0, -6.2]]}, layer.slug
    )
    assert mostly_out.status_code == 400
    assert (
        mostly_out.json()["detail"]
        == "66% geometri berada di luar Kabupaten Tangerang; paling banyak separuhnya yang boleh."
    )
    far = post_feature(client, {"type": "Point", "coordinates": list(FAR)}, layer.slug)
    assert far.status_code == 400 and far.json()["detail"] == "Geometri berada di luar Kabupaten Tangerang."
