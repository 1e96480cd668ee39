"""PostgreSQL restarted under the running app: gunicorn keeps its connection
(CONN_MAX_AGE) and checks it before each request (CONN_HEALTH_CHECKS), so the
first request after the restart succeeds. Against a throwaway cluster holding
the test database's schema; the shared cluster on 5499 is never restarted."""

import os
import subprocess
import sys

import pytest
import requests
from django.conf import settings
from django.db import connection

from tests.services import PostgresCluster, free_port, wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster():
    cluster = PostgresCluster()
    db = connection.settings_dict
    schema = subprocess.run(
        [
            "pg_dump",
            "-h",
            db["HOST"],
            "-p",
            str(db["PORT"]),
            "-U",
            db["USER"],
            "-s",
            "-N",
            "websig_test_cache",
            db["NAME"],
        ],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(
        ["psql", "-q", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-d", cluster.name],
        input=schema,
        check=True,
        capture_output=True,
    )
    yield cluster
    cluster.stop()


@pytest.fixture
def app_server(cluster):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": cluster.url(), "CONN_MAX_AGE": "60"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "webgis.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    # The first request loads the whole app (GDAL, PROJ): slow on a busy machine.
    wait_for(
        lambda: requests.get(f"{url}/api/layers/", timeout=15).ok,
        timeout=60,
        what="gunicorn up",
        refused=(requests.ConnectionError, requests.Timeout),
    )
    yield url
    process.terminate()
    process.wait(timeout=30)


def test_the_first_request_after_a_restart_succeeds(cluster, app_server):
    session = requests.Session()
    # One worker, so the same persistent connection serves every request.
    assert [session.get(f"{app_server}/api/layers/", timeout=15).status_code for _ in range(3)] == [200] * 3
    with cluster.connect("postgres") as conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [cluster.name])
        assert cursor.fetchone()[0] == 1  # the app's kept connection
    conn.close()
    cluster.restart()  # -m fast: every connection is cut
    answers = [session.get(f"{app_server}/api/layers/", timeout=15) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200] * 3
    assert answers[0].json() == session.get(f"{app_server}/api/layers/", timeout=15).json()
