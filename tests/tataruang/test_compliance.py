"""The compliance indicator on constructed geometry with hand-checkable answers."""

import pytest

from tataruang import compliance, services
from tataruang.models import ComplianceRule, ComplianceRun
from tests.factories.grid import CX, CY, rect
from tests.factories.plans import land_use_of_parcels, plan_of_zones

pytestmark = pytest.mark.django_db


def run_now(plan, land_use):
    run = compliance.start_run(plan, land_use)
    return compliance.compute(run)


def kabupaten(run, plan_class=""):
    return run.results.get(level="kabupaten", plan_class=plan_class)


def test_half_conforming_gives_exactly_50_percent(half_and_half):
    run = run_now(*half_and_half)
    assert run.status == "succeeded", run.message
    total = kabupaten(run)
    # 200 m x 100 m = 2.00 ha on each side of the zone boundary.
    assert total.sesuai_ha == pytest.approx(2.00, abs=0.01)
    assert total.tidak_sesuai_ha == pytest.approx(2.00, abs=0.01)
    assert total.belum_terwujud_ha == pytest.approx(0, abs=0.01)
    assert total.tidak_dinilai_ha == pytest.approx(0, abs=0.01)
    assert round(total.persen, 2) == 50.00 and round(run.indikator, 2) == 50.00
    assert kabupaten(run, "KPI").sesuai_ha == pytest.approx(2.00, abs=0.01)
    assert kabupaten(run, "PS").tidak_sesuai_ha == pytest.approx(2.00, abs=0.01)
    issue = run.issues.get()
    assert (issue.plan_class, issue.land_use_class) == ("PS", "industri")
    assert issue.luas_ha == pytest.approx(2.00, abs=0.01)
    desa_rows = run.results.filter(level="desa", plan_class="")
    assert sum(r.sesuai_ha + r.tidak_sesuai_ha for r in desa_rows) == pytest.approx(4.00, abs=0.01)
    assert run.results.get(level="kecamatan", kode="36.03.28", plan_class="").persen == pytest.approx(50.0, abs=0.01)


def test_a_matrix_edit_changes_the_result_and_old_runs_reproduce(half_and_half):
    plan, land_use = half_and_half
    first = run_now(plan, land_use)
    ComplianceRule.objects.filter(land_use__kode="industri", plan_class__kode="KPI", plan_class__scheme="2021").update(
        outcome="tidak_sesuai"
    )
    second = run_now(plan, land_use)
    assert kabupaten(second).persen == pytest.approx(0.0, abs=0.01)
    assert kabupaten(second).tidak_sesuai_ha == pytest.approx(4.00, abs=0.01)
    # The first run keeps its own matrix: recomputing it gives its figure again.
    assert first.matrix["industri"]["KPI"] == "sesuai"
    again = compliance.compute(
        type(first).objects.create(plan=plan, land_use=land_use, matrix=first.matrix, inputs=first.inputs)
    )
    assert kabupaten(again).persen == pytest.approx(kabupaten(first).persen, abs=1e-9)


def test_area_outside_every_zone_is_not_assessed(users, opd, wilayah, reference, half_and_half):
    plan, _land_use = half_and_half
    land_use = land_use_of_parcels(
        users,
        opd,
        "lahan-luar",
        [
            ({"REMARK": "Sawah"}, rect(CX + 600, CY - 100, CX + 800, CY + 100)),  # east of both zones
            ({"REMARK": "Sawah"}, rect(CX - 400, CY - 100, CX - 200, CY + 100)),  # in KPI: not yet realised
        ],
        nama="Lahan 2",
        year=2024,
    )
    total = kabupaten(run_now(plan, land_use))
    assert total.tidak_dinilai_ha == pytest.approx(4.00, abs=0.01)
    assert total.belum_terwujud_ha == pytest.approx(4.00, abs=0.01)
    assert total.persen == pytest.approx(0.0, abs=0.01)


def test_activation_needs_every_value_mapped(users, opd, wilayah, reference):
    plan = plan_of_zones(
        users,
        opd,
        "rdtr-uji",
        [
            ({"KODSZN": "R-2"}, rect(CX - 100, CY - 100, CX, CY)),
            ({"KODSZN": "ZONA ANEH"}, rect(CX, CY, CX + 100, CY + 100)),
        ],
        "KODSZN",
        activate=False,
        nama="RDTR uji",
        jenis="RDTR",
        legal_basis="Perbup No. 2 Tahun 2026",
    )
    assert plan.mapping == {"R-2": "R-2"}
    assert services.unmapped_values(plan) == [("ZONA ANEH", 1)]
    with pytest.raises(Exception, match="ZONA ANEH"):
        services.activate(plan)
    services.set_mapping(plan, {"ZONA ANEH": "K-2"})
    services.activate(plan)
    assert sorted(plan.zones.values_list("plan_class__kode", flat=True)) == ["K-2", "R-2"]


def test_crosswalk_judges_old_names_as_new_classes(users, opd, wilayah, reference):
    plan = plan_of_zones(
        users,
        opd,
        "rtrw-2011",
        [({"POLA": "Kawasan Peruntukan Industri"}, rect(CX - 500, CY - 500, CX + 500, CY + 500))],
        "POLA",
        activate=False,
        nama="RTRW 2011",
        scheme="pra2021",
        legal_basis="Perda No. 13 Tahun 2011",
        year=2011,
    )
    assert plan.mapping == {"Kawasan Peruntukan Industri": "IND"}
    services.activate(plan)
    land_use = land_use_of_parcels(
        users,
        opd,
        "lahan-2011",
        [({"REMARK": "Industri dan Pergudangan"}, rect(CX - 100, CY - 100, CX + 100, CY + 100))],
        nama="Lahan",
    )
    run = run_now(plan, land_use)
    # IND (pre-2021) is judged as KPI, where industry conforms.
    assert kabupaten(run, "IND").sesuai_ha == pytest.approx(4.00, abs=0.01)
    assert run.indikator == pytest.approx(100.0)


def test_progress_moves_with_each_step_of_the_overlay(half_and_half, monkeypatch):
    seen = []
    monkeypatch.setattr(ComplianceRun, "set_progress", lambda run, percent: seen.append(percent))
    run = run_now(*half_and_half)
    assert run.status == "succeeded", run.message
    steps = len(compliance.STATEMENTS)
    assert seen[0] == 5 and seen[-1] == 95 and seen == sorted(seen)
    assert len(seen) == steps + 2 and seen[-2] == 85  # one report per SQL statement, 5..85, then storing
    assert len(set(seen)) >= 10


def test_overlay_indexes_are_usable_inside_its_transaction(half_and_half):
    """An index built over HOT-updated rows is invisible to the transaction that
    built it (pg_index.indcheckxmin); the overlay would then lose its index
    scans and run several times slower on a real layer."""
    from django.db import connection, transaction

    plan, land_use = half_and_half
    with transaction.atomic():
        compliance.overlay(plan.pk, land_use.pk, compliance.current_matrix())
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, i.indcheckxmin FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
                "WHERE c.relname IN ('_zone', '_parcel') ORDER BY 1"
            )
            assert cursor.fetchall() == [("_parcel", False), ("_zone", False)]
        compliance.drop_temporary_tables()
