"""Celery application: background imports and overlays run here, never in a request."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webgis.settings")

app = Celery("webgis")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
