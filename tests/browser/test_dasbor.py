"""The indicator dashboard (/dasbor/) in Chromium: the kecamatan and year filters
change the figures, the choropleth follows, the page fits a laptop and a phone."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from layers import tasks as layer_tasks
from tests.factories.grid import CX, CY, rect
from tests.layers import files
from tests.tataruang.conftest import _committed_setup, polygon_layer

from .conftest import DESKTOP, PHONE, ConsoleLog, log_in, shot

pytestmark = pytest.mark.usefixtures("wilayah_live")
LP2B_FIGURE = "#kartu-luas-lp2b .dasbor-angka"
RDTR_FIGURE = "#kartu-sinkronisasi-rdtr .dasbor-angka"
MAP_READY = "#peta-dasbor[data-indikator='luas-lp2b']"


@pytest.fixture
def dasbor_data(transactional_db, monkeypatch):
    """LP2B: 1.00 ha in Kelapa Dua (36.03.28) and 2.00 ha in Balaraja (36.03.01);
    the 14 WP with their RDTR synchronisation (21,43% 2024, 28,57% 2025, 42,86% 2026)."""
    monkeypatch.setattr(layer_tasks.import_upload, "apply_async", lambda *a, **k: None)
    users, opd = _committed_setup("perencana-dasbor")
    bx, by = files.utm(*files.BALARAJA[:2])
    polygon_layer(
        users,
        opd,
        "lp2b",
        [
            ({"JENIS": "LP2B"}, rect(CX - 150, CY - 50, CX - 50, CY + 50)),
            ({"JENIS": "LP2B"}, rect(bx - 50, by - 100, bx + 50, by + 100)),
        ],
        expected="dpkp-lp2b",
        publish=True,
    )
    call_command("load_wilayah_perencanaan", stdout=open("/dev/null", "w"))
    return users


def test_the_filters_change_the_figures(live_server, page, dasbor_data, artifacts):
    console = ConsoleLog(page)
    page.goto(live_server.url + "/dasbor/")
    # Kabupaten: 1.00 + 2.00 ha; RDTR of the latest year (2026) 42,86%.
    expect(page.locator(LP2B_FIGURE)).to_have_text("3,00")
    expect(page.locator(RDTR_FIGURE)).to_have_text("42,86")
    expect(page.locator(LP2B_FIGURE)).to_have_attribute("href", "/tata-ruang/lp2b/")
    expect(page.locator("#peta-dasbor")).to_have_attribute("data-tingkat", "kecamatan")
    page.locator("#peta-indikator").select_option("luas-lp2b")
    expect(page.locator(MAP_READY)).to_have_attribute("data-loaded", "29")
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["viewport"]["width"]
    shot(page, artifacts / "dasbor.png", full_page=True)
    # Choosing Kelapa Dua shows its figure and its desa on the map.
    page.locator("#saring-kecamatan").select_option("36.03.28")
    expect(page).to_have_url(live_server.url + "/dasbor/?kecamatan=36.03.28")
    expect(page.locator(LP2B_FIGURE)).to_have_text("1,00")
    expect(page.locator("#dasbor-wilayah")).to_contain_text("Kelapa Dua")
    # RDTR synchronisation exists for the kabupaten only: its figure stays, so labelled.
    expect(page.locator(RDTR_FIGURE)).to_have_text("42,86")
    expect(page.locator("#kartu-sinkronisasi-rdtr")).to_contain_text("hanya kabupaten")
    page.locator("#peta-indikator").select_option("luas-lp2b")
    expect(page.locator("#peta-dasbor")).to_have_attribute("data-tingkat", "desa")
    desa = page.evaluate("fetch('/api/wilayah/desa/').then(r => r.json())")
    in_kelapa_dua = sum(1 for f in desa["features"] if f["properties"]["kode"].startswith("36.03.28."))
    expect(page.locator(MAP_READY)).to_have_attribute("data-loaded", str(in_kelapa_dua))
    # Drawn from the vector tiles of the OGC collection "desa"; a click opens the desa's figure.
    expect(page.locator("#peta-dasbor")).to_have_attribute("data-sumber", "ubin")
    expect(page.locator("#peta-dasbor .leaflet-tile-loaded").first).to_be_attached()
    page.wait_for_timeout(800)  # the canvas tiles painted
    page.locator("#peta-dasbor").scroll_into_view_if_needed()
    lon, lat = files.KELAPA_DUA[:2]
    point = page.evaluate("([lat, lon]) => websigDasborMap.latLngToContainerPoint([lat, lon])", [lat, lon])
    box = page.locator("#peta-dasbor").bounding_box()
    # The desa's class colour under the click: LP2B 1,00 ha is the largest value, the darkest green.
    colour = page.evaluate(
        """([x, y]) => { const c = [...document.querySelectorAll('#peta-dasbor canvas')].find((t) => {
            const r = t.getBoundingClientRect(), m = document.querySelector('#peta-dasbor').getBoundingClientRect();
            return r.left - m.left <= x && x < r.right - m.left && r.top - m.top <= y && y < r.bottom - m.top; });
          const r = c.getBoundingClientRect(), m = document.querySelector('#peta-dasbor').getBoundingClientRect();
          const k = c.width / r.width;
          const px = (x - (r.left - m.left)) * k, py = (y - (r.top - m.top)) * k;
          return Array.from(c.getContext('2d').getImageData(px, py, 1, 1).data); }""",
        [point["x"], point["y"]],
    )
    assert colour[3] > 150 and colour[1] > colour[0] + 40 and colour[1] < 140, colour  # #006d2c at 80%
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    popup = page.locator("#peta-dasbor .leaflet-popup .dasbor-info")
    expect(popup.locator("h3")).to_have_text("Kelapa Dua")
    expect(popup.locator(".dasbor-info__angka")).to_have_text("1,00 ha")
    # Then a year: RDTR 2024 is 21,43% (3 of 14 WP); the LP2B layer was published this year, not in 2024.
    page.locator("#saring-tahun").select_option("2024")
    expect(page).to_have_url(live_server.url + "/dasbor/?kecamatan=36.03.28&tahun=2024")
    expect(page.locator(RDTR_FIGURE)).to_have_text("21,43")
    expect(page.locator("#kartu-luas-lp2b .dasbor-kartu__kosong")).to_contain_text("2024")
    # The export follows the filters.
    expect(page.locator("#unduh-csv")).to_have_attribute(
        "href", "/api/indikator/?level=desa&kode=36.03.28&periode=2024&format=csv"
    )
    assert console.errors == []


def test_on_a_phone_the_page_does_not_scroll_sideways(live_server, phone_page, dasbor_data, artifacts):
    console = ConsoleLog(phone_page)
    phone_page.goto(live_server.url + "/dasbor/")
    expect(phone_page.locator(LP2B_FIGURE)).to_have_text("3,00")
    phone_page.locator("#peta-indikator").select_option("luas-lp2b")
    expect(phone_page.locator(MAP_READY)).to_have_attribute("data-loaded", "29")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    shot(phone_page, artifacts / "dasbor-phone.png", full_page=True)
    assert console.errors == []


def test_a_planners_eleven_links_fit_1366_px(live_server, page, dasbor_data):
    log_in(page, live_server, dasbor_data["dtrb"].username)
    page.goto(live_server.url + "/dasbor/")
    expect(page.locator(".site-nav a")).to_have_count(11)
    expect(page.locator(".site-nav a[aria-current=page]")).to_have_text("Dasbor")
    expect(page.locator(".menu-toggle")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.reload()
    expect(page.locator(".site-nav a[aria-current=page]")).to_have_text("Dashboard")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
