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
    overlay = page.get_by_label("Pola ruang RTRW")
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
