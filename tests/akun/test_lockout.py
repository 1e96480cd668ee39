"""Login lockout (django-axes): every login path counts failures of one
username from one address; LOGIN_FAILURE_LIMIT (10) of them lock that pair for
LOGIN_LOCKOUT_MINUTES (15), even for the right password, and log the lockout.
Another address, or another username, stays free."""

import hashlib
import logging
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.test import Client

from akun.models import ApiToken
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.7"
COLLEAGUE = "198.51.100.8"
LOCKOUT_S = 15 * 60


def admin_login(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password, "next": "/admin/"})


def assert_locked_page(response):
    assert response.status_code == 429
    # The failure that locked (or the last try) just happened: the whole 15 minutes remain.
    assert LOCKOUT_S - 5 <= int(response["Retry-After"]) <= LOCKOUT_S
    html = response.content.decode()
    assert "Terkunci sementara" in html
    assert "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit." in html
    assert 'class="masuk__kartu"' in html  # the site's page, not axes' plain text


def test_admin_login_locks_after_ten_failures_even_for_the_right_password(users, caplog):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    with caplog.at_level(logging.WARNING, logger="akun.lockout"):
        codes = [admin_login(attacker, "admin-uji", f"salah-{n}").status_code for n in range(15)]
        right = admin_login(attacker, "admin-uji", PASSWORD)
    # Nine refusals by the form (200), the tenth failure locks (429) and the lock holds.
    assert codes == [200] * 9 + [429] * 6
    assert_locked_page(right)
    assert "_auth_user_id" not in attacker.session
    # The pair is one record of 16 failures (the right password while locked counts too).
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("admin-uji", ATTACKER, 16)
    lockouts = [r for r in caplog.records if r.name == "akun.lockout"]
    assert len(lockouts) == 7  # failures 10 to 16
    assert lockouts[0].levelname == "WARNING"
    assert lockouts[0].getMessage() == f"login locked out: username='admin-uji' ip={ATTACKER} path=/admin/login/"


