import os

import pytest
from django.core.management import call_command


@pytest.fixture
def peta_jalan(opd):
    """The committed data/peta_jalan.csv and quick_wins.csv loaded, through the command `make data` runs."""
    call_command("load_peta_jalan", stdout=open(os.devnull, "w"))
