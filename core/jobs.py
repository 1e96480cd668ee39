"""One job framework for the work a Celery worker does for a request: an upload's
import, a compliance run, and later flood's raster import and zonal statistics.

A job is a row (``Job`` below, made concrete by each app) holding the outcome:
status, messages, questions. The request creates the row and queues the task with
``enqueue()`` by its name, so a service never imports its tasks module (the
tasks call the services). The worker ``claim()``s the row, keeps its
``heartbeat()`` beating while it works, reports ``set_progress()`` and ends with
``finish()``.

A worker that dies (SIGKILL, out of memory, a restart) leaves its job
``running`` with a heartbeat that stops; ``core.reaper`` sends such a job again
(or fails it after ``JOB_MAX_ATTEMPTS``), so no job stays running for ever. The
work of a job is one transaction, so a dead attempt leaves nothing behind.
"""

import logging
import threading
from contextlib import contextmanager
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# A job's progress outlives it in the cache for at most a day; finish() deletes it.
PROGRESS_TTL_S = 24 * 3600


class JobStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")
    # Waiting for the user's answer to ``questions`` (e.g. the CRS of a file).
    NEEDS_INPUT = "needs_input", _("needs input")


def progress_key(job):
    """The one cache key of a job's progress: its model and primary key."""
    return f"job-progress:{job._meta.label_lower}:{job.pk}"


class Job(models.Model):
    """A background job: ``status``, ``progress`` (percent, 0-100), ``messages``
    (texts for the user, oldest first, in ``language``) and ``questions`` (what a
    ``needs_input`` job asks: {key: [choices]}), with its user and timestamps."""

    Status = JobStatus

    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    messages = models.JSONField(default=list)
    questions = models.JSONField(default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=10, default="id")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Set by the worker every JOB_HEARTBEAT_S while it runs the job; a running
    # job whose heartbeat is older than JOB_STALE_AFTER_S lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # How many times a worker claimed the job (at most JOB_MAX_ATTEMPTS).
    attempts = models.PositiveSmallIntegerField(default=0)

    # The Celery task that runs a job of this model, with str(pk) as argument.
    task_name = None

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def message(self):
        """The latest message ('' when there is none): the outcome of a finished job."""
        return self.messages[-1] if self.messages else ""

    def claim(self):
        """Move the job to running in one UPDATE: from pending, or from a
        running whose worker died (heartbeat older than JOB_STALE_AFTER_S) while
        attempts are left. True for the one caller that did it; False when the
        job is finished or alive elsewhere (a task redelivered, acks_late),
        and that caller must then do nothing."""
        now = timezone.now()
        claimable = Q(status=JobStatus.PENDING) | (stale_running(now) & Q(attempts__lt=settings.JOB_MAX_ATTEMPTS))
        claimed = (
            type(self)
            ._default_manager.filter(claimable, pk=self.pk)
            .update(status=JobStatus.RUNNING, updated_at=now, heartbeat_at=now, attempts=F("attempts") + 1)
        )
        if claimed:
            self.refresh_from_db(fields=["status", "updated_at", "heartbeat_at", "attempts"])
        return bool(claimed)

    @contextmanager
    def heartbeat(self):
        """While the block runs, a thread stamps ``heartbeat_at`` every
        JOB_HEARTBEAT_S on its own connection (autocommit, so it is seen while
        the job's transaction is open)."""
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(stop,), name=f"heartbeat-{self.pk}", daemon=True)
        beat.start()
        try:
            yield
        finally:
            stop.set()
            beat.join()

    def _beat(self, stop):
        manager = type(self)._default_manager
        try:
            while not stop.wait(settings.JOB_HEARTBEAT_S):
                try:
                    manager.filter(pk=self.pk, status=JobStatus.RUNNING).update(heartbeat_at=timezone.now())
                except Exception:  # a lost database connection; the next beat opens a new one
                    logger.warning("Heartbeat of job %s not written", self.pk, exc_info=True)
                    close_old_connections()
        finally:
            connection.close()

    def send(self, if_broker_down=None):
        """Queue this job's task (``task_name``, with str(pk)) once the current
        transaction commits; ``if_broker_down`` as for ``enqueue``."""
        enqueue(self.task_name, str(self.pk), if_broker_down=if_broker_down)

    def set_progress(self, percent):
        """Report progress (percent). It goes to the cache: the job's own
        transaction hides its database writes from the web process."""
        cache.set(progress_key(self), percent, PROGRESS_TTL_S)

    def current_progress(self):
        """Progress (percent) as the user should see it: the cache while the
        job runs, else the stored field."""
        if self.status == JobStatus.RUNNING:
            return cache.get(progress_key(self), self.progress)
        return self.progress

    def finish(self, status, message=None, notes=()):
        """End the job with ``status``: the notes, then the message (unless None),
        are added to the messages; progress 100; the row is saved."""
        self.status = status
        self.progress = 100
        self.messages = [*self.messages, *notes, *([] if message is None else [message])]
        self.finished_at = timezone.now()
        self.save()
        cache.delete(progress_key(self))


def stale_running(now=None):
    """The filter of running jobs whose worker stopped beating: heartbeat (or,
    for a job claimed before heartbeats existed, last update) older than
    JOB_STALE_AFTER_S."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.JOB_STALE_AFTER_S)
    return Q(status=JobStatus.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, updated_at__lt=cutoff)
    )


def enqueue(task_name, *args, if_broker_down=None):
    """Send the Celery task named ``task_name`` with ``args`` once the current
    transaction commits (at once outside one), so the worker finds the rows the
    request wrote. The queue is read at send time, so a test session can use a
    private one. When the broker does not answer, ``if_broker_down()`` is called
    if given; else the error (kombu OperationalError) goes to the caller."""
    transaction.on_commit(lambda: _send(task_name, args, if_broker_down))


def _send(task_name, args, if_broker_down):
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    # The registered task when this process has loaded it (its own routing and
    # options apply; tests replace its apply_async), else a message by name.
    task = current_app.tasks.get(task_name)
    try:
        if task is None:
            current_app.send_task(task_name, args, queue=queue)
        else:
            task.apply_async(args, queue=queue)
    except OperationalError:
        if if_broker_down is None:
            raise
        if_broker_down()
