"""Overlaps inside a plan or land-use layer: found and cut at activation (the
lower feature id keeps a piece), reported to the owner with a map, and the
indicator counts each square metre once."""

import pytest
from django.db import connection
from django.test import Client

from tataruang import compliance, services
from tataruang.models import Overlap
from tests.factories.grid import CX, CY, rect
from tests.factories.plans import land_use_of_parcels, plan_of_zones

pytestmark = pytest.mark.django_db

INDUSTRI = {"REMARK": "Industri dan Pergudangan"}


@pytest.fixture
def overlapping(users, opd, wilayah, reference):
    """A 1 km KPI plan; two industrial parcels of 200 m x 200 m (4.00 ha each)
    overlapping by a 100 m x 200 m strip (2.00 ha): 6.00 ha of land in all."""
    plan = plan_of_zones(
        users,
        opd,
        "rtrw-satu",
        [({"NAMOBJ": "Kawasan Peruntukan Industri"}, rect(CX - 500, CY - 500, CX + 500, CY + 500))],
        "NAMOBJ",
    )
    land_use = land_use_of_parcels(
        users,
        opd,
        "lahan-tumpang",
        [
            (INDUSTRI, rect(CX - 200, CY - 100, CX, CY + 100)),
            (INDUSTRI, rect(CX - 100, CY - 100, CX + 100, CY + 100)),
        ],
    )
    return plan, land_use


def test_activation_cuts_the_overlap_from_the_later_feature(overlapping):
    _plan, land_use = overlapping
    first, second = land_use.parcels.order_by("feature_id")
    [overlap] = Overlap.objects.filter(land_use=land_use)
    # The 100 m x 200 m strip: 20,000 m2, kept by the first feature.
    assert (overlap.feature_id, overlap.kept_by) == (second.feature_id, first.feature_id)
    assert overlap.luas_m2 == pytest.approx(20_000, rel=1e-3)
    # The second parcel keeps its eastern 100 m x 200 m: 2.00 ha.
    second.geom.transform(32748)
    assert second.geom.area == pytest.approx(20_000, rel=1e-3)
    assert services.overlap_summary(land_use) == {
        "jumlah": 1,
        "luas_m2": pytest.approx(20_000, rel=1e-3),
        "luas_ha": pytest.approx(2.0, abs=0.01),
        "kecil": 0,
    }


def test_the_indicator_counts_each_square_metre_once(overlapping):
    plan, land_use = overlapping
    run = compliance.compute(compliance.start_run(plan, land_use))
    total = run.results.get(level="kabupaten", plan_class="")
    # 6.00 ha of industry in a KPI zone, not 8.00 (the strip twice).
    assert total.sesuai_ha == pytest.approx(6.00, abs=0.01)
    assert total.tidak_sesuai_ha + total.belum_terwujud_ha + total.tidak_dinilai_ha == pytest.approx(0, abs=0.01)


def test_a_second_activation_does_not_report_twice(overlapping):
    _plan, land_use = overlapping
    services.activate(land_use)
    assert Overlap.objects.filter(land_use=land_use).count() == 1


def _planner(users):
    client = Client()
    client.force_login(users["dtrb"])
    return client


def test_the_overlaps_answer_as_geojson_and_on_the_page(overlapping, users, client_for):
    _plan, land_use = overlapping
    second = land_use.parcels.order_by("feature_id")[1]
    answer = client_for(None).get(f"/api/tataruang/lahan/{land_use.pk}/tumpang-tindih/")
    assert answer.status_code == 200
    data = answer.json()
    assert data["numberMatched"] == 1
    [feature] = data["features"]
    assert feature["properties"]["feature_id"] == second.feature_id
    assert feature["properties"]["luas_m2"] == pytest.approx(20_000, rel=1e-3)
    lon, lat = feature["geometry"]["coordinates"][0][0][0]
    assert 106.0 < lon < 107.0 and -7.0 < lat < -6.0  # RFC 7946: lon, lat
    detail = client_for(None).get(f"/api/tataruang/lahan/{land_use.pk}/").json()
    assert detail["tumpang_tindih"]["jumlah"] == 1
    page = _planner(users).get(f"/tata-ruang/lahan/{land_use.pk}/", HTTP_ACCEPT_LANGUAGE="id")
    html = page.content.decode()
    assert 'id="peta-tumpang"' in html and "tataruang-tumpang.js" in html
    assert "1 bagian (2,00 ha)" in html


