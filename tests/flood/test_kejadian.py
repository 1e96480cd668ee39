"""Flood events: the BPBD event layer's attribute rule on upload and in the
editor, and events per desa per year from the published layer."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from layers import services
from layers.models import ExpectedLayer, FeatureChange, Layer
from tests.factories.layers import imported_version, publish
from tests.layers import files

pytestmark = pytest.mark.django_db

BALARAJA, TELUKNAGA, PAGEDANGAN = files.BALARAJA, files.TELUKNAGA, files.PAGEDANGAN


def event(place, tanggal, kedalaman_cm, kk_terdampak=None, durasi_jam=None, sumber="Laporan BPBD"):
    props = {"tanggal": tanggal, "kedalaman_cm": kedalaman_cm, "durasi_jam": durasi_jam, "kk_terdampak": kk_terdampak}
    return files.point_feature(place[0], place[1], sumber=sumber, **props)


def event_layer(users, features, publish_it=True):
    expected = ExpectedLayer.objects.get(kode="bpbd-kejadian-banjir")
    version = imported_version(users["bpbd"], expected.opd, "Kejadian Banjir Uji", features, expected=expected)
    if publish_it:
        publish(version, users["bpbd"], users["dtrb"])
    return Layer.objects.get(pk=version.layer_id)


def refusal(users, features):
    """The failed upload's message (nothing imported)."""
    expected = ExpectedLayer.objects.get(kode="bpbd-kejadian-banjir")
    job = services.start_upload(
        uploaded_file=SimpleUploadedFile("kejadian.geojson", files.feature_collection(features)),
        title="Kejadian Banjir Salah",
        opd=expected.opd,
        user=users["bpbd"],
        expected=expected,
    )
    job = services.run_upload(job.id)
    assert job.status == "failed"
    assert not Layer.objects.filter(title="Kejadian Banjir Salah").exists()
    return job.messages[-1]


def test_events_per_desa_per_year(users, client_for):
    event_layer(
        users,
        [
            event(BALARAJA, "2023-01-10", 30, kk_terdampak=10, durasi_jam=6),
            event(BALARAJA, "2023-02-20", 80, kk_terdampak=20, durasi_jam=30),
            event(BALARAJA, "2024-01-05", 55, kk_terdampak=7),
            event(TELUKNAGA, "2023-12-31", 120),  # households unknown
            event(PAGEDANGAN, "2022-03-01", 0, kk_terdampak=0),
        ],
    )
    rows = client_for().get("/api/flood/kejadian/").json()
    got = [
        (
            r["tahun"],
            r["desa"]["kode"],
            r["jumlah_kejadian"],
            r["kk_terdampak"],
            r["kedalaman_maks_cm"],
            r["durasi_total_jam"],
        )
        for r in rows
    ]
    assert got == [
        (2022, PAGEDANGAN[2], 1, 0, 0, None),
        # Balaraja 2023: 2 events, 10 + 20 = 30 households, max(30, 80) = 80 cm, 6 + 30 = 36 hours.
        (2023, BALARAJA[2], 2, 30, 80, 36),
        (2023, TELUKNAGA[2], 1, None, 120, None),
        (2024, BALARAJA[2], 1, 7, 55, None),
    ]
    assert rows[1]["desa"]["nama"] == "Balaraja" and rows[1]["kecamatan"] == {"kode": "36.03.01", "nama": "Balaraja"}
    in_2023 = client_for().get("/api/flood/kejadian/?tahun=2023").json()
    assert [(r["desa"]["nama"], r["jumlah_kejadian"]) for r in in_2023] == [("Balaraja", 2), ("Teluknaga", 1)]
    teluknaga = client_for().get("/api/flood/kejadian/?kecamatan=36.03.13").json()
    assert [(r["tahun"], r["desa"]["nama"]) for r in teluknaga] == [(2023, "Teluknaga")]
    one_desa = client_for().get(f"/api/flood/kejadian/?desa={BALARAJA[2]}&tahun=2024").json()
    assert [(r["tahun"], r["kk_terdampak"]) for r in one_desa] == [(2024, 7)]


def test_unpublished_events_do_not_count(users, client_for):
    event_layer(users, [event(BALARAJA, "2023-01-10", 30)], publish_it=False)
    assert client_for().get("/api/flood/kejadian/").json() == []


