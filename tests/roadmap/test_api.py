"""/api/peta-jalan/program/ on the committed peta jalan, and the targets other apps read from it."""

from django.core.management import call_command

from roadmap.models import Indikator, Program, QuickWin


def test_load_is_idempotent_and_reports_unknown_opd(peta_jalan, capsys):
    call_command("load_peta_jalan")  # a second run changes nothing
    out = capsys.readouterr().out
    assert "134 programmes (governance 39, branding 18, economy 22, living 14, society 27, environment 14)" in out
    assert "141 indicators, 11 quick wins" in out
    # BPS (G-39), Kepolisian (S-25) and "Pemerintahan Umum" (G-34) are no OPD of the kabupaten.
    assert "'BPS' (G-39)" in out and "'Kepolisian' (S-25)" in out and "'Pemerintahan Umum' (G-34)" in out
    assert Program.objects.count() == 134 and Indikator.objects.count() == 141 and QuickWin.objects.count() == 11
    g34 = Program.objects.get(kode="G-34")
    assert g34.opd_tidak_dikenal == ["Pemerintahan Umum"]
    assert g34.opd_teks == "Bappeda, Diskominfo, Setda, Pemerintahan Umum"  # raw text kept
    assert sorted(g34.opd.values_list("kode", flat=True)) == ["bappeda", "diskominfo", "setda"]
    # Words broken by the PDF still find their OPD: "DISPORAB UDPAR", "BKESBAN GPOL", "Dinas Koperasi dan UsahaMikro".
    assert list(Program.objects.get(kode="S-2").opd.values_list("kode", flat=True)) == ["disporabudpar"]
    assert list(Program.objects.get(kode="S-5").opd.values_list("kode", flat=True)) == ["bkesbangpol"]
    assert list(Program.objects.get(kode="Ec-21").opd.values_list("kode", flat=True)) == ["dinkukm"]
    assert list(Program.objects.get(kode="S-1").opd.values_list("kode", flat=True)) == ["setda"]  # "Setda Kesra"


def test_programme_detail_shape(peta_jalan, client_for):
    body = client_for().get("/api/peta-jalan/program/L-5/").json()
    assert body["kode"] == "L-5" and body["dimensi"] == "living" and body["nomor"] == 5
    assert body["strategi"] == {"kode": "L.1", "nama": "Pengendalian Pembangunan berbasis harmonisasi Penataan Ruang"}
    assert body["nama"] == "Integrasi layer peta sektoral dari tiap-tiap OPD ke dalam WebSIG yang dikelola DTRB"
    assert sorted(body["opd"]) == ["bappeda", "dtrb"] and body["sumber_dana"] == "APBD" and body["lokasi"] == 0
    (indikator,) = body["indikator"]
    assert {k: indikator[k] for k in ("satuan", "baseline_2024", "target_2025", "target_2026")} == {
        "satuan": "Persen",
        "baseline_2024": ">75%",
        "target_2025": ">80%",
        "target_2026": ">100%",
    }
    assert (indikator["target_2025_nilai"], indikator["target_2026_nilai"], indikator["pembanding"]) == (80, 100, ">")
    g1 = client_for().get("/api/peta-jalan/program/G-1/").json()
    assert [i["target_2025_nilai"] for i in g1["indikator"]] == [99.47, 70]  # "99,47%", "70%"


def test_programme_list_filters(peta_jalan, client_for):
    client = client_for()
    assert len(client.get("/api/peta-jalan/program/").json()) == 134
    assert len(client.get("/api/peta-jalan/program/?dimensi=society").json()) == 27
    assert [p["kode"] for p in client.get("/api/peta-jalan/program/?strategi=L.1").json()] == [
        "L-1",
        "L-2",
        "L-3",
        "L-4",
        "L-5",
        "L-6",
    ]
    # DTRB leads L-1 .. L-5 and G-30 (L-6 names no leading sector).
    assert [p["kode"] for p in client.get("/api/peta-jalan/program/?opd=dtrb").json()] == [
        "G-30",
        "L-1",
        "L-2",
        "L-3",
        "L-4",
        "L-5",
    ]
    assert [p["kode"] for p in client.get("/api/peta-jalan/program/?q=sinkronisasi rdtr").json()] == ["L-3"]
    assert [p["kode"] for p in client.get("/api/peta-jalan/program/?dimensi=living&opd=dishub").json()] == [
        "L-10",
        "L-11",
        "L-12",
        "L-13",
        "L-14",
    ]


def test_bad_filters_are_400_naming_the_parameter(peta_jalan, client_for):
    client = client_for()
    for query, parameter in (
        ("dimensi=smart", "dimensi"),
        ("strategi=L1", "strategi"),
        ("strategi=L.9", "strategi"),
        ("opd=Dinas Kesehatan", "opd"),
        ("opd=polisi", "opd"),
        ("q=" + "x" * 101, "q"),
    ):
        response = client.get(f"/api/peta-jalan/program/?{query}")
        assert response.status_code == 400, query
        body = response.json()
        assert body["parameter"] == parameter and f"'{parameter}'" in body["detail"] and "Parameter" in body["detail"]
    assert "harus salah satu dari" in client.get("/api/peta-jalan/program/?dimensi=smart").json()["detail"]
    response = client.get("/api/peta-jalan/program/X-1/")
    assert response.status_code == 404 and "tidak ditemukan" in response.json()["detail"]


def test_integration_targets_come_from_l5(peta_jalan, client_for):
    data = client_for().get("/api/indikator/integrasi/").json()
    # L-5: baseline ">75%" (2024), ">80%" (2025), ">100%" (2026, read as reaching 100%: a share has no more).
    assert [(t["tahun"], t["target"], t["persen"], t["strict"]) for t in data["targets"]] == [
        (2024, ">75%", 75.0, True),
        (2025, ">80%", 80.0, True),
        (2026, ">100%", 100.0, False),
    ]
    assert data["targets_sumber"].startswith("Program peta jalan L-5")


def test_integration_targets_fall_back_without_the_roadmap(opd, client_for):
    data = client_for().get("/api/indikator/integrasi/").json()
    assert [t["target"] for t in data["targets"]] == [">75%", ">80%", "100%"]
    assert "load_peta_jalan" in data["targets_sumber"]


def test_rdtr_sync_targets_come_from_l3(peta_jalan, client_for):
    Indikator.objects.filter(program__kode="L-3").update(target_2025_nilai="0.5")  # the data decides
    body = client_for().get("/api/tataruang/sinkronisasi-rdtr/").json()
    assert [(r["tahun"], r["target"]) for r in body["per_tahun"]] == [(2024, 0.2143), (2025, 0.5), (2026, 0.4286)]
    assert body["targets_sumber"].startswith("Program peta jalan L-3")
