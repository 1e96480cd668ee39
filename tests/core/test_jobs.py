"""The job framework (core.jobs): claim, progress, finish and enqueue by task name.

The jobs themselves are proven end to end with a real Celery worker in
tests/layers/test_upload_api.py and tests/tataruang/test_api.py; these tests pin
the framework's rules on one UploadJob row."""

import ast
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from kombu.exceptions import OperationalError

from core.jobs import enqueue, progress_key
from core.serializers import JOB_STATUS_FIELDS
from layers import services
from layers.models import UploadJob
from tataruang.models import ComplianceRun
from webgis.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(opd):
    return UploadJob.objects.create(original_name="faskes.geojson", title="Faskes", opd=opd["dinkes"])


def test_a_job_is_claimed_once(job):
    assert job.claim() and job.status == "running"
    # The same job read by a second delivery of its task: not pending any more.
    again = UploadJob.objects.get(pk=job.pk)
    assert again.status == "running" and not again.claim()
    # The import service then leaves it alone: no message, no progress change.
    assert services.run_upload(job.pk).messages == [] and cache.get(progress_key(job)) is None


def test_progress_has_one_key_and_is_read_from_the_cache_while_running(job, client_for):
    assert progress_key(job) == f"job-progress:layers.uploadjob:{job.pk}"
    assert progress_key(ComplianceRun(pk=7)) == "job-progress:tataruang.compliancerun:7"
    job.set_progress(40)
    assert cache.get(progress_key(job)) == 40
    assert job.current_progress() == 0  # still pending: the stored field
    job.claim()
    assert job.current_progress() == 40
    body = client_for("dinkes").get(f"/api/uploads/{job.pk}/").json()
    assert body["status"] == "running" and body["progress"] == 40
    assert set(JOB_STATUS_FIELDS) <= set(body)
    cache.delete(progress_key(job))


def test_finish_adds_the_notes_then_the_message(job):
    job.messages = ["received"]
    job.claim()
    job.set_progress(60)
    job.finish(UploadJob.Status.FAILED, "broken", notes=["note 1", "note 2"])
    job.refresh_from_db()
    assert job.status == "failed" and job.progress == 100 and job.finished_at is not None
    assert job.messages == ["received", "note 1", "note 2", "broken"] and job.message == "broken"
    assert cache.get(progress_key(job)) is None and job.current_progress() == 100
    job.finish(UploadJob.Status.SUCCEEDED)  # no message: none added
    assert job.messages == ["received", "note 1", "note 2", "broken"]


def test_enqueue_sends_by_name_after_commit_on_the_queue_of_that_moment(
    monkeypatch, settings, django_capture_on_commit_callbacks
):
    from layers import tasks

    sent = []
    monkeypatch.setattr(tasks.import_upload, "apply_async", lambda args, queue: sent.append(("task", args, queue)))
    monkeypatch.setattr(celery_app, "send_task", lambda name, args, queue: sent.append((name, args, queue)))
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("layers.import_upload", "job-1")
        enqueue("flood.zonal_statistics", 3, 4)  # not loaded in this process: sent by name
        settings.CELERY_TASK_DEFAULT_QUEUE = "websig-later"
        assert sent == []  # nothing before the commit
    assert sent == [("task", ("job-1",), "websig-later"), ("flood.zonal_statistics", (3, 4), "websig-later")]


def test_enqueue_without_a_broker(monkeypatch, django_capture_on_commit_callbacks):
    def broker_down(name, args, queue):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(celery_app, "send_task", broker_down)
    noticed = []
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("flood.zonal_statistics", 3, if_broker_down=lambda: noticed.append(3))
    assert noticed == [3]
    with pytest.raises(OperationalError), django_capture_on_commit_callbacks(execute=True):
        enqueue("flood.zonal_statistics", 4)


@pytest.mark.parametrize("module", ["layers/services.py", "tataruang/compliance.py"])
def test_services_do_not_import_their_tasks(module):
    """Tasks import services; services queue tasks by name (no import cycle)."""
    imported = []
    for node in ast.walk(ast.parse((Path(django_settings.BASE_DIR) / module).read_text())):
        if isinstance(node, ast.ImportFrom):
            imported += [node.module or "", *(alias.name for alias in node.names)]
        elif isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
    assert imported and not [name for name in imported if name.split(".")[-1] == "tasks"]
