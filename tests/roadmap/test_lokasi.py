"""Programme locations: who may attach and edit them (per OPD), their checks,
documents, progress against the targets, and the overlay lists."""

import pytest

from roadmap import progress
from roadmap.models import Indikator, LokasiProgram, LokasiRiwayat
from tests.factories.grid import CX, CY, lonlat, rect

URL = "/api/peta-jalan/lokasi/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def point(dx=0, dy=0):
    return {"type": "Point", "coordinates": lonlat(CX + dx, CY + dy)}


def body(program, **more):
    return {"program": program, "tahun": 2025, "nama": f"Lokasi {program}", "geometry": point(), **more}


def attach(client, program, **more):
    return client.post(URL, body(program, **more), format="json")


def test_permissions_per_opd(peta_jalan, client_for, users):
    # Dinkes leads L-7 (UHC), not L-5 (DTRB, Bappeda).
    created = attach(client_for("dinkes"), "L-7", nilai_realisasi=100)
    assert created.status_code == 201, created.content
    props = created.json()["properties"]
    assert props["opd"] == "dinkes" and props["kode_desa"] == "36.03.28.1001" and props["kode_kec"] == "36.03.28"
    refused = attach(client_for("dinkes"), "L-5")
    assert refused.status_code == 403 and "L-5" in refused.json()["detail"]
    # BPBD is one of the five leading sectors of S-25 (call centre).
    assert attach(client_for("bpbd"), "S-25").status_code == 201
    assert attach(client_for(), "L-7").status_code == 403  # anonymous
    # DTRB attaches anywhere; the location belongs to the programme's OPD unless it names one.
    dtrb = attach(client_for("dtrb"), "L-7").json()
    assert dtrb["properties"]["opd"] == "dinkes"
    own = attach(client_for("dtrb"), "L-5", opd="dtrb").json()

    dinkes_id = created.json()["id"]
    # An operator changes its own OPD's locations, and does not see the others' (404).
    assert client_for("dinkes").patch(f"{URL}{dinkes_id}/", {"status": "selesai"}, format="json").status_code == 200
    assert client_for("dinkes").patch(f"{URL}{own['id']}/", {"status": "selesai"}, format="json").status_code == 404
    assert client_for("bpbd").delete(f"{URL}{dinkes_id}/").status_code == 404
    # DTRB edits all.
    assert client_for("dtrb").patch(f"{URL}{dinkes_id}/", {"nilai_realisasi": 99}, format="json").status_code == 200
    assert client_for("dinkes").delete(f"{URL}{dinkes_id}/").status_code == 204
    assert not LokasiProgram.objects.filter(pk=dinkes_id).exists()
    # History: created, changed by Dinkes, changed by DTRB, deleted.
    assert list(LokasiRiwayat.objects.filter(data__id=dinkes_id).values_list("aksi", "user__username")) == [
        ("buat", "operator-dinkes"),
        ("ubah", "operator-dinkes"),
        ("ubah", "perencana-dtrb"),
        ("hapus", "operator-dinkes"),
    ]
    assert client_for().get(f"{URL}{own['id']}/").json()["properties"]["program"] == "L-5"  # public read
    history = client_for().get(f"{URL}{dinkes_id}/riwayat/").json()["riwayat"]
    assert [(h["aksi"], h["oleh"]) for h in history][-1] == ("hapus", "operator-dinkes")
    assert history[2]["lokasi"]["properties"]["nilai_realisasi"] == 99.0


