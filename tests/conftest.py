"""Shared fixtures: a real PostGIS test database holding the real Tangerang boundaries."""

import os
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from akun.models import Opd
from tests.factories import make_user
from tests.pages import browser_for, compiled_translations, source_static_files  # noqa: F401 (fixtures)
from tests.workers import start_worker, stop_worker
from wilayah.models import Desa

# Transactional tests (live server, Celery worker) truncate every table when
# they end; a copy of the loaded boundaries in this schema puts them back in
# milliseconds instead of re-running the 4 s dissolve.
CACHE_SCHEMA = "websig_test_cache"
WILAYAH_TABLES = [
    "wilayah_kabupaten",
    "wilayah_kecamatan",
    "wilayah_desa",
    "wilayah_desapiece",
    "wilayah_kabupatenpiece",
]


def _loaded_as_now(schema="public"):
    """Whether ``schema`` holds the 274 desa as the loader writes them now: a
    coverage (the kabupaten's area is its desa's sum), not a kept test database
    from before the loader made one."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM {schema}.wilayah_desa), "
            f"(SELECT sum(luas_ukur_ha) FROM {schema}.wilayah_desa) - "
            f"(SELECT sum(luas_ukur_ha) FROM {schema}.wilayah_kabupaten)"
        )
        count, excess_ha = cursor.fetchone()
    return count == 274 and abs(excess_ha) < 0.01


def ensure_wilayah_loaded():
    if Desa.objects.count() == 274 and _loaded_as_now():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", [CACHE_SCHEMA])
        if cursor.fetchone() and Desa.objects.count() == 0 and _loaded_as_now(CACHE_SCHEMA):
            for table in WILAYAH_TABLES:
                cursor.execute(f"INSERT INTO {table} SELECT * FROM {CACHE_SCHEMA}.{table}")
            return
    call_command("load_wilayah", stdout=open(os.devnull, "w"))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {CACHE_SCHEMA} CASCADE; CREATE SCHEMA {CACHE_SCHEMA}")
        for table in WILAYAH_TABLES:
            cursor.execute(f"CREATE TABLE {CACHE_SCHEMA}.{table} AS SELECT * FROM {table}")


@pytest.fixture(scope="session", autouse=True)
def test_settings(tmp_path_factory):
    """Uploads and download files of the test session go to temporary
    directories; a fast password hasher keeps user-heavy tests quick."""
    settings.UPLOAD_ROOT = tmp_path_factory.mktemp("uploads")
    settings.EXPORT_ROOT = tmp_path_factory.mktemp("exports")
    settings.FLOOD_ZONAL_CACHE_ROOT = tmp_path_factory.mktemp("flood-zonal")
    settings.ROADMAP_DOCUMENT_ROOT = tmp_path_factory.mktemp("peta-jalan")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Per-address rates count in Redis across tests (all from 127.0.0.1);
    # tests/webgis/test_throttles.py and tests/akun/ set low rates themselves.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "kkpr": "100000/minute",
            "kkpr_pdf": "100000/minute",
            "download": "100000/minute",
        },
    }
    settings.PASSWORD_RESET_RATE = "100000/hour"
    return settings


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the 274 desa once per session into the test database."""
    with django_db_blocker.unblock():
        ensure_wilayah_loaded()


@pytest.fixture
def wilayah(db):
    """The real boundaries, present for tests that use the ``db`` fixture."""
    ensure_wilayah_loaded()


@pytest.fixture
def wilayah_live(transactional_db):
    """The real boundaries for tests against a live server or the Celery worker."""
    ensure_wilayah_loaded()


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real Celery worker process on a private queue, using the test database."""
    queue = f"websig-test-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    process = start_worker(queue)
    yield queue
    stop_worker(process)


@pytest.fixture
def opd(wilayah):
    call_command("load_opd", stdout=open(os.devnull, "w"))
    return {o.kode: o for o in Opd.objects.all()}


@pytest.fixture
def users(opd):
    return {
        "dinkes": make_user("operator-dinkes", opd["dinkes"]),
        "bpbd": make_user("operator-bpbd", opd["bpbd"]),
        "dtrb": make_user("perencana-dtrb", opd["dtrb"], staff=True),
        "admin": make_user("admin-uji", superuser=True, staff=True),
    }


@pytest.fixture
def client_for(users):
    def build(role=None):
        client = APIClient()
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
        if role:
            client.force_authenticate(users[role])
        return client

    return build