def test_a_lockout_does_not_reach_a_colleague_at_another_address_or_another_user(users):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for n in range(10):
        admin_login(attacker, "admin-uji", f"salah-{n}")
    assert admin_login(attacker, "admin-uji", PASSWORD).status_code == 429
    colleague = Client(REMOTE_ADDR=COLLEAGUE)
    response = admin_login(colleague, "admin-uji", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    # Another username from the attacker's address is not locked either.
    response = Client(REMOTE_ADDR=ATTACKER).post("/masuk/", {"username": "operator-dinkes", "password": PASSWORD})
    assert response.status_code == 302


def test_masuk_page_locks_and_shows_the_lockout_page(users):
    client = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(9):
        response = client.post("/masuk/", {"username": "operator-dinkes", "password": "salah"})
        assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert_locked_page(client.post("/masuk/", {"username": "operator-dinkes", "password": "salah"}))
    assert_locked_page(client.post("/masuk/", {"username": "operator-dinkes", "password": PASSWORD}))
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(users):
    client = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(9):
        client.post("/masuk/", {"username": "operator-dinkes", "password": "salah"})
    assert client.post("/masuk/", {"username": "operator-dinkes", "password": PASSWORD}).status_code == 302
    assert AccessAttempt.objects.count() == 0  # AXES_RESET_ON_SUCCESS
    client.post("/keluar/")
    assert client.post("/masuk/", {"username": "operator-dinkes", "password": "salah"}).status_code == 200


def test_lockout_uses_the_configured_client_address_header(users, settings):
    # Behind nginx every request comes from nginx's address; X-Real-IP names the client.
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    behind_proxy = Client(REMOTE_ADDR="172.18.0.5", HTTP_X_REAL_IP=ATTACKER)
    for _ in range(10):
        behind_proxy.post("/masuk/", {"username": "operator-dinkes", "password": "salah"})
    assert AccessAttempt.objects.get().ip_address == ATTACKER
    colleague = Client(REMOTE_ADDR="172.18.0.5", HTTP_X_REAL_IP=COLLEAGUE)
    assert colleague.post("/masuk/", {"username": "operator-dinkes", "password": PASSWORD}).status_code == 302
    # X-Forwarded-For is client-written and not read.
    spoofed = Client(REMOTE_ADDR="172.18.0.5", HTTP_X_REAL_IP=ATTACKER, HTTP_X_FORWARDED_FOR=COLLEAGUE)
    assert spoofed.post("/masuk/", {"username": "operator-dinkes", "password": PASSWORD}).status_code == 429


def test_bad_tokens_lock_the_address_out_of_token_use_only(users):
    _token, key = ApiToken.issue(users["dinkes"], "QGIS")
    guesser = Client(REMOTE_ADDR=ATTACKER, HTTP_AUTHORIZATION="Token salah")
    responses = [guesser.get("/api/layers/") for _ in range(10)]
    assert [r.status_code for r in responses] == [401] * 9 + [429]
    locked = responses[-1]
    assert locked.json() == {"detail": "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit."}
    assert LOCKOUT_S - 5 <= int(locked["Retry-After"]) <= LOCKOUT_S
    # Further guesses stay refused with 429 ...
    assert guesser.get("/api/layers/").status_code == 429
    # ... but a valid token works, from that address (a colleague behind the same
    # office NAT) and from another; the user's password login is not locked.
    assert Client(REMOTE_ADDR=ATTACKER, HTTP_AUTHORIZATION=f"Token {key}").get("/api/layers/").status_code == 200
    assert Client(REMOTE_ADDR=COLLEAGUE, HTTP_AUTHORIZATION=f"Token {key}").get("/api/layers/").status_code == 200
    login = Client(REMOTE_ADDR=ATTACKER).post("/masuk/", {"username": "operator-dinkes", "password": PASSWORD})
    assert login.status_code == 302
    assert AccessAttempt.objects.get().username == "(api-token)"


@pytest.fixture
def reset_rate(settings, users):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_RESET_RATE = "2/hour"
    users["dinkes"].email = "dinkes@example.org"
    users["dinkes"].save()
    # The counters live in Redis and outlast a test: start from zero.
    emails = ["dinkes@example.org", *(f"orang-{n}@example.org" for n in range(3))]
    cache.delete_many(
        [f"password-reset:ip:{address}" for address in (ATTACKER, COLLEAGUE, "198.51.100.9")]
        + [f"password-reset:email:{hashlib.sha256(email.encode()).hexdigest()}" for email in emails]
    )


def test_password_reset_requests_are_limited_per_address(reset_rate):
    client = Client(REMOTE_ADDR=ATTACKER)
    codes = [client.post("/akun/reset/", {"email": f"orang-{n}@example.org"}).status_code for n in range(3)]
    assert codes == [302, 302, 429]
    refused = client.post("/akun/reset/", {"email": "dinkes@example.org"})
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert "Terlalu banyak permintaan atur ulang kata sandi. Coba lagi dalam 60 menit." in refused.content.decode()
    assert mail.outbox == []  # the refused request for a real address sent nothing


def test_password_reset_requests_are_limited_per_email(reset_rate):
    codes = [
        Client(REMOTE_ADDR=address).post("/akun/reset/", {"email": "dinkes@example.org"}).status_code
        for address in (ATTACKER, COLLEAGUE, "198.51.100.9")
    ]
    assert codes == [302, 302, 429]
    assert len(mail.outbox) == 2
    assert all(re.search(r"/akun/reset/\S+/", m.body) for m in mail.outbox)


def test_a_username_longer_than_axes_stores_is_a_failed_login_not_a_500(users):
    """Axes keeps the tried username in 255 characters; a longer one is counted cut to that."""
    from axes.models import AccessAttempt

    client = Client(REMOTE_ADDR=ATTACKER)
    long_name = "a" * 5000
    for path in ("/masuk/", "/admin/login/?next=/admin/"):
        response = client.post(path, {"username": long_name, "password": "salah"})
        assert response.status_code == 200
    attempt = AccessAttempt.objects.get(ip_address=ATTACKER)
    assert attempt.username == "a" * 255 and attempt.failures_since_start == 2
