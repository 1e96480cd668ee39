"""The kecamatan and desa profile pages: the figures they show equal the stored
runs (the compliance run, the flood statistics) and independent SQL."""

import re

import pytest
from django.db import connection
from django.test import Client

from flood.models import HazardStatistic
from layers.models import Feature, Layer
from profil import sections
from profil.areas import area_for
from wilayah.models import Desa

from .conftest import KEC_KELAPA_DUA, KELAPA_DUA

pytestmark = pytest.mark.django_db
# The area and share cells of a row of the zone and hazard tables.
CELLS = r'.*?class="angka luas">([^<]+)<.*?class="angka persen">([^<]+)<'


def get(path):
    return Client(HTTP_ACCEPT_LANGUAGE="id").get(path)


@pytest.mark.parametrize(
    "path",
    [
        "/wilayah/desa/abc/",
        "/wilayah/desa/36.03.28/",  # a kecamatan code where a desa code belongs
        "/wilayah/kecamatan/36.03.28.1001/",
        "/wilayah/desa/36.03.28.1001x/",
        "/wilayah/desa/%D9%A3%D9%A6.03.28.1001/",  # Arabic-Indic digits
        "/wilayah/kecamatan/36.3.28/laporan.pdf",
        "/wilayah/desa/36.03.28.10011/peta.html",
    ],
)
def test_a_malformed_code_is_a_400_in_indonesian(wilayah, path):
    response = get(path)
    assert response.status_code == 400
    assert "bukan kode" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/wilayah/desa/36.03.28.9999/", "/wilayah/kecamatan/36.03.99/", "/wilayah/kecamatan/36.03.99/laporan.pdf"]
)
def test_an_unknown_code_is_a_404_in_indonesian(wilayah, path):
    response = get(path)
    assert response.status_code == 404
    assert "Tidak ada" in response.content.decode()


def test_desa_neighbours_share_a_boundary(wilayah):
    # The real boundaries: Kelurahan Tigaraksa and the six desa around it (as on the map).
    tigaraksa = Desa.objects.get(kode="36.03.03.1001")
    names = list(Desa.objects.neighbours_of(tigaraksa).values_list("nama", flat=True))
    assert names == ["Kadu Agung", "Matagara", "Munjul", "Pasir Nangka", "Pete", "Sodong"]
    # Symmetric, and never the desa itself.
    for neighbour in Desa.objects.neighbours_of(tigaraksa):
        assert tigaraksa in Desa.objects.neighbours_of(neighbour)


def _stored_hazard(level, kode, version):
    stat = HazardStatistic.objects.get(version=version, level=level, kode=kode)
    return {k: v / 10000 for k, v in stat.luas_m2.items()}, sum(stat.luas_m2.values())


def _zone_m2_by_sql(plan, desa_kode):
    # Independently of the desa pieces: each zone cut by the whole desa polygon, in UTM 48S.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.kode, sum(ST_Area(ST_Transform(ST_Intersection(z.geom, d.geom), 32748)))
            FROM tataruang_planzone z JOIN tataruang_planclass c ON c.id = z.plan_class_id
            JOIN wilayah_desa d ON d.kode = %s
            WHERE z.plan_id = %s AND ST_Intersects(z.geom, d.geom) GROUP BY 1
            """,
            [desa_kode, plan.pk],
        )
        return dict(cursor.fetchall())


def test_desa_profile_shows_the_stored_figures(profiled):
    plan, _land_use, run, version = profiled
    desa = Desa.objects.get(kode=KELAPA_DUA)
    html = get(f"/wilayah/desa/{KELAPA_DUA}/").content.decode()
    # Measured area, as stored, in Indonesian format.
    assert _fmt(desa.luas_ukur_ha) + " ha" in html
    # The compliance run through the indicator registry: half of the 4.00 ha parcel is sesuai.
    row = re.search(r'data-indikator="kesesuaian-rtrw".*?</tr>', html, re.S).group(0)
    assert "50,00%" in row and f"?run={run.pk}" in row
    # Plan zones: the 1 km square plan, KPI in the west half and PS in the east
    # half (50.00 ha each where they lie inside the desa), as SQL measures them.
    expected = _zone_m2_by_sql(plan, KELAPA_DUA)
    assert set(expected) == {"KPI", "PS"}
    table = re.search(rf'data-plan="{plan.pk}".*?</table>', html, re.S).group(0)
    for kode, m2 in expected.items():
        cells = re.search(rf'data-kode="{kode}"{CELLS}', table, re.S)
        assert cells.group(1) == _fmt(m2 / 10000)
        assert cells.group(2) == _fmt(100 * m2 / (desa.luas_ukur_ha * 10000)) + "%"
    # LP2B: the 1.00 ha square.
    assert "1,00 ha" in re.search(r'class="lp2b-total">([^<]+)<', html).group(1)
    # Flood hazard classes: the stored statistics of the published raster
    # (4 pixels of 100 m2 in each class: 0.04 ha), the rest of the desa without data.
    stored, total = _stored_hazard("desa", KELAPA_DUA, version)
    assert round(stored["tinggi"], 4) == 0.04
    hazard = re.search(r'class="tabel tabel-bahaya".*?</table>', html, re.S).group(0)
    for kelas in ("rendah", "sedang", "tinggi", "tanpa_data"):
        cells = re.search(rf'data-kelas="{kelas}"{CELLS}', hazard, re.S)
        assert cells.group(1) == _fmt(stored[kelas])
        assert cells.group(2) == _fmt(100 * stored[kelas] * 10000 / total) + "%"


def test_layer_counts_are_the_features_assigned_to_the_area(profiled):
    area = area_for("kecamatan", KEC_KELAPA_DUA)
    rows = {row["slug"]: row for row in sections.layer_counts(area)}
    lp2b = Layer.objects.get(expected__kode="dpkp-lp2b")
    expected = Feature.objects.filter(version=lp2b.published_version, kecamatan__kode=KEC_KELAPA_DUA).count()
    assert expected == 1 and rows[lp2b.slug]["jumlah"] == expected
    assert rows[lp2b.slug]["url_tabel"].endswith(f"?kecamatan={KEC_KELAPA_DUA}&export=csv")
    html = get(f"/wilayah/kecamatan/{KEC_KELAPA_DUA}/").content.decode()
    assert re.search(rf'data-layer="{lp2b.slug}".*?class="angka jumlah">1<', html, re.S)
    # Every desa of the kecamatan is listed with a link to its profile.
    for desa in Desa.objects.filter(kecamatan__kode=KEC_KELAPA_DUA):
        assert f'href="/wilayah/desa/{desa.kode}/"' in html


def test_every_registered_indicator_appears(profiled, monkeypatch):
    from core import indicators

    class Extra(indicators.Provider):
        indicator = indicators.Indicator(kode="uji-tambahan", nama="Indikator uji", satuan="ha", produsen="DTRB")

        def values(self, level, kode=None, periode=None):
            return [indicators.Value("uji-tambahan", level, kode, "x", "2026", 1234.5, target=2000.0)]

    monkeypatch.setitem(indicators._providers, "uji-tambahan", Extra())
    html = get(f"/wilayah/desa/{KELAPA_DUA}/").content.decode()
    row = re.search(r'data-indikator="uji-tambahan".*?</tr>', html, re.S).group(0)
    assert "1.234,50 ha" in row and "2.000,00 ha" in row


def _fmt(value):
    """1234.5678 -> '1.234,57' (Indonesian, two decimals)."""
    text = f"{round(value, 2):,.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")
