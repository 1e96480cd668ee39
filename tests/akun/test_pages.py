"""The account pages without a browser: logging in and out (the header then
names the user, OPD and role), the profile with its API tokens, and changing or
resetting a password; user-typed values stay text."""

import re

import pytest
from django.core import mail
from django.http import HttpRequest

from akun.models import ApiToken
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOSTILE = "<img src=x onerror=alert(1)>"


def test_login_page_and_header(browser_for, users):
    anonymous = browser_for()
    html = anonymous.get("/masuk/").content.decode()
    assert 'name="username"' in html and 'name="password"' in html and "csrfmiddlewaretoken" in html
    assert "Masuk ke WebSIG Tata Ruang" in html
    response = anonymous.post("/masuk/", {"username": "operator-dinkes", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    header = anonymous.get("/tentang/").content.decode()
    assert "operator-dinkes" in header and "Dinkes · Operator OPD" in header
    assert 'action="/keluar/" method="post"' in header
    assert 'href="/unggah/"' in header and 'href="/review/"' not in header
    logged_out = anonymous.post("/keluar/")
    assert logged_out.status_code == 302
    html = anonymous.get("/tentang/").content.decode()
    assert 'href="/masuk/?next=/tentang/"' in html and 'href="/unggah/"' not in html


def test_wrong_password_is_refused_with_a_message(browser_for, users):
    response = browser_for().post("/masuk/", {"username": "operator-dinkes", "password": "salah"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_profile_shows_role_and_tokens(browser_for, users):
    ApiToken.issue(users["dinkes"], HOSTILE)
    revoked, _key = ApiToken.issue(users["dinkes"], "Lama")
    revoked.revoke()
    html = browser_for("dinkes").get("/akun/profil/").content.decode()
    assert '<dd data-fakta="username">operator-dinkes</dd>' in html
    assert "Operator OPD" in html and "Dinkes" in html
    assert 'href="/akun/kata-sandi/"' in html
    assert 'data-api-tokens="/api/akun/tokens/"' in html and 'data-api-token="/api/akun/tokens/{id}/"' in html
    assert html.count("<tr data-token=") == 2
    assert HOSTILE not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "token-status--dicabut" in html and html.count("data-cabut=") == 1
    assert "Authorization: Token" in html and "QGIS" in html
    planner = browser_for("dtrb").get("/akun/profil/").content.decode()
    assert "Perencana DTRB" in planner and "Anda belum memiliki token API." in planner


def test_password_change_page_in_site_style(browser_for, users):
    client = browser_for("dinkes")
    html = client.get("/akun/kata-sandi/").content.decode()
    assert 'class="masuk__kartu"' in html and 'name="old_password"' in html and 'name="new_password2"' in html
    response = client.post(
        "/akun/kata-sandi/",
        {"old_password": "rahasia-uji-123", "new_password1": "Tata-Ruang-2026!", "new_password2": "Tata-Ruang-2026!"},
    )
    assert response.status_code == 302 and response["Location"] == "/akun/kata-sandi/selesai/"
    assert "Kata sandi diubah" in client.get(response["Location"]).content.decode()


def test_password_reset_sends_a_mail_with_a_working_link(browser_for, users, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    users["dinkes"].email = "dinkes@example.org"
    users["dinkes"].save()
    client = browser_for()
    form = client.get("/akun/reset/").content.decode()
    assert 'type="email"' in form and 'class="masuk__kartu"' in form
    response = client.post("/akun/reset/", {"email": "dinkes@example.org"})
    assert response["Location"] == "/akun/reset/terkirim/"
    assert "Periksa e-mail Anda" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dinkes@example.org"] and "\n" not in message.subject
    assert "operator-dinkes" in message.body
    link = re.search(r"http://testserver(/akun/reset/\S+/)", message.body).group(1)
    confirm = client.get(link, follow=True)
    assert 'name="new_password1"' in confirm.content.decode()
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": "Tata-Ruang-2026!", "new_password2": "Tata-Ruang-2026!"},
    )
    assert done["Location"] == "/akun/reset/selesai/"
    # Axes needs the request a login comes with.
    assert client.login(request=HttpRequest(), username="operator-dinkes", password="Tata-Ruang-2026!")


def test_password_reset_for_unknown_address_sends_nothing(browser_for, users, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = browser_for().post("/akun/reset/", {"email": "tidak-ada@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
