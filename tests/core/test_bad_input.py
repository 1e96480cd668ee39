"""Bad input answers a clear 4xx in the request's language, never a 500 (issue 12).

One class of bad input per test group: JSON bodies (size, numbers, text,
shape), GeoJSON positions, control characters in the path, the query string,
headers and forms, and the language of the error bodies Django and DRF write.
"""

import html
import json

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from tests.factories import PASSWORD
from tests.factories.layers import mark_published, polygon_feature, published_layer
from tests.layers import files
from tests.tataruang import conftest as tataruang_fixtures

pytestmark = pytest.mark.django_db
# The constructed plan and land use (plan and land-use PATCH need one of each).
half_and_half, reference = tataruang_fixtures.half_and_half, tataruang_fixtures.reference

LON, LAT = files.KELAPA_DUA[:2]


@pytest.fixture
def taman(users, opd, wilayah):
    """A published Dinkes polygon layer (nama: string, luas: integer) with one park."""
    park = polygon_feature([files.square(*files.BALARAJA[:2], half=0.0005)], nama="Taman Awal", luas=10)
    return published_layer(users["dinkes"], opd["dinkes"], "Taman", [park], users["dtrb"], "taman.geojson")


def polygon(lon=LON, lat=LAT, half=0.0005):
    return {"type": "Polygon", "coordinates": [files.square(lon, lat, half)]}


def feature(**properties):
    return {"type": "Feature", "geometry": polygon(), "properties": properties or {"nama": "Baru"}}


def post_raw(client, url, body, method="post", **headers):
    """Send ``body`` (text) as application/json exactly as written."""
    return getattr(client, method)(url, data=body, content_type="application/json", **headers)


# --- JSON bodies: size cap -------------------------------------------------------------


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024)
def test_json_body_over_the_cap_is_413_naming_the_cap(taman, client_for):
    # 1 MB cap; a name of 1.1 MB makes the body larger than the cap.
    body = json.dumps(feature(nama="x" * (1024 * 1024 + 100 * 1024)))
    response = post_raw(client_for("dinkes"), "/api/layers/taman/features/", body)
    assert response.status_code == 413
    assert response.json()["detail"] == "Badan permintaan melebihi batas 1 MB."
    assert response.json()["limit_bytes"] == 1024 * 1024


def test_json_body_at_the_default_cap_of_10_mb_is_413(taman, client_for):
    # The 11.8 MB feature POST of the issue: DATA_UPLOAD_MAX_MEMORY_SIZE is 10 MiB.
    body = json.dumps(feature(nama="x" * int(11.8 * 1024 * 1024)))
    response = post_raw(client_for("dinkes"), "/api/layers/taman/features/", body)
    assert response.status_code == 413
    assert "10 MB" in response.json()["detail"]
    assert taman.versions.get().feature_count == 1


def test_a_view_may_set_a_smaller_cap(taman, client_for, monkeypatch):
    from layers.views.editing import FeatureCollection

    monkeypatch.setattr(FeatureCollection, "max_body_bytes", 2000, raising=False)
    response = post_raw(client_for("dinkes"), "/api/layers/taman/features/", json.dumps(feature(nama="x" * 3000)))
    assert response.status_code == 413
    assert response.json()["detail"] == "Badan permintaan melebihi batas 2000 bytes."