def test_a_layer_without_overlaps_says_so(users, opd, wilayah, reference, client_for):
    land_use = land_use_of_parcels(
        users,
        opd,
        "lahan-rapi",
        [(INDUSTRI, rect(CX - 200, CY - 100, CX, CY + 100)), (INDUSTRI, rect(CX, CY - 100, CX + 200, CY + 100))],
    )
    # Two parcels sharing an edge do not overlap.
    assert services.overlap_summary(land_use)["jumlah"] == 0
    page = _planner(users).get(f"/tata-ruang/lahan/{land_use.pk}/", HTTP_ACCEPT_LANGUAGE="id")
    assert 'id="peta-tumpang"' not in page.content.decode()
    assert client_for(None).get("/api/tataruang/lahan/999999/tumpang-tindih/").status_code == 404


def test_every_stored_figure_adds_up_across_levels(users, opd, wilayah, reference):
    """kabupaten = sum of kecamatan = sum of desa, for every outcome of a run over
    a 3 km x 3 km parcel that several desa and kecamatan share (the desa are a coverage)."""
    plan = plan_of_zones(
        users,
        opd,
        "rtrw-luas",
        [
            ({"NAMOBJ": "Kawasan Peruntukan Industri"}, rect(CX - 2000, CY - 2000, CX, CY + 2000)),
            ({"NAMOBJ": "Kawasan Perlindungan Setempat"}, rect(CX, CY - 2000, CX + 2000, CY + 2000)),
        ],
        "NAMOBJ",
    )
    land_use = land_use_of_parcels(
        users, opd, "lahan-luas", [(INDUSTRI, rect(CX - 1500, CY - 1500, CX + 1500, CY + 1500))]
    )
    run = compliance.compute(compliance.start_run(plan, land_use))
    rows = {level: list(run.results.filter(level=level, plan_class="")) for level in ("desa", "kecamatan", "kabupaten")}
    assert len(rows["desa"]) >= 3 and len(rows["kecamatan"]) >= 1
    [kabupaten] = rows["kabupaten"]
    for field in ("sesuai_ha", "belum_terwujud_ha", "tidak_sesuai_ha", "tidak_dinilai_ha"):
        total = getattr(kabupaten, field)
        assert sum(getattr(r, field) for r in rows["kecamatan"]) == pytest.approx(total, abs=1e-6), field
        assert sum(getattr(r, field) for r in rows["desa"]) == pytest.approx(total, abs=1e-6), field
    # Each half of the 3 km square (450 ha) counted once, as far as it lies in the kabupaten
    # (Kelapa Dua borders Kota Tangerang): SELECT ST_Area(ST_Transform(ST_Intersection(...), 32748)).
    for field, (x0, x1) in (("sesuai_ha", (CX - 1500, CX)), ("tidak_sesuai_ha", (CX, CX + 1500))):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ST_Area(ST_Transform(ST_Intersection(k.geom, ST_Transform("
                "ST_MakeEnvelope(%s, %s, %s, %s, 32748), 4326)), 32748)) / 1e4 FROM wilayah_kabupaten k",
                [x0, CY - 1500, x1, CY + 1500],
            )
            inside_ha = cursor.fetchone()[0]
        assert 300 < inside_ha <= 450.01
        assert getattr(kabupaten, field) == pytest.approx(inside_ha, abs=0.05), field
