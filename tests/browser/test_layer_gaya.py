"""The layer owner styles a layer by a number, in the browser: graduated classes
computed over every feature (/api/layers/<slug>/gaya/kelas/), previewed on the
map and in the legend before saving, saved through PUT /api/layers/<slug>/gaya/."""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from akun.models import Opd
from layers import tasks as layer_tasks
from layers.models import Layer
from tests.factories import make_user
from tests.factories.layers import published_layer
from tests.layers.files import point_feature

from .conftest import ConsoleLog, log_in, shot

pytestmark = pytest.mark.usefixtures("wilayah_live")


@pytest.fixture
def layer(monkeypatch):
    monkeypatch.setattr(layer_tasks.import_upload, "apply_async", lambda *args, **kwargs: None)
    call_command("load_opd", stdout=open(os.devnull, "w"))
    opd = Opd.objects.get(kode="dinkes")
    owner = make_user("operator-gaya", opd)
    reviewer = make_user("perencana-gaya", Opd.objects.get(kode="dtrb"), staff=True)
    # Ten points in Kelapa Dua with luas 1..10.
    features = [point_feature(106.60 + i * 0.002, -6.24, luas=i + 1, nama=f"Titik {i + 1}") for i in range(10)]
    return published_layer(owner, opd, "Titik bergradasi", features, reviewer)


def test_the_owner_previews_and_saves_a_graduated_style(live_server, page, layer, artifacts):
    console = ConsoleLog(page)
    log_in(page, live_server, "operator-gaya")
    page.goto(f"{live_server.url}/layers/{layer.slug}/")
    expect(page.locator("#peta-layer")).to_have_attribute("data-layer-loaded", "10")
    page.locator("summary", has_text="Ubah metadata").click()
    page.locator("input[name=style_type][value=graduated]").check()
    page.locator("#m-attribute").select_option("luas")
    page.locator("#m-method").select_option("equal")
    with page.expect_response(lambda r: "/gaya/kelas/" in r.url and "kelas=3" in r.url):
        page.locator("#m-classes").fill("3")
        page.locator("#m-classes").dispatch_event("change")
    preview = page.locator("#pratinjau-gaya li")
    # Equal intervals of 1..10 in three: 1-4 (3 points), 4-7 (3), 7-10 (4); then "no value".
    expect(preview).to_have_count(4)
    expect(preview.nth(0)).to_contain_text("1 – 4 (3)")
    expect(preview.nth(2)).to_contain_text("7 – 10 (4)")
    expect(preview.nth(3)).to_contain_text("Tanpa nilai")
    # The map shows the classes before saving: the darkest red on the points of the last class.
    colours = page.evaluate(
        """() => { const out = []; websigLayerFeatures.eachLayer((item) => {
             const parts = item.getLayers ? item.getLayers() : [item];
             parts.forEach((m) => out.push([item.feature.properties.luas,
               m.getElement().querySelector('.simbol').style.getPropertyValue('--warna')])); });
           return out; }"""
    )
    by_luas = dict(colours)
    assert by_luas[1] == by_luas[3] != by_luas[4]
    assert by_luas[10] == by_luas[7] == "#67000d"
    shot(page, artifacts / "layer-gaya-bergradasi.png", full_page=True)
    with page.expect_response(lambda r: r.url.endswith("/gaya/") and r.request.method == "PUT" and r.status == 200):
        page.locator("#form-metadata button[type=submit]").click()
    page.wait_for_load_state("load")
    style = Layer.objects.get(pk=layer.pk).style
    assert style["type"] == "graduated" and style["attribute"] == "luas" and style["method"] == "equal"
    assert [(c["min"], c["max"]) for c in style["classes"]] == [(1, 4), (4, 7), (7, 10)]
    assert console.errors == []


@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_the_layer_page_has_the_map_tools(live_server, request, fixture, layer, artifacts):
    """Another map page than the public map gets the same tools from WebSIG.createMap:
    measure, export, the coordinate readout, the basemap choice; credits clear of the scale bar."""
    page = request.getfixturevalue(fixture)
    console = ConsoleLog(page)
    page.goto(f"{live_server.url}/layers/{layer.slug}/")
    expect(page.locator("#peta-layer")).to_have_attribute("data-layer-loaded", "10")
    tools = page.locator("#peta-layer")
    for selector in (
        ".alat-ukur__jarak",
        ".alat-ukur__luas",
        ".alat-ekspor__png",
        ".alat-ekspor__pdf",
        ".alat-koordinat",
    ):
        expect(tools.locator(selector)).to_have_count(1)
    labels = tools.locator(".leaflet-control-layers-base label").all_inner_texts()
    assert [label.strip() for label in labels] == ["OpenStreetMap", "Citra satelit", "Tanpa peta dasar"]
    scale = tools.locator(".leaflet-control-scale").bounding_box()
    credits = tools.locator(".leaflet-control-attribution").bounding_box()
    assert scale["x"] + scale["width"] <= credits["x"] or scale["y"] + scale["height"] <= credits["y"]
    tools.scroll_into_view_if_needed()
    shot(page, artifacts / f"layer-alat-{fixture}.png")
    assert console.errors == []
