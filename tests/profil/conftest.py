"""A desa with every part of a profile, built on the hand-checkable grid around
desa Kelapa Dua (36.03.28.1001): the half-and-half plan and land use with a
compliance run, the LP2B square and a published flood hazard raster with its
statistics."""

import pytest

from tataruang import compliance

# Fixtures shared with the tata ruang and flood tests.
from tests.flood.conftest import published, upload_raster  # noqa: F401
from tests.flood.rasters import NODATA, QUADRANTS, tif_bytes
from tests.tataruang.conftest import half_and_half, lp2b, reference  # noqa: F401

KELAPA_DUA = "36.03.28.1001"
KEC_KELAPA_DUA = "36.03.28"


@pytest.fixture
def profiled(half_and_half, lp2b, published):  # noqa: F811
    """(plan, land use, compliance run, hazard raster version), everything stored."""
    plan, land_use = half_and_half
    run = compliance.compute(compliance.start_run(plan, land_use))
    assert run.status == "succeeded", run.message
    version = published(tif_bytes(QUADRANTS, nodata=NODATA))
    return plan, land_use, run, version
