"""The peta jalan pages, without a browser (Indonesian text and number formatting)."""

import re

from django.core.management import call_command

from roadmap.models import LokasiProgram


def test_index_lists_every_programme_by_dimension(peta_jalan, client):
    html = client.get("/peta-jalan/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Peta Jalan Smart City 2025–2026" in html
    assert len(set(re.findall(r'data-program="([A-Za-z]+-\d+)"', html))) == 134
    for dimensi in ("governance", "branding", "economy", "living", "society", "environment"):
        assert f'id="dimensi-{dimensi}"' in html
    assert "L.1 Pengendalian Pembangunan berbasis harmonisasi Penataan Ruang" in html
    assert "99,47%" in html and "&gt;80%" in html  # targets as the plan writes them
    assert "39 program" in html and "Quick Wins (BAB VI)" in html and "SI JEMPOL" in html
    assert "Target 2026" in client.get("/peta-jalan/?tahun=2026", HTTP_ACCEPT_LANGUAGE="id").content.decode()


def test_programme_page_with_its_map_and_locations(peta_jalan, wilayah, users, client):
    call_command("create_demo_users", stdout=open("/dev/null", "w"))
    call_command("generate_demo_peta_jalan", stdout=open("/dev/null", "w"))
    assert LokasiProgram.objects.filter(is_sample=True).count() == 19  # 3+2+2+3+4+1+3+1
    html = client.get("/peta-jalan/program/L-11/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'id="peta-program"' in html and "js/peta-jalan-program.js" in html
    assert "DATA CONTOH (sintetis)" in html
    # L-11 2025: 34 units; the demo reports 20 + 10 = 30 -> 100 * 30 / 34 = 88.235...% of the bar.
    assert 'aria-valuenow="88.23529411764706"' in html
    # Budgets of its two demo locations (6th and 7th): 50 M x (1 + 6 % 4) and 50 M x (1 + 7 % 4), in Indonesian.
    assert "150.000.000" in html and "200.000.000" in html
    assert client.get("/peta-jalan/program/X-1/").status_code == 404


def test_public_map_offers_the_roadmap_locations(peta_jalan, wilayah, client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'id="peta-jalan"' in html and "js/peta-jalan.js" in html
    assert 'data-items="/ogc/collections/peta-jalan/items"' in html
    assert "Lokasi program peta jalan" in html


def test_catalogue_names_the_source_of_its_targets(peta_jalan, client):
    html = client.get("/katalog/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Sumber target: Program peta jalan L-5" in html