def test_form_body_over_the_cap_is_413_too(client):
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        response = client.post("/masuk/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    assert "1000 bytes" in response.content.decode()


# --- JSON bodies: numbers, text and syntax ------------------------------------------------


@pytest.mark.parametrize(
    ("number", "text"),
    [
        ("NaN", "Angka NaN tidak diizinkan dalam JSON"),
        ("Infinity", "Angka Infinity tidak diizinkan dalam JSON"),
        ("-Infinity", "Angka -Infinity tidak diizinkan dalam JSON"),
        ("1e400", "Angka 1e400 terlalu besar"),
        ("-1e400", "Angka -1e400 terlalu besar"),
    ],
)
def test_non_finite_numbers_are_400(taman, client_for, number, text):
    body = f'{{"type": "Feature", "geometry": {json.dumps(polygon())}, "properties": {{"luas": {number}}}}}'
    response = post_raw(client_for("dinkes"), "/api/layers/taman/features/", body)
    assert response.status_code == 400
    assert text in response.json()["detail"]


@pytest.mark.parametrize(
    ("properties", "text"),
    [
        ('{"nama": "a\\u0000b"}', "karakter kontrol U+0000 (pada properties.nama)"),
        ('{"a\\u0000b": "x"}', "karakter kontrol U+0000 (pada properties.a\\u0000b)"),
        ('{"nama": "a\\u0007b"}', "karakter kontrol U+0007"),
        ('{"nama": "\\ud800"}', "surrogate tanpa pasangan (U+D800) pada properties.nama"),
        ('{"nama": "x\\udfff"}', "surrogate tanpa pasangan (U+DFFF)"),
    ],
)
def test_nul_control_characters_and_lone_surrogates_in_text_are_400(taman, client_for, properties, text):
    body = f'{{"type": "Feature", "geometry": {json.dumps(polygon())}, "properties": {properties}}}'
    response = post_raw(client_for("dinkes"), "/api/layers/taman/features/", body)
    assert response.status_code == 400
    assert text in response.json()["detail"]


def test_tab_newline_and_a_surrogate_pair_are_accepted(taman, client_for):
    # "\ud83c\udf33" is one character (U+1F333, a tree): a valid pair.
    body = json.dumps(feature(nama="Taman\tBaru\r\nUtara \ud83c\udf33"), ensure_ascii=True)
    response = post_raw(client_for("dinkes"), "/api/layers/taman/features/", body)
    assert response.status_code == 201, response.json()
    assert response.json()["properties"]["nama"] == "Taman\tBaru\r\nUtara \U0001f333"


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ('{"type": "Feature",', "bukan JSON yang valid (baris 1, kolom 20)"),
        ("{'type': 'Feature'}", "bukan JSON yang valid (baris 1, kolom 2)"),
        ("[" * 100_000, "bukan JSON yang valid"),
        ('{"luas": ' + "9" * 5000 + "}", "bukan JSON yang valid"),
    ],
)
def test_json_syntax_errors_are_400_in_indonesian(taman, client_for, body, text):
    response = post_raw(client_for("dinkes"), "/api/layers/taman/features/", body)
    assert response.status_code == 400
    assert text in response.json()["detail"]
    assert "JSON parse error" not in response.json()["detail"]


def test_body_that_is_not_utf8_is_400(taman, client_for):
    response = post_raw(client_for("dinkes"), "/api/layers/taman/features/", b'{"nama": "\xff"}')
    assert response.status_code == 400
    assert response.json()["detail"] == "Badan permintaan bukan teks UTF-8 yang valid."


