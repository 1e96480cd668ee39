"""The compliance worklist CSV neutralises cells a spreadsheet would evaluate
(core.spreadsheet.safe_cell); see tests/core/test_spreadsheet.py."""

import csv
import io

import pytest

from tataruang import compliance

pytestmark = pytest.mark.django_db


def test_issues_csv_neutralises_formula_cells(half_and_half, client_for):
    plan, land_use = half_and_half
    run = compliance.compute(compliance.start_run(plan, land_use))
    # A class code as a hostile source could carry it (the run copies it from the mapping).
    run.issues.update(land_use_class="=cmd|' /C calc'!A0", plan_class="-PS")
    response = client_for().get(f"/api/tataruang/kesesuaian/{run.pk}/tidak-sesuai/", {"export": "csv"})
    assert response.status_code == 200
    [row] = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["penggunaan_lahan"] == "'=cmd|' /C calc'!A0"
    assert row["kelas_rencana"] == "'-PS"
    # The east half of the 200 m x 200 m parcel: 100 m x 200 m = 2.0000 ha, a number.
    assert row["luas_ha"][0].isdigit() and float(row["luas_ha"]) == pytest.approx(2.0, abs=0.01)
    assert row["kecamatan"] == "Kelapa Dua"
