"""The loader on the real boundaries of Kabupaten Tangerang (real PostGIS)."""

import io
import json

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection

from wilayah.managers import BOUNDS_CACHE_KEY
from wilayah.models import Desa, Kabupaten, Kecamatan
from wilayah.services import load_wilayah

pytestmark = pytest.mark.django_db


def test_counts(wilayah):
    assert Kabupaten.objects.count() == 1
    assert Kecamatan.objects.count() == 29
    assert Desa.objects.count() == 274
    assert Desa.objects.filter(jenis="desa").count() == 246
    assert Desa.objects.filter(jenis="kelurahan").count() == 28


def test_kecamatan_names_and_official_areas(wilayah):
    # Tabel 1.1 of the master plan; codes follow Kepmendagri.
    kelapa_dua = Kecamatan.objects.get(kode="36.03.28")
    assert kelapa_dua.nama == "Kelapa Dua"
    assert kelapa_dua.luas_resmi_km2 == 24.38
    assert kelapa_dua.desa.count() == 6
    assert Kecamatan.objects.get(kode="36.03.33").nama == "Mekar Baru"
    assert Kabupaten.objects.get().luas_resmi_km2 == 959.61


def test_every_desa_inside_its_kecamatan(wilayah):
    with connection.cursor() as cursor:
        # ST_Union moves vertices by floating-point noise, so "inside" means: no
        # part of the desa larger than 0.01 m² lies outside its kecamatan.
        cursor.execute(
            "SELECT d.kode FROM wilayah_desa d JOIN wilayah_kecamatan k ON k.id = d.kecamatan_id "
            "WHERE ST_Area(ST_Transform(ST_Difference(d.geom, k.geom), 32748)) > 0.01 "
            "OR NOT ST_Within(ST_PointOnSurface(d.geom), k.geom)"
        )
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT count(*) FROM wilayah_desa WHERE substr(kode, 1, 8) <> "
            "(SELECT kode FROM wilayah_kecamatan k WHERE k.id = kecamatan_id)"
        )
        assert cursor.fetchone()[0] == 0


def test_every_square_metre_is_in_one_desa(wilayah):
    """kabupaten = sum of kecamatan = sum of desa, each kecamatan = sum of its desa."""
    desa_sum = sum(Desa.objects.values_list("luas_ukur_ha", flat=True))
    kabupaten = Kabupaten.objects.get().luas_ukur_ha
    kecamatan_sum = sum(Kecamatan.objects.values_list("luas_ukur_ha", flat=True))
    # Within 0.01 ha of 102,762.9 ha: what a union moves by floating-point noise.
    assert kabupaten == pytest.approx(desa_sum, abs=0.01)
    assert kecamatan_sum == pytest.approx(desa_sum, abs=0.01)
    for kecamatan in Kecamatan.objects.all():
        own = sum(kecamatan.desa.values_list("luas_ukur_ha", flat=True))
        assert kecamatan.luas_ukur_ha == pytest.approx(own, abs=0.01), kecamatan.nama
    # The source file's own luas_km2 totals 1,027.68 km², its overlaps (47.89 ha) counted
    # twice and its gaps (42.61 ha) not at all: 1,027.68 - 0.4789 + 0.4261 = 1,027.63.
    assert desa_sum / 100 == pytest.approx(1027.63, abs=0.01)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(ST_Area(ST_Transform(ST_Intersection(a.geom, b.geom), 32748))), 0) "
            "FROM wilayah_desa a JOIN wilayah_desa b ON a.id < b.id AND a.geom && b.geom "
            "AND ST_Relate(a.geom, b.geom, '2********')"
        )
        overlap_m2 = cursor.fetchone()[0]
    # The source's 48 ha of overlaps are gone; what is left is the 1 cm grid the coverage is
    # built on (wilayah.services.COVERAGE_GRID_DEGREES): 123 m² in all, along some 400 shared
    # boundaries, a millionth of a desa's area.
    assert overlap_m2 < 200


def test_the_load_reports_the_overlaps_and_gaps_it_resolved(wilayah):
    out = io.StringIO()
    call_command("load_wilayah", stdout=out)
    # Measured on the source file (README of ../shared/data/wilayah: "about 48 ha").
    assert "525 overlaps (47.89 ha) each left to the larger desa" in out.getvalue()
    assert "1161 gaps (42.61 ha) each given to the desa sharing the longest boundary" in out.getvalue()


def _square(x0, y0, x1, y1):
    """A rectangle near Balaraja in lon/lat, offsets in degrees from (106.40 E, 6.20 S)."""
    ring = [(106.40 + x, -6.20 + y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))]
    return {"type": "Polygon", "coordinates": [ring]}


def _load_constructed(tmp_path, shapes):
    features = [
        {"type": "Feature", "properties": {"kode": f"36.03.01.200{n}", "nama": name}, "geometry": geometry}
        for n, (name, geometry) in enumerate(shapes.items(), start=1)
    ]
    path = tmp_path / "desa.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return load_wilayah(desa_path=str(path))


def _area_m2(geometry):
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Area(ST_Transform(ST_GeomFromGeoJSON(%s), 32748))", [json.dumps(geometry)])
        return cursor.fetchone()[0]