def test_json_errors_in_english_when_asked(taman, client_for):
    client = client_for("dinkes")
    response = post_raw(client, "/api/layers/taman/features/", "{", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "The request body is not valid JSON (line 1, column 2)."
    response = post_raw(client, "/api/layers/taman/features/", '{"a": NaN}', HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "The number NaN is not allowed in JSON: numbers must be finite."


# --- Write bodies that are not an object ---------------------------------------------------

NOT_OBJECTS = ["[]", '"x"', "5", "null", "true", "[{}]"]


def write_endpoints(taman, plan, land_use):
    """(method, url) of every write endpoint that reads a JSON body."""
    pk = taman.published_version.features.first().pk
    return [
        ("post", "/api/layers/taman/features/"),
        ("put", f"/api/layers/taman/features/{pk}/"),
        ("patch", f"/api/layers/taman/features/{pk}/"),
        ("post", "/api/layers/taman/features/bulk/"),
        ("post", f"/api/layers/taman/features/{pk}/revert/"),
        ("patch", "/api/layers/taman/"),
        ("post", f"/api/layers/taman/versions/{taman.published_version.number}/reject/"),
        ("post", "/api/tataruang/kesesuaian/"),
        ("post", "/api/tataruang/kkpr/"),
        ("post", "/api/tataruang/kkpr/pdf/"),
        ("post", "/api/tataruang/rencana/"),
        ("post", "/api/tataruang/lahan/"),
        ("patch", f"/api/tataruang/rencana/{plan.pk}/"),
        ("patch", f"/api/tataruang/lahan/{land_use.pk}/"),
    ]


def test_write_bodies_that_are_not_objects_are_400_everywhere(taman, half_and_half, users, client_for):
    plan, land_use = half_and_half
    client = client_for("admin")
    for method, url in write_endpoints(taman, plan, land_use):
        for body in NOT_OBJECTS:
            response = post_raw(client, url, body, method=method)
            assert response.status_code == 400, (method, url, body, response.content[:200])
            assert response.json()["detail"] == "Badan permintaan harus berupa objek JSON.", (method, url, body)


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ({"create": 5}, "'create' harus berupa daftar objek."),
        ({"create": "abc"}, "'create' harus berupa daftar objek."),
        ({"update": {"id": 1}}, "'update' harus berupa daftar objek."),
        ({"create": [5]}, "create[0] harus berupa objek."),
        ({"delete": [None]}, "delete[0] harus berupa objek."),
        ({"update": [{"id": "abc", "version": 1}]}, "update[0]: 'id' harus berupa bilangan bulat."),
        ({"delete": [{"id": 1.5, "version": 1}]}, "delete[0]: 'id' harus berupa bilangan bulat."),
        ({"delete": [{"id": True, "version": 1}]}, "delete[0]: 'id' harus berupa bilangan bulat."),
        ({"create": [{"type": "Feature", "geometry": [], "properties": {}}]}, "create[0]: "),
    ],
)
def test_bulk_lists_of_the_wrong_shape_are_400(taman, client_for, body, text):
    response = client_for("dinkes").post("/api/layers/taman/features/bulk/", body, format="json")
    assert response.status_code == 400
    assert text in response.json()["detail"]
    assert taman.versions.get().feature_count == 1


