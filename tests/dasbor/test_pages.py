"""/dasbor/ rendered by the server: the figures equal the stored values, the filters
choose the area and the year, every figure links to the page behind it."""

import json
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.layers.test_indicator_provider import history  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def figure(html, kode):
    """(data-nilai, text, href) of the main figure of indicator ``kode``'s card."""
    card = html.split(f'id="kartu-{kode}"', 1)[1].split("</article>", 1)[0]
    found = re.search(r'<a class="dasbor-angka" href="([^"]*)" data-nilai="([^"]*)"[^>]*>([^<]*)</a>', card)
    return (found.group(2), found.group(3), found.group(1)) if found else None


def test_figures_of_the_kabupaten_and_of_a_kecamatan(lp2b, client_for):
    call_command("load_wilayah_perencanaan", stdout=open("/dev/null", "w"))
    html = client_for().get("/dasbor/").content.decode()
    # LP2B 1.00 ha (the fixture's square), RDTR of the latest year 42,86% (6 of 14 WP).
    assert figure(html, "luas-lp2b") == ("1.0", "1,00", "/tata-ruang/lp2b/")
    assert figure(html, "sinkronisasi-rdtr")[:2] == ("42.86", "42,86")
    assert "Belum ada layer RTH publik" in html and "DATA CONTOH (sintetis)" in html
    html = client_for().get("/dasbor/", {"kecamatan": "36.03.01"}).content.decode()
    assert figure(html, "luas-lp2b")[:2] == ("0.0", "0,00")  # Balaraja holds no LP2B
    assert 'href="/api/indikator/?level=desa&amp;kode=36.03.01&amp;format=csv"' in html
    html = client_for().get("/dasbor/", {"tahun": "2024"}).content.decode()
    assert figure(html, "sinkronisasi-rdtr")[:2] == ("21.43", "21,43")
    assert figure(html, "luas-lp2b") is None and "Tidak ada nilai tersimpan untuk 2024." in html


def test_unknown_filters_are_404(wilayah, client_for):
    assert client_for().get("/dasbor/", {"kecamatan": "36.03.99"}).status_code == 404
    assert client_for().get("/dasbor/", {"tahun": "dua"}).status_code == 404


def test_the_integration_card_shows_its_history(history, client_for):  # noqa: F811
    # tests/layers/test_indicator_provider.py: 1/4 expected layers integrated by the end
    # of 2024, 2/4 by the end of 2025 (and of each year since), 3/4 now.
    this_year = timezone.localdate().year
    html = client_for().get("/dasbor/").content.decode()
    data = json.loads(re.search(r'<script id="data-dasbor" type="application/json">(.*?)</script>', html).group(1))
    trend = next(t for t in data["trends"] if t["kode"] == "integrasi-layer")
    years = [str(y) for y in range(2024, this_year + 1)]
    assert trend["periode"] == years
    assert trend["nilai"] == [25.0] + [50.0] * (this_year - 2025) + [75.0]
    assert trend["target"][:2] == [75, 80]
    assert figure(html, "integrasi-layer")[:2] == ("75.0", "75,00")
    html = client_for().get("/dasbor/", {"tahun": "2024"}).content.decode()
    assert figure(html, "integrasi-layer")[:2] == ("25.0", "25,00")
