import os

import pytest
from django.core.management import call_command


@pytest.fixture
def peta_jalan(opd):
    """The committed data/peta_jalan.csv and quick_wins.csv loaded, through the command `make data` runs."""
    call_command("load_peta_jalan", stdout=open(os.devnull, "w"))


# Published flood hazard rasters of the flood tests (tests/flood/rasters.py), and the
# constructed plan (KPI west of CX, PS east of it) and LP2B square of the tata ruang tests.
from tests.flood.conftest import published, upload_raster  # noqa: E402, F401
from tests.tataruang.conftest import half_and_half, lp2b, reference  # noqa: E402, F401


@pytest.fixture(autouse=True)
def document_root(settings, tmp_path):
    settings.ROADMAP_DOCUMENT_ROOT = tmp_path / "peta-jalan"
    return settings.ROADMAP_DOCUMENT_ROOT