@pytest.mark.parametrize("reason", [5, [], {"a": 1}, True])
def test_a_rejection_reason_that_is_not_text_is_400(taman, client_for, reason):
    url = f"/api/layers/taman/versions/{taman.published_version.number}/reject/"
    response = client_for("dtrb").post(url, {"reason": reason}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "'reason' harus berupa teks."


@pytest.mark.parametrize("value", ["x", "²", "١٠", "9" * 5000, [], {"a": 1}, 1.5, True])
def test_a_compliance_run_naming_a_plan_by_anything_but_an_id_is_400(half_and_half, client_for, value):
    for name in ("plan", "land_use"):
        response = client_for("dtrb").post("/api/tataruang/kesesuaian/", {name: value}, format="json")
        assert response.status_code == 400
        assert response.json()["detail"] == f"'{name}' harus berupa bilangan bulat."


@pytest.mark.parametrize("code", [1, None, [], {"a": 1}])
def test_a_mapping_to_a_class_code_that_is_not_text_is_400(half_and_half, client_for, code):
    plan, _land_use = half_and_half
    response = client_for("dtrb").patch(
        f"/api/tataruang/rencana/{plan.pk}/", {"mapping": {"Kawasan Peruntukan Industri": code}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Setiap nilai 'mapping' harus berupa kode kelas (teks)."


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"year": -1}, "'year' harus berupa bilangan bulat dari 1900 sampai 2100."),
        ({"year": 10**30}, "'year' harus berupa bilangan bulat dari 1900 sampai 2100."),
        ({"year": "٢٠٢٤"}, "'year' harus berupa bilangan bulat."),
        ({"year": True}, "'year' harus berupa bilangan bulat."),
        ({"legal_basis": ["Perda"]}, "'legal_basis' harus berupa teks."),
        ({"jenis": 5, "scheme": {}}, "'jenis' harus berupa teks."),
    ],
)
def test_a_draft_plan_with_fields_of_the_wrong_type_is_400(half_and_half, client_for, fields, text):
    plan, _land_use = half_and_half
    mark_published(plan.layer_version)
    body = {
        "layer": plan.layer_version.layer.slug,
        "class_column": "NAMOBJ",
        "jenis": "RTRW",
        "legal_basis": "Perda 1/2024",
        "year": "2024",
        **fields,
    }
    response = client_for("dtrb").post("/api/tataruang/rencana/", body, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == text


def test_the_throttle_wait_is_translated(users, client_for):
    from akun.throttling import WriteRateThrottle

    client = client_for("dinkes")
    original = WriteRateThrottle.THROTTLE_RATES
    WriteRateThrottle.THROTTLE_RATES = {**original, "write": "1/minute"}
    try:
        client.post("/api/tataruang/kkpr/", {}, format="json")
        response = client.post("/api/tataruang/kkpr/", {}, format="json")
    finally:
        WriteRateThrottle.THROTTLE_RATES = original
    assert response.status_code == 429
    detail = response.json()["detail"]
    assert detail == f"Terlalu banyak permintaan dari alamat ini. Coba lagi dalam {response['Retry-After']} detik."
    assert "Expected" not in detail


def test_not_an_object_in_english(taman, client_for):
    response = post_raw(client_for("dinkes"), "/api/layers/taman/features/", "[]", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "The request body must be a JSON object."


# --- GeoJSON positions ---------------------------------------------------------------


@pytest.mark.parametrize(
    "position",
    [[LON, LAT, 1, 2, 3], [LON, LAT, 1, 2], [LON], [], [LON, "x"], [LON, True], [LON, None]],
)
def test_a_position_that_is_not_2_or_3_numbers_is_400(taman, client_for, position):
    ring = files.square(LON, LAT, 0.0005)
    ring[1] = position
    geometry = {"type": "Polygon", "coordinates": [ring]}
    response = client_for("dinkes").post(
        "/api/layers/taman/features/", {"type": "Feature", "geometry": geometry, "properties": {}}, format="json"
    )
    assert response.status_code == 400
    assert "Setiap posisi geometri harus berupa 2 atau 3 angka" in response.json()["detail"]


def test_a_height_is_dropped_as_the_upload_drops_it(taman, client_for):
    ring = [[lon, lat, 12.5] for lon, lat in files.square(LON, LAT, 0.0005)]
    response = client_for("dinkes").post(
        "/api/layers/taman/features/",
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}, "properties": {}},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert len(response.json()["geometry"]["coordinates"][0][0][0]) == 2


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Polygon", "coordinates": [[[LON, LAT, 1, 2, 3]]]},
        {"type": "Polygon", "coordinates": [5]},
        {"type": "Polygon", "coordinates": None},
        {"type": "Polygon"},
        {"type": "GeometryCollection", "geometries": []},
        {"type": "Lingkaran", "coordinates": [LON, LAT]},
        {"type": {}, "coordinates": [LON, LAT]},
        {"type": ["Point"], "coordinates": [LON, LAT]},
    ],
)
def test_malformed_geometry_on_put_patch_bulk_and_kkpr_is_400(taman, client_for, geometry):
    client = client_for("dinkes")
    pk = taman.published_version.features.first().pk
    body = {"type": "Feature", "geometry": geometry, "properties": {"nama": "x"}}
    url = f"/api/layers/taman/features/{pk}/"
    assert client.put(url, body, format="json", HTTP_IF_MATCH='"1"').status_code == 400
    assert client.patch(url, {"geometry": geometry}, format="json", HTTP_IF_MATCH='"1"').status_code == 400
    response = client.post("/api/layers/taman/features/bulk/", {"create": [body]}, format="json")
    assert response.status_code == 400 and response.json()["detail"].startswith("create[0]: ")
    response = APIClient().post("/api/tataruang/kkpr/", {"geometry": geometry}, format="json")
    assert response.status_code == 400, response.content


