from celery import shared_task

from .compliance import compute
from .models import ComplianceRun


@shared_task(name="tataruang.compute_compliance")
def compute_compliance(run_id):
    """Compute one compliance run; compute() claims it, so a redelivered task does nothing."""
    run = ComplianceRun.objects.filter(pk=run_id).select_related("plan", "land_use").first()
    if run is not None:
        compute(run)
