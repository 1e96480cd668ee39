"""Real Celery worker processes for the tests: on a private queue, using the
test database and the test session's upload and export directories."""

import os
import subprocess
import sys
import time

from django.conf import settings
from django.db import connection

from webgis.celery import app as celery_app

WORKER_START_S = 60


def worker_listens(queue):
    queues = celery_app.control.inspect(timeout=1).active_queues() or {}
    return any(q["name"] == queue for worker in queues.values() for q in worker)


def start_worker(queue, name=None, wait=True, **env):
    """A solo-pool worker process on ``queue`` (``env`` over the test's own
    environment), once it listens (unless not ``wait``: a solo worker busy with
    a task answers no control command); ``name`` tells several workers of one
    queue apart."""
    db = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "UPLOAD_ROOT": str(settings.UPLOAD_ROOT),
        "EXPORT_ROOT": str(settings.EXPORT_ROOT),
        **{key: str(value) for key, value in env.items()},
    }
    hostname = f"{name or queue}@%h"
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
            "--hostname",
            hostname,
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=settings.BASE_DIR,
        env=environment,
    )
    deadline = time.time() + WORKER_START_S
    while wait and not worker_listens(queue):
        if process.poll() is not None or time.time() > deadline:
            process.kill()
            raise RuntimeError("the Celery worker did not start")
        time.sleep(0.3)
    return process


def stop_worker(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
