"""The KKPR check page (/kkpr/) without a browser: the form is rendered from
the reference data (activities of the peraturan zonasi, grouped by kelompok)
and wired to the API. Rendered in English so that the assertions do not depend
on the Indonesian catalogue."""

import re

import pytest

from tataruang.models import Activity
from tests.pages import websig_config

pytestmark = pytest.mark.django_db


def get_page(client, path="/kkpr/"):
    client.cookies["django_language"] = "en"
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_activity_select_lists_every_activity_in_its_kelompok(client, wilayah, reference):
    html = get_page(client)
    select = re.search(r'<select id="pilih-kegiatan".*?</select>', html, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    # One optgroup per kelompok (SELECT DISTINCT kelompok FROM tataruang_activity), in order.
    kelompok = sorted(set(Activity.objects.values_list("kelompok", flat=True)))
    assert [label for label, _ in groups] == [k[0].upper() + k[1:] for k in kelompok]
    listed = {label: re.findall(r'<option value="([^"]+)"', body) for label, body in groups}
    for activity in Activity.objects.all():
        assert activity.kode in listed[activity.kelompok[0].upper() + activity.kelompok[1:]]
    assert sum(len(codes) for codes in listed.values()) == Activity.objects.count()
    assert '<option value="pabrik">Industri pengolahan (pabrik)</option>' in select
    # The first, empty choice asks for an activity; nothing is chosen before.
    assert re.search(r'<option value="">[^<]+</option>', select)
    assert " selected" not in select


def test_page_is_wired_to_the_api_and_vendored_scripts(client, wilayah, reference):
    html = get_page(client)
    assert '<html lang="en">' in html
    assert 'data-api-check="/api/tataruang/kkpr/"' in html
    assert 'data-api-pdf="/api/tataruang/kkpr/pdf/"' in html
    api = websig_config(client, html)["api"]  # the shared addresses, through WebSIG.config
    assert api["desa"] == "/api/wilayah/desa/" and api["kecamatan"] == "/api/wilayah/kecamatan/"
    assert 'name="csrfmiddlewaretoken"' in html  # the parcel is POSTed
    scripts = ["vendor/leaflet/leaflet.js", "vendor/leaflet-geoman/leaflet-geoman.min.js", "js/websig.js"]
    for script in [*scripts, "js/kkpr-hasil.js", "js/kkpr-peta.js", "js/kkpr.js"]:
        assert script in html
    # CSP allows no inline script: every <script> loads a file.
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))
    for cdn in ("unpkg.com", "cdnjs", "jsdelivr", "googleapis"):
        assert cdn not in html


def test_shared_link_preselects_its_activity(client, wilayah, reference):
    html = get_page(client, "/kkpr/?kegiatan=gudang&lon=106.6&lat=-6.2")
    assert '<option value="gudang" selected>Pergudangan</option>' in html
    assert html.count(" selected>") == 1


def test_without_a_plan_the_page_says_so(client, wilayah, reference):
    html = get_page(client)
    assert "No spatial plan is active yet" in html
    assert "DATA CONTOH (sintetis)" not in html


def test_activity_names_are_escaped(client, wilayah, reference):
    Activity.objects.create(kode="uji-xss", nama='<img src=x onerror="alert(1)">', kelompok="<b>uji</b>")
    html = get_page(client)
    assert '<img src=x onerror="alert(1)">' not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert '<optgroup label="&lt;b&gt;uji&lt;/b&gt;">' in html


def test_without_reference_data_the_select_explains(client, wilayah):
    html = get_page(client)
    assert "<optgroup" not in html
    assert "The activity list of the zoning regulation has not been loaded yet." in html
