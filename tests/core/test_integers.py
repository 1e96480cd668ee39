"""Whole numbers from clients: only ASCII digits 0-9, within bounds, or a 400
naming the parameter in Bahasa Indonesia (issue 12). ``str.isdigit()`` takes
the superscript "²" (then ``int()`` fails: a 500) and the Arabic-Indic "١٠"
(which ``int()`` silently reads as 10); both are refused everywhere."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.params import BIGINT_MAX, INT_MAX, whole_number
from layers.models import Feature
from tests.factories.layers import polygon_feature, published_layer
from tests.layers import files

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "\u00b2"
ARABIC_INDIC_TEN = "\u0661\u0660"
HOSTILE = [SUPERSCRIPT_TWO, ARABIC_INDIC_TEN]
# The Indonesian of "Parameter '%(name)s' must be a whole number from %(low)d to %(high)d."
MESSAGE = "Parameter '{name}' harus berupa bilangan bulat dari {low} sampai {high}."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10", 10),
        (" 10 ", 10),
        ("-3", None),  # below the bound
        (7, 7),
        ("0010", 10),
        (SUPERSCRIPT_TWO, None),
        (ARABIC_INDIC_TEN, None),
        ("\uff11", None),  # fullwidth 1
        ("+1", None),
        ("1.0", None),
        (1.0, None),
        (True, None),
        ("1e3", None),
        ("10\n", None),
        ("1" * 40, None),
        (str(2**63), None),
        (None, None),
        ([1], None),
    ],
)
def test_whole_number_takes_ascii_digits_only(value, expected):
    assert whole_number(value, 0, BIGINT_MAX) == expected


def test_whole_number_sign_where_the_bounds_allow_it():
    assert whole_number("-3", -10, 10) == -3
    assert whole_number("11", -10, 10) is None


@pytest.fixture
def taman(users, opd, wilayah):
    """A published Dinkes polygon layer with one feature (revision 1)."""
    park = polygon_feature([files.square(*files.BALARAJA[:2], half=0.0005)], nama="Taman Awal", luas=10)
    return published_layer(users["dinkes"], opd["dinkes"], "Taman", [park], users["dtrb"], "taman.geojson")


def assert_refused(response, name, low, high):
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["detail"] == MESSAGE.format(name=name, low=low, high=high), body
    return body


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    ("name", "low", "high"),
    [("limit", 1, 10_000), ("offset", 0, 10**9), ("after", 0, BIGINT_MAX), ("version", 1, INT_MAX)],
)
def test_feature_paging_parameters(taman, client_for, value, name, low, high):
    response = client_for().get("/api/layers/taman/features/", {name: value})
    assert assert_refused(response, name, low, high)["parameter"] == name


@pytest.mark.parametrize("value", HOSTILE)
def test_layer_detail_version(taman, client_for, value):
    assert_refused(client_for().get("/api/layers/taman/", {"version": value}), "version", 1, INT_MAX)


@pytest.mark.parametrize("value", HOSTILE)
def test_if_match_header(taman, client_for, value):
    pk = Feature.objects.get().pk
    response = client_for("dinkes").patch(
        f"/api/layers/taman/features/{pk}/", {"properties": {"nama": "x"}}, format="json", HTTP_IF_MATCH=f'"{value}"'
    )
    assert assert_refused(response, "If-Match", 0, INT_MAX)["parameter"] == "If-Match"
    assert Feature.objects.get().revision == 1


@pytest.mark.parametrize("value", HOSTILE)
def test_body_version(taman, client_for, value):
    pk = Feature.objects.get().pk
    response = client_for("dinkes").patch(
        f"/api/layers/taman/features/{pk}/", {"properties": {"nama": "x"}, "version": value}, format="json"
    )
    assert_refused(response, "version", 0, INT_MAX)


@pytest.mark.parametrize("value", HOSTILE)
def test_delete_query_version(taman, client_for, value):
    pk = Feature.objects.get().pk
    response = client_for("dinkes").delete(f"/api/layers/taman/features/{pk}/?version={value}")
    assert_refused(response, "version", 0, INT_MAX)
    assert Feature.objects.filter(pk=pk).exists()


@pytest.mark.parametrize("value", HOSTILE)
def test_bulk_ids_and_versions(taman, client_for, value):
    pk = Feature.objects.get().pk
    client = client_for("dinkes")
    for body, name in [
        ({"update": [{"id": value, "version": 1, "properties": {"nama": "x"}}]}, "id"),
        ({"update": [{"id": pk, "version": value, "properties": {"nama": "x"}}]}, "version"),
        ({"delete": [{"id": value, "version": 1}]}, "id"),
        ({"delete": [{"id": pk, "version": value}]}, "version"),
    ]:
        response = client.post("/api/layers/taman/features/bulk/", body, format="json")
        assert response.status_code == 400, response.content[:300]
        # The bulk endpoint may check the items before the service does (h-fuzz): the item and member named.
        detail = response.json()["detail"]
        assert detail.startswith(f"{next(iter(body))}[0]: ") and f"'{name}'" in detail, detail
    assert Feature.objects.get().revision == 1


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("tail", ["", "hasil/", "tidak-sesuai/"])
def test_compliance_run_in_the_path(client_for, wilayah, value, tail):
    response = client_for().get(f"/api/tataruang/kesesuaian/{value}/{tail}")
    assert assert_refused(response, "pk", 1, BIGINT_MAX)["parameter"] == "pk"


@pytest.mark.parametrize("value", HOSTILE)
def test_lp2b_year(client_for, wilayah, value):
    response = client_for().get("/api/tataruang/lp2b/alih-fungsi/bidang/", {"tahun": value})
    assert_refused(response, "tahun", 1900, 2200)


@pytest.mark.parametrize("value", HOSTILE)
def test_upload_crs(users, opd, client_for, value):
    data = files.feature_collection([files.point_feature(*files.BALARAJA[:2], nama="a")])
    response = client_for("dinkes").post(
        "/api/uploads/",
        {"file": SimpleUploadedFile("titik.geojson", data), "opd": "dinkes", "crs": value},
        format="multipart",
    )
    assert response.status_code == 400, response.content[:300]
    assert response.json()["detail"] == f"'{value}' bukan kode EPSG."


@pytest.mark.parametrize("value", HOSTILE)
def test_pages_answer_not_found_or_ignore(taman, users, value):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    assert client.get("/layers/taman/", {"version": value}).status_code == 404
    assert client.get("/tata-ruang/kesesuaian/", {"run": value}).status_code == 404
    client.force_login(users["dinkes"])
    pk = Feature.objects.get().pk
    assert client.get(f"/editor/taman/fitur/{pk}/riwayat/", {"perubahan": value}).status_code == 200


@pytest.mark.parametrize("value", ["\u0661\u0660\u0666.\u0666", "106_6", "\u00b2"])
def test_decimal_parameters_take_ascii_digits_only(client_for, wilayah, value):
    response = client_for().get("/api/wilayah/lookup/", {"lon": value, "lat": "-6.2"})
    assert response.status_code == 400 and response.json()["parameter"] == "lon"
    response = client_for().get("/api/wilayah/desa/", {"bbox": f"{value},-6.3,106.7,-6.2"})
    assert response.status_code == 400 and response.json()["parameter"] == "bbox"


@pytest.mark.parametrize("value", HOSTILE)
def test_number_attributes_take_ascii_digits_only(taman, client_for, value):
    pk = Feature.objects.get().pk
    response = client_for("dinkes").patch(
        f"/api/layers/taman/features/{pk}/", {"properties": {"luas": value}}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 400, response.content[:300]
    assert response.json()["errors"] == {"luas": "harus bertipe integer"}
    assert Feature.objects.get().attrs["luas"] == 10
