"""The demo RDTR of WP-05 Tigaraksa (tataruang/demo/rdtr.py): DATA CONTOH
(sintetis), written as a shapefile in UTM 48S, loaded through the upload
pipeline and activated; the KKPR check answers from it inside its WP."""

import io
from collections import Counter

import pyogrio
import pytest
from django.db import connection

from tataruang import services
from tataruang.demo import rdtr as demo_rdtr
from tataruang.models import Plan, PlanClass
from tests.factories.grid import rect
from tests.factories.plans import plan_of_zones
from wilayah.models import Desa

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(users, opd, reference, tmp_path):
    path = demo_rdtr.write_rdtr_file(tmp_path)
    return path, demo_rdtr.load_demo_rdtr(users["admin"], path)


def test_the_file_is_labelled_and_in_utm(demo):
    path, _plan = demo
    info = pyogrio.read_info(f"/vsizip/{path}")
    assert info["crs"] == "EPSG:32748" and info["features"] == 674
    table = pyogrio.read_dataframe(f"/vsizip/{path}", read_geometry=False)
    assert set(table["KETERANGAN"]) == {"DATA CONTOH (sintetis)"}
    assert set(table["KODEWP"]) == {"WP-05"}
    # Every sub-zone code is a post-2021 RDTR zone of data/tataruang/klasifikasi_rencana.csv.
    zones = set(PlanClass.objects.filter(scheme="2021", kind="zona").values_list("kode", flat=True))
    assert set(table["KODSZN"]) <= zones and len(set(table["KODSZN"])) == 16
    assert {"KDB", "KLB", "KDH", "KTB", "TINGGI"} <= set(table.columns)


def test_the_demo_rdtr_is_an_active_sample_plan(demo):
    _path, plan = demo
    assert (plan.jenis, plan.status, plan.is_sample, plan.wilayah_perencanaan) == ("RDTR", "active", True, "WP-05")
    assert plan.legal_basis == "Perkada contoh (bukan dasar hukum resmi)"
    assert (plan.class_column, plan.wp_column, plan.swp_column, plan.blok_column) == (
        "KODSZN",
        "KODEWP",
        "KODSWP",
        "KODBLK",
    )
    [wp] = services.hierarchy_summary(plan)
    # Zones per SWP: the 500 m grid cut of the blok (one per desa) of each SWP,
    # counted from the file the seed 2026 writes.
    assert (wp["wp"], wp["zones"]) == ("WP-05", 674)
    assert [(s["swp"], s["zones"], len(s["blok"])) for s in wp["swp"]] == [
        ("SWP-A", 193, 6),
        ("SWP-B", 172, 6),
        ("SWP-C", 309, 9),
    ]
    assert [(b["blok"], b["zones"]) for b in wp["swp"][0]["blok"]] == [
        ("A.01", 24),
        ("A.02", 33),
        ("A.03", 35),
        ("A.04", 31),
        ("A.05", 36),
        ("A.06", 34),
    ]
    # The zones cover the 21 desa of kecamatan Tigaraksa and Solear but for grid
    # slivers under 100 m2: SELECT sum(ST_Area(ST_Transform(geom, 32748))) / 1e4
    # of those desa is 8,819.37 ha (a coverage since wilayah.services makes one).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(ST_Area(ST_Transform(d.geom, 32748))) / 1e4 FROM wilayah_desa d "
            "JOIN wilayah_kecamatan k ON k.id = d.kecamatan_id WHERE k.kode IN ('36.03.03', '36.03.31')"
        )
        desa_ha = cursor.fetchone()[0]
    assert wp["luas_ha"] == pytest.approx(8819.35, abs=0.01)
    assert desa_ha - wp["luas_ha"] == pytest.approx(0.02, abs=0.02)
    assert Counter(plan.zones.values_list("swp", flat=True)) == {"SWP-A": 193, "SWP-B": 172, "SWP-C": 309}


def test_kkpr_inside_the_wp_answers_from_the_demo_rdtr(demo, users, opd, client_for):
    _path, plan = demo
    # An RTRW zone also covers the centre of kelurahan Tigaraksa; the RDTR wins there.
    centre = Desa.objects.get(kode=demo_rdtr.CENTRE_DESA).geom.point_on_surface
    utm = centre.transform(32748, clone=True)
    plan_of_zones(
        users,
        opd,
        "rtrw-tigaraksa-uji",
        [({"NAMOBJ": "Kawasan Permukiman Perkotaan"}, rect(utm.x - 300, utm.y - 300, utm.x + 300, utm.y + 300))],
        "NAMOBJ",
        legal_basis="Perda uji",
    )

    body = client_for().get("/api/tataruang/kkpr/", {"lon": centre.x, "lat": centre.y, "kegiatan": "ruko"}).json()
    assert body["rencana"]["id"] == plan.pk and body["rencana"]["label"] == "DATA CONTOH (sintetis)"
    assert body["is_sample"] is True and body["desa"]["kode"] == demo_rdtr.CENTRE_DESA
    [zone] = body["zona"]
    # The centre's cell lies within 1 km of it: SPU-1, KT or K-1; the seed 2026 gives K-1.
    assert (zone["kode"], zone["wp"], zone["swp"], zone["blok"]) == ("K-1", "WP-05", "SWP-A", "A.01")
    assert zone["intensitas"] == {"KDB": 70, "KLB": 3.5, "KDH": 10, "KTB": 60, "TINGGI": 28}


def test_loading_again_changes_nothing(demo):
    _path, plan = demo
    out = io.StringIO()
    assert demo_rdtr.ensure_demo_rdtr(out) is None
    assert "Demo RDTR already loaded." in out.getvalue()
    assert list(Plan.objects.filter(jenis="RDTR").values_list("pk", flat=True)) == [plan.pk]