@pytest.mark.parametrize(
    ("query", "status", "detail"),
    [
        ("tahun=abc", 400, "Parameter 'tahun' harus berupa bilangan bulat dari 1900 sampai 2100."),
        ("kecamatan=99.99.99", 404, "Kecamatan dengan kode '99.99.99' tidak ditemukan."),
    ],
)
def test_bad_parameters_of_the_events(client_for, wilayah, query, status, detail):
    response = client_for().get(f"/api/flood/kejadian/?{query}")
    assert (response.status_code, response.json()["detail"]) == (status, detail)


def test_an_upload_without_the_columns_is_refused(users):
    features = [files.point_feature(BALARAJA[0], BALARAJA[1], nama="Banjir", tahun=2023)]
    assert refusal(users, features) == (
        "Berkas tidak sesuai dengan layer 'Kejadian Banjir Salah': kolom 'tanggal' tidak ada; "
        "kolom 'kedalaman_cm' tidak ada; kolom 'durasi_jam' tidak ada; kolom 'kk_terdampak' tidak ada; "
        "kolom 'sumber' tidak ada."
    )


def test_an_upload_with_impossible_values_is_refused_whole(users):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    features = [
        event(BALARAJA, "2023-01-10", 30),
        event(TELUKNAGA, tomorrow, 30),
        event(PAGEDANGAN, "2023-01-10", -5, kk_terdampak=-1),
        event(BALARAJA, "2023-01-11", 40, sumber=None),
    ]
    assert refusal(users, features) == (
        "3 fitur dalam berkas memiliki nilai yang tidak diterima layer 'Kejadian Banjir Salah': "
        f"fitur 2: tanggal berada di masa depan ({tomorrow}); "
        "fitur 3: kedalaman_cm harus antara 0 dan 1000 cm, kk_terdampak harus bilangan bulat jumlah KK, 0 atau lebih; "
        "fitur 4: sumber nilai wajib diisi."
    )


def test_the_editor_follows_the_rule_and_keeps_history(users, client_for):
    layer = event_layer(users, [event(BALARAJA, "2023-01-10", 30, kk_terdampak=10)])
    client = client_for("bpbd")
    url = f"/api/layers/{layer.slug}/features/"
    geometry = {"type": "Point", "coordinates": [TELUKNAGA[0], TELUKNAGA[1]]}
    bad = {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"tanggal": "2099-01-01", "kedalaman_cm": 1500, "sumber": "Laporan desa"},
    }
    response = client.post(url, bad, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "tanggal": "berada di masa depan (2099-01-01)",
        "kedalaman_cm": "harus antara 0 dan 1000 cm",
    }
    good = {
        **bad,
        "properties": {"tanggal": "2024-02-01", "kedalaman_cm": 60, "kk_terdampak": 12, "sumber": "Laporan desa"},
    }
    created = client.post(url, good, format="json")
    assert created.status_code == 201, created.json()
    feature = created.json()
    assert feature["properties"]["_desa"] == TELUKNAGA[2]  # assigned by the shared desa rule
    change = FeatureChange.objects.get(feature_id=feature["id"])
    assert (change.action, change.user.username, change.attrs_after["kedalaman_cm"]) == ("create", "operator-bpbd", 60)

    patch = client.patch(
        f"{url}{feature['id']}/", {"properties": {"kedalaman_cm": -1}}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert patch.status_code == 400 and patch.json()["errors"] == {"kedalaman_cm": "harus antara 0 dan 1000 cm"}
    # The new event counts in Teluknaga in 2024 (the layer's latest version is its published one).
    rows = client_for().get("/api/flood/kejadian/?tahun=2024").json()
    assert [(r["desa"]["kode"], r["jumlah_kejadian"], r["kk_terdampak"]) for r in rows] == [(TELUKNAGA[2], 1, 12)]


def test_the_sample_events_follow_the_rule(users):
    """The sample file of data/shapefiles/ loads under the rule (make data loads it)."""
    from layers.samples import SAMPLE_DIR

    data = json.loads((SAMPLE_DIR / "bpbd_kejadian_banjir.geojson").read_text())
    assert len(data["features"]) == 40
    layer = event_layer(users, data["features"])
    assert layer.published_version.feature_count == 40
