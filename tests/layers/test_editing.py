"""Feature writes: validation, optimistic concurrency, history and revert, tokens."""

import pytest
from django.test import Client

from akun.models import ApiToken
from layers.models import Feature, FeatureChange
from tests.factories.layers import polygon_feature, published_layer

from . import files

pytestmark = pytest.mark.django_db

LON, LAT = files.KELAPA_DUA[:2]


@pytest.fixture
def taman(users, opd, wilayah):
    """A published Dinkes polygon layer with attributes nama (string) and luas (integer)."""
    park = polygon_feature([files.square(*files.BALARAJA[:2], half=0.0005)], nama="Taman Awal", luas=10)
    return published_layer(users["dinkes"], opd["dinkes"], "Taman", [park], users["dtrb"], "taman.geojson")


def polygon(lon=LON, lat=LAT, half=0.0005):
    return {"type": "Polygon", "coordinates": [files.square(lon, lat, half)]}


def create(client, **properties):
    return client.post(
        "/api/layers/taman/features/",
        {"type": "Feature", "geometry": polygon(), "properties": properties or {"nama": "Baru"}},
        format="json",
    )


def test_create_assigns_desa_and_returns_version(taman, client_for):
    response = create(client_for("dinkes"), nama="Taman Kelapa Dua", luas=25)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["ETag"] == '"1"' and body["version"] == 1
    assert body["properties"]["_desa"] == files.KELAPA_DUA[2]
    assert body["properties"]["luas"] == 25
    assert body["geometry"]["type"] == "MultiPolygon"
    change = FeatureChange.objects.get(feature_id=body["id"])
    assert (change.action, change.source, change.user.username) == ("create", "api", "operator-dinkes")
    assert taman.versions.get().feature_count == 2


def test_editor_source_is_recorded(taman, client_for):
    response = client_for("dinkes").post(
        "/api/layers/taman/features/",
        {"type": "Feature", "geometry": polygon(), "properties": {"nama": "x"}},
        format="json",
        HTTP_X_WEBSIG_SOURCE="editor",
    )
    assert FeatureChange.objects.get(feature_id=response.json()["id"]).source == "editor"


@pytest.mark.parametrize(
    ("geometry", "properties", "text"),
    [
        ({"type": "Point", "coordinates": [LON, LAT]}, {}, "Point"),
        (polygon(106.8272, -6.1754), {}, "di luar Kabupaten Tangerang"),
        (polygon(), {"warna": "merah"}, "warna"),
        (polygon(), {"luas": "sepuluh"}, "luas"),
        ({"type": "Polygon", "coordinates": [[[0, 0]]]}, {}, "tidak dapat dibaca"),
        ({"type": "Polygon", "coordinates": "x"}, {}, "tidak dapat dibaca"),
        (None, {}, "geometri GeoJSON"),
    ],
)
def test_bad_writes_are_400_with_a_reason(taman, client_for, geometry, properties, text):
    response = client_for("dinkes").post(
        "/api/layers/taman/features/",
        {"type": "Feature", "geometry": geometry, "properties": properties},
        format="json",
    )
    assert response.status_code == 400
    assert text in response.json()["detail"]
    assert Feature.objects.count() == 1


