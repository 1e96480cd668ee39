"""Upload targets and the reserved theme: naming another OPD's unpublished
layer answers exactly as naming a missing one; only planners give a layer the
tata ruang theme (upload, metadata API and the page forms)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from layers.models import Layer, UploadJob
from tests.factories import make_user
from tests.factories.layers import empty_layer, published_layer

from . import files

pytestmark = pytest.mark.django_db

RESERVED = "Hanya perencana DTRB yang boleh memberi layer tema tata ruang."
HALTE = files.feature_collection([files.point_feature(*files.BALARAJA[:2], nama="Halte")])


def post_upload(client, **fields):
    data = {"file": SimpleUploadedFile("halte.geojson", HALTE), "title": "Halte", **fields}
    return client.post("/api/uploads/", data, format="multipart")


def test_a_foreign_unpublished_layer_and_a_missing_one_get_the_same_answer(opd, client_for):
    empty_layer(opd["bpbd"], "rawan-rahasia", "Rawan (draf BPBD)", "bencana")
    operator = client_for("dinkes")
    foreign = post_upload(operator, opd="dinkes", layer="rawan-rahasia")
    missing = post_upload(operator, opd="dinkes", layer="tidak-ada")
    assert foreign.status_code == missing.status_code == 400
    assert foreign.json() == {"detail": "OPD ini tidak memiliki layer 'rawan-rahasia' untuk diunggah versi barunya."}
    assert missing.json() == {"detail": "OPD ini tidak memiliki layer 'tidak-ada' untuk diunggah versi barunya."}
    # Naming the other OPD itself is refused before any layer is looked up.
    as_other = post_upload(operator, opd="bpbd", layer="rawan-rahasia")
    as_other_missing = post_upload(operator, opd="bpbd", layer="tidak-ada")
    assert as_other.status_code == as_other_missing.status_code == 403
    assert (
        as_other.json()
        == as_other_missing.json()
        == {"detail": "Anda hanya boleh mengunggah layer milik OPD Anda sendiri."}
    )
    assert not UploadJob.objects.exists()


def test_a_new_version_of_an_own_layer_is_accepted(users, opd, client_for):
    layer = published_layer(
        users["dinkes"], opd["dinkes"], "Halte", [files.point_feature(*files.BALARAJA[:2])], users["dtrb"]
    )
    response = post_upload(client_for("dinkes"), opd="dinkes", layer=layer.slug)
    assert response.status_code == 202, response.json()
    assert UploadJob.objects.get(pk=response.json()["id"]).target_layer == layer


def test_an_operator_cannot_upload_a_tata_ruang_layer(opd, client_for):
    response = post_upload(client_for("dinkes"), opd="dinkes", theme="tata_ruang")
    assert response.status_code == 403 and response.json() == {"detail": RESERVED}
    assert not UploadJob.objects.exists()
    planner = post_upload(client_for("dtrb"), opd="dinkes", theme="tata_ruang")
    assert planner.status_code == 202 and UploadJob.objects.get().theme == "tata_ruang"


def test_an_operator_cannot_give_its_layer_the_tata_ruang_theme(users, opd, client_for):
    point = files.point_feature(*files.BALARAJA[:2])
    layer = published_layer(users["dinkes"], opd["dinkes"], "Faskes", [point], users["dtrb"], theme="kesehatan")
    operator = client_for("dinkes")
    response = operator.patch("/api/layers/faskes/", {"theme": "tata_ruang"}, format="json")
    assert response.status_code == 403 and response.json() == {"detail": RESERVED}
    layer.refresh_from_db()
    assert layer.theme == "kesehatan"
    # Other themes, and other fields, stay the operator's to change.
    assert operator.patch("/api/layers/faskes/", {"theme": "sosial"}, format="json").status_code == 200
    planner = client_for("dtrb").patch("/api/layers/faskes/", {"theme": "tata_ruang"}, format="json")
    assert planner.status_code == 200 and Layer.objects.get(pk=layer.pk).theme == "tata_ruang"
    # A layer that has the theme keeps it when an operator edits its title.
    response = operator.patch("/api/layers/faskes/", {"title": "Faskes 2026", "theme": "tata_ruang"}, format="json")
    assert response.status_code == 200 and Layer.objects.get(pk=layer.pk).title == "Faskes 2026"


def test_the_page_forms_offer_the_reserved_theme_to_planners_only(users, opd, browser_for):
    published_layer(users["dinkes"], opd["dinkes"], "Halte", [files.point_feature(*files.BALARAJA[:2])], users["dtrb"])
    # Shown but disabled for operators: the wizard's script still picks it for a catalogue entry that has it.
    refused = '<option value="tata_ruang" disabled>'
    assert refused in browser_for("dinkes").get("/unggah/").content.decode()
    assert refused in browser_for("dinkes").get("/layers/halte/").content.decode()
    for page in ("/unggah/", "/layers/halte/"):
        html = browser_for("dtrb").get(page).content.decode()
        assert '<option value="tata_ruang">' in html and refused not in html


def test_an_operator_may_upload_a_catalogue_layer_that_has_the_reserved_theme(users, opd, client_for):
    # satpolpp-penertiban is a tata ruang entry of the Satpol PP catalogue (data/katalog_layer.csv).
    operator = make_user("operator-satpolpp", opd["satpolpp"])
    client = client_for()
    client.force_authenticate(operator)
    response = post_upload(client, opd="satpolpp", theme="tata_ruang", expected="satpolpp-penertiban")
    assert response.status_code == 202, response.json()
    assert UploadJob.objects.get().theme == "tata_ruang"
    # Without the catalogue entry the theme is refused.
    refused = post_upload(client, opd="satpolpp", theme="tata_ruang")
    assert refused.status_code == 403 and refused.json() == {"detail": RESERVED}
