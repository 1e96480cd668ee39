"""The LP2B, alih-fungsi, RDTR and RTH indicators through the registry of
core.indicators, on the constructed geometry of tests/tataruang/conftest.py."""

import pytest
from django.core.management import call_command

from core import indicators
from tataruang import providers
from tests.factories.grid import CX, CY, rect
from tests.factories.plans import land_use_of_parcels, polygon_layer

pytestmark = pytest.mark.django_db
KELAPA_DUA = "36.03.28.1001"


def by_kode(level, indikator, **filters):
    return {v.kode: v for v in indicators.values(level, indikator=indikator, **filters)}


def test_lp2b_area_adds_up_across_levels(lp2b):
    lp2b.refresh_from_db()
    desa = by_kode("desa", "luas-lp2b")
    kecamatan = by_kode("kecamatan", "luas-lp2b")
    (kab,) = indicators.values("kabupaten", indikator="luas-lp2b")
    # Every area has a value (0 where no LP2B lies): 274 desa, 29 kecamatan.
    assert len(desa) == 274 and len(kecamatan) == 29
    # The 100 m x 100 m square (1.00 ha) lies in desa Kelapa Dua only.
    assert desa[KELAPA_DUA].nilai == pytest.approx(1.0, abs=0.001)
    assert kecamatan["36.03.28"].nilai == pytest.approx(1.0, abs=0.001)
    assert kab.nilai == pytest.approx(sum(v.nilai for v in kecamatan.values()), abs=1e-6)
    assert kab.nilai == pytest.approx(sum(v.nilai for v in desa.values()), abs=1e-6)
    assert kab.sumber == f"layer-version:{lp2b.published_version_id}" and kab.url == "/tata-ruang/lp2b/"
    assert indicators.values("kabupaten", periode="1990", indikator="luas-lp2b") == []


def test_lp2b_overlay_runs_once_per_published_version(lp2b, monkeypatch):
    indicators.values("desa", indikator="luas-lp2b")

    def refuse(level):
        raise AssertionError("the overlay ran again for the same version")

    monkeypatch.setattr(providers, "lp2b_areas", refuse)
    (kab,) = indicators.values("kabupaten", indikator="luas-lp2b")
    assert kab.nilai == pytest.approx(1.0, abs=0.001)


def test_alih_fungsi_per_land_use_year(lp2b):
    (row,) = indicators.values("kabupaten", indikator="alih-fungsi-lp2b")
    # The east half of the LP2B square (0.50 ha) lies under the industrial parcel of 2025.
    assert (row.periode, row.nilai) == ("2025", pytest.approx(0.5, abs=0.001))
    assert indicators.values("kecamatan", indikator="alih-fungsi-lp2b") == []


def test_no_lp2b_layer_gives_no_values_and_says_why(db):
    assert indicators.values("desa", indikator="luas-lp2b") == []
    assert "LP2B" in indicators.provider("luas-lp2b").unavailable_reason()


def test_rdtr_synchronisation_in_percent_beside_targets(wilayah):
    call_command("load_wilayah_perencanaan", stdout=open("/dev/null", "w"))
    rows = indicators.values("kabupaten", indikator="sinkronisasi-rdtr")
    # 3, 4 and 6 of the 14 WP synchronised by 2024, 2025, 2026 (tests/tataruang/test_lp2b_rdtr.py).
    assert [(v.periode, v.nilai, v.target) for v in rows] == [
        ("2024", 21.43, 21.43),
        ("2025", 28.57, 28.57),
        ("2026", 42.86, 42.86),
    ]


def rth_setup(users, opd):
    """Land use of 2025: a 200 m x 200 m housing parcel (4.00 ha) and a sawah
    parcel (not urban); public RTH: a 100 m x 100 m park beside the housing
    (1.00 ha) and one lying on the housing's east half quarter (0.50 ha)."""
    land_use_of_parcels(
        users,
        opd,
        "lahan-rth",
        [
            ({"REMARK": "Perumahan"}, rect(CX - 200, CY - 200, CX, CY)),
            ({"REMARK": "Sawah"}, rect(CX, CY - 200, CX + 200, CY)),
        ],
    )
    return polygon_layer(
        users,
        opd,
        "rth",
        [({}, rect(CX - 300, CY - 200, CX - 200, CY - 100)), ({}, rect(CX - 100, CY - 200, CX, CY - 150))],
        expected="dlhk-rth-publik",
        publish=True,
    ).layer


def test_rth_share_of_the_urban_area(users, opd, reference):
    assert indicators.values("kabupaten", indikator="rth-perkotaan") == []
    assert "dlhk-rth-publik" in indicators.provider("rth-perkotaan").unavailable_reason()
    rth_setup(users, opd)
    # Urban = housing 4.00 ha + the park beside it 1.00 ha (the second park lies on the
    # housing, counted once) = 5.00 ha; RTH = 1.00 + 0.50 = 1.50 ha; 1.5 / 5 = 30%.
    (kab,) = indicators.values("kabupaten", indikator="rth-perkotaan")
    assert (kab.periode, kab.nilai, kab.target) == ("2025", pytest.approx(30.0, abs=0.05), 30.0)
    (kec,) = indicators.values("kecamatan", indikator="rth-perkotaan")
    assert kec.kode == "36.03.28" and kec.nilai == pytest.approx(30.0, abs=0.05)
    desa = indicators.values("desa", indikator="rth-perkotaan")
    assert [v.kode for v in desa] == [KELAPA_DUA]
    assert indicators.provider("rth-perkotaan").unavailable_reason() == ""
