"""The RDTR hierarchy section of a plan page (/tata-ruang/rencana/<id>/),
rendered by the server: the WP -> SWP -> blok table of the constructed RDTR of
tests/tataruang/conftest.py (RDTR_ZONES) and its column choices."""

import re

import pytest

pytestmark = pytest.mark.django_db

ROW = re.compile(
    r'<tr class="hierarki__\w+" data-tingkat="(\w+)"(?: data-swp="[^"]*")? data-kode="([^"]*)" '
    r'data-zona="(\d+)" data-luas="([\d.]+)">\s*<th scope="row">([^<]*)</th>'
)


def test_hierarchy_table_of_an_rdtr(browser_for, rdtr):
    html = browser_for("dtrb").get(f"/tata-ruang/rencana/{rdtr.pk}/").content.decode()
    # Areas of the RDTR_ZONES rectangles (ha): blok 1.1 and 1.2 are 400 m x 400 m = 16,
    # 2.1 and 2.2 are 400 m x 300 m = 12, 2.10 is 200 m x 300 m = 6.
    assert ROW.findall(html) == [
        ("wp", "WP-03", "5", "62.00", "WP-03"),
        ("swp", "SWP-1", "2", "32.00", "SWP-1"),
        ("blok", "1.1", "1", "16.00", "Blok 1.1"),
        ("blok", "1.2", "1", "16.00", "Blok 1.2"),
        ("swp", "SWP-2", "3", "30.00", "SWP-2"),
        ("blok", "2.1", "1", "12.00", "Blok 2.1"),
        ("blok", "2.2", "1", "12.00", "Blok 2.2"),
        ("blok", "2.10", "1", "6.00", "Blok 2.10"),
    ]
    # Indonesian number format in the cells: 62,00 ha for the WP.
    assert '<td class="angka">62,00</td>' in html
    # The suggested columns are pre-selected; the SWP filter of the map lists both SWP.
    assert '<select id="kolom-wp_column" name="wp_column" data-awal="KODEWP">' in html
    assert '<option value="KODSWP" selected>KODSWP</option>' in html
    assert '<option value="KODBLK" selected>KODBLK</option>' in html
    assert '<option value="SWP-1">SWP-1</option>' in html and '<option value="SWP-2">SWP-2</option>' in html
    assert f'data-api-zona="/api/tataruang/rencana/{rdtr.pk}/zona/"' in html
    assert "Kolom SWP" in html and "Hierarki RDTR: WP, SWP dan blok" in html


def test_an_rtrw_has_no_hierarchy_section(browser_for, half_and_half):
    plan, _land_use = half_and_half
    html = browser_for("dtrb").get(f"/tata-ruang/rencana/{plan.pk}/").content.decode()
    assert 'id="hierarki-rdtr"' not in html and "tataruang-hierarki.js" not in html
