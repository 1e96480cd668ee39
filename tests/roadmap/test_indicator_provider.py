"""The peta jalan progress through core.indicators: overall, per dimension and per OPD."""

import pytest

from core import indicators
from roadmap import progress
from tests.roadmap.test_lokasi import attach

pytestmark = pytest.mark.django_db


def rows_of(year):
    return {v.rincian: v for v in indicators.values("kabupaten", periode=year, indikator="capaian-peta-jalan")}


def test_progress_per_dimension_and_opd(peta_jalan, client_for):
    before = rows_of("2025")
    assert set(before) >= {"", "dimensi:living", "dimensi:governance", "opd:dtrb"}
    assert before["dimensi:living"].rincian_nama == "Smart Living" and before["opd:dtrb"].rincian_nama == "DTRB"
    assert all(v.target == 100.0 and v.periode == "2025" for v in before.values())
    # L-5 2025 (">80%"): 81 reported fills its bar (100). Living has 13 numeric
    # indicators, so its mean rises by 100 / 13 = 7.69 points.
    attach(client_for("dtrb"), "L-5", opd="dtrb", nilai_realisasi=81)
    after = rows_of("2025")
    rise = after["dimensi:living"].nilai - before["dimensi:living"].nilai
    assert rise == pytest.approx(100 / 13, abs=0.11)
    assert after["dimensi:living"].nilai == progress.per_dimension(2025)["living"]["persen"]
    assert after["opd:dtrb"].nilai == progress.per_opd(2025)["dtrb"]["persen"]
    assert after[""].nilai > before[""].nilai
    # 2026 is untouched by a 2025 location.
    assert rows_of("2026")["dimensi:living"].nilai == progress.per_dimension(2026)["living"]["persen"]
