"""The compliance indicator: overlay of existing land use with the active plan.

Indicator = sesuai / assessed x 100, where assessed = sesuai + belum terwujud +
tidak sesuai. Land use outside every plan zone, or of a pair with no matrix
cell, is "tidak dinilai" (not assessed). Areas in EPSG:32748, hectares.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import Unavailable

from .models import ComplianceRule, ComplianceRun

logger = logging.getLogger(__name__)
SQL = (Path(__file__).parent / "sql" / "compliance.sql").read_text()
# One statement at a time, so a slow step shows in logs and profiles.
STATEMENTS = [
    part
    for part in SQL.split(";\n")
    if any(line.strip() and not line.strip().startswith("--") for line in part.splitlines())
]
OUTCOME_COLUMNS = ("sesuai", "belum_terwujud", "tidak_sesuai", "tidak_dinilai")
# Share of the overlay's time per statement (measured on bench-compliance), so
# the progress bar moves with the work: splitting parcels by desa and the
# parcel x zone overlay dominate.
HEAVY = {
    "CREATE TEMP TABLE _parcel": 30,
    "CREATE TEMP TABLE _overlay": 35,
    "UPDATE _overlay": 12,
    "UPDATE _parcel p SET": 8,
    "CREATE TEMP TABLE _zone": 3,
}
WEIGHTS = [next((w for head, w in HEAVY.items() if head in statement), 1) for statement in STATEMENTS]


def current_matrix():
    """{land-use class code: {plan class code: outcome}} as edited now."""
    matrix = {}
    for land_use, plan_class, outcome in ComplianceRule.objects.values_list(
        "land_use__kode", "plan_class__kode", "outcome"
    ):
        matrix.setdefault(land_use, {})[plan_class] = outcome
    return matrix


def start_run(plan, land_use, user=None):
    """Record a run with a snapshot of the matrix and its inputs; the worker computes it."""
    run = ComplianceRun.objects.create(
        plan=plan,
        land_use=land_use,
        matrix=current_matrix(),
        inputs={
            "plan": {
                "id": plan.pk,
                "nama": plan.nama,
                "legal_basis": plan.legal_basis,
                "layer_version": plan.layer_version_id,
                "zones": plan.zones.count(),
                "mapping": plan.mapping,
            },
            "land_use": {
                "id": land_use.pk,
                "nama": land_use.nama,
                "year": land_use.year,
                "layer_version": land_use.layer_version_id,
                "parcels": land_use.parcels.count(),
                "mapping": land_use.mapping,
            },
        },
        user=user if user and user.is_authenticated else None,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    run.send(if_broker_down=lambda: _broker_down(run))
    return run


def _broker_down(run):
    """Without a broker the run cannot be computed: it is not kept."""
    logger.warning("Compliance run %s refused: the broker does not answer", run.pk)
    ComplianceRun.objects.filter(pk=run.pk).delete()
    raise Unavailable(
        _("The computation service is unavailable right now; nothing was saved. Try again in a few minutes.")
    )


def compute(run):
    """Run the overlay for a pending ``run`` with its own matrix snapshot and
    store its results; a run already claimed (a redelivered task) is left alone."""
    if not run.claim():
        return run
    run.set_progress(5)
    try:
        with run.heartbeat(), transaction.atomic():
            overlay(run.plan_id, run.land_use_id, run.matrix, lambda share: run.set_progress(5 + int(80 * share)))
            store_results(run)
            drop_temporary_tables()
            run.set_progress(95)
    except Exception as exc:
        logger.exception("Compliance run %s failed", run.pk)
        run.finish(ComplianceRun.Status.FAILED, str(exc)[:500])
    else:
        run.indikator = run.results.get(level="kabupaten", plan_class="").persen
        run.finish(ComplianceRun.Status.SUCCEEDED)
    return run


def overlay(plan_id, land_use_id, matrix, report=None):
    """Build the temporary tables _zone, _parcel and _overlay (see sql/compliance.sql);
    ``report`` gets the share of the work done (0-1) after each statement."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE _matrix (land_use_class text, plan_class text, outcome text) ON COMMIT DROP")
        rows = [(lu, pc, outcome) for lu, cells in matrix.items() for pc, outcome in cells.items()]
        cursor.executemany("INSERT INTO _matrix VALUES (%s, %s, %s)", rows)
        params = {"plan": plan_id, "land_use": land_use_id, "metric_srid": settings.METRIC_SRID}
        done, total = 0, sum(WEIGHTS)
        for statement, weight in zip(STATEMENTS, WEIGHTS, strict=True):
            cursor.execute(statement, params)
            done += weight
            if report:
                report(done / total)


TEMPORARY_TABLES = "_matrix, _zone, _parcel, _overlay, _by_desa"


def drop_temporary_tables():
    """The temporary tables go at commit; drop them now so that several runs can
    share one transaction (the benchmark, the tests)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TEMPORARY_TABLES}")


def store_results(run):
    """Aggregate _overlay per desa, kecamatan and kabupaten, overall and per plan
    class, and keep the "tidak sesuai" pieces as the worklist."""
    with connection.cursor() as cursor:
        cursor.execute((Path(__file__).parent / "sql" / "compliance_results.sql").read_text(), {"run": run.pk})


def latest_successful_run():
    return (
        ComplianceRun.objects.filter(status=ComplianceRun.Status.SUCCEEDED).select_related("plan", "land_use").first()
    )