@pytest.mark.parametrize(
    "change, parameter",
    [
        ({"geometry": {"type": "Point", "coordinates": [106.8272, -6.1754]}}, "geometry"),  # Jakarta
        ({"geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}}, "geometry"),
        ({"status": "batal"}, "status"),
        ({"tahun": 2031}, "tahun"),
        ({"nilai_realisasi": "banyak"}, "nilai_realisasi"),
        ({"anggaran": -5}, "anggaran"),
        ({"program": "L-99"}, "program"),
        ({"indikator": 3}, "indikator"),
        ({"kegiatan": "kasino"}, "kegiatan"),
    ],
)
def test_bad_locations_are_400(peta_jalan, client_for, reference, change, parameter):
    response = client_for("dtrb").post(URL, {**body("L-5"), **change}, format="json")
    assert response.status_code == 400, response.content
    assert response.json().get("parameter") == parameter
    assert LokasiProgram.objects.count() == 0


def test_documents_are_checked_and_stored_outside_the_web_root(peta_jalan, client_for, settings, document_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    lokasi = attach(client_for("dinkes"), "L-7").json()["id"]
    url = f"{URL}{lokasi}/dokumen/"
    photo = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    stored = client_for("dinkes").post(url, {"berkas": photo}, format="multipart")
    assert stored.status_code == 201 and stored.json()["content_type"] == "image/png"
    files = list(document_root.rglob("*.png"))
    assert len(files) == 1 and files[0].read_bytes() == PNG
    assert not str(files[0]).startswith(str(settings.STATIC_ROOT)) and not str(files[0]).startswith(
        str(settings.MEDIA_ROOT)
    )
    download = client_for().get(f"{url}{stored.json()['id']}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    # A script named .jpg is refused by its content; a file over the cap by its size.
    fake = SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    refused = client_for("dinkes").post(url, {"berkas": fake}, format="multipart")
    assert refused.status_code == 400 and "PDF" in refused.json()["detail"]
    settings.ROADMAP_DOCUMENT_MAX_BYTES = 32
    big = SimpleUploadedFile("besar.png", PNG, content_type="image/png")
    assert client_for("dinkes").post(url, {"berkas": big}, format="multipart").status_code == 400
    # Another OPD cannot attach documents to it.
    again = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    assert client_for("bpbd").post(url, {"berkas": again}, format="multipart").status_code == 404


def test_progress_respects_the_comparator(peta_jalan, client_for):
    dtrb = client_for("dtrb")
    # L-5 2025: ">80%". A share: the highest value reported counts. 80 does not meet it, 81 does.
    attach(dtrb, "L-5", opd="dtrb", nilai_realisasi=80)
    l5 = Indikator.objects.get(program__kode="L-5")
    (item,) = progress.indicator_progress([l5], 2025)
    assert (item.realisasi, item.met, item.persen) == (80, False, 100.0)  # 80/80 fills the bar, ">" is not met
    attach(dtrb, "L-5", opd="dtrb", nilai_realisasi=81)
    (item,) = progress.indicator_progress([l5], 2025)
    assert (item.realisasi, item.met) == (81, True)
    # L-11 2025: 34 units (">=" a plain target). A count: the values add up; 20 gives 20/34 = 58.82%.
    attach(dtrb, "L-11", nilai_realisasi=20)
    l11 = Indikator.objects.get(program__kode="L-11")
    (item,) = progress.indicator_progress([l11], 2025)
    assert item.realisasi == 20 and not item.met and item.persen == pytest.approx(58.82, abs=0.01)
    attach(dtrb, "L-11", nilai_realisasi=14)  # 20 + 14 = 34
    (item,) = progress.indicator_progress([l11], 2025)
    assert item.realisasi == 34 and item.met
    # 2026 targets are not reached by 2025 locations.
    (item,) = progress.indicator_progress([l11], 2026)
    assert item.realisasi is None and not item.met
    body = client_for().get("/api/peta-jalan/progres/?tahun=2025").json()
    # Living: 14 programmes, one indicator each; numeric: all but L-6 (√) -> 13; met: L-5 and L-11.
    assert (body["per_dimensi"]["living"]["numeric"], body["per_dimensi"]["living"]["met"]) == (13, 2)
    assert body["per_opd"]["dishub"]["met"] == 1 and body["per_opd"]["dtrb"]["met"] == 1
    # DTRB leads G-30 and L-1 .. L-5; L-5 now has locations.
    assert body["tanpa_lokasi"]["dtrb"] == ["G-30", "L-1", "L-2", "L-3", "L-4"]
    assert "L-11" not in body["tanpa_lokasi"]["dishub"]
    bad = client_for().get("/api/peta-jalan/progres/?tahun=2030")
    assert bad.status_code == 400 and bad.json()["parameter"] == "tahun"


def test_overlay_lists_on_the_constructed_plan(peta_jalan, half_and_half, lp2b, client_for):
    dtrb = client_for("dtrb")
    # A factory (kegiatan "pabrik") west of CX lies in KPI (I); east of CX in PS, a sempadan (X).
    allowed = attach(dtrb, "Ec-3", kegiatan="pabrik", geometry=point(-250)).json()
    refused = attach(dtrb, "Ec-3", kegiatan="pabrik", geometry=point(250), nama="Pabrik di sempadan").json()
    # A 100 m square centred on (CX - 100, CY): its west half overlaps the LP2B square (CX-150..CX-50).
    field = {"type": "Polygon", "coordinates": rect(CX - 150, CY - 50, CX - 50, CY + 50)}
    in_lp2b = attach(dtrb, "Ec-14", kegiatan="sawah", geometry=field).json()
    overlay = client_for().get(f"{URL}{refused['id']}/overlay/").json()
    assert [(z["kode"], z["itbx"]) for z in overlay["zona"]] == [("PS", "X")] and overlay["sesuai"] is False
    overlay = client_for().get(f"{URL}{allowed['id']}/overlay/").json()
    assert overlay["itbx"] == "I" and overlay["sesuai"] is True and overlay["lp2b"] is False
    overlay = client_for().get(f"{URL}{in_lp2b['id']}/overlay/").json()
    assert overlay["lp2b"] is True and overlay["tumpang_susun"]["lp2b"]["luas_ha"] == pytest.approx(1.0, abs=0.001)
    listed = client_for().get(f"{URL}tidak-sesuai/").json()["lokasi"]
    assert [(r["id"], r["nama"], r["zona"], r["itbx"]) for r in listed] == [
        (refused["id"], "Pabrik di sempadan", "PS Kawasan Perlindungan Setempat", "X")
    ]


def test_overlay_registry_hook(peta_jalan, client_for):
    from roadmap import overlays

    lokasi = attach(client_for("dtrb"), "L-5", opd="dtrb").json()
    overlays.register("uji", lambda lokasi: {"kelas": "tinggi"})
    try:
        body = client_for().get(f"{URL}{lokasi['id']}/overlay/").json()
    finally:
        overlays._registry.pop("uji")
    assert body["uji"] == {"kelas": "tinggi"}
    assert body["bahaya_banjir"] is None  # registered by the app; no published flood raster here


def test_flood_hazard_class_of_locations(peta_jalan, published, client_for):
    from tests.flood.rasters import NODATA, QUADRANTS, X0, Y0, tif_bytes

    # QUADRANTS, 10 m pixels from (X0, Y0): north-west 0.1 (rendah), north-east 0.5 (sedang),
    # south-west 0.9 (tinggi), south-east no data; classes 0.333 / 0.666 (BNPB).
    published(tif_bytes(QUADRANTS, nodata=NODATA))
    dtrb = client_for("dtrb")

    def at(x, y, nama):
        geometry = {"type": "Point", "coordinates": lonlat(x, y)}
        return attach(dtrb, "En-6", geometry=geometry, nama=nama).json()["id"]

    low, high, none = at(X0 + 5, Y0 - 5, "Rendah"), at(X0 + 5, Y0 - 35, "Tinggi"), at(X0 + 35, Y0 - 35, "Kosong")
    kelas = {i: client_for().get(f"{URL}{i}/overlay/").json()["bahaya_banjir"][0]["kelas"] for i in (low, high, none)}
    assert kelas == {low: "rendah", high: "tinggi", none: "tanpa_data"}
    listed = client_for().get(f"{URL}rawan-banjir/").json()["lokasi"]
    assert [(r["id"], r["nama"]) for r in listed] == [(high, "Tinggi")]


def test_upload_a_geojson_file_of_locations(peta_jalan, client_for):
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"nama": "Puskesmas A"}, "geometry": point(-100)},
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "LineString", "coordinates": [lonlat(CX, CY), lonlat(CX + 200, CY)]},
            },
        ],
    }
    upload = SimpleUploadedFile("lokasi.geojson", json.dumps(collection).encode(), content_type="application/geo+json")
    form = {"berkas": upload, "program": "L-7", "tahun": "2025", "nama": "Titik UHC", "nilai_realisasi": "100"}
    response = client_for("dinkes").post(f"{URL}unggah/", form, format="multipart")
    assert response.status_code == 201, response.content
    names = [f["properties"]["nama"] for f in response.json()["features"]]
    assert names == ["Puskesmas A", "Titik UHC 2"]
    assert LokasiProgram.objects.filter(program__kode="L-7", opd__kode="dinkes").count() == 2
    # All or none: a second feature outside the kabupaten refuses the whole file.
    collection["features"][1]["geometry"] = {"type": "Point", "coordinates": [106.8272, -6.1754]}
    upload = SimpleUploadedFile("lokasi.geojson", json.dumps(collection).encode())
    form["berkas"] = upload
    refused = client_for("dinkes").post(f"{URL}unggah/", form, format="multipart")
    assert refused.status_code == 400 and LokasiProgram.objects.count() == 2
    form["berkas"] = SimpleUploadedFile("bukan.geojson", b"PK\x03\x04 not json")
    refused = client_for("dinkes").post(f"{URL}unggah/", form, format="multipart")
    assert refused.status_code == 400 and refused.json()["parameter"] == "berkas"
    form["berkas"] = SimpleUploadedFile("lokasi.geojson", json.dumps(collection).encode())
    assert client_for("dinkes").post(f"{URL}unggah/", {**form, "program": "L-5"}, format="multipart").status_code == 403


