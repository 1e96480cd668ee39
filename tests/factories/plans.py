"""Plans (RTRW pola ruang, RDTR zones) and land use, each made from an imported
layer, mapped to the classification by its own suggestion (value = class code
or name) and activated, as a planner does through the API. Load the reference
tables first (the ``reference`` fixture of tests/tataruang)."""

from layers.models import ExpectedLayer
from tataruang import services
from tataruang.models import LandUse, Plan

from .grid import CX, CY, rect
from .layers import imported_version, polygon_feature
from .layers import publish as publish_version

# The plan most tests use: an RTRW of 2026.
RTRW_FIELDS = {"nama": "RTRW uji", "jenis": "RTRW", "legal_basis": "Perda No. 1 Tahun 2026", "year": 2026}


def tata_ruang_layer(user, opd, title, features, expected=None, publish=False):
    """A layer of theme tata_ruang imported from GeoJSON ``features``; with
    ``expected`` (a catalogue code) it fills that catalogue entry; published by
    ``user`` (a DTRB planner) if asked."""
    version = imported_version(user, opd, title, features, theme="tata_ruang")
    if expected:
        version.layer.expected = ExpectedLayer.objects.get(kode=expected)
        version.layer.save()
    if publish:
        publish_version(version, user)
    return version


def polygon_layer(users, opd, title, polygons, expected=None, publish=False):
    """A DTRB polygon layer of (properties, rings) pairs, rings e.g. from ``grid.rect``."""
    features = [polygon_feature(rings, **props) for props, rings in polygons]
    return tata_ruang_layer(users["dtrb"], opd["dtrb"], title, features, expected=expected, publish=publish)


def make_plan(version, class_column, *, activate=True, hierarchy=False, **fields):
    """A plan of ``version`` classified by ``class_column``: ``fields`` over
    RTRW_FIELDS; ``hierarchy`` takes the suggested WP/SWP/blok columns (RDTR);
    its mapping suggested; activated (zones materialised) unless asked not to."""
    plan = Plan(**{**RTRW_FIELDS, **fields}, layer_version=version, class_column=class_column)
    if hierarchy:
        for field, column in services.suggest_hierarchy(plan).items():
            setattr(plan, field, column)
    plan.save()
    services.set_mapping(plan, services.suggest_mapping(plan))
    return services.activate(plan) if activate else plan


def plan_of_zones(users, opd, title, zones, class_column, **options):
    """``make_plan`` on a DTRB polygon layer ``title`` of (properties, rings) ``zones``."""
    return make_plan(polygon_layer(users, opd, title, zones), class_column, **options)


def make_land_use(version, class_column="REMARK", nama="Penggunaan lahan uji", year=2025):
    """The land use of ``year`` in ``version``, mapped by its suggestion and activated."""
    land_use = LandUse.objects.create(nama=nama, year=year, layer_version=version, class_column=class_column)
    services.set_mapping(land_use, services.suggest_mapping(land_use))
    return services.activate(land_use)


def land_use_of_parcels(users, opd, title, parcels, **fields):
    """``make_land_use`` on a DTRB polygon layer ``title`` of (properties, rings) ``parcels``."""
    return make_land_use(polygon_layer(users, opd, title, parcels), **fields)


def half_and_half_plan(users, opd, name="uji"):
    """(plan, land use) around the grid centre: a 1 km square plan whose west
    half is an industrial (KPI) zone and east half a sempadan (PS) zone, and one
    200 m industrial parcel across the middle, so half of it is in a zone that
    allows it. Layer titles rtrw-<name> and lahan-<name>."""
    plan = plan_of_zones(
        users,
        opd,
        f"rtrw-{name}",
        [
            ({"NAMOBJ": "Kawasan Peruntukan Industri"}, rect(CX - 500, CY - 500, CX, CY + 500)),
            ({"NAMOBJ": "Kawasan Perlindungan Setempat"}, rect(CX, CY - 500, CX + 500, CY + 500)),
        ],
        "NAMOBJ",
    )
    land_use = land_use_of_parcels(
        users,
        opd,
        f"lahan-{name}",
        [({"REMARK": "Industri dan Pergudangan"}, rect(CX - 100, CY - 100, CX + 100, CY + 100))],
    )
    return plan, land_use
