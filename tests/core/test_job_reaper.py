"""The reaper (core.reaper) and the heartbeat: a job whose worker died is sent
again, then failed after JOB_MAX_ATTEMPTS claims; a pending job whose message
was lost is sent again. With a real worker killed mid-job in
tests/webgis/test_worker_faults.py."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.reaper import job_models, reap_jobs
from flood.models import RasterStatisticsJob, RasterUploadJob
from layers import tasks as layer_tasks
from layers.models import UploadJob
from tataruang import tasks as tataruang_tasks
from tataruang.models import ComplianceRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    """The tasks sent, as (task name, args), instead of the broker."""
    sent = []
    for task in (layer_tasks.import_upload, tataruang_tasks.compute_compliance):
        monkeypatch.setattr(task, "apply_async", lambda args, queue, task=task: sent.append((task.name, args)))
    return sent


@pytest.fixture
def job(opd):
    return UploadJob.objects.create(original_name="persil.zip", title="Persil", opd=opd["dtrb"])


def age(job, seconds, **fields):
    """Make the job's heartbeat and last update ``seconds`` old (update() skips auto_now)."""
    then = timezone.now() - timedelta(seconds=seconds)
    UploadJob.objects.filter(pk=job.pk).update(heartbeat_at=then, updated_at=then, **fields)


def test_every_job_model_is_reaped():
    assert set(job_models()) == {UploadJob, ComplianceRun, RasterUploadJob, RasterStatisticsJob}


def test_a_running_job_whose_worker_died_is_sent_again(job, sent, django_capture_on_commit_callbacks):
    assert job.claim() and job.attempts == 1
    age(job, 61)  # JOB_STALE_AFTER_S = 60
    with django_capture_on_commit_callbacks(execute=True):
        reaped = reap_jobs()
    assert reaped.requeued == [("layers.uploadjob", job.pk)] and not reaped.failed
    job.refresh_from_db()
    assert job.status == "pending" and job.attempts == 1 and job.heartbeat_at is None
    assert sent == [("layers.import_upload", (str(job.pk),))]
    # The second delivery claims it: attempt 2.
    assert job.claim() and job.attempts == 2


def test_a_job_is_failed_with_a_message_after_its_last_attempt(job, sent):
    job.language = "id"
    job.save()
    age(job, 120, status="running", attempts=2)  # JOB_MAX_ATTEMPTS = 2
    reaped = reap_jobs()
    assert reaped.failed == [("layers.uploadjob", job.pk)] and sent == []
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None and job.progress == 100
    assert job.message.startswith("Pekerjaan ini terhenti 2 kali karena proses pekerjanya berhenti")
    assert "tidak ada yang disimpan" in job.message


def test_a_live_job_is_left_alone(job, sent):
    job.claim()
    age(job, 30)  # beating 30 s ago: alive
    assert not reap_jobs() and sent == []
    job.refresh_from_db()
    assert job.status == "running"
    # ... and a second delivery of its task does not claim it.
    assert not UploadJob.objects.get(pk=job.pk).claim()


def test_a_stale_claim_is_taken_over_while_attempts_are_left(job):
    job.claim()
    age(job, 61)
    again = UploadJob.objects.get(pk=job.pk)
    assert again.claim() and again.attempts == 2 and again.status == "running"
    age(job, 61)
    assert not UploadJob.objects.get(pk=job.pk).claim()  # attempts used up: the reaper fails it


def test_a_pending_job_whose_message_was_lost_is_sent_again_once(
    job, sent, settings, django_capture_on_commit_callbacks
):
    age(job, settings.JOB_PENDING_RESEND_S + 1)
    with django_capture_on_commit_callbacks(execute=True):
        reaped = reap_jobs()
    assert reaped.resent == [("layers.uploadjob", job.pk)]
    assert sent == [("layers.import_upload", (str(job.pk),))]
    assert not reap_jobs() and len(sent) == 1  # updated_at moved on
    job.refresh_from_db()
    assert job.status == "pending"


def test_reap_jobs_command_says_what_it_did(job, sent, capsys):
    job.claim()
    age(job, 61)
    call_command("reap_jobs")
    out = capsys.readouterr().out
    assert f"requeued: layers.uploadjob {job.pk}" in out and "1 sent again, 0 failed" in out


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_beats_while_the_job_runs(opd, settings):
    settings.JOB_HEARTBEAT_S = 0.1
    job = UploadJob.objects.create(original_name="persil.zip", title="Persil", opd=opd["dtrb"])
    job.claim()
    first = job.heartbeat_at
    with job.heartbeat():
        time.sleep(0.5)
        job.refresh_from_db()
        # Written by the heartbeat thread on its own connection while this one waits.
        assert job.heartbeat_at > first
    beat = UploadJob.objects.get(pk=job.pk).heartbeat_at
    time.sleep(0.3)
    assert UploadJob.objects.get(pk=job.pk).heartbeat_at == beat  # stopped with the block
