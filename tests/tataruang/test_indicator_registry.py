"""The compliance indicator read through the registry of core.indicators."""

import pytest

from core import indicators
from tataruang import compliance

pytestmark = pytest.mark.django_db


def test_compliance_values_through_the_registry(half_and_half):
    plan, land_use = half_and_half
    run = compliance.compute(compliance.start_run(plan, land_use))
    assert run.status == "succeeded", run.message
    codes = [i.kode for i in indicators.indicators()]
    assert "kesesuaian-rtrw" in codes
    (kab,) = indicators.values("kabupaten", indikator="kesesuaian-rtrw")
    # Half of the 4.00 ha parcel is sesuai, half tidak sesuai: 50%.
    assert (kab.kode, kab.nama, kab.nilai) == ("36.03", "Kabupaten Tangerang", 50.0)
    assert kab.periode == str(land_use.year) and kab.sumber == f"compliance-run:{run.pk}"
    assert kab.url.endswith(f"?run={run.pk}")
    (kec,) = indicators.values("kecamatan", kode="36.03.28", indikator="kesesuaian-rtrw")
    assert kec.nilai == 50.0
    # Only the desa holding the parcel have a value, and only for that year.
    desa = indicators.values("desa", indikator="kesesuaian-rtrw")
    assert desa and all(v.periode == str(land_use.year) for v in desa)
    assert indicators.values("kabupaten", periode=land_use.year + 1, indikator="kesesuaian-rtrw") == []


def test_the_latest_run_of_a_year_is_the_one_shown(half_and_half):
    plan, land_use = half_and_half
    compliance.compute(compliance.start_run(plan, land_use))
    second = compliance.compute(compliance.start_run(plan, land_use))
    (kab,) = indicators.values("kabupaten", indikator="kesesuaian-rtrw")
    assert kab.sumber == f"compliance-run:{second.pk}"


def test_an_unknown_level_is_refused():
    with pytest.raises(ValueError):
        indicators.values("provinsi")
