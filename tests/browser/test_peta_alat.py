"""The standard tools of every map (static/js/peta-alat.js) in a real browser:
measuring in UTM 48S, the coordinate readout, export to PNG and PDF, opacity
sliders, the imagery basemap from the settings (served by a local stub: no
internet) and the credits kept clear of the scale bar."""

import struct

import pytest
from django.contrib.gis.geos import LineString, Point, Polygon
from playwright.sync_api import expect

from .conftest import ConsoleLog, shot

pytestmark = pytest.mark.usefixtures("wilayah_live")

MAP_READY = '#peta[data-kecamatan-loaded="29"][data-desa-loaded="274"]'
# Two points 0.05° of longitude apart on the latitude of Desa Cangkudu (Balaraja),
# both inside the kabupaten.
A = (106.43434, -6.22766)
B = (106.48434, -6.22766)
C = (106.48434, -6.19766)
# A 1x1 PNG the stubbed imagery server answers every tile with.
TILE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc0f01f0005000201a5f1c2a10000000049454e44ae426082"
)


def utm(lon, lat):
    """(E, N) in metres in UTM 48S (EPSG:32748), by GDAL as the server computes."""
    point = Point(lon, lat, srid=4326)
    point.transform(32748)
    return point.x, point.y


def pixel(page, lon, lat):
    return page.evaluate(
        "([lat, lon]) => { const p = websigMap.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }", [lat, lon]
    )


def open_map(page, live_server, lon=106.46, lat=-6.215, zoom=14):
    page.goto(live_server.url + "/")
    page.wait_for_selector(MAP_READY)
    page.evaluate("([lat, lon, z]) => websigMap.setView([lat, lon], z, {animate: false})", [lat, lon, zoom])


def id_number(value, digits=0):
    """Indonesian formatting: 1.234.567,89."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def test_measure_distance_and_area_in_utm(live_server, page, artifacts):
    console = ConsoleLog(page)
    open_map(page, live_server)
    box = page.locator("#peta").bounding_box()

    page.locator(".alat-ukur__jarak").click()
    for lon, lat in (A, B):
        x, y = pixel(page, lon, lat)
        page.mouse.click(box["x"] + x, box["y"] + y)
    page.locator(".alat-ukur__selesai").click()
    mode, measured = page.locator("#peta").get_attribute("data-ukur").split(":")
    # The known distance: ST_Length(ST_Transform('LINESTRING(106.43434 -6.22766, 106.48434 -6.22766)', 32748)).
    known = LineString(utm(*A), utm(*B)).length
    assert 5500 < known < 5560
    assert mode == "m"
    assert abs(float(measured) - known) / known < 0.005
    expect(page.locator(".alat-ukur__teks")).to_contain_text(" m (")
    # The click did not ask "what is here?": no desa popup opened.
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    shot(page, artifacts / "alat-ukur-jarak.png")

    page.locator(".alat-ukur__luas").click()
    for lon, lat in (A, B, C):
        x, y = pixel(page, lon, lat)
        page.mouse.click(box["x"] + x, box["y"] + y)
    page.locator(".alat-ukur__selesai").click()
    mode, measured = page.locator("#peta").get_attribute("data-ukur").split(":")
    known_area = Polygon([utm(*A), utm(*B), utm(*C), utm(*A)]).area
    assert mode == "m2"
    assert abs(float(measured) - known_area) / known_area < 0.005
    expect(page.locator(".alat-ukur__teks")).to_contain_text(" ha (")
    page.locator(".alat-ukur__hapus").click()
    expect(page.locator(".alat-ukur__hasil")).to_be_hidden()
    assert console.errors == []


def test_coordinate_readout_in_degrees_and_utm(live_server, page):
    console = ConsoleLog(page)
    open_map(page, live_server)
    box = page.locator("#peta").bounding_box()
    x, y = 500, 300
    lat, lon = page.evaluate(
        "([x, y]) => { const p = websigMap.containerPointToLatLng([x, y]); return [p.lat, p.lng]; }", [x, y]
    )
    page.mouse.move(box["x"] + x, box["y"] + y)
    readout = page.locator(".alat-koordinat")
    east, north = utm(lon, lat)
    expect(readout.locator(".alat-koordinat__derajat")).to_have_text(
        f"{id_number(abs(lat), 5)}° LS, {id_number(lon, 5)}° BT"
    )
    expect(readout.locator(".alat-koordinat__utm")).to_have_text(
        f"UTM 48S: E {id_number(east)} m, N {id_number(north)} m"
    )
    assert console.errors == []


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_export_png_and_pdf(live_server, page, artifacts):
    console = ConsoleLog(page)
    open_map(page, live_server, zoom=11)
    size = page.evaluate("() => { const s = websigMap.getSize(); return [s.x, s.y]; }")
    with page.expect_download() as info:
        page.locator(".alat-ekspor__png").click()
    path = artifacts / "alat-ekspor.png"
    info.value.save_as(path)
    assert png_size(path.read_bytes()) == tuple(size)
    assert info.value.suggested_filename.endswith(".png")
    with page.expect_download() as info:
        page.locator(".alat-ekspor__pdf").click()
    pdf = artifacts / "alat-ekspor.pdf"
    info.value.save_as(pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    assert f"/Width {size[0]} /Height {size[1]}".encode() in data
    assert console.errors == []


def test_opacity_slider_fades_an_overlay(live_server, page):
    console = ConsoleLog(page)
    open_map(page, live_server, zoom=11)
    path = page.locator(".leaflet-kecamatan-pane path.batas-kecamatan").first
    expect(path).to_have_attribute("stroke-opacity", "0.95")
    slider = page.locator(".kontrol-lapisan__opasitas input[aria-label*='kecamatan' i]")
    slider.fill("50")
    # The kecamatan outline's own opacity (0.95), halved.
    expect(path).to_have_attribute("stroke-opacity", "0.475")
    assert console.errors == []


def test_imagery_basemap_from_settings(live_server, page, settings, artifacts):
    settings.BASEMAP_IMAGERY_URL = "/uji-citra/{z}/{x}/{y}.png"
    settings.BASEMAP_IMAGERY_ATTRIBUTION = "Citra uji © Penyedia Contoh"
    requested = []

    def tile(route):
        requested.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=TILE_PNG)

    page.route("**/uji-citra/**", tile)
    console = ConsoleLog(page)
    open_map(page, live_server, zoom=11)
    page.locator(".leaflet-control-layers-base label", has_text="Citra satelit").click()
    expect(page.locator("#peta")).to_have_attribute("data-basemap", "imagery")
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Citra uji © Penyedia Contoh")
    assert requested and all("/uji-citra/11/" in url for url in requested)
    page.locator(".leaflet-control-layers-base label", has_text="Tanpa peta dasar").click()
    expect(page.locator("#peta")).to_have_attribute("data-basemap", "none")
    assert console.errors == []


def intersects(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_scale_bar_clear_of_the_credits(live_server, request, fixture, artifacts):
    page = request.getfixturevalue(fixture)
    console = ConsoleLog(page)
    page.goto(live_server.url + "/")
    page.wait_for_selector(MAP_READY)
    scale = page.locator(".leaflet-control-scale").bounding_box()
    credits = page.locator(".leaflet-control-attribution").bounding_box()
    readout = page.locator(".alat-koordinat").bounding_box()
    assert not intersects(scale, credits)
    assert not intersects(scale, readout)
    shot(page, artifacts / f"alat-peta-{fixture}.png")
    assert console.errors == []
