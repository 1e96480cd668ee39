"""The integration indicator (L-5) through core.indicators, on a known catalogue."""

import datetime

import pytest
from django.utils import timezone

from core import indicators
from layers import services
from layers.models import ExpectedLayer, LayerVersion
from tests.factories.layers import empty_layer, version_without_import
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


def jakarta(*args):
    """An aware moment in settings.TIME_ZONE (Asia/Jakarta, UTC+7)."""
    return datetime.datetime(*args, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def history(opd):
    """4 expected layers (3 of Dinkes, 1 of BPBD) whose versions were published in 2024, 2025 and now.

    faskes: v1 published 2024-03-01 (superseded since), v2 published now -> integrated from 2024.
    banjir (BPBD, sample data): v1 published 2025-12-31 23:30 Jakarta (16:30 UTC) -> from 2025.
    posyandu: v1 rejected in 2024, v2 a draft carrying a 2025 review time, v3 published now -> this year.
    apotek: v1 rejected in 2025, v2 submitted -> never.
    """
    ExpectedLayer.objects.exclude(kode__in=["dinkes-faskes", "bpbd-kejadian-banjir"]).delete()
    for kode in ("dinkes-posyandu", "dinkes-apotek"):
        ExpectedLayer.objects.create(kode=kode, opd=opd["dinkes"], title=kode, theme="kesehatan", geometry_kind="point")
    now = timezone.now()
    S = LayerVersion.Status
    plan = {
        "dinkes-faskes": [(S.SUPERSEDED, jakarta(2024, 3, 1, 10)), (S.PUBLISHED, now)],
        "bpbd-kejadian-banjir": [(S.PUBLISHED, jakarta(2025, 12, 31, 23, 30))],
        "dinkes-posyandu": [(S.REJECTED, jakarta(2024, 5, 1)), (S.DRAFT, jakarta(2025, 2, 1)), (S.PUBLISHED, now)],
        "dinkes-apotek": [(S.REJECTED, jakarta(2025, 4, 1)), (S.SUBMITTED, None)],
    }
    layers = {}
    for kode, versions in plan.items():
        expected = ExpectedLayer.objects.get(kode=kode)
        layer = empty_layer(expected.opd, kode, kode, expected.theme)
        layer.expected, layer.is_sample = expected, kode == "bpbd-kejadian-banjir"
        for number, (status, reviewed_at) in enumerate(versions, start=1):
            version = version_without_import(layer, number, status=status, reviewed_at=reviewed_at)
            if status == S.PUBLISHED:
                layer.published_version = version
        layer.save()
        layers[kode] = layer
    return layers


def by_year(rows):
    found = {}
    for v in rows:
        found.setdefault(v.periode, []).append((v.rincian, v.nilai))
    return found


def test_integration_history_per_year_from_publication_dates(history):
    this_year = timezone.localdate().year
    rows = indicators.values("kabupaten", indikator="integrasi-layer")
    # 2024: faskes (its superseded v1) = 1/4 = 25%; Dinkes 1/3 = 33.33%, BPBD 0/1.
    # 2025: + banjir (31 Dec 23:30 Jakarta is still 2025) = 2/4 = 50%; BPBD 1/1.
    # This year: + posyandu (published now) = 3/4 = 75%; Dinkes 2/3 = 66.67%.
    # Rejected and draft versions never count, even with a review time.
    in_2025 = [("", 50.0), ("opd:bpbd", 100.0), ("opd:dinkes", 33.33)]
    expected = {"2024": [("", 25.0), ("opd:bpbd", 0.0), ("opd:dinkes", 33.33)]}
    expected.update({str(y): in_2025 for y in range(2025, this_year)})
    expected[str(this_year)] = [("", 75.0), ("opd:bpbd", 100.0), ("opd:dinkes", 66.67)]
    assert by_year(rows) == expected
    main = {v.periode: v for v in rows if not v.rincian}
    # Each year's own target (fallback of layers.services), strict for >75% and >80%.
    assert [(main[y].target, main[y].pembanding) for y in ("2024", "2025")] == [(75, ">"), (80, ">")]
    assert all(v.sumber == f"katalog:{v.periode}" for v in rows)
    # Sample data from 2025 on: the BPBD layer is sample data, published in 2025.
    assert (main["2024"].is_sample, main["2025"].is_sample, main[str(this_year)].is_sample) == (False, True, True)


def test_integration_history_of_one_period_and_outside_the_range(history):
    rows = indicators.values("kabupaten", periode="2025", indikator="integrasi-layer")
    assert [(v.periode, v.rincian, v.nilai) for v in rows] == [
        ("2025", "", 50.0),
        ("2025", "opd:bpbd", 100.0),
        ("2025", "opd:dinkes", 33.33),
    ]
    assert indicators.values("kabupaten", periode="2023", indikator="integrasi-layer") == []
    assert indicators.values("kabupaten", periode=str(timezone.localdate().year + 1), indikator="integrasi-layer") == []


def test_integration_as_of_a_year_end(history):
    found = services.integration_indicator(as_of=services.year_end(2024))
    assert (found["expected"], found["published"], found["percent"]) == (4, 1, 25.0)
    layers = {item["kode"]: item["published"] for e in found["per_opd"] for item in e["layers"]}
    assert layers == {
        "dinkes-faskes": True,
        "dinkes-posyandu": False,
        "dinkes-apotek": False,
        "bpbd-kejadian-banjir": False,
    }
    # 25% meets none of the targets (>75%, >80%, 100%).
    assert [t["met"] for t in found["targets"]] == [False, False, False]
    # None: the state now, as before.
    assert services.integration_indicator()["percent"] == 75.0
    # 23:59:59 local time on 31 Dec 2025 is 16:59:59 UTC: banjir (16:30 UTC) is in.
    assert services.year_end(2025) == datetime.datetime(2025, 12, 31, 16, 59, 59, 999999, tzinfo=datetime.UTC)


def test_a_new_publication_changes_this_year_at_once(history):
    this_year = str(timezone.localdate().year)
    before = indicators.values("kabupaten", periode=this_year, indikator="integrasi-layer")
    assert before[0].nilai == 75.0
    apotek = history["dinkes-apotek"]
    version = apotek.versions.get(number=2)
    version.status, version.reviewed_at = LayerVersion.Status.PUBLISHED, timezone.now()
    version.save()
    apotek.published_version = version
    apotek.save()
    after = indicators.values("kabupaten", periode=this_year, indikator="integrasi-layer")
    # 4/4 = 100% this year; 2025 unchanged (50%).
    assert after[0].nilai == 100.0
    assert indicators.values("kabupaten", periode="2025", indikator="integrasi-layer")[0].nilai == 50.0
