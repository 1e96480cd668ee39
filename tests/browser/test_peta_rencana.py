"""The zones of the active RTRW on the public map, from the `rtrw` vector
tiles: offered in the layer control, drawn in the class colours, and a click
on a zone opens its code and name (/ogc/collections/rtrw/items/<id>)."""

import pytest
from playwright.sync_api import expect

from tests.factories.grid import CX, CY, lonlat

from .conftest import ConsoleLog, shot
from .test_kkpr import half_and_half_live, plan  # noqa: F401 (fixtures: the active half-and-half RTRW)

pytestmark = pytest.mark.usefixtures("wilayah_live")


def test_the_rtrw_zones_are_drawn_from_tiles_and_open_a_popup(live_server, page, plan, artifacts):  # noqa: F811
    console = ConsoleLog(page)
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(live_server.url + "/")
    page.wait_for_selector('#peta[data-rencana-rtrw="siap"]')
    # No active RDTR in this test: no entry for it, and no request for its tiles.
    assert page.locator("#peta").get_attribute("data-rencana-rdtr") is None
    overlay = page.get_by_label("Pola ruang RTRW", exact=True)
    with page.expect_response(lambda r: "/ogc/collections/rtrw/tiles/WebMercatorQuad/" in r.url and r.status == 200):
        overlay.check(force=True)
        # The west half of the 1 km square plan is the industrial zone (KPI).
        lon, lat = lonlat(CX - 250, CY)
        page.evaluate("([lat, lon]) => websigMap.setView([lat, lon], 15, {animate: false})", [lat, lon])
    page.wait_for_timeout(800)
    shot(page, artifacts / "peta-rencana-rtrw.png")
    point = page.evaluate(
        "([lat, lon]) => { const p = websigMap.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }", [lat, lon]
    )
    with page.expect_response(lambda r: "/ogc/collections/rtrw/items/" in r.url and r.status == 200):
        page.locator("#peta").click(position={"x": point[0], "y": point[1]})
    popup = page.locator(".leaflet-popup-content .info-fitur")
    expect(popup).to_contain_text("KPI")
    expect(popup).to_contain_text("Kawasan Peruntukan Industri")
    expect(popup).to_contain_text("budidaya")
    assert console.errors == []
    assert not [url for url in asked if "/ogc/collections/rdtr/" in url]


def test_the_rtrw_legend_lists_its_classes_in_their_colours(live_server, page, phone_page, plan, artifacts):  # noqa: F811
    """Ticking the RTRW zones shows their classes in the panel's legend, each in its
    official colour (data/tataruang/klasifikasi_rencana.csv: KPI #690000, PS #05d7d7),
    and gives the map's export the same legend; unticking takes it away."""
    console = ConsoleLog(page)
    page.goto(live_server.url + "/")
    page.wait_for_selector('#peta[data-rencana-rtrw="siap"]')
    legend = page.locator('#legenda-rencana [data-rencana="rtrw"]')
    expect(legend).to_have_count(0)
    page.get_by_label("Pola ruang RTRW", exact=True).check(force=True)
    expect(legend.locator("li")).to_have_count(2)
    rows = {
        row.get_attribute("data-kode"): (
            row.inner_text().strip(),
            row.locator(".legenda-rencana__warna").evaluate("node => getComputedStyle(node).backgroundColor"),
        )
        for row in legend.locator("li").all()
    }
    assert rows == {
        "KPI": ("KPI Kawasan Peruntukan Industri", "rgb(105, 0, 0)"),
        "PS": ("PS Kawasan Perlindungan Setempat", "rgb(5, 215, 215)"),
    }
    exported = page.evaluate(
        "() => WebSIGTools.shownLegends(websigMap).flatMap((l) => l.entries.map((e) => [e.label, e.color]))"
    )
    assert ["KPI Kawasan Peruntukan Industri", "#690000"] in exported
    page.locator("#judul-legenda").scroll_into_view_if_needed()
    shot(page, artifacts / "peta-rencana-legenda.png")
    page.get_by_label("Pola ruang RTRW", exact=True).uncheck(force=True)
    expect(legend).to_have_count(0)
    assert console.errors == []

    # On a phone the legend is in the folding panel.
    phone_page.goto(live_server.url + "/")
    phone_page.wait_for_selector('#peta[data-rencana-rtrw="siap"]')
    phone_page.get_by_label("Pola ruang RTRW", exact=True).dispatch_event("click")
    phone_page.locator(".panel__toggle").click()
    phone_legend = phone_page.locator('#legenda-rencana [data-rencana="rtrw"] li')
    expect(phone_legend).to_have_count(2)
    phone_page.locator("#legenda-rencana").scroll_into_view_if_needed()
    shot(phone_page, artifacts / "peta-rencana-legenda-ponsel.png")
