"""The raster upload wizard page (/banjir/unggah/) and the public map's hazard overlay hook."""

from django.test import Client


def logged_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(user)
    return client


def test_wizard_needs_a_login(wilayah):
    response = Client().get("/banjir/unggah/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_wizard_offers_the_operator_its_own_opd_and_the_planner_every_opd(users):
    page = logged_in(users["bpbd"]).get("/banjir/unggah/").content.decode()
    assert "Unggah raster bahaya banjir" in page
    assert 'name="opd" id="opd" value="bpbd"' in page
    assert 'data-api-upload="/api/flood/rasters/"' in page and "EPSG:32748" in page
    planner = logged_in(users["dtrb"]).get("/banjir/unggah/").content.decode()
    assert '<select name="opd" id="opd"' in planner and 'value="bpbd" selected' in planner


def test_public_map_loads_the_overlay_script(wilayah):
    page = Client().get("/").content.decode()
    assert 'data-banjir-api="/api/flood/rasters/"' in page and "js/peta-banjir.js" in page


def test_statistics_page_lists_the_kecamatan_in_indonesian_numbers(published, wilayah):
    from tests.flood.test_statistics import split_raster

    version = published(split_raster())
    page = Client(HTTP_ACCEPT_LANGUAGE="id").get("/banjir/", {"raster": version.raster_id}).content.decode()
    assert "Bahaya banjir per wilayah" in page and "Kelapa Dua" in page and "36.03.28" in page
    desa = Client(HTTP_ACCEPT_LANGUAGE="id").get("/banjir/", {"raster": version.raster_id, "level": "desa"})
    assert desa.content.decode().count("<tr>") == 274 + 1  # the header row and one per desa
    assert Client().get("/banjir/", {"raster": "x", "level": "?"}).status_code == 200
