import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from layers.models import Opd, UserProfile
from webgis.celery import app as celery_app


@pytest.fixture
def opd(db):
    call_command("load_opd", stdout=open(os.devnull, "w"))
    return {o.kode: o for o in Opd.objects.all()}


def make_user(username, opd=None, staff=False, superuser=False):
    user = User.objects.create_user(username, password="rahasia-uji-123", is_staff=staff, is_superuser=superuser)
    UserProfile.objects.create(user=user, opd=opd)
    return user


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


def _worker_listens(queue):
    queues = celery_app.control.inspect(timeout=1).active_queues() or {}
    return any(q["name"] == queue for worker in queues.values() for q in worker)


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real Celery worker process on a private queue, using the test database."""
    queue = f"websig-test-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "UPLOAD_ROOT": str(settings.UPLOAD_ROOT),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "webgis",
            "worker",
            "-Q",
            queue,
            "--pool",
            "solo",
            "--concurrency",
            "1",
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    deadline = time.time() + 60
    while not _worker_listens(queue):
        if process.poll() is not None or time.time() > deadline:
            raise RuntimeError("the Celery worker did not start")
        time.sleep(0.5)
    yield queue
    process.terminate()
    process.wait(timeout=30)
