"""The RDTR hierarchy section of a plan page in a real browser, on the
constructed RDTR of tests/tataruang/conftest.py (RDTR_ZONES): five zones of
WP-03 in SWP-1 (blok 1.1, 1.2) and SWP-2 (blok 2.1, 2.2, 2.10)."""

import pytest
from playwright.sync_api import expect

from layers import tasks as layer_tasks
from tataruang.models import Plan
from tests.tataruang.conftest import rdtr_live  # noqa: F401

from .conftest import ConsoleLog, log_in, shot

pytestmark = pytest.mark.usefixtures("wilayah_live")

MAP = "#peta-rdtr"


@pytest.fixture
def rdtr(request, monkeypatch):
    monkeypatch.setattr(layer_tasks.import_upload, "apply_async", lambda *args, **kwargs: None)
    return request.getfixturevalue("rdtr_live")


def test_hierarchy_table_swp_filter_and_columns(live_server, page, rdtr, artifacts):
    console = ConsoleLog(page, expected=[lambda text, url: "/api/tataruang/rencana/" in url and "400" in text])
    log_in(page, live_server, "perencana-rdtr")
    page.goto(f"{live_server.url}/tata-ruang/rencana/{rdtr.pk}/")
    table = page.locator("#tabel-hierarki")
    expect(table.locator("tr[data-tingkat=swp]")).to_have_count(2)
    expect(table.locator("tr[data-tingkat=blok]")).to_have_count(5)
    expect(table.locator("tr[data-tingkat=swp][data-kode='SWP-2'] td").last).to_have_text("30,00")

    # All five zones on the map, then only the three of SWP-2 (asked from the API with ?swp=).
    expect(page.locator(MAP)).to_have_attribute("data-loaded", "5")
    expect(page.locator("#legenda-rdtr li")).to_have_count(4)  # R-2, K-2, KPI, R-3
    page.locator("#saring-swp").select_option("SWP-2")
    expect(page.locator(MAP)).to_have_attribute("data-swp", "SWP-2")
    expect(page.locator(MAP)).to_have_attribute("data-loaded", "3")
    expect(page.locator("#legenda-rdtr li")).to_have_count(3)
    expect(page.locator("#legenda-rdtr li[data-kode=K-2]")).to_have_count(0)
    page.locator("#hierarki-rdtr").scroll_into_view_if_needed()
    shot(page, artifacts / "rdtr-hierarki.png", full_page=True)

    # A column the layer lacks (forced into the select) is refused with the server's message.
    save = page.locator("#simpan-hierarki")
    expect(save).to_be_disabled()
    page.evaluate(
        """() => {
            const select = document.getElementById("kolom-blok_column");
            select.add(new Option("BLOK_PALSU", "BLOK_PALSU"));
            select.value = "BLOK_PALSU";
            select.dispatchEvent(new Event("change", {bubbles: true}));
        }"""
    )
    save.click()
    expect(page.locator("#galat-hierarki")).to_contain_text("Layer tidak memiliki kolom 'BLOK_PALSU' untuk blok.")
    # Choosing the SWP names instead is saved.
    page.locator("#kolom-blok_column").select_option("KODBLK")
    page.locator("#kolom-swp_column").select_option("NAMSWP")
    save.click()
    expect(page.locator("#pesan-hierarki")).to_contain_text("Tersimpan")
    expect(save).to_be_disabled()
    plan = Plan.objects.get(pk=rdtr.pk)
    assert (plan.wp_column, plan.swp_column, plan.blok_column) == ("KODEWP", "NAMSWP", "KODBLK")
    assert console.errors == []
