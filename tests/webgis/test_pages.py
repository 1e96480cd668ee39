"""The public pages and the site-wide error answers, without a browser."""

import re

import pytest
from django.template.loader import get_template

from tests.pages import websig_config

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_id(client, wilayah):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    return client


def test_peta_page_wires_the_api_and_vendored_leaflet(client_id):
    response = client_id.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    # The shared API addresses reach the page's scripts through WebSIG.config.
    assert websig_config(client_id, html)["api"]["desa"] == "/api/wilayah/desa/"
    assert websig_config(client_id, html)["api"]["lookup"] == "/api/wilayah/lookup/"
    assert "vendor/leaflet/leaflet" in html
    assert "/jsi18n/" in html
    for cdn in ("unpkg.com", "cdnjs", "jsdelivr", "googleapis"):
        assert cdn not in html
    # Official total of Tabel 1.1 and the measured total (SELECT luas_ukur_ha / 100
    # FROM wilayah_kabupaten: 1,027.63 km²), both labelled.
    assert "Luas resmi" in html and "959,61 km²" in html
    assert "Luas terukur" in html and "1.027,63 km²" in html


def test_language_switcher_posts_to_set_language(client_id):
    html = client_id.get("/tentang/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'value="en"' in html and 'value="id"' in html


def test_tentang_credits_sources_and_licences(client_id):
    html = client_id.get("/tentang/").content.decode()
    assert "Batas desa: cahyadsn/wilayah_boundaries (MIT), kode Kemendagri." in html
    assert "hak cipta (c) 2024-2025 cahya dsn" in html
    assert "Kepmendagri" in html
    assert "959,61 km²" in html and "1.027,63 km²" in html
    assert "EPSG:32748" in html
    assert "Perbup No. 23/2025" in html
    assert "OpenStreetMap" in html and "Open Database License" in html
    assert "Leaflet" in html and "BSD 2-Clause" in html


def test_tentang_in_english(client, wilayah):
    client.cookies["django_language"] = "en"  # what the language switcher sets
    html = client.get("/tentang/").content.decode()
    assert '<html lang="en">' in html
    assert "Data sources and licences" in html
    assert "Village boundaries: cahyadsn/wilayah_boundaries (MIT), Kemendagri codes." in html
    assert "1,027.63 km²" in html


def test_unknown_page_is_html_unknown_api_path_is_json(client_id):
    page = client_id.get("/tidak-ada/")
    assert page.status_code == 404
    assert "Halaman tidak ditemukan" in page.content.decode()
    api = client_id.get("/api/tidak-ada/")
    assert api.status_code == 404
    assert api.json() == {"detail": "Data tidak ditemukan."}


def test_api_errors_follow_the_language(client, wilayah):
    indonesian = client.get("/api/wilayah/desa/xx/")  # no Accept-Language: LANGUAGE_CODE "id"
    assert indonesian.json()["detail"] == "Desa/kelurahan dengan kode 'xx' tidak ditemukan."
    english = client.get("/api/wilayah/desa/xx/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["detail"] == "Desa/kelurahan with code 'xx' not found."
    bbox = client.get("/api/wilayah/desa/", {"bbox": "1,2"}, HTTP_ACCEPT_LANGUAGE="id")
    assert bbox.status_code == 400
    assert bbox.json()["detail"].startswith("Parameter 'bbox' harus berisi empat angka")


def test_500_page_needs_no_request_context():
    # Rendered with an empty context: no request, no context processors, no database.
    html = get_template("500.html").render({})
    assert "500" in html
    assert "WebSIG Tata Ruang" in html
    assert 'href="/"' in html


def test_pages_are_indonesian_until_the_user_chooses_english(client, wilayah):
    # A browser set to English sends Accept-Language: en; Django's own
    # LocaleMiddleware would answer in English.
    html = client.get("/tentang/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="id">' in html and "Sumber data dan lisensi" in html
    # The switcher posts to /i18n/setlang/, which sets the cookie: English from then on.
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/tentang/"})
    assert response.status_code == 302 and client.cookies["django_language"].value == "en"
    html = client.get("/tentang/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert '<html lang="en">' in html and "Data sources and licences" in html
    # and back to Indonesian.
    client.post("/i18n/setlang/", {"language": "id", "next": "/tentang/"})
    assert '<html lang="id">' in client.get("/tentang/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # A language the site does not have falls back to Indonesian.
    client.cookies["django_language"] = "fr"
    assert '<html lang="id">' in client.get("/tentang/").content.decode()


def test_api_docs_have_the_site_header_and_a_way_back(client, wilayah):
    # A browser set to English: the docs are a page, Indonesian by default.
    response = client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html and '<header class="site-header' in html
    assert '<a href="/">← Kembali ke peta WebSIG</a>' in html and 'href="/api/schema/"' in html
    assert "<h1>Dokumentasi API</h1>" in html and '<div id="swagger-ui"></div>' in html
    # Swagger UI's start-up script is a file (the split view): ?script.
    assert re.search(r'<script src="/api/docs/\?script="></script>', html)
    assert '<footer class="site-footer">' in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_tentang_describes_all_the_data_and_gives_the_dtrb_contact(client_id, settings):
    html = client_id.get("/tentang/").content.decode()
    # Every kind of data, each linked to its page (it used to describe only the boundaries).
    for kind, href in (
        ("layer", "/katalog/"),
        ("tata-ruang", "/tata-ruang/kesesuaian/"),
        ("banjir", "/banjir/"),
        ("peta-jalan", "/peta-jalan/"),
        ("wilayah", "/"),
        ("api", "/api/docs/"),
    ):
        card = html.split(f'data-isi="{kind}">', 1)[1].split("</section>", 1)[0]
        assert f'href="{href}"' in card, kind
    assert "0 layer OPD yang terbit" in html  # no layer published in this test
    assert "RTRW" in html and "LP2B" in html and "KKPR" in html and "BPBD" in html and "Smart City" in html
    # The contact: the office and its seat by default, no phone number made up.
    contact = html.split('<h2 id="kontak">', 1)[1].split("</section>", 1)[0]
    assert "Kontak DTRB" in contact
    assert "<strong>Dinas Tata Ruang dan Bangunan (DTRB) Kabupaten Tangerang</strong>" in contact
    assert "Pusat Pemerintahan Kabupaten Tangerang, Tigaraksa, Banten" in contact
    assert "tel:" not in contact and "mailto:" not in contact
    assert "Telepon dan e-mail belum dicantumkan di sini" in contact
    # The site operator's values (DTRB_CONTACT_* settings).
    settings.DTRB_CONTACT_PHONE = "(021) 000 0000"
    settings.DTRB_CONTACT_EMAIL = "dtrb@example.go.id"
    contact = client_id.get("/tentang/").content.decode().split('<h2 id="kontak">', 1)[1].split("</section>", 1)[0]
    assert 'Telepon: <a href="tel:(021)0000000">(021) 000 0000</a>' in contact
    assert 'E-mail: <a href="mailto:dtrb@example.go.id">dtrb@example.go.id</a>' in contact
    assert "belum dicantumkan" not in contact
