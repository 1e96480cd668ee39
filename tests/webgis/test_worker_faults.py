"""A real Celery worker SIGKILLed in the middle of a job: a 100,000-feature
import and a compliance run. Nothing partial is left, and once a new worker is
up the job is taken over (core.reaper) and ends within the bound:
JOB_STALE_AFTER_S + JOB_REAP_INTERVAL_S, here shortened to seconds; a job whose
worker dies on each of its JOB_MAX_ATTEMPTS fails with a message."""

import signal
import time
import uuid
import zipfile
from contextlib import contextmanager

import psycopg2
import pytest
from django.core.cache import cache
from django.core.files import File
from django.db import connection

from akun.models import Opd
from core.jobs import progress_key
from layers import services
from layers.bench import write_parcels_shapefile
from layers.models import Feature, Layer, LayerVersion, UploadJob
from tataruang import compliance
from tataruang.models import ComplianceResult, ComplianceRun
from tests.services import wait_for
from tests.tataruang import conftest as tataruang_fixtures
from tests.workers import start_worker, stop_worker

pytestmark = pytest.mark.django_db(transaction=True)
# The committed half-and-half inputs and their planner (fixture half_and_half_live).
half_and_half = tataruang_fixtures.half_and_half_live

FEATURES = 100_000
# The settings of both workers: beat every 0.5 s, stale after 3 s, reap every second.
FAST_FAULTS = {"JOB_HEARTBEAT_S": 0.5, "JOB_STALE_AFTER_S": 3, "JOB_REAP_INTERVAL_S": 1}
# After the new worker is up, the job is claimed again within stale + reap
# interval (4 s) plus the reaper's first pass; 10 s leaves room for a slow machine.
TAKEOVER_S = 10


@pytest.fixture
def queue(settings):
    name = f"websig-faults-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = name
    return name


@pytest.fixture
def workers():
    started = []
    yield lambda queue, name, wait=True: started.append(start_worker(queue, name, wait, **FAST_FAULTS)) or started[-1]
    for process in started:
        stop_worker(process)


def kill(process):
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def parcels_zip(directory):
    write_parcels_shapefile(directory / "persil.shp", FEATURES)
    archive = directory / "persil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in directory.glob("persil.*"):
            if part.suffix != ".zip":
                zf.write(part, part.name)
    return archive


def test_an_import_killed_half_way_is_imported_again_and_only_once(half_and_half, queue, workers, tmp_path):
    planner = half_and_half.planner
    first = workers(queue, "first")
    with open(parcels_zip(tmp_path), "rb") as upload:
        job = services.start_upload(
            uploaded_file=File(upload, name="persil.zip"),
            title="Persil terputus",
            opd=Opd.objects.get(kode="dtrb"),
            user=planner,
        )
    # Killed while it copies the features (progress 45-86, layers.services._load).
    wait_for(lambda: (cache.get(progress_key(job)) or 0) >= 45, timeout=60)
    kill(first)
    job.refresh_from_db()
    assert job.status == "running" and job.attempts == 1
    assert not Layer.objects.filter(title="Persil terputus").exists()  # nothing visible half-way

    workers(queue, "second")
    started = time.time()
    wait_for(lambda: UploadJob.objects.filter(pk=job.pk, attempts=2).exists(), timeout=TAKEOVER_S)
    job = wait_for(lambda: UploadJob.objects.filter(pk=job.pk, status__in=["succeeded", "failed"]).first(), 80)
    assert job.status == "succeeded", job.messages
    assert time.time() - started < 90
    # One layer, one version, every feature once: the killed attempt left nothing.
    versions = LayerVersion.objects.filter(layer__title="Persil terputus")
    assert versions.count() == 1 and versions.get().feature_count == FEATURES
    assert Feature.objects.filter(version=versions.get()).count() == FEATURES


def test_a_compliance_run_killed_half_way_is_computed_again(half_and_half, queue, workers):
    plan, land_use = half_and_half
    run = compliance.start_run(plan, land_use, half_and_half.planner)
    with held_plan_zones() as waiting:
        kill(started_and_stuck(workers, queue, "first", waiting))
    run.refresh_from_db()
    assert run.status == "running" and not ComplianceResult.objects.filter(run=run).exists()

    workers(queue, "second")
    wait_for(lambda: ComplianceRun.objects.filter(pk=run.pk, attempts=2).exists(), timeout=TAKEOVER_S)
    run = wait_for(lambda: ComplianceRun.objects.filter(pk=run.pk, status__in=["succeeded", "failed"]).first(), 30)
    assert run.status == "succeeded", run.messages
    # The figure of the half-and-half inputs (tests/tataruang/conftest.py), stored once.
    assert run.indikator == pytest.approx(50.0, abs=0.01)
    assert ComplianceResult.objects.filter(run=run, level="kabupaten", plan_class="").count() == 1


def test_a_run_whose_worker_dies_twice_fails_with_a_message(half_and_half, queue, workers):
    plan, land_use = half_and_half
    run = compliance.start_run(plan, land_use, half_and_half.planner)
    with held_plan_zones() as waiting:
        kill(started_and_stuck(workers, queue, "first", waiting))
        # The second worker takes it over (attempt 2, JOB_MAX_ATTEMPTS) and dies too.
        second = workers(queue, "second", wait=False)
        wait_for(lambda: ComplianceRun.objects.filter(pk=run.pk, attempts=2).exists(), timeout=TAKEOVER_S + 20)
        wait_for(waiting, timeout=30)
        kill(second)
    workers(queue, "third")
    run = wait_for(lambda: ComplianceRun.objects.filter(pk=run.pk, status="failed").first(), timeout=TAKEOVER_S)
    assert run.message.startswith("Pekerjaan ini terhenti 2 kali") and run.finished_at is not None
    assert not ComplianceResult.objects.filter(run=run).exists()


@contextmanager
def held_plan_zones():
    """The plan zones locked by the test, so that a run stops inside its
    transaction right after its worker claimed it; yields "is a run waiting?"."""
    db = connection.settings_dict
    blocker = psycopg2.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"])
    try:
        with blocker.cursor() as cursor:
            cursor.execute("LOCK TABLE tataruang_planzone IN ACCESS EXCLUSIVE MODE")
            yield lambda: _waits_for_lock(cursor, "tataruang_planzone")
    finally:
        blocker.rollback()
        blocker.close()


def started_and_stuck(workers, queue, name, waiting):
    """A worker that takes the queued run at once and is stuck in it; busy at
    once, it answers no "are you up?": the lock wait says it is."""
    worker = workers(queue, name, wait=False)
    wait_for(waiting, timeout=60)
    return worker


def _waits_for_lock(cursor, table):
    cursor.execute(
        "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = %s::regclass",
        [table],
    )
    return cursor.fetchone()[0] > 0