def test_invalid_geometry_reports_where(taman, client_for):
    bowtie = {
        "type": "Polygon",
        "coordinates": [
            [
                [LON - 0.001, LAT - 0.001],
                [LON + 0.001, LAT + 0.001],
                [LON + 0.001, LAT - 0.001],
                [LON - 0.001, LAT + 0.001],
                [LON - 0.001, LAT - 0.001],
            ]
        ],
    }
    response = client_for("dinkes").post(
        "/api/layers/taman/features/", {"type": "Feature", "geometry": bowtie, "properties": {}}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert "Self-intersection" in body["reason"]
    # The two edges cross at the centre of the square.
    assert body["location"]["lon"] == pytest.approx(LON, abs=1e-9)
    assert body["location"]["lat"] == pytest.approx(LAT, abs=1e-9)


def test_two_planners_same_version_second_gets_409_and_nothing_is_lost(taman, client_for):
    feature = taman.published_version.features.get()
    first, second = client_for("dinkes"), client_for("dtrb")
    url = f"/api/layers/taman/features/{feature.pk}/"
    read_a, read_b = first.get(url), second.get(url)
    assert read_a["ETag"] == read_b["ETag"] == '"1"'
    ok = first.patch(url, {"properties": {"nama": "Versi A"}}, format="json", HTTP_IF_MATCH=read_a["ETag"])
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = second.patch(url, {"properties": {"nama": "Versi B"}, "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["properties"]["nama"] == "Versi A"
    assert stale.json()["current"]["version"] == 2
    feature.refresh_from_db()
    assert feature.attrs == {"nama": "Versi A", "luas": 10} and feature.revision == 2
    missing = second.patch(url, {"properties": {"nama": "Versi B"}}, format="json")
    assert missing.status_code == 428


def test_history_and_revert_round_trip(taman, client_for):
    client = client_for("dtrb")
    created = create(client, nama="Asli", luas=7).json()
    url = f"/api/layers/taman/features/{created['id']}/"
    moved = client.put(
        url,
        {"geometry": polygon(*files.PAGEDANGAN[:2]), "properties": {"nama": "Ubah", "luas": 8}, "version": 1},
        format="json",
    ).json()
    assert moved["properties"]["_desa"] == files.PAGEDANGAN[2]
    history = client.get(url + "history/").json()["changes"]
    assert [c["action"] for c in history] == ["update", "create"]
    reverted = client.post(url + "revert/", {"change": history[1]["id"], "state": "after"}, format="json")
    assert reverted.status_code == 200
    body = reverted.json()
    assert body["version"] == 3
    assert body["geometry"] == created["geometry"]
    assert {k: v for k, v in body["properties"].items() if not k.startswith("_")} == {"nama": "Asli", "luas": 7}
    assert body["properties"]["_desa"] == files.KELAPA_DUA[2]
    assert [c["action"] for c in client.get(url + "history/").json()["changes"]] == ["revert", "update", "create"]


def test_deleted_feature_can_be_restored(taman, client_for):
    client = client_for("dtrb")
    created = create(client, nama="Hapus saya", luas=3).json()
    url = f"/api/layers/taman/features/{created['id']}/"
    assert client.delete(url).status_code == 428
    deleted = client.delete(url, HTTP_IF_MATCH='"1"')
    assert deleted.status_code == 200
    assert client.get(url).status_code == 404
    restored = client.post(url + "revert/", {"change": deleted.json()["change"], "state": "before"}, format="json")
    assert restored.status_code == 200
    assert restored.json()["id"] == created["id"] and restored.json()["geometry"] == created["geometry"]
    assert restored.json()["properties"]["nama"] == "Hapus saya"
    assert taman.versions.get().feature_count == 2


def test_bulk_is_all_or_nothing(taman, client_for):
    feature = taman.published_version.features.get()
    response = client_for("dtrb").post(
        "/api/layers/taman/features/bulk/",
        {
            "create": [{"geometry": polygon(), "properties": {"nama": "ok"}}],
            "update": [{"id": feature.pk, "version": 1, "properties": {"luas": "bukan angka"}}],
        },
        format="json",
    )
    assert response.status_code == 400 and response.json()["detail"].startswith("update[0]")
    assert Feature.objects.count() == 1
    # Only the import's own row (one for the whole upload, no feature).
    assert list(FeatureChange.objects.values_list("source", "feature_id")) == [("upload", None)]
    response = client_for("dtrb").post(
        "/api/layers/taman/features/bulk/",
        {
            "create": [{"geometry": polygon(), "properties": {"nama": "ok"}}],
            "update": [{"id": feature.pk, "version": 1, "properties": {"luas": 11}}],
        },
        format="json",
    )
    assert response.status_code == 200
    assert len(response.json()["created"]) == 1 and response.json()["updated"] == [feature.pk]


def test_change_log_filters_and_csv(taman, client_for):
    create(client_for("dinkes"), nama="a")
    create(client_for("dtrb"), nama="b")
    client = client_for("dtrb")
    log = client.get("/api/layers/taman/changes/", {"user": "operator-dinkes"}).json()["changes"]
    # Newest first: the API create, then the upload (one row for all the features it created).
    assert [(c["source"], c["feature"]) for c in log] == [("api", log[0]["feature"]), ("upload", None)]
    assert log[0]["after"]["properties"]["nama"] == "a"
    assert (log[1]["note"], log[1]["features"], log[1]["after"]) == ("taman.geojson", 1, None)
    assert len(client.get("/api/layers/taman/changes/", {"kecamatan": "36.03.28"}).json()["changes"]) == 2
    balaraja = client.get("/api/layers/taman/changes/", {"kecamatan": "36.03.01"}).json()["changes"]
    # The uploaded feature lies in Balaraja, so the upload shows there.
    assert [(c["action"], c["source"], c["features"]) for c in balaraja] == [("create", "upload", 1)]
    assert client.get("/api/layers/taman/changes/", {"since": "2020-13-01"}).status_code == 400
    response = client.get("/api/layers/taman/changes/", {"export": "csv"})
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("waktu,pengguna,aksi") and len(lines) == 4
    assert client_for("bpbd").get("/api/layers/taman/changes/").status_code == 403


def test_api_token_create_use_revoke(taman, users):
    browser = Client()
    browser.force_login(users["dinkes"])
    created = browser.post("/api/akun/tokens/", {"name": "QGIS kantor"}, content_type="application/json")
    assert created.status_code == 201
    key = created.json()["key"]
    assert ApiToken.objects.get().key_hash != key  # only the hash is stored
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.post(
        "/api/layers/taman/features/",
        {"geometry": polygon(), "properties": {"nama": "token"}},
        content_type="application/json",
    )
    assert response.status_code == 201
    # A token cannot mint more tokens.
    assert api.post("/api/akun/tokens/", {"name": "x"}, content_type="application/json").status_code == 403
    assert browser.delete(f"/api/akun/tokens/{created.json()['id']}/").status_code == 204
    again = api.post(
        "/api/layers/taman/features/", {"geometry": polygon(), "properties": {}}, content_type="application/json"
    )
    assert again.status_code == 401 and again["WWW-Authenticate"] == "Token"
    assert again.json()["detail"] == "Token API tidak sah atau sudah dicabut."


def test_an_imported_feature_can_be_reverted_to_its_uploaded_state(taman, client_for):
    feature = taman.published_version.features.get()
    client = client_for("dtrb")
    url = f"/api/layers/taman/features/{feature.pk}/"
    original = client.get(url).json()
    # Never edited: the history is the upload, resolved to this feature's state.
    (uploaded,) = client.get(url + "history/").json()["changes"]
    assert (uploaded["action"], uploaded["source"], uploaded["feature"], uploaded["note"]) == (
        "create",
        "upload",
        feature.pk,
        "taman.geojson",
    )
    assert uploaded["after"] == {"geometry": original["geometry"], "properties": {"nama": "Taman Awal", "luas": 10}}
    assert uploaded["user"] == "operator-dinkes" and uploaded["revision_after"] == 1
    client.patch(url, {"properties": {"nama": "Diubah"}, "geometry": polygon(), "version": 1}, format="json")
    history = client.get(url + "history/").json()["changes"]
    assert [(c["action"], c["source"]) for c in history] == [("update", "api"), ("create", "upload")]
    assert history[1]["id"] == uploaded["id"]
    # The upload's row shows the uploaded state, not the edited one.
    assert history[1]["after"] == {"geometry": original["geometry"], "properties": {"nama": "Taman Awal", "luas": 10}}
    assert history[0]["after"]["properties"]["nama"] == "Diubah"
    reverted = client.post(url + "revert/", {"change": history[1]["id"], "state": "after"}, format="json").json()
    assert reverted["geometry"] == original["geometry"]
    assert reverted["properties"]["nama"] == "Taman Awal" and reverted["version"] == 3
    for bogus in ("upload", 999999, None):
        response = client.post(url + "revert/", {"change": bogus, "state": "after"}, format="json")
        assert response.status_code == 404 and "tidak ditemukan" in response.json()["detail"]
    assert client.get("/api/layers/taman/features/999999/history/").status_code == 404
