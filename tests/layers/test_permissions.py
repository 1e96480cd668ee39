"""The permission matrix: every role against every write path, on a layer of
OPD A (Dinkes) and on a tata ruang layer (DTRB). One module decides all of it
(layers/permissions.py); these tests go through the real HTTP paths."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from layers import services
from layers.models import Layer
from tests.factories import make_user
from tests.factories.layers import imported_version, publish

from . import files

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "operator_a", "operator_b", "planner", "admin"]
ACTIONS = ["create", "update", "delete", "upload", "submit", "publish", "reject", "token"]

ALLOWED = {
    # (role, layer): actions allowed
    ("operator_a", "opd_a"): {"create", "update", "delete", "upload", "submit", "token"},
    ("operator_a", "tata_ruang"): {"token"},
    ("operator_b", "opd_a"): {"token"},
    ("operator_b", "tata_ruang"): {"token"},
    ("planner", "opd_a"): set(ACTIONS),
    ("planner", "tata_ruang"): set(ACTIONS),
    ("admin", "opd_a"): set(ACTIONS),
    ("admin", "tata_ruang"): set(ACTIONS),
}


@pytest.fixture
def world(opd, wilayah):
    users = {
        "operator_a": make_user("op-a", opd["dinkes"]),
        "operator_b": make_user("op-b", opd["bpbd"]),
        "planner": make_user("planner", opd["dtrb"], staff=True),
        "admin": make_user("root", superuser=True),
    }
    layers = {}
    for key, owner, theme, user in (
        ("opd_a", "dinkes", "kesehatan", users["operator_a"]),
        ("tata_ruang", "dtrb", "tata_ruang", users["planner"]),
    ):
        features = [files.point_feature(*files.BALARAJA[:2], nama="awal")]
        version = imported_version(user, opd[owner], key, features, "a.geojson", theme=theme)
        publish(version, users["planner"])
        # Version 2, a draft, for submit/publish/reject.
        imported_version(user, opd[owner], key, features, "b.geojson", target_layer=version.layer)
        layers[key] = Layer.objects.get(pk=version.layer.pk)
    return users, layers


def attempt(action, role, layer, users):
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(users[role])
    base = f"/api/layers/{layer.slug}"
    feature = layer.versions.get(number=2).features.get()
    point = {"type": "Point", "coordinates": list(files.KELAPA_DUA[:2])}
    if action == "create":
        return client.post(f"{base}/features/", {"geometry": point, "properties": {"nama": "x"}}, format="json")
    if action == "update":
        return client.patch(
            f"{base}/features/{feature.pk}/", {"properties": {"nama": "y"}, "version": 1}, format="json"
        )
    if action == "delete":
        return client.delete(f"{base}/features/{feature.pk}/", HTTP_IF_MATCH='"1"')
    if action == "upload":
        data = files.feature_collection([files.point_feature(*files.TELUKNAGA[:2])])
        return client.post(
            "/api/uploads/",
            {"file": SimpleUploadedFile("c.geojson", data), "opd": layer.opd.kode, "layer": layer.slug},
            format="multipart",
        )
    if action == "submit":
        return client.post(f"{base}/versions/2/submit/")
    if action == "publish":
        return client.post(f"{base}/versions/2/publish/")
    if action == "reject":
        services.submit_version(layer.versions.get(number=2), users["planner"])
        return client.post(f"{base}/versions/2/reject/", {"reason": "Belum lengkap"}, format="json")
    if action == "token":
        browser = Client()
        if role != "anonymous":
            browser.force_login(users[role])
        return browser.post("/api/akun/tokens/", {"name": "uji"}, content_type="application/json")
    raise AssertionError(action)


@pytest.mark.parametrize("layer_key", ["opd_a", "tata_ruang"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(world, role, action, layer_key):
    users, layers = world
    response = attempt(action, role, layers[layer_key], users)
    allowed = action in ALLOWED.get((role, layer_key), set())
    if allowed:
        assert response.status_code in (200, 201, 202), (response.status_code, response.content[:300])
    elif role == "anonymous":
        assert response.status_code in (401, 403), response.status_code
    else:
        assert response.status_code == 403, (response.status_code, response.content[:300])