# --- Control characters in the path, the query string, headers and forms ------------------


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/api/wilayah/desa/?kecamatan=%00", "Parameter 'kecamatan' mengandung karakter kontrol U+0000."),
        ("/api/wilayah/desa/?q=a%01b", "Parameter 'q' mengandung karakter kontrol U+0001."),
        ("/api/layers/?theme=%00&opd=%00", "Parameter 'theme' mengandung karakter kontrol U+0000."),
        ("/api/crs/?q=%1f", "Parameter 'q' mengandung karakter kontrol U+001F."),
        ("/api/wilayah/desa/?%00=1", "mengandung karakter kontrol U+0000."),
        ("/api/wilayah/desa/%00/", "Alamat mengandung karakter kontrol U+0000."),
        ("/api/wilayah/kecamatan/36.03%0A/", "Alamat mengandung karakter kontrol U+000A."),
        ("/api/tataruang/kesesuaian/terbaru/hasil/?plan_class=%00", "Parameter 'plan_class'"),
        ("/api/tataruang/kkpr/?lon=106.6&lat=-6.2&kegiatan=%00", "Parameter 'kegiatan'"),
    ],
)
def test_control_characters_in_api_path_and_query_are_400(client, wilayah, url, text):
    response = client.get(url)
    assert response.status_code == 400
    assert text in response.json()["detail"]


def test_the_refused_parameter_is_named(client, wilayah):
    body = client.get("/api/wilayah/desa/?kecamatan=%00").json()
    assert body["parameter"] == "kecamatan"


def test_tab_and_newline_in_a_query_value_reach_the_view(client, wilayah):
    # Text may hold them; the desa search simply finds nothing.
    response = client.get("/api/wilayah/desa/?q=a%09b%0Ac")
    assert response.status_code == 200
    assert response.json()["features"] == []


def test_control_characters_on_pages_are_400_pages(taman, users, client):
    client.force_login(users["dinkes"])
    for url in ["/unggah/?layer=%00", "/editor/taman/riwayat/?kecamatan=%00", "/katalog/%00/"]:
        response = client.get(url)
        assert response.status_code == 400, url
        page = response.content.decode()
        assert "Permintaan tidak dapat dibaca" in page and "karakter kontrol U+0000" in page, url
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_no_query_reaches_the_database_before_the_refusal(taman, users, client, django_assert_num_queries):
    client.force_login(users["dinkes"])
    with django_assert_num_queries(0):
        assert client.get("/editor/taman/riwayat/?kecamatan=%00").status_code == 400
        assert client.get("/api/layers/taman/changes/?kecamatan=%00").status_code == 400
        assert client.post("/masuk/", {"username": "a\x00"}).status_code == 400


