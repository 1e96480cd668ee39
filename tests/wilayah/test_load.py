"""The loader on the real boundaries of Kabupaten Tangerang (real PostGIS)."""

import json

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection

from wilayah.managers import BOUNDS_CACHE_KEY
from wilayah.models import Desa, Kabupaten, Kecamatan

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


def test_dissolved_areas_match_sum_of_desa(wilayah):
    desa_sum = sum(Desa.objects.values_list("luas_ukur_ha", flat=True))
    kabupaten = Kabupaten.objects.get().luas_ukur_ha
    kecamatan_sum = sum(Kecamatan.objects.values_list("luas_ukur_ha", flat=True))
    assert abs(kabupaten - desa_sum) / desa_sum < 0.001
    assert abs(kecamatan_sum - desa_sum) / desa_sum < 0.001
    # The source file's own luas_km2 (measured in UTM 48S) totals 1,027.68 km².
    assert desa_sum / 100 == pytest.approx(1027.68, abs=0.05)


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
