"""The integration indicator (L-5) through core.indicators, on a known catalogue."""

import pytest
from django.utils import timezone

from core import indicators
from layers.models import ExpectedLayer
from tests.layers.test_layers_api import published, puskesmas  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_integration_overall_and_per_opd(published, opd):  # noqa: F811
    # 4 expected layers: 3 of Dinkes (one published: puskesmas), 1 of BPBD -> 1/4 = 25%.
    ExpectedLayer.objects.exclude(kode__in=["dinkes-faskes", "bpbd-kejadian-banjir"]).delete()
    for kode in ("dinkes-posyandu", "dinkes-apotek"):
        ExpectedLayer.objects.create(kode=kode, opd=opd["dinkes"], title=kode, theme="kesehatan", geometry_kind="point")
    rows = indicators.values("kabupaten", indikator="integrasi-layer")
    year = str(timezone.localdate().year)
    assert [(v.rincian, v.nilai) for v in rows] == [("", 25.0), ("opd:bpbd", 0.0), ("opd:dinkes", 33.33)]
    assert all(v.periode == year and v.kode == "36.03" and v.url == "/katalog/" for v in rows)
    # The target of this year from the fallback of layers.services (the peta jalan is not loaded here).
    from layers.services import INTEGRATION_TARGETS

    target = next((t["persen"] for t in INTEGRATION_TARGETS if str(t["tahun"]) == year), None)
    assert rows[0].target == target
    assert indicators.values("kecamatan", indikator="integrasi-layer") == []
    assert indicators.values("kabupaten", periode="1999", indikator="integrasi-layer") == []
