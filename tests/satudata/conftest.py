import os

import pytest
from django.core.management import call_command

from tataruang import compliance
from tests.factories.plans import half_and_half_plan


@pytest.fixture
def compliance_run(users, opd, wilayah):
    """A succeeded compliance run on the half-and-half plan (tests/factories/plans.py):
    a 4.00 ha industrial parcel of land use 2025 in desa Kelapa Dua, half of it in
    a zone that allows industry, so the indicator is 50% at every level holding it."""
    call_command("load_tataruang_reference", stdout=open(os.devnull, "w"))
    plan, land_use = half_and_half_plan(users, opd)
    run = compliance.compute(compliance.start_run(plan, land_use))
    assert run.status == "succeeded", run.message
    return run
