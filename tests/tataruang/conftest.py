"""Constructed plans and land use with hand-checkable areas (tests/factories)."""

import pytest
from django.core.management import call_command

# lonlat and polygon_layer: tests/browser imports them from here with the fixtures.
from tests.factories.grid import CX, CY, lonlat, rect  # noqa: F401
from tests.factories.plans import half_and_half_plan, make_plan, polygon_layer

# Two 100 m flood-hazard squares side by side, south-west of (CX, CY).
FLOOD_HAZARD = [
    ({"KELAS": "Tinggi"}, rect(CX - 400, CY - 400, CX - 300, CY - 300)),
    ({"KELAS": "Sedang"}, rect(CX - 300, CY - 400, CX - 200, CY - 300)),
]


@pytest.fixture
def reference(db):
    call_command("load_tataruang_reference", stdout=open("/dev/null", "w"))


@pytest.fixture
def half_and_half(users, opd, wilayah, reference):
    """A 200 m x 200 m industrial parcel (4.00 ha): its west half lies in a KPI
    zone, its east half in a PS (sempadan) zone."""
    return _build_half_and_half(users, opd)


def _build_half_and_half(users, opd):
    return half_and_half_plan(users, opd)


@pytest.fixture
def lp2b(half_and_half, users, opd):
    """A 100 m x 100 m LP2B square (1.00 ha) inside the KPI zone; its east half
    (0.50 ha) lies under the industrial parcel of the land use."""
    lp2b = [({"JENIS": "LP2B"}, rect(CX - 150, CY - 50, CX - 50, CY + 50))]
    return polygon_layer(users, opd, "lp2b", lp2b, expected="dpkp-lp2b", publish=True).layer


class _Pair(tuple):
    planner = None


def _committed_setup(username):
    """OPD, reference tables and a DTRB planner, committed (live-server and worker tests)."""
    from akun.models import Opd
    from tests.factories import make_user

    call_command("load_opd", stdout=open("/dev/null", "w"))
    call_command("load_tataruang_reference", stdout=open("/dev/null", "w"))
    opd = {o.kode: o for o in Opd.objects.all()}
    return {"dtrb": make_user(username, opd["dtrb"], staff=True)}, opd


@pytest.fixture
def half_and_half_live(transactional_db, wilayah_live):
    """The half-and-half inputs, committed, for a test against the Celery worker."""
    users, opd = _committed_setup("perencana-live")
    pair = _Pair(_build_half_and_half(users, opd))
    pair.planner = users["dtrb"]
    return pair


# The constructed RDTR of WP-03 around (CX, CY), in UTM metres: five zones, two
# SWP, five blok. "2.10" sorts after "2.2" (natural order of blok codes).
RDTR_ZONES = [
    # (KODSZN, KODEWP, KODSWP, NAMSWP, KODBLK, rectangle, area ha)
    ("R-2", "WP-03", "SWP-1", "Curug Utara", "1.1", (CX - 400, CY, CX, CY + 400), 16.0),
    ("K-2", "WP-03", "SWP-1", "Curug Utara", "1.2", (CX, CY, CX + 400, CY + 400), 16.0),
    ("R-2", "WP-03", "SWP-2", "Kelapa Dua Selatan", "2.1", (CX - 400, CY - 300, CX, CY), 12.0),
    ("KPI", "WP-03", "SWP-2", "Kelapa Dua Selatan", "2.2", (CX, CY - 300, CX + 400, CY), 12.0),
    ("R-3", "WP-03", "SWP-2", "Kelapa Dua Selatan", "2.10", (CX + 400, CY - 300, CX + 600, CY), 6.0),
]


def rdtr_layer(users, opd):
    """The RDTR_ZONES as an uploaded layer with ATR/BPN attribute names; K-2 carries intensity limits."""
    features = []
    for code, wp, swp, swp_name, blok, box, _ha in RDTR_ZONES:
        props = {"KODSZN": code, "KODEWP": wp, "NAMSWP": swp_name, "KODSWP": swp, "KODBLK": blok}
        if code == "K-2":
            props.update(KDB=70, KLB=2.8, KDH=10)
        features.append((props, rect(*box)))
    return polygon_layer(users, opd, "rdtr-wp03-uji", features)


def _build_rdtr(users, opd):
    return make_plan(
        rdtr_layer(users, opd),
        "KODSZN",
        hierarchy=True,
        nama="RDTR WP-03 uji",
        jenis="RDTR",
        legal_basis="Perbup No. 3 Tahun 2026",
        wilayah_perencanaan="WP-03",
    )


@pytest.fixture
def rdtr(users, opd, wilayah, reference):
    """The constructed RDTR of WP-03, active."""
    return _build_rdtr(users, opd)


@pytest.fixture
def rdtr_live(transactional_db, wilayah_live):
    """The constructed RDTR, committed, for a test against a live server."""
    users, opd = _committed_setup("perencana-rdtr")
    return _build_rdtr(users, opd)
