"""ITBX tables imported from CSV and XLSX, all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tataruang.models import ItbxRule

pytestmark = pytest.mark.django_db


def upload(client, name, data):
    return client.post("/api/tataruang/itbx/", {"file": SimpleUploadedFile(name, data)}, format="multipart")


def test_csv_import_updates_cells(reference, users, client_for):
    csv = "kode_kelas,kegiatan,itbx,syarat,sumber\nR-3,ruko,B,Hanya di jalan kolektor,Perbup 9/2026 Pasal 12\n"
    response = upload(client_for("dtrb"), "itbx.csv", csv.encode())
    assert response.status_code == 200 and response.json() == {"cells": 1}
    rule = ItbxRule.objects.get(plan_class__kode="R-3", activity__kode="ruko")
    assert (rule.verdict, rule.source_article) == ("B", "Perbup 9/2026 Pasal 12")


def test_xlsx_import(reference, users, client_for, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["kode_kelas", "kegiatan", "itbx", "syarat", "sumber"])
    sheet.append(["K-1", "pasar", "I", None, "Perbup 9/2026 Pasal 14"])
    book.save(tmp_path / "itbx.xlsx")
    response = upload(client_for("dtrb"), "itbx.xlsx", (tmp_path / "itbx.xlsx").read_bytes())
    assert response.status_code == 200
    assert ItbxRule.objects.get(plan_class__kode="K-1", activity__kode="pasar").verdict == "I"


def test_a_bad_row_changes_nothing(reference, users, client_for):
    before = ItbxRule.objects.count()
    csv = "kode_kelas,kegiatan,itbx,syarat,sumber\nR-3,ruko,B,,\nR-3,ruko,Z,,\n"
    response = upload(client_for("dtrb"), "itbx.csv", csv.encode())
    assert response.status_code == 400 and "3" in response.json()["detail"]
    assert ItbxRule.objects.count() == before
    assert upload(client_for("dinkes"), "itbx.csv", csv.encode()).status_code == 403
    assert upload(client_for("dtrb"), "itbx.txt", b"x").status_code == 400


@pytest.mark.parametrize(
    ("row", "detail"),
    [
        ("R-3,ruko,B,Hanya di\x00jalan,", "Baris 2 berkas ITBX, kolom syarat: teksnya memuat karakter NUL."),
        ("R\x00-3,ruko,B,,", "Baris 2 berkas ITBX, kolom kode_kelas: teksnya memuat karakter NUL."),
        ("R-3,ruko,B,," + "x" * 201, "Baris 2 berkas ITBX: 'sumber' paling banyak 200 karakter."),
    ],
)
def test_cells_the_database_cannot_store_are_refused(reference, users, client_for, row, detail):
    """PostgreSQL text holds no NUL and 'sumber' is a varchar(200): a 400 naming row and column, not a 500."""
    before = ItbxRule.objects.count()
    response = upload(client_for("dtrb"), "itbx.csv", f"kode_kelas,kegiatan,itbx,syarat,sumber\n{row}\n".encode())
    assert response.status_code == 400 and response.json()["detail"] == detail
    assert ItbxRule.objects.count() == before


def test_a_short_row_leaves_syarat_and_sumber_empty(reference, users, client_for):
    response = upload(client_for("dtrb"), "itbx.csv", b"kode_kelas,kegiatan,itbx,syarat,sumber\nR-3,ruko,T\n")
    assert response.status_code == 200
    rule = ItbxRule.objects.get(plan_class__kode="R-3", activity__kode="ruko")
    assert (rule.verdict, rule.condition, rule.source_article) == ("T", "", "")
