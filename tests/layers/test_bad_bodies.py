"""Layer writes refuse body values of the wrong shape with a 400: bulk items
(named, before anything is written; was a 500 for {"create": 5} and its kind)
and a rejection reason that is not text."""

import pytest

from layers.models import Feature
from tests.factories.layers import imported_version, polygon_feature, published_layer

from . import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def taman(users, opd, wilayah):
    park = polygon_feature([files.square(*files.BALARAJA[:2], half=0.0005)], nama="Taman Awal", luas=10)
    return published_layer(users["dinkes"], opd["dinkes"], "Taman", [park], users["dtrb"], "taman.geojson")


def bulk(client, body):
    return client.post("/api/layers/taman/features/bulk/", body, format="json")


@pytest.mark.parametrize(
    "body, where",
    [
        ({"create": 5}, "'create'"),
        ({"create": "abc"}, "'create'"),
        ({"create": {"geometry": None}}, "'create'"),
        ({"create": [5]}, "create[0]"),
        ({"update": [[1, 1]]}, "update[0]"),
        ({"delete": [None]}, "delete[0]"),
        ({"update": [{"id": "abc", "version": 1}]}, "update[0]"),
        ({"update": [{"id": 1.5, "version": 1}]}, "update[0]"),
        ({"delete": [{"id": True, "version": 1}]}, "delete[0]"),
        ({"delete": [{"id": 2**70, "version": 1}]}, "delete[0]"),
        ({"delete": [{"id": {"a": 1}, "version": 1}]}, "delete[0]"),
        ({"delete": [{"version": 1}]}, "delete[0]"),
    ],
)
def test_wrong_item_shapes_are_400_naming_the_item(taman, client_for, body, where):
    response = bulk(client_for("dinkes"), body)
    assert response.status_code == 400, response.content
    assert where in response.json()["detail"]


@pytest.mark.parametrize("version", ["x", 1.5, [1], {"n": 1}, False])
def test_a_version_that_is_not_a_whole_number_is_400(taman, client_for, version):
    feature = taman.published_version.features.get()
    response = bulk(client_for("dinkes"), {"delete": [{"id": feature.pk, "version": version}]})
    assert response.status_code == 400 and response.json()["detail"].startswith("delete[0]")
    assert Feature.objects.filter(pk=feature.pk).exists()


def test_a_later_bad_item_leaves_the_earlier_ones_unwritten(taman, client_for):
    feature = taman.published_version.features.get()
    body = {"create": [{"geometry": {"type": "Polygon", "coordinates": [files.square(*files.KELAPA_DUA[:2])]}}]}
    response = bulk(client_for("dinkes"), {**body, "delete": [{"id": feature.pk, "version": "satu"}]})
    assert response.status_code == 400
    assert Feature.objects.count() == 1


def test_string_digits_still_work_as_before(taman, client_for):
    feature = taman.published_version.features.get()
    response = bulk(client_for("dinkes"), {"delete": [{"id": str(feature.pk), "version": "1"}]})
    assert response.status_code == 200 and response.json()["deleted"] == [feature.pk]


@pytest.mark.parametrize("reason", [5, {"a": "b"}, ["x"], True, "x" * 2001])
def test_a_rejection_reason_must_be_text(users, opd, wilayah, client_for, reason):
    park = polygon_feature([files.square(*files.BALARAJA[:2], half=0.0005)], nama="Taman")
    version = imported_version(users["dinkes"], opd["dinkes"], "Taman", [park])
    client_for("dinkes").post(f"/api/layers/{version.layer.slug}/versions/{version.number}/submit/")
    url = f"/api/layers/{version.layer.slug}/versions/{version.number}/reject/"
    response = client_for("dtrb").post(url, {"reason": reason}, format="json")
    assert response.status_code == 400 and response.json()["parameter"] == "reason"
    version.refresh_from_db()
    assert version.status == "submitted"
