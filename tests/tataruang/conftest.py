"""Constructed plans and land use with hand-checkable areas."""

import time

import pytest
from django.contrib.gis.geos import Point
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from layers import services as layer_services
from layers.models import ExpectedLayer
from tataruang import services
from tataruang.models import LandUse, Plan
from tests.layers import files

# A point inside desa Kelapa Dua, in UTM 48S.
CX, CY = files.utm(*files.KELAPA_DUA[:2])


def lonlat(x, y):
    point = Point(x, y, srid=32748)
    point.transform(4326)
    return [point.x, point.y]


def rect(x0, y0, x1, y1):
    """A rectangle given in UTM metres, as a GeoJSON ring in lon/lat."""
    return [[lonlat(x0, y0), lonlat(x1, y0), lonlat(x1, y1), lonlat(x0, y1), lonlat(x0, y0)]]


# Two 100 m flood-hazard squares side by side, south-west of (CX, CY).
FLOOD_HAZARD = [
    ({"KELAS": "Tinggi"}, rect(CX - 400, CY - 400, CX - 300, CY - 300)),
    ({"KELAS": "Sedang"}, rect(CX - 300, CY - 400, CX - 200, CY - 300)),
]


def upload_layer(user, opd, title, features, expected=None, publish=False):
    """Import GeoJSON ``features`` as ``user`` would; with ``expected`` (a
    catalogue code) the layer fills that catalogue entry; published if asked."""
    job = layer_services.start_upload(
        uploaded_file=SimpleUploadedFile(f"{title}.geojson", files.feature_collection(features)),
        title=title,
        opd=opd,
        user=user,
        theme="tata_ruang",
    )
    job = layer_services.run_upload(job.id)
    # In a transactional test the Celery worker may have claimed the job first.
    deadline = time.time() + 60
    while job.status in ("pending", "running") and time.time() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == "succeeded", job.messages
    version = job.layer_version
    if expected:
        version.layer.expected = ExpectedLayer.objects.get(kode=expected)
        version.layer.save()
    if publish:
        layer_services.publish_version(layer_services.submit_version(version, user), user)
    return version


def polygon_layer(users, opd, title, features, expected=None, publish=False):
    """A DTRB polygon layer of (properties, ring) pairs."""
    polygons = [
        {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": ring}}
        for props, ring in features
    ]
    return upload_layer(users["dtrb"], opd["dtrb"], title, polygons, expected=expected, publish=publish)


@pytest.fixture
def reference(db):
    call_command("load_tataruang_reference", stdout=open("/dev/null", "w"))


@pytest.fixture
def half_and_half(users, opd, wilayah, reference):
    """A 200 m x 200 m industrial parcel (4.00 ha): its west half lies in a KPI
    zone, its east half in a PS (sempadan) zone."""
    return _build_half_and_half(users, opd)


def _build_half_and_half(users, opd):
    plan_version = polygon_layer(
        users,
        opd,
        "rtrw-uji",
        [
            ({"NAMOBJ": "Kawasan Peruntukan Industri"}, rect(CX - 500, CY - 500, CX, CY + 500)),
            ({"NAMOBJ": "Kawasan Perlindungan Setempat"}, rect(CX, CY - 500, CX + 500, CY + 500)),
        ],
    )
    plan = Plan.objects.create(
        nama="RTRW uji",
        jenis="RTRW",
        legal_basis="Perda No. 1 Tahun 2026",
        year=2026,
        layer_version=plan_version,
        class_column="NAMOBJ",
    )
    services.set_mapping(plan, services.suggest_mapping(plan))
    services.activate(plan)
    use_version = polygon_layer(
        users,
        opd,
        "lahan-uji",
        [
            ({"REMARK": "Industri dan Pergudangan"}, rect(CX - 100, CY - 100, CX + 100, CY + 100)),
        ],
    )
    land_use = LandUse.objects.create(
        nama="Penggunaan lahan uji", year=2025, layer_version=use_version, class_column="REMARK"
    )
    services.set_mapping(land_use, services.suggest_mapping(land_use))
    services.activate(land_use)
    return plan, land_use


@pytest.fixture
def lp2b(half_and_half, users, opd):
    """A 100 m x 100 m LP2B square (1.00 ha) inside the KPI zone; its east half
    (0.50 ha) lies under the industrial parcel of the land use."""
    version = polygon_layer(users, opd, "lp2b", [({"JENIS": "LP2B"}, rect(CX - 150, CY - 50, CX - 50, CY + 50))])
    layer = version.layer
    layer.expected = ExpectedLayer.objects.get(kode="dpkp-lp2b")
    layer.save()
    layer_services.publish_version(layer_services.submit_version(version, users["dtrb"]), users["dtrb"])
    return layer


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
    version = rdtr_layer(users, opd)
    plan = Plan(
        nama="RDTR WP-03 uji",
        jenis="RDTR",
        legal_basis="Perbup No. 3 Tahun 2026",
        year=2026,
        wilayah_perencanaan="WP-03",
        layer_version=version,
        class_column="KODSZN",
    )
    for field, column in services.suggest_hierarchy(plan).items():
        setattr(plan, field, column)
    plan.save()
    services.set_mapping(plan, services.suggest_mapping(plan))
    return services.activate(plan)


@pytest.fixture
def rdtr(users, opd, wilayah, reference):
    """The constructed RDTR of WP-03, active."""
    return _build_rdtr(users, opd)


@pytest.fixture
def rdtr_live(transactional_db, wilayah_live):
    """The constructed RDTR, committed, for a test against a live server."""
    users, opd = _committed_setup("perencana-rdtr")
    return _build_rdtr(users, opd)