def test_control_characters_in_a_header_are_400(taman, client_for):
    client = client_for("dinkes")
    pk = taman.published_version.features.first().pk
    response = client.patch(
        f"/api/layers/taman/features/{pk}/", {"properties": {"nama": "x"}}, format="json", HTTP_IF_MATCH='"1\x00"'
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Header If-Match mengandung karakter kontrol U+0000."
    response = APIClient().get("/api/layers/", HTTP_AUTHORIZATION="Token a\x00b")
    assert response.status_code == 400
    response = Client().get("/", HTTP_COOKIE="sessionid=abc\x00def")
    assert response.status_code == 400


def test_control_characters_in_page_form_fields_are_400(users):
    client = Client()
    response = client.post("/masuk/", {"username": "operator-dinkes\x00", "password": PASSWORD})
    assert response.status_code == 400
    assert "Isian 'username' mengandung karakter kontrol U+0000." in html.unescape(response.content.decode())


def test_control_characters_in_api_form_and_multipart_fields_are_400(taman, client_for):
    client = client_for("dinkes")
    response = client.post("/api/uploads/", {"title": "Uji\x00", "opd": "dinkes"}, format="multipart")
    assert response.status_code == 400
    assert "karakter kontrol U+0000 (pada title)" in response.json()["detail"]
    response = client.patch("/api/layers/taman/", "title=a%00b", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "karakter kontrol U+0000 (pada title)" in response.json()["detail"]


def test_a_broken_multipart_body_is_400_in_indonesian(users, client_for):
    response = client_for("dinkes").post(
        "/api/uploads/", data=b"--x\r\nbroken", content_type="multipart/form-data; boundary="
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Badan formulir multipart tidak dapat dibaca (periksa boundary-nya)."


def test_too_many_query_parameters_are_400_json_on_the_api(wilayah, client):
    # DATA_UPLOAD_MAX_NUMBER_FIELDS is 1000: Django raises TooManyFieldsSent, handler400 answers.
    query = "&".join(f"a{i}=1" for i in range(1100))
    response = client.get(f"/api/wilayah/desa/?{query}")
    assert response.status_code == 400
    assert response.json()["detail"] == "Permintaan tidak dapat dibaca."
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    assert "Permintaan tidak dapat dibaca" in response.content.decode()


def test_control_character_messages_in_english(wilayah, client):
    response = client.get("/api/wilayah/desa/?kecamatan=%00", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "Parameter 'kecamatan' contains the control character U+0000."


# --- The language of Django's and DRF's own error bodies --------------------------------


def test_get_object_or_404_answers_in_the_request_language(taman, client_for):
    client = client_for("dtrb")
    response = client.post("/api/layers/taman/versions/99/approve/")
    assert response.status_code == 404
    assert response.json()["detail"] == "Data tidak ditemukan."
    response = client.post("/api/layers/taman/versions/99/approve/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "Not found."
    # A 404 whose message the view wrote keeps it.
    response = client_for().get("/api/wilayah/kecamatan/99.99/")
    assert response.json()["detail"] == "Kecamatan dengan kode '99.99' tidak ditemukan."


def test_the_language_switch_chooses_english_for_the_api(wilayah):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/api/wilayah/desa/?kecamatan=%00")
    assert response.json()["detail"] == "Parameter 'kecamatan' contains the control character U+0000."


def test_drf_csrf_refusal_is_translated(taman, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["dinkes"])
    response = client.post("/api/layers/taman/features/", feature(), content_type="application/json")
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert detail.startswith("Pemeriksaan CSRF gagal: ") and "X-CSRFToken" in detail
    assert "CSRF Failed" not in detail
    response = client.post(
        "/api/layers/taman/features/", feature(), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["detail"].startswith("CSRF check failed: ")


def test_csrf_failure_page_is_indonesian_in_the_site_layout(wilayah):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/masuk/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Formulir tidak dapat dikirim" in page
    assert "cookie keamanan (CSRF)" in page
    assert 'class="site-header' in page and "CSRF verification failed" not in page


def test_csrf_failure_page_in_english_when_asked(wilayah):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"  # the switcher's choice; pages ignore Accept-Language
    page = client.post("/masuk/", {"username": "x", "password": "y"}).content.decode()
    assert "The form could not be sent" in page and "security cookie (CSRF)" in page


def test_django_403_and_400_handlers_answer_json_on_the_api_and_a_page_elsewhere(rf, wilayah):
    from django.core.exceptions import PermissionDenied, SuspiciousOperation
    from django.utils import translation

    from webgis import views

    with translation.override("id"):
        api = views.permission_denied(rf.get("/api/layers/"), PermissionDenied())
        page = views.permission_denied(rf.get("/katalog/"), PermissionDenied())
        bad = views.bad_request(rf.get("/api/layers/"), SuspiciousOperation())
    assert api.status_code == 403 and json.loads(api.content) == {"detail": "Anda tidak diizinkan melakukan ini."}
    assert page.status_code == 403 and "Anda tidak boleh membuka halaman ini" in page.content.decode()
    assert bad.status_code == 400 and json.loads(bad.content) == {"detail": "Permintaan tidak dapat dibaca."}


def test_method_not_allowed_and_throttle_messages_are_translated(wilayah, client_for):
    response = client_for().delete("/api/wilayah/kecamatan/")
    assert response.status_code == 405
    assert response.json()["detail"] == 'Metode "DELETE" tidak diizinkan.'


def test_page_404_and_api_404_in_indonesian(wilayah, client):
    assert "Halaman tidak ditemukan" in client.get("/tidak-ada/").content.decode()
    assert client.get("/api/tidak-ada/").json()["detail"] == "Data tidak ditemukan."
