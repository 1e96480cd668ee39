"""Celery application: background imports and overlays run here, never in a request."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webgis.settings")

app = Celery("webgis")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def start_job_reaper(**_signal):
    """Every worker sends stale jobs again (core.reaper), so none stays running for ever."""
    from core.reaper import start_in_worker

    start_in_worker()
