"""The pages of the sectoral layers (L.1.5) without a browser: who may open
them, and that they show the real numbers and escape what users typed."""

from pathlib import Path

import pytest
from django.conf import settings

from akun.models import Opd
from layers import services
from layers.models import ExpectedLayer
from layers.styles import ICONS
from tests.factories.layers import imported_version
from tests.layers import files

pytestmark = pytest.mark.django_db

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def puskesmas(users, opd):
    """A Dinkes point layer for the expected layer dinkes-faskes, draft version 1;
    one name is hostile markup."""
    names = [n for _lon, _lat, _k, n in files.KNOWN_POINTS]
    names[0] = HOSTILE
    points = [
        files.point_feature(lon, lat, nama=name)
        for (lon, lat, _k, _n), name in zip(files.KNOWN_POINTS, names, strict=True)
    ]
    expected = ExpectedLayer.objects.get(kode="dinkes-faskes")
    title = "Puskesmas <b>Induk</b>"
    return imported_version(users["dinkes"], opd["dinkes"], title, points, "puskesmas.geojson", expected=expected)


def test_upload_wizard_needs_login_and_fixes_the_operators_opd(browser_for, opd):
    response = browser_for().get("/unggah/")
    assert response.status_code == 302 and response["Location"] == "/masuk/?next=/unggah/"

    html = browser_for("dinkes").get("/unggah/").content.decode()
    assert '<input type="hidden" name="opd" id="opd" value="dinkes">' in html
    assert '<select name="opd"' not in html
    assert 'data-api-upload="/api/uploads/"' in html and 'data-api-crs="/api/crs/"' in html
    # 200 MB by default (UPLOAD_MAX_MB); the page states it and the script checks it.
    assert f'data-max-bytes="{settings.UPLOAD_MAX_BYTES}"' in html
    assert "Paling besar 200 MB" in html
    for fmt in ("Shapefile", "GeoJSON", "GeoPackage", "KML/KMZ", "CSV"):
        assert fmt in html
    assert 'accept=".zip,.geojson,.json,.gpkg,.kml,.kmz,.csv"' in html
    assert "Otomatis (disarankan)" in html and "Windows-1252" in html and "ISO-8859-1" in html

    reviewer = browser_for("dtrb").get("/unggah/").content.decode()
    assert '<select name="opd" id="opd" required>' in reviewer
    assert reviewer.count('<option value="', reviewer.index('name="opd"')) >= Opd.objects.count()


def test_review_queue_is_for_reviewers_only(browser_for, puskesmas, users):
    assert browser_for().get("/review/")["Location"] == "/masuk/?next=/review/"
    forbidden = browser_for("dinkes").get("/review/")
    assert forbidden.status_code == 403
    assert "Halaman ini untuk reviewer DTRB" in forbidden.content.decode()

    empty = browser_for("dtrb").get("/review/").content.decode()
    assert "Tidak ada yang menunggu review." in empty

    services.submit_version(puskesmas, users["dinkes"])
    html = browser_for("dtrb").get("/review/").content.decode()
    assert 'href="/layers/puskesmas-bindukb/?version=1"' in html
    assert "Puskesmas &lt;b&gt;Induk&lt;/b&gt;" in html and "<b>Induk</b>" not in html
    assert "Dinkes" in html and "puskesmas.geojson" in html
    # The header counts what is waiting.
    assert 'class="site-nav__jumlah"' in html


def test_layer_page_by_permission(browser_for, puskesmas, users):
    url = "/layers/puskesmas-bindukb/"
    assert browser_for().get(url).status_code == 404
    assert browser_for("bpbd").get(url).status_code == 404

    owner = browser_for("dinkes").get(url).content.decode()
    assert 'data-action="submit"' in owner and 'data-action="publish"' not in owner
    assert "Ajukan review" in owner and "Draf" in owner
    assert "Ubah metadata dan gaya" in owner
    assert "/api/layers/puskesmas-bindukb/download/gpkg/?version=1" in owner
    assert "&lt;b&gt;Induk&lt;/b&gt;" in owner and "<b>Induk</b>" not in owner
    # The import report: four features read and imported, GeoJSON in WGS 84.
    assert 'data-laporan="imported"><dt>Fitur diimpor</dt><dd>4</dd>' in owner
    assert "EPSG:4326" in owner

    services.submit_version(puskesmas, users["dinkes"])
    reviewer = browser_for("dtrb").get(url + "?version=1").content.decode()
    assert 'data-action="publish"' in reviewer and 'data-action="reject"' in reviewer
    assert "Terbitkan" in reviewer and "Tolak dengan alasan" in reviewer

    services.reject_version(puskesmas, users["dtrb"], "Nama <script>kosong</script>")
    rejected = browser_for("dinkes").get(url).content.decode()
    assert "DTRB menolak versi ini." in rejected
    assert "Nama &lt;script&gt;kosong&lt;/script&gt;" in rejected

    services.submit_version(puskesmas, users["dinkes"])
    services.publish_version(puskesmas, users["dtrb"])
    public = browser_for().get(url)
    assert public.status_code == 200
    html = public.content.decode()
    assert "data-action" not in html and "Ubah metadata" not in html
    for fmt in ("geojson", "shp", "gpkg", "csv", "kml"):
        assert f'href="/api/layers/puskesmas-bindukb/download/{fmt}/"' in html
    assert 'class="status status--published"' in html


