"""The reaper: no job stays running for ever, none stays pending unseen.

A worker killed in the middle of a job (SIGKILL, out of memory, a host
restart) never finishes it: its row stays ``running`` and, with ``acks_late``
on the Redis broker, its message comes back only after the visibility timeout
(an hour). The job's work is one transaction, which PostgreSQL rolls back when
the worker's connection drops, so sending the job again is safe. ``reap_jobs``
does that for every job model (``core.jobs.Job`` subclasses):

- running, heartbeat older than JOB_STALE_AFTER_S, attempts left: back to
  pending and its task sent again;
- the same after JOB_MAX_ATTEMPTS claims: failed, with a message saying so;
- pending for longer than JOB_PENDING_RESEND_S (its message lost, e.g. Redis
  restarted without persistence): its task sent again. ``claim()`` makes a
  duplicate message harmless.

Every worker runs it every JOB_REAP_INTERVAL_S (``start_in_worker``), and
``manage.py reap_jobs`` runs it once, so a job is taken up again at most
JOB_STALE_AFTER_S + JOB_REAP_INTERVAL_S after its worker died, once a worker is back.
"""

import logging
import threading
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from .jobs import Job, JobStatus, stale_running

logger = logging.getLogger(__name__)


@dataclass
class Reaped:
    """What one pass did: the jobs (model label, pk) sent again, failed and re-sent while pending."""

    requeued: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    resent: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.requeued or self.failed or self.resent)


def job_models():
    """Every concrete job model with a task to run it."""
    return [model for model in apps.get_models() if issubclass(model, Job) and model.task_name]


def reap_jobs(now=None):
    """One pass over every job model (see the module docstring); returns a Reaped."""
    now = now or timezone.now()
    reaped = Reaped()
    for model in job_models():
        for job in model._default_manager.filter(stale_running(now)):
            _reap_stale(job, now, reaped)
        resend_before = now - timedelta(seconds=settings.JOB_PENDING_RESEND_S)
        for job in model._default_manager.filter(status=JobStatus.PENDING, updated_at__lt=resend_before):
            # updated_at moves on, so the job is sent at most once per JOB_PENDING_RESEND_S.
            if model._default_manager.filter(pk=job.pk, status=JobStatus.PENDING, updated_at=job.updated_at).update(
                updated_at=now
            ):
                _send(job)
                reaped.resent.append((model._meta.label_lower, job.pk))
    if reaped:
        logger.warning("Reaper: %s", reaped)
    return reaped


def _reap_stale(job, now, reaped):
    label = (job._meta.label_lower, job.pk)
    manager = type(job)._default_manager
    with transaction.atomic():
        # Locked and read again: the worker may have finished it meanwhile.
        job = manager.select_for_update(skip_locked=True).filter(stale_running(now), pk=job.pk).first()
        if job is None:
            return
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            with translation.override(job.language):
                message = _(
                    "The job was stopped %(n)d times because its worker stopped (restarted or out of "
                    "memory); nothing was saved. Start it again, or ask the administrator if it keeps failing."
                ) % {"n": job.attempts}
            job.finish(JobStatus.FAILED, message)
            reaped.failed.append(label)
            return
        manager.filter(pk=job.pk).update(status=JobStatus.PENDING, updated_at=now, heartbeat_at=None)
        transaction.on_commit(lambda: _send(job))
        reaped.requeued.append(label)


def _send(job):
    try:
        job.send()
    except OperationalError:  # the broker is down: the next pass tries again
        logger.warning("Reaper: job %s not sent, the broker does not answer", job.pk)


def start_in_worker(**_signal):
    """Run ``reap_jobs`` now and every JOB_REAP_INTERVAL_S in a daemon thread
    of this worker (connected to Celery's ``worker_ready``)."""
    thread = threading.Thread(target=_reap_forever, name="job-reaper", daemon=True)
    thread.start()
    return thread


def _reap_forever(stop=None):
    stop = stop or threading.Event()
    while True:
        try:
            close_old_connections()
            reap_jobs()
        except Exception:  # the database may be restarting; the next pass tries again
            logger.exception("Reaper pass failed")
        if stop.wait(settings.JOB_REAP_INTERVAL_S):
            return
