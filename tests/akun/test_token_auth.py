"""API tokens: a bad or malformed token answers 401 with WWW-Authenticate
(the token class is DRF's first authenticator), a good one authenticates."""

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from akun.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("Token salah", "Token API tidak sah atau sudah dicabut."),
        ("Token a b", "Berikan token sebagai 'Authorization: Token <kunci>'."),
        ("Token", "Berikan token sebagai 'Authorization: Token <kunci>'."),
    ],
)
def test_a_bad_token_answers_401_with_www_authenticate(users, header, detail):
    response = Client(HTTP_AUTHORIZATION=header, HTTP_ACCEPT_LANGUAGE="id").get("/api/layers/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": detail}


def test_a_revoked_token_answers_401(users):
    token, key = ApiToken.issue(users["dinkes"], "Lama")
    token.revoke()
    response = Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/akun/tokens/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_a_good_token_authenticates(users):
    _token, key = ApiToken.issue(users["dinkes"], "QGIS")
    response = Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/akun/tokens/")
    assert response.status_code == 200 and [t["name"] for t in response.json()] == ["QGIS"]


def test_no_credentials_on_a_protected_endpoint_asks_for_a_token(users):
    response = Client().get("/api/akun/tokens/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_a_bad_token_is_recorded_without_reading_the_body(users):
    upload = {"file": SimpleUploadedFile("x.geojson", b"{}"), "opd": "dinkes", "password": "rahasia"}
    response = Client(HTTP_AUTHORIZATION="Token salah").post("/api/uploads/", upload)
    assert response.status_code == 401
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.path_info, attempt.post_data) == ("(api-token)", "/api/uploads/", "")
