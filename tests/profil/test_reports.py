"""The PDF reports (read back with pdftotext) and the standalone folium map
(no external script or style sheet; drawn by Chromium with the network blocked)."""

import re
import subprocess

import pytest
from django.test import Client

from core.sample import SAMPLE_LABEL
from flood.models import HazardStatistic
from wilayah.models import Desa, Kabupaten, Kecamatan

from .conftest import KEC_KELAPA_DUA, KELAPA_DUA
from .test_profile import _fmt

pytestmark = pytest.mark.django_db


def pdf_text(path):
    response = Client(HTTP_ACCEPT_LANGUAGE="id").get(path)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())  # one line: table cells may wrap


def test_the_desa_report_says_what_is_stored(profiled):
    _plan, _land_use, run, version = profiled
    desa = Desa.objects.get(kode=KELAPA_DUA)
    text = pdf_text(f"/wilayah/desa/{KELAPA_DUA}/laporan.pdf")
    assert "PEMERINTAH KABUPATEN TANGERANG" in text
    assert f"Profil tata ruang Desa {desa.nama}" in text or f"Profil tata ruang Kelurahan {desa.nama}" in text
    assert re.search(rf"Nomor referensi PROFIL-DESA-{re.escape(KELAPA_DUA)}-\d{{8}}-[0-9A-F]{{6}}", text)
    assert f"Luas terukur {_fmt(desa.luas_ukur_ha)} ha" in text
    # The compliance indicator with its run, 50% as on the page.
    assert "50,00%" in text and f"compliance-run:{run.pk}" in text
    # The stored flood hazard classes of the desa.
    stat = HazardStatistic.objects.get(version=version, level="desa", kode=KELAPA_DUA)
    total = sum(stat.luas_m2.values())
    labels = {"rendah": "Rendah", "sedang": "Sedang", "tinggi": "Tinggi", "tanpa_data": "Tanpa data"}
    for kelas, label in labels.items():
        m2 = stat.luas_m2[kelas]
        assert f"{label} {_fmt(m2 / 10000)} {_fmt(100 * m2 / total)}%" in text
    # The LP2B square (1,00 ha), the map's north arrow and scale bar, the sources.
    assert "LP2B 1,00" in text
    assert "Sumber data" in text and " U " in f" {text} "


def test_kecamatan_and_kabupaten_reports(profiled):
    kecamatan = Kecamatan.objects.get(kode=KEC_KELAPA_DUA)
    text = pdf_text(f"/wilayah/kecamatan/{KEC_KELAPA_DUA}/laporan.pdf")
    assert f"Profil tata ruang Kecamatan {kecamatan.nama}" in text
    assert f"Luas terukur {_fmt(kecamatan.luas_ukur_ha)} ha" in text
    assert f"Luas resmi {_fmt(kecamatan.luas_resmi_km2)} km²" in text
    # The desa in the colour of their largest stored hazard class, with the legend.
    assert "Peta bahaya banjir" in text and "Rendah Sedang Tinggi Tanpa data" in text
    kabupaten = Kabupaten.objects.get()
    text = pdf_text("/wilayah/kabupaten/laporan.pdf")
    # 102.762,91 ha: kabupaten = sum of kecamatan = sum of desa (README, load_wilayah).
    assert f"Luas terukur {_fmt(kabupaten.luas_ukur_ha)} ha" in text
    assert "Luas terukur 102.762,91 ha" in text
    assert "Kecamatan boundaries" not in text and "Batas kecamatan berwarna putih." in text


def test_sample_data_is_labelled_in_the_report(profiled):
    plan = profiled[0]
    plan.is_sample = True
    plan.save(update_fields=["is_sample"])
    text = pdf_text(f"/wilayah/desa/{KELAPA_DUA}/laporan.pdf")
    assert f"{SAMPLE_LABEL}: sebagian angka laporan ini" in text


def map_file(path, tmp_path):
    response = Client(HTTP_ACCEPT_LANGUAGE="id").get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    target = tmp_path / "peta.html"
    target.write_text(html, encoding="utf-8")
    return html, target


def test_the_map_file_references_no_cdn(profiled, tmp_path):
    html, _target = map_file(f"/wilayah/desa/{KELAPA_DUA}/peta.html", tmp_path)
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", html)
    assert "@import" not in html
    # Leaflet's own code is inside, with the desa, its zones and the legend.
    assert "L.map(" in html and "Kelapa Dua" in html and "KPI" in html and "legenda-profil" in html


def test_the_map_file_opens_offline_in_chromium(profiled, tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    _html, target = map_file(f"/wilayah/kecamatan/{KEC_KELAPA_DUA}/peta.html", tmp_path)
    blocked = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1000, "height": 700})

        def block(route):
            if route.request.url.startswith("file:") or route.request.url.startswith("data:"):
                return route.continue_()
            blocked.append(route.request.url)
            return route.abort()

        context.route("**/*", block)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(target.as_uri())
        area = page.locator("path.wilayah-area")
        area.wait_for(state="attached", timeout=10_000)
        path = area.get_attribute("d")
        box = area.bounding_box()
        # Its desa as SVG paths too (the kecamatan's desa, one path each at least).
        desa_paths = page.locator("path.leaflet-interactive").count()
        browser.close()
    assert errors == [] and blocked == []
    assert path and len(path) > 50 and box["width"] > 100 and box["height"] > 100
    assert desa_paths >= Desa.objects.filter(kecamatan__kode=KEC_KELAPA_DUA).count()
