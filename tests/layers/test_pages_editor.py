"""The editor and history pages without a browser: who may open them, what
they render, and that user-typed values stay text (the profile and password
pages are in tests/akun/test_pages.py)."""

import re

import pytest

from layers import editing
from layers.models import FeatureChange
from tests.factories.layers import polygon_feature, published_layer
from tests.layers import files

pytestmark = pytest.mark.django_db

HOSTILE = "<img src=x onerror=alert(1)>"


def publish(users, opd, title, features, theme=None, owner="dinkes"):
    """A layer of ``owner``'s OPD, published by the DTRB planner."""
    return published_layer(users[owner], opd[owner], title, features, users["dtrb"], theme=theme)


def square(lon, lat, **props):
    return polygon_feature([files.square(lon, lat, 0.0005)], **props)


@pytest.fixture
def taman(users, opd):
    """A published Dinkes polygon layer: one park in Balaraja with a hostile name."""
    return publish(users, opd, "Taman", [square(*files.BALARAJA[:2], nama=HOSTILE, luas=10)])


@pytest.fixture
def rencana(users, opd):
    """A published tata ruang layer owned by Dinkes: its operators may not edit it
    (uploaded by the planner: only planners give a layer that theme)."""
    features = [square(*files.PAGEDANGAN[:2], zona="R-2")]
    planner = users["dtrb"]
    return published_layer(planner, opd["dinkes"], "Rencana Pola Ruang", features, planner, theme="tata_ruang")


def test_pages_need_login(browser_for, taman):
    anonymous = browser_for()
    for url in (
        "/editor/",
        "/editor/taman/",
        "/editor/taman/riwayat/",
        "/editor/taman/fitur/1/riwayat/",
        "/akun/profil/",
    ):
        response = anonymous.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/masuk/?next="), url
    assert anonymous.get("/akun/kata-sandi/")["Location"].startswith("/masuk/")


def test_chooser_lists_only_editable_layers_by_opd(browser_for, taman, rencana, opd, users):
    bpbd_layer = publish(users, opd, "Titik Banjir", [files.point_feature(*files.TELUKNAGA[:2])], owner="bpbd")
    html = browser_for("dinkes").get("/editor/").content.decode()
    assert 'href="/editor/taman/"' in html
    # Their own OPD's tata ruang layer and another OPD's layer are not offered.
    assert f'href="/editor/{rencana.slug}/"' not in html
    assert f'href="/editor/{bpbd_layer.slug}/"' not in html
    assert 'id="grup-dinkes"' in html and 'id="grup-bpbd"' not in html

    planner = browser_for("dtrb").get("/editor/").content.decode()
    for layer in (taman, rencana, bpbd_layer):
        assert f'href="/editor/{layer.slug}/"' in planner
    assert 'id="grup-dinkes"' in planner and 'id="grup-bpbd"' in planner


def test_operator_cannot_edit_other_opd_or_tata_ruang(browser_for, taman, rencana):
    other = browser_for("bpbd").get("/editor/taman/")
    assert other.status_code == 403
    assert "Anda tidak boleh mengubah layer ini" in other.content.decode()
    reserved = browser_for("dinkes").get(f"/editor/{rencana.slug}/")
    assert reserved.status_code == 403
    # Unknown layers are 404, as in the API.
    assert browser_for("dinkes").get("/editor/tidak-ada/").status_code == 404


def test_planner_opens_the_editor_with_schema_style_and_geoman(browser_for, taman, rencana):
    response = browser_for("dtrb").get(f"/editor/{rencana.slug}/")
    assert response.status_code == 200
    html = browser_for("dinkes").get("/editor/taman/").content.decode()
    assert "vendor/leaflet-geoman/leaflet-geoman.min.js" in html
    assert "js/editor.js" in html and 'id="peta-editor"' in html
    data = re.search(r'<script id="data-editor" type="application/json">(.*?)</script>', html, re.S).group(1)
    assert '"geometry_kind": "polygon"' in data
    assert '"name": "nama", "type": "string"' in data and '"name": "luas", "type": "integer"' in data
    assert '"features": "/api/layers/taman/features/"' in data
    assert '"feature": "/api/layers/taman/features/{id}/"' in data
    assert '"history_page": "/editor/taman/fitur/{id}/riwayat/"' in data
    # CSP: no inline script other than JSON data blocks.
    for script in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html):
        assert 'type="application/json"' in script


