"""Flood exposure indicators through core.indicators, on the split raster of
tests/flood/test_statistics.py (0.2 rendah west of x = X0, 0.9 tinggi east of it)."""

import pytest
from django.core.management import call_command

from core import indicators
from flood import providers
from tests.factories.grid import rect
from tests.factories.plans import land_use_of_parcels
from tests.flood.rasters import X0, Y0, lp2b_east, three_schools
from tests.flood.test_statistics import KELAPA_DUA, split_raster

pytestmark = pytest.mark.django_db
CODES = ("banjir-permukiman-tinggi", "banjir-lp2b-tinggi", "banjir-sekolah-tinggi")


@pytest.fixture
def exposed(published, users, opd):
    """A 200 m x 200 m settlement parcel across the line (2 ha tinggi), a 1 ha LP2B
    square east of it, and three schools: one west (rendah), two east (tinggi)."""
    call_command("load_tataruang_reference", stdout=open("/dev/null", "w"))
    land_use_of_parcels(
        users,
        opd,
        "lahan-banjir",
        [({"REMARK": "Permukiman dan Tempat Kegiatan"}, rect(X0 - 100, Y0 - 100, X0 + 100, Y0 + 100))],
    )
    lp2b_east(users, opd)
    three_schools(users, opd, expected=opd_expected())
    return published(split_raster())


def opd_expected():
    from layers.models import ExpectedLayer

    return ExpectedLayer.objects.get(kode="disdik-sekolah")


def test_exposure_indicators_per_level(exposed):
    expected = {"banjir-permukiman-tinggi": 2.0, "banjir-lp2b-tinggi": 1.0, "banjir-sekolah-tinggi": 2}
    for code, answer in expected.items():
        desa = {v.kode: v for v in indicators.values("desa", indikator=code)}
        kecamatan = {v.kode: v for v in indicators.values("kecamatan", indikator=code)}
        (kab,) = indicators.values("kabupaten", indikator=code)
        assert len(desa) == 274 and len(kecamatan) == 29, code
        assert desa[KELAPA_DUA].nilai == pytest.approx(answer, abs=0.01), code
        assert kecamatan["36.03.28"].nilai == pytest.approx(answer, abs=0.01), code
        # kabupaten = sum of kecamatan = sum of desa
        assert kab.nilai == pytest.approx(sum(v.nilai for v in kecamatan.values()), abs=1e-6), code
        assert kab.nilai == pytest.approx(sum(v.nilai for v in desa.values()), abs=1e-6), code
        assert kab.sumber == f"hazard-raster-version:{exposed.pk}" and kab.periode == str(exposed.statistics_at.year)
        assert kab.url == f"/banjir/?raster={exposed.raster_id}&level=kecamatan"


def test_schools_are_classed_once_per_version(exposed, monkeypatch):
    indicators.values("kabupaten", indikator="banjir-sekolah-tinggi")

    def refuse(version, lonlats):
        raise AssertionError("the raster was read again")

    monkeypatch.setattr(providers.reader, "values_at", refuse)
    (kab,) = indicators.values("kabupaten", indikator="banjir-sekolah-tinggi")
    assert kab.nilai == 2


def test_without_a_published_raster_no_values_and_the_reason(db):
    for code in CODES:
        assert indicators.values("kabupaten", indikator=code) == []
        assert indicators.provider(code).unavailable_reason()
