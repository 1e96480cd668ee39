"""Which class a plan's code means (PlanClass.objects), and how plans are answered.

"PK" is both a pola ruang class and an RDTR zone here, named differently so
that the answer shows which one was taken; "HL" is only a pola ruang class and
"R-2" only a zone.
"""

import pytest

from tataruang import services
from tataruang.models import Plan, PlanClass
from tataruang.serializers import PlanSerializer
from tataruang.views.pages.sumber import _class_groups

pytestmark = pytest.mark.django_db

RTRW = Plan(jenis=Plan.Jenis.RTRW, scheme="2021")
RDTR = Plan(jenis=Plan.Jenis.RDTR, scheme="2021")


@pytest.fixture
def classes(db):
    def make(kind, kode, nama):
        return PlanClass.objects.create(
            scheme="2021", kind=kind, kode=kode, nama=nama, kelompok="budidaya", warna="#123456"
        )

    return {
        ("pola_ruang", "PK"): make("pola_ruang", "PK", "Kawasan Permukiman"),
        ("zona", "PK"): make("zona", "PK", "Zona Perumahan"),
        ("pola_ruang", "HL"): make("pola_ruang", "HL", "Hutan Lindung"),
        ("zona", "R-2"): make("zona", "R-2", "Rumah Kepadatan Tinggi"),
        # Another scheme never answers for a 2021 plan.
        ("pra2021", "PK"): PlanClass.objects.create(
            scheme="pra2021", kind="zona", kode="PK", nama="lama", kelompok="budidaya", warna="#000000"
        ),
    }


def test_an_rtrw_means_the_pola_ruang_class_and_an_rdtr_the_zone(classes):
    assert PlanClass.objects.kinds_for(RTRW) == ["pola_ruang", "zona"]
    assert PlanClass.objects.kinds_for(RDTR) == ["zona", "pola_ruang"]
    rtrw, rdtr = PlanClass.objects.for_plan(RTRW), PlanClass.objects.for_plan(RDTR)
    # A code of one kind only is taken whatever the plan.
    assert rtrw == {"HL": classes["pola_ruang", "HL"], "PK": classes["pola_ruang", "PK"], "R-2": classes["zona", "R-2"]}
    assert rdtr == {"HL": classes["pola_ruang", "HL"], "PK": classes["zona", "PK"], "R-2": classes["zona", "R-2"]}
    assert list(rtrw) == ["HL", "PK", "R-2"]  # ordered by code
    assert PlanClass.objects.names_for(RDTR)["PK"] == {"nama": "Zona Perumahan", "warna": "#123456"}


def test_activation_and_the_plan_page_follow_the_same_rule(classes):
    assert services._class_ids(RTRW)["PK"] == classes["pola_ruang", "PK"].pk
    assert services._class_ids(RDTR)["PK"] == classes["zona", "PK"].pk
    rtrw_groups = [(g["label"], [code for code, _label in g["options"]]) for g in _class_groups(RTRW)]
    rdtr_groups = [(g["label"], [code for code, _label in g["options"]]) for g in _class_groups(RDTR)]
    labels = dict(PlanClass.Kind.choices)
    assert rtrw_groups == [(labels["pola_ruang"], ["HL", "PK"]), (labels["zona"], ["R-2"])]
    assert rdtr_groups == [(labels["zona"], ["PK", "R-2"]), (labels["pola_ruang"], ["HL"])]
    assert _class_groups(RDTR)[0]["options"][0] == ("PK", "PK — Zona Perumahan")


def test_plan_times_are_answered_in_utc(half_and_half, settings):
    plan, _land_use = half_and_half
    # TIME_ZONE is Asia/Jakarta; the API has always written UTC with a "Z".
    assert settings.TIME_ZONE == "Asia/Jakarta"
    answered = PlanSerializer(plan).data["activated_at"]
    assert answered == plan.activated_at.isoformat().replace("+00:00", "Z") and answered.endswith("Z")
