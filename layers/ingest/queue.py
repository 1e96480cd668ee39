"""The life of an upload job before its worker runs, shared by every upload
kind (vector layers, hazard rasters): store the file, inspect it, then ask,
refuse or queue.

A job here is a core.jobs.Job with ``directory`` and ``upload_path`` (under
settings.UPLOAD_ROOT, outside the web root).
"""

import logging
import shutil

from django.utils.translation import gettext as _

from core.errors import Unavailable

from .errors import ImportRefused, NeedsInput

logger = logging.getLogger(__name__)


def store_file(job, uploaded_file):
    """Write ``uploaded_file`` (a Django UploadedFile) to ``job.upload_path``, in
    chunks, in a new directory of the job (refused if it exists: ids are random)."""
    job.directory.mkdir(parents=True, exist_ok=False)
    with open(job.upload_path, "wb") as sink:
        for chunk in uploaded_file.chunks():
            sink.write(chunk)


def inspect_and_queue(job, inspect, received):
    """Run ``inspect()`` on the stored file and move ``job`` on: ``needs_input``
    with its questions when inspect raises NeedsInput; when it raises
    ImportRefused, a new job's files are deleted (nothing was saved) and the
    refusal goes up; else ``pending``, with ``received(result)`` as its message,
    and sent to the worker. Returns the job."""
    try:
        result = inspect()
    except NeedsInput as question:
        job.status = job.Status.NEEDS_INPUT
        job.questions = question.questions
        job.messages = [question.message]
        job.save()
        return job
    except ImportRefused:
        if job._state.adding:
            shutil.rmtree(job.directory, ignore_errors=True)
        raise
    job.status = job.Status.PENDING
    job.questions = {}
    job.progress = 0
    job.messages = [received(result)]
    new = job._state.adding
    job.save()
    job.send(if_broker_down=lambda: _broker_down(job, new))
    return job


def _broker_down(job, new):
    """Without a broker the import cannot run: a new upload is not kept (503);
    an answered one stays pending and core.reaper sends it once the broker is back."""
    logger.warning("%s %s not queued: the broker does not answer", type(job).__name__, job.pk)
    if not new:
        return
    type(job).objects.filter(pk=job.pk).delete()
    shutil.rmtree(job.directory, ignore_errors=True)
    raise Unavailable(_("The import service is unavailable right now; nothing was saved. Try again in a few minutes."))