def test_an_overlap_stays_with_the_larger_desa(wilayah, tmp_path):
    # A is 0.010 x 0.010 degrees, B 0.006 x 0.010 and overlaps A by a 0.002-degree strip.
    result = _load_constructed(tmp_path, {"A": _square(0, 0, 0.010, 0.010), "B": _square(0.008, 0, 0.014, 0.010)})
    a, b = Desa.objects.get(nama="A"), Desa.objects.get(nama="B")
    assert a.luas_ukur_ha * 10_000 == pytest.approx(_area_m2(_square(0, 0, 0.010, 0.010)), rel=1e-6)
    assert b.luas_ukur_ha * 10_000 == pytest.approx(_area_m2(_square(0.010, 0, 0.014, 0.010)), rel=1e-6)
    [move] = result.moves
    assert (move.kind, move.kode, move.to_kode) == ("overlap", b.kode, a.kode)
    assert move.m2 == pytest.approx(_area_m2(_square(0.008, 0, 0.010, 0.010)), rel=1e-6)


def test_a_gap_goes_to_the_desa_sharing_the_longest_boundary(wilayah, tmp_path):
    # A 0.00005-degree strip (5.5 m x 1.1 km, 0.61 ha) enclosed by A (along 0.010 degrees),
    # D (0.006), G (0.004) and the bands E and F (0.00005 each): it goes to A.
    shapes = {
        "A": _square(0, 0, 0.010, 0.010),
        "D": _square(0.01005, 0, 0.020, 0.006),
        "G": _square(0.01005, 0.006, 0.020, 0.010),
        "E": _square(0, 0.010, 0.020, 0.012),
        "F": _square(0, -0.002, 0.020, 0),
    }
    result = _load_constructed(tmp_path, shapes)
    strip = _area_m2(_square(0.010, 0, 0.01005, 0.010))
    [move] = result.moves
    assert (move.kind, move.kode, move.to_kode) == ("gap", None, Desa.objects.get(nama="A").kode)
    assert move.m2 == pytest.approx(strip, rel=1e-4) and 0.5 < strip / 10_000 < 0.7
    a = Desa.objects.get(nama="A")
    assert a.luas_ukur_ha * 10_000 == pytest.approx(_area_m2(shapes["A"]) + strip, rel=1e-6)
    assert Kabupaten.objects.get().luas_ukur_ha == pytest.approx(
        sum(Desa.objects.values_list("luas_ukur_ha", flat=True)), abs=1e-4
    )


def test_areas_are_measured_in_utm_48s(wilayah):
    desa = Desa.objects.get(kode="36.03.01.1001")  # Balaraja, luas_km2 2.061 in the source file
    assert desa.luas_ukur_km2 == pytest.approx(2.061, abs=0.001)
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Area(geom::geography) / 10000 FROM wilayah_desa WHERE kode = %s", [desa.kode])
        geodesic_ha = cursor.fetchone()[0]
    # UTM 48S scale error near 106.5 E is ~0.1%; the two must agree closely.
    assert desa.luas_ukur_ha == pytest.approx(geodesic_ha, rel=0.003)


def test_dissolve_fills_slivers_and_is_valid(wilayah):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_IsValid(geom), ST_NumGeometries(geom), "
            "(SELECT sum(ST_NumInteriorRings(g.geom)) FROM ST_Dump(geom) g) FROM wilayah_kabupaten"
        )
        valid, parts, holes = cursor.fetchone()
    assert valid and holes == 0
    assert parts == 2  # the mainland and one island


def test_reload_is_idempotent_and_keeps_ids(wilayah):
    ids = dict(Desa.objects.values_list("kode", "id"))
    call_command("load_wilayah", stdout=open("/dev/null", "w"))
    assert dict(Desa.objects.values_list("kode", "id")) == ids
    assert Kecamatan.objects.count() == 29


def test_a_reload_forgets_the_cached_map_bounds(wilayah, django_capture_on_commit_callbacks):
    """The maps' first view (WebSIG.config.bounds) follows the boundaries loaded last."""
    cache.set(BOUNDS_CACHE_KEY, [[-1.0, 2.0], [-0.5, 2.5]])
    assert Kabupaten.objects.map_bounds() == [[-1.0, 2.0], [-0.5, 2.5]]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_wilayah", stdout=open("/dev/null", "w"))
    assert cache.get(BOUNDS_CACHE_KEY) is None
    # ST_Extent of the real kabupaten (106.3-106.7 E, 6.0-6.4 S), rounded outwards to 0.01 degree.
    assert Kabupaten.objects.map_bounds() == [[-6.37, 106.33], [-6.0, 106.73]]
    cache.delete(BOUNDS_CACHE_KEY)


def test_refuses_features_without_kode(tmp_path, wilayah):
    bad = tmp_path / "desa.geojson"
    feature = {
        "type": "Feature",
        "properties": {"nama": "Tanpa Kode"},
        "geometry": {"type": "Point", "coordinates": [106.5, -6.2]},
    }
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.raises(CommandError, match="kode"):
        call_command("load_wilayah", desa=str(bad))
    assert Desa.objects.count() == 274  # nothing changed


def test_refuses_a_file_that_is_not_geojson(tmp_path, wilayah):
    bad = tmp_path / "desa.geojson"
    bad.write_text("not json")
    with pytest.raises(CommandError):
        call_command("load_wilayah", desa=str(bad))
    assert Desa.objects.count() == 274