def test_lp2b_list_and_pages_show_the_overlay_lists(peta_jalan, half_and_half, lp2b, client_for, client):
    dtrb = client_for("dtrb")
    attach(dtrb, "Ec-3", kegiatan="pabrik", geometry=point(250), nama="Pabrik di sempadan")
    field = {"type": "Polygon", "coordinates": rect(CX - 150, CY - 50, CX - 50, CY + 50)}
    attach(dtrb, "Ec-14", kegiatan="sawah", geometry=field, nama="Sawah LP2B")
    assert [r["nama"] for r in client_for().get(f"{URL}lp2b/").json()["lokasi"]] == ["Sawah LP2B"]
    html = client.get("/peta-jalan/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Lokasi di zona yang tidak mengizinkan kegiatannya" in html and "Pabrik di sempadan" in html
    assert 'data-opd="DBMSDA"' in html  # Ec-3's leading OPD in the per-OPD table


def test_attach_form_only_for_the_programme_s_opd(peta_jalan, users, reference, client):
    client.force_login(users["dinkes"])
    assert 'id="form-lokasi"' in client.get("/peta-jalan/program/L-7/").content.decode()
    assert 'id="form-lokasi"' not in client.get("/peta-jalan/program/L-5/").content.decode()
    client.logout()
    assert 'id="form-lokasi"' not in client.get("/peta-jalan/program/L-7/").content.decode()
    client.force_login(users["dtrb"])
    html = client.get("/peta-jalan/program/L-5/").content.decode()
    assert 'id="form-lokasi"' in html and 'name="opd"' in html