def test_feature_history_page_lists_changes_and_survives_deletion(browser_for, taman, users):
    feature = taman.published_version.features.get()
    updated = editing.update_feature(
        taman, feature.pk, {"properties": {"nama": "Taman Baru"}}, users["dinkes"], "editor", 1, partial=True
    )
    url = f"/editor/taman/fitur/{feature.pk}/riwayat/"
    html = browser_for("dinkes").get(url).content.decode()
    assert 'data-keadaan="ada"' in html and "versi 2" in html
    assert html.count('class="linimasa__tombol"') == 2  # the update and the upload that created it
    assert "operator-dinkes" in html and "Diubah" in html
    assert HOSTILE not in html  # the old name is only inside the JSON block, escaped
    assert 'id="tombol-kembalikan"' in html

    change = editing.delete_feature(taman, feature.pk, users["dtrb"], "editor", updated.revision)
    html = browser_for("dinkes").get(url).content.decode()
    assert 'data-keadaan="dihapus"' in html
    assert f'id="tombol-pulihkan" data-change="{change.pk}"' in html
    assert html.count('class="linimasa__tombol"') == 3

    assert browser_for("bpbd").get(url).status_code in (403, 404)
    assert browser_for("dinkes").get("/editor/taman/fitur/999999/riwayat/").status_code == 404


def test_layer_change_log_filters_and_csv_link(browser_for, taman, users):
    feature = taman.published_version.features.get()
    editing.update_feature(taman, feature.pk, {"properties": {"luas": 11}}, users["dinkes"], "editor", 1, partial=True)
    created = editing.create_feature(
        taman,
        {"geometry": {"type": "Polygon", "coordinates": [files.square(*files.KELAPA_DUA[:2], 0.0005)]}},
        users["dtrb"],
        "api",
    )
    editing.delete_feature(taman, created.pk, users["dtrb"], "editor", 1)
    client = browser_for("dtrb")
    html = client.get("/editor/taman/riwayat/").content.decode()
    assert html.count("<tr data-change=") == 4  # upload, update, create, delete
    # The upload is one row for all its features, naming the version and file.
    assert 'data-label="Fitur">1 fitur</td>' in html and "versi 1 dari berkas Taman.geojson" in html
    # The 29 kecamatan, sorted by name, in the filter.
    assert html.count('<option value="36.03.') == 29
    assert '<option value="operator-dinkes">' in html and '<option value="perencana-dtrb">' in html
    assert 'href="/api/layers/taman/changes/?export=csv"' in html
    # The deleted feature can be restored from its history.
    delete = FeatureChange.objects.get(action="delete")
    assert f'href="/editor/taman/fitur/{created.pk}/riwayat/?perubahan={delete.pk}">Pulihkan</a>' in html

    kelapa_dua = "36.03.28"
    filtered = client.get(f"/editor/taman/riwayat/?user=perencana-dtrb&kecamatan={kelapa_dua}").content.decode()
    assert filtered.count("<tr data-change=") == 2
    assert (
        f'href="/api/layers/taman/changes/?user=perencana-dtrb&amp;kecamatan={kelapa_dua}&amp;export=csv"' in filtered
    )
    csv = client.get(f"/api/layers/taman/changes/?user=perencana-dtrb&kecamatan={kelapa_dua}&export=csv")
    assert csv.content.decode().count("\n") == 3  # header + the two rows of the table

    bad = client.get("/editor/taman/riwayat/?since=kemarin").content.decode()
    assert 'role="alert"' in bad
    assert browser_for("bpbd").get("/editor/taman/riwayat/").status_code in (403, 404)


def test_feature_counts_are_grouped_in_the_pages_language(browser_for, taman):
    # The stored count of a big layer (the demo's buildings have 12,513): the
    # catalogue and the editor used to print "12513 fitur".
    taman.published_version.__class__.objects.filter(pk=taman.published_version.pk).update(feature_count=12513)
    katalog = browser_for(language="id").get("/katalog/").content.decode()
    assert "12.513 fitur" in katalog and "12513" not in katalog
    editor = browser_for("dinkes").get("/editor/").content.decode()
    assert "12.513 fitur" in editor and "12513" not in editor
    page = browser_for("dinkes").get("/editor/taman/").content.decode()
    assert '<strong id="jumlah-fitur">12.513</strong>' in page
    layer = browser_for("dinkes").get("/layers/taman/").content.decode()
    assert "12.513 fitur" in layer
    english = browser_for(language="en").get("/katalog/").content.decode()
    assert "12,513 features" in english