def test_katalog_shows_the_integration_indicator(browser_for, puskesmas, users):
    html = browser_for().get("/katalog/").content.decode()
    assert "Persentase informasi spasial sektoral yang diintegrasikan di WebSIG" in html
    # 45 expected layers in data/katalog_layer.csv, none published.
    assert "0 dari 45 layer yang diharapkan telah terbit" in html
    assert "Belum ada layer sektoral yang diterbitkan." in html

    services.publish_version(puskesmas, users["dtrb"])
    html = browser_for().get("/katalog/").content.decode()
    # 1 / 45 = 2.22 %, written the Indonesian way.
    assert '<span class="indikator__persen" data-persen="2.22">2,22%</span>' in html
    assert "1 dari 45 layer yang diharapkan telah terbit" in html
    for year, target in ((2024, "&gt;75%"), (2025, "&gt;80%"), (2026, "100%")):
        assert f'<li data-tahun="{year}" data-met="0">' in html
        assert f"<strong>{target}</strong>" in html
    assert html.count("belum tercapai") == 3
    # Dinkes expects one layer (dinkes-faskes): 1 of 1 published.
    row = html[html.index('<tr data-opd="dinkes">') :]
    row = row[: row.index("</tr>")]
    assert '<td class="angka tabel-opd__angka" data-label="Diharapkan">1</td>' in row
    assert '<td class="angka tabel-opd__angka" data-label="Terbit">1</td>' in row and "100%" in row
    assert 'aria-label="diterbitkan">✓</span><span>Fasilitas Kesehatan</span>' in row
    assert 'href="/layers/puskesmas-bindukb/"' in html and 'href="/?layer=puskesmas-bindukb"' in html


def test_nav_links_follow_the_role(browser_for):
    anonymous = browser_for().get("/").content.decode()
    assert 'href="/katalog/"' in anonymous and 'href="/unggah/"' not in anonymous
    reviewer = browser_for("dtrb").get("/").content.decode()
    assert 'href="/unggah/"' in reviewer and 'href="/review/"' in reviewer
    assert "Perencana DTRB" in reviewer


def test_map_page_has_the_sectoral_panel(browser_for):
    html = browser_for().get("/").content.decode()
    assert 'id="sektoral"' in html and 'data-api-layers="/api/layers/"' in html
    assert 'id="saring-kecamatan"' in html and 'id="saring-desa"' in html
    assert "js/peta-sektoral.js" in html and 'id="ikon-layer"' in html


def test_every_style_icon_has_an_svg():
    icons = Path(settings.BASE_DIR) / "static" / "icons"
    for name in ICONS:
        svg = (icons / f"{name}.svg").read_text()
        assert svg.startswith("<svg") and 'viewBox="0 0 24 24"' in svg, name


def test_katalog_cards_download_and_say_which_count(browser_for, puskesmas, users, opd):
    # Puskesmas fills the expected layer dinkes-faskes; a second Dinkes layer
    # fills none: 2 listed, "1 dari 45".
    services.publish_version(puskesmas, users["dtrb"])
    extra = imported_version(users["dinkes"], opd["dinkes"], "Posyandu", [files.point_feature(*files.BALARAJA[:2])])
    services.publish_version(services.submit_version(extra, users["dinkes"]), users["dtrb"])
    html = browser_for().get("/katalog/").content.decode()
    assert "1 dari 45 layer yang diharapkan telah terbit" in html
    note = html.split('id="hitung-indikator">', 1)[1].split("</p>", 1)[0]
    assert "Dihitung dalam indikator L.1.5: 1," in note and "(1 dari 45 layer yang diharapkan sudah terisi)" in note
    assert "Tidak dihitung: 1, layer di luar katalog itu" in note
    card = html.split('href="/layers/puskesmas-bindukb/"', 1)[1].split("</li>", 1)[0]
    assert 'data-indikator="1"' in card and "dihitung di L.1.5" in card
    assert 'title="Mengisi layer yang diharapkan “Fasilitas Kesehatan”"' in card
    for fmt in ("geojson", "shp", "gpkg", "csv", "kml"):
        assert f'href="/api/layers/puskesmas-bindukb/download/{fmt}/" download>' in card
    other = html.split('href="/layers/posyandu/"', 1)[1].split("</li>", 1)[0]
    assert 'data-indikator="0"' in other and "tidak dihitung di L.1.5" in other
    # The search box (static/js/saring-daftar.js) over the cards.
    assert 'data-saring-item=".daftar-layer > li"' in html and "js/saring-daftar.js" in html
    # The downloads answer for the public.
    response = browser_for().get("/api/layers/puskesmas-bindukb/download/geojson/")
    assert response.status_code == 200
