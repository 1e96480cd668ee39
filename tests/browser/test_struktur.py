"""The struktur ruang of the active RTRW in a real browser: drawn over the
indicator map with its legend, toggle and popups, and on the plan page with
its own map and the form that links and unlinks layers.

The inputs are the half-and-half plan of tests/tataruang/conftest.py with one
arterial road (Balaraja - Kelapa Dua) and two centres (a PKL in Teluknaga
whose name holds markup, a PPK in Pagedangan) linked to it."""

import pytest
from playwright.sync_api import expect

from akun.models import Opd
from layers import services as layer_services
from layers import tasks as layer_tasks
from layers.models import Layer
from tests.factories.plans import tata_ruang_layer
from tests.layers import files
from tests.tataruang.test_struktur import struktur_layers

from .conftest import ConsoleLog, log_in, shot
from .test_tataruang import click_on_map, half_and_half_live, inputs, no_task, run  # noqa: F401

pytestmark = pytest.mark.usefixtures("wilayah_live")

KESESUAIAN = "/tata-ruang/kesesuaian/"
PANE_PATHS = ".leaflet-struktur-pane path"


@pytest.fixture
def struktur(inputs, monkeypatch):  # noqa: F811
    """The road and the centres, published and linked to the plan; the centres are sample data."""
    plan, _land_use = inputs
    with monkeypatch.context() as patch:
        patch.setattr(layer_tasks.import_upload, "apply_async", no_task)
        jalan, pusat = struktur_layers(inputs.planner, Opd.objects.get(kode="dtrb"))
    Layer.objects.filter(pk=pusat.layer_id).update(is_sample=True)
    plan.struktur.set([jalan, pusat])
    return plan


def test_the_indicator_map_draws_the_struktur(live_server, page, run, struktur, artifacts):  # noqa: F811
    console = ConsoleLog(page)
    page.goto(live_server.url + KESESUAIAN)
    expect(page.locator("#peta-kesesuaian")).to_have_attribute("data-struktur-loaded", "3")
    # The road is a white casing under its line; each centre one circle.
    expect(page.locator(PANE_PATHS)).to_have_count(4)
    legend = page.locator("#legenda-struktur")
    expect(legend).to_contain_text("Struktur ruang · RTRW uji")
    expect(legend.locator(".lencana--contoh")).to_have_text("DATA CONTOH (sintetis)")
    expect(legend.locator(".legenda-struktur__nama")).to_have_text(
        ["Jalan arteri", "PKL – Pusat Kegiatan Lokal", "PPK – Pusat Pelayanan Kawasan"]
    )
    expect(legend.locator(".legenda-struktur__jumlah")).to_have_text(["1", "1", "1"])

    # The popup of the PKL shows its attributes as text, and the sample label.
    click_on_map(page, *files.TELUKNAGA[:2])
    popup = page.locator(".popup-fitur")
    expect(popup.locator(".info-fitur__kelas")).to_have_text("PKL – Pusat Kegiatan Lokal")
    expect(popup).to_contain_text("<b>PKL</b> Teluknaga")
    expect(popup.locator("b")).to_have_count(0)
    expect(popup.locator(".lencana--contoh")).to_have_text("DATA CONTOH (sintetis)")
    shot(page, artifacts / "tataruang-struktur-kesesuaian.png", full_page=True)

    # The toggle hides the struktur and its legend, and brings them back.
    toggle = page.locator("label.saklar", has_text="Struktur ruang (RTRW)")
    toggle.click()
    expect(page.locator(PANE_PATHS)).to_have_count(0)
    expect(legend).to_be_hidden()
    toggle.click()
    expect(page.locator(PANE_PATHS)).to_have_count(4)
    assert console.errors == []


def test_the_plan_page_shows_and_links_the_struktur(live_server, page, inputs, struktur, artifacts):  # noqa: F811
    console = ConsoleLog(page)
    log_in(page, live_server, inputs.planner.username)
    page.goto(live_server.url + f"/tata-ruang/rencana/{struktur.pk}/")
    expect(page.locator("#peta-struktur")).to_have_attribute("data-struktur-loaded", "3")
    expect(page.locator(PANE_PATHS)).to_have_count(4)
    rows = page.locator("#tabel-struktur tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("jaringan-uji")
    expect(rows.nth(0).locator(".angka")).to_have_text("1")
    expect(rows.nth(1)).to_contain_text("pusat-uji")
    expect(rows.nth(1).locator(".angka")).to_have_text("2")
    shot(page, artifacts / "tataruang-struktur-rencana.png", full_page=True)

    # Unlinking the centres leaves the road alone.
    page.locator("#form-struktur input[value=pusat-uji]").uncheck()
    page.locator("#simpan-struktur").click()
    expect(rows).to_have_count(1)
    expect(page.locator("#peta-struktur")).to_have_attribute("data-struktur-loaded", "1")
    expect(page.locator(PANE_PATHS)).to_have_count(2)
    assert [v.layer.slug for v in struktur.struktur.select_related("layer")] == ["jaringan-uji"]
    assert console.errors == []


def test_the_checklist_offers_published_layers_only(live_server, page, inputs, struktur, monkeypatch):  # noqa: F811
    """A draft road layer and one awaiting review are not in the struktur checklist."""
    line = {
        "type": "Feature",
        "properties": {"NAMOBJ": "Jalan rencana", "JNSJRN": "Jalan Kolektor"},
        "geometry": {"type": "LineString", "coordinates": [list(files.BALARAJA[:2]), list(files.KELAPA_DUA[:2])]},
    }
    dtrb = Opd.objects.get(kode="dtrb")
    with monkeypatch.context() as patch:
        patch.setattr(layer_tasks.import_upload, "apply_async", no_task)
        tata_ruang_layer(inputs.planner, dtrb, "jalan-draf", [line])
        waiting = tata_ruang_layer(inputs.planner, dtrb, "jalan-menunggu", [line])
    layer_services.submit_version(waiting, inputs.planner)
    log_in(page, live_server, inputs.planner.username)
    page.goto(live_server.url + f"/tata-ruang/rencana/{struktur.pk}/")
    boxes = page.locator("#form-struktur input[name=struktur]")
    expect(boxes).to_have_count(2)
    assert boxes.evaluate_all("bs => bs.map(b => b.value)") == ["jaringan-uji", "pusat-uji"]
