"""CQL2 text filters (OGC API - Features Part 3) on /ogc/collections/{id}/items,
against the real boundaries in PostGIS, and ogc.cql2.to_sql on its own.

Expected desa come from SQL on the loaded boundaries, e.g. the 6 desa of
Kecamatan Kelapa Dua:
    SELECT d.kode FROM wilayah_desa d JOIN wilayah_kecamatan k ON k.id = d.kecamatan_id
    WHERE k.kode = '36.03.28' ORDER BY 1;
    -> 36.03.28.1001 Kelapa Dua (502.10 ha), .1002 Bencongan (232.73), .1003 Bencongan Indah (418.15),
       .1004 Pakulonan Barat (337.57), .1005 Bojong Nangka (648.41), .2006 Curug Sangereng (367.16, the one desa;
       the other five are kelurahan)
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from core.collections import Queryable, get_collection
from ogc import conformance, crs
from ogc.cql2 import MAX_LENGTH, CqlError, to_sql
from ogc.cql2.reader import MAX_DEPTH
from tests.factories import grid
from tests.factories.layers import polygon_feature, published_layer

pytestmark = pytest.mark.usefixtures("wilayah")

KELAPA_DUA = [f"36.03.28.{n}" for n in ("1001", "1002", "1003", "1004", "1005", "2006")]
# A point inside desa Kelapa Dua (36.03.28.1001), lon/lat.
POINT = "POINT(106.6065 -6.2362)"


def get(client, text, collection="desa", **params):
    return client.get(
        f"/ogc/collections/{collection}/items",
        {"filter": text, "limit": 1000, **params},
        HTTP_ACCEPT_LANGUAGE="id",
    )


def codes(client, text, **params):
    response = get(client, text, **params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["numberMatched"] == body["numberReturned"]
    return sorted(feature["properties"]["kode"] for feature in body["features"])


def refused(client, text, **params):
    response = get(client, text, **params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["parameter"] == "filter"
    return body["detail"]


# Comparisons, logic, advanced comparison operators


def test_kecamatan_code_gives_its_six_desa(client):
    assert codes(client, "kode_kec = '36.03.28'") == KELAPA_DUA


def test_keywords_are_case_insensitive_and_names_may_be_quoted(client):
    assert codes(client, "\"kode_kec\" = '36.03.28' and not jenis = 'kelurahan'") == ["36.03.28.2006"]


def test_and_binds_tighter_than_or(client):
    # (Kelapa Dua AND desa) OR Balaraja: 2; read as Kelapa Dua AND (desa OR Balaraja) it would be 1.
    text = "kode_kec = '36.03.28' AND jenis = 'desa' OR kode = '36.03.01.1001'"
    assert codes(client, text) == ["36.03.01.1001", "36.03.28.2006"]
    assert codes(client, "kode_kec = '36.03.28' AND (jenis = 'desa' OR kode = '36.03.01.1001')") == ["36.03.28.2006"]


def test_not_applies_to_the_next_predicate_only(client):
    # (NOT kelurahan) AND Kelapa Dua: Curug Sangereng; NOT over both would leave 274 - 5 = 269.
    assert codes(client, "NOT jenis = 'kelurahan' AND kode_kec = '36.03.28'") == ["36.03.28.2006"]
    assert len(codes(client, "NOT (jenis = 'kelurahan' AND kode_kec = '36.03.28')")) == 269


def test_like_with_cql2_wildcards(client):
    assert codes(client, "nama LIKE 'Kelapa%'") == ["36.03.28.1001"]
    assert codes(client, "nama LIKE 'Bencongan%'") == ["36.03.28.1002", "36.03.28.1003"]
    # "_" is one character: 'Bencongan Indah' matches, 'Bencongan' does not.
    assert codes(client, "nama LIKE 'Bencongan_Indah'") == ["36.03.28.1003"]
    assert codes(client, "kode_kec = '36.03.28' AND nama NOT LIKE 'B%'") == [
        "36.03.28.1001",
        "36.03.28.1004",
        "36.03.28.2006",
    ]


def test_in_and_not_in(client):
    # Kecamatan Balaraja (36.03.01) has 9 desa, Kelapa Dua 6.
    assert len(codes(client, "kode_kec IN ('36.03.28', '36.03.01')")) == 15
    text = "kode_kec = '36.03.28' AND kode NOT IN ('36.03.28.1001', '36.03.28.1002')"
    assert codes(client, text) == KELAPA_DUA[2:]


def test_between_on_measured_area(client):
    # 337.57 ha (Pakulonan Barat) and 367.16 ha (Curug Sangereng) lie in 300..400.
    text = "kode_kec = '36.03.28' AND luas_ha BETWEEN 300 AND 400"
    assert codes(client, text) == ["36.03.28.1004", "36.03.28.2006"]
    text = "kode_kec = '36.03.28' AND luas_ha NOT BETWEEN 300 AND 400"
    assert codes(client, text) == ["36.03.28.1001", "36.03.28.1002", "36.03.28.1003", "36.03.28.1005"]
    assert codes(client, "kode_kec = '36.03.28' AND luas_ha > 600") == ["36.03.28.1005"]
    assert codes(client, "kode_kec = '36.03.28' AND luas_ha <= 232.73") == ["36.03.28.1002"]


def test_is_null_and_constants(client):
    assert codes(client, "jenis IS NULL") == []
    assert codes(client, "kode_kec = '36.03.28' AND jenis IS NOT NULL") == KELAPA_DUA
    assert codes(client, "kode_kec = '36.03.28' AND TRUE") == KELAPA_DUA
    assert codes(client, "kode_kec = '36.03.28' AND FALSE") == []


def test_casei(client):
    assert codes(client, "CASEI(nama) = CASEI('KELAPA DUA')") == ["36.03.28.1001"]


def test_property_compared_with_property(client):
    # SELECT count(*) FROM wilayah_desa d JOIN wilayah_kecamatan k ON k.id = d.kecamatan_id
    # WHERE d.nama = k.nama;  -> 25 desa named after their kecamatan
    assert len(codes(client, "nama = nama_kec")) == 25
    assert "36.03.28.1001" in codes(client, "nama = nama_kec")


# Spatial functions


def test_point_in_kelapa_dua(client):
    assert codes(client, f"S_INTERSECTS(geometry, {POINT})") == ["36.03.28.1001"]
    assert codes(client, f"S_CONTAINS(geometry, {POINT})") == ["36.03.28.1001"]
    assert codes(client, f"kode_kec = '36.03.28' AND S_DISJOINT(geometry, {POINT})") == KELAPA_DUA[1:]


def test_epsg_4326_is_latitude_first(client):
    text = "S_INTERSECTS(geometry, POINT(-6.2362 106.6065))"
    assert codes(client, text, **{"filter-crs": "http://www.opengis.net/def/crs/EPSG/0/4326"}) == ["36.03.28.1001"]


def test_polygon_in_utm(client):
    # Squares around the point on surface of Kelapa Dua, in EPSG:32748 metres:
    # SELECT kode FROM wilayah_desa WHERE ST_Intersects(geom, ST_Transform(
    #   ST_MakeEnvelope(cx - h, cy - h, cx + h, cy + h, 32748), 4326));
    # h = 50 m: Kelapa Dua only; h = 1000 m: .1001, .1003, .1004, .2006.
    x0, y0 = grid.CX, grid.CY
    for half, expected in (
        (50, ["36.03.28.1001"]),
        (1000, ["36.03.28.1001", "36.03.28.1003", "36.03.28.1004", "36.03.28.2006"]),
    ):
        ring = ", ".join(
            f"{x} {y}"
            for x, y in (
                (x0 - half, y0 - half),
                (x0 + half, y0 - half),
                (x0 + half, y0 + half),
                (x0 - half, y0 + half),
                (x0 - half, y0 - half),
            )
        )
        assert codes(client, f"S_INTERSECTS(geometry, POLYGON(({ring})))", **{"filter-crs": "EPSG:32748"}) == expected


def test_bbox_literal_and_within(client):
    # SELECT count(*) FROM wilayah_desa WHERE ST_Within(geom, ST_MakeEnvelope(106.58, -6.28, 106.65, -6.20, 4326));
    # -> 7: the 6 of Kelapa Dua and 36.03.22.1004; 16 intersect the box.
    within = codes(client, "S_WITHIN(geometry, BBOX(106.58, -6.28, 106.65, -6.20))")
    assert within == ["36.03.22.1004", *KELAPA_DUA]
    assert len(codes(client, "S_INTERSECTS(geometry, BBOX(106.58, -6.28, 106.65, -6.20))")) == 16


def test_touches_overlaps_equals(client):
    # The first vertex of Kelapa Dua's outer ring, a corner it shares with Pakulonan Barat:
    # SELECT ST_AsText(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1), 17) FROM wilayah_desa
    # WHERE kode = '36.03.28.1001';  -> POINT(106.6263552 -6.2279903), touching .1001 and .1004
    assert codes(client, "S_TOUCHES(geometry, POINT(106.6263552 -6.2279903))") == ["36.03.28.1001", "36.03.28.1004"]
    # Of the 16 desa meeting the box, 7 lie within it, none contains it: 9 overlap it.
    assert len(codes(client, "S_OVERLAPS(geometry, BBOX(106.58, -6.28, 106.65, -6.20))")) == 9
    assert len(codes(client, "S_EQUALS(geometry, geometry)")) == 274


def test_every_geometry_type(client):
    # The points of tests/layers/files.py: Balaraja 36.03.01.1001, Teluknaga 36.03.13.2001.
    assert codes(client, "S_INTERSECTS(geometry, MULTIPOINT((106.6065 -6.2362), (106.456972 -6.192145)))") == [
        "36.03.01.1001",
        "36.03.28.1001",
    ]
    assert codes(client, "S_INTERSECTS(geometry, MULTIPOINT(106.6065 -6.2362, 106.641175 -6.090183))") == [
        "36.03.13.2001",
        "36.03.28.1001",
    ]
    # SELECT count(*) FROM wilayah_desa WHERE ST_Intersects(geom, ST_GeomFromText('LINESTRING(...)', 4326)):
    # Kelapa Dua to Balaraja crosses 15 desa; Teluknaga to Pagedangan 7; none crosses both.
    line = "(106.6065 -6.2362, 106.456972 -6.192145)"
    assert len(codes(client, f"S_INTERSECTS(geometry, LINESTRING{line})")) == 15
    assert (
        len(
            codes(
                client, f"S_INTERSECTS(geometry, MULTILINESTRING({line}, (106.641175 -6.090183, 106.633741 -6.298326)))"
            )
        )
        == 22
    )
    assert len(codes(client, f"S_CROSSES(geometry, LINESTRING{line})")) == 15
    square = "((106.606 -6.2365, 106.607 -6.2365, 106.607 -6.2359, 106.606 -6.2359, 106.606 -6.2365))"
    balaraja = "((106.4569 -6.1922, 106.457 -6.1922, 106.457 -6.1921, 106.4569 -6.1921, 106.4569 -6.1922))"
    assert codes(client, f"S_INTERSECTS(geometry, MULTIPOLYGON({square}, {balaraja}))") == [
        "36.03.01.1001",
        "36.03.28.1001",
    ]
    collection = f"GEOMETRYCOLLECTION({POINT}, POINT(106.456972 -6.192145), POLYGON{square})"
    assert codes(client, f"S_INTERSECTS(geometry, {collection})") == ["36.03.01.1001", "36.03.28.1001"]
    assert codes(client, "S_INTERSECTS(geometry, POINT Z(106.6065 -6.2362 12))") == ["36.03.28.1001"]


# Refusals: 400 naming the parameter and the problem


def test_unknown_property_is_named_with_the_queryables(client):
    detail = refused(client, "kode_kecamatan = '36.03.28'")
    assert detail.startswith("Filter tidak valid di posisi 1: properti 'kode_kecamatan' tidak dikenal")
    assert "kode_kec, nama_kec" in detail and "geometry" in detail


def test_type_errors(client):
    detail = refused(client, "luas_ha = 'besar'")
    assert detail == (
        "Filter tidak valid di posisi 9: properti 'luas_ha' (bilangan) tidak dapat dibandingkan "
        "dengan nilai 'besar' (teks)."
    )
    assert "LIKE memerlukan teks" in refused(client, "luas_ha LIKE '3%'")
    assert "tidak dapat dibandingkan" in refused(client, "kode IN ('36.03.28.1001', 5)")
    assert "benar/salah" in refused(client, "luas_ha > TRUE")
    assert "S_INTERSECTS" in refused(client, f"geometry = {POINT}")
    assert "properti 'nama' (teks) bukan geometri" in refused(client, f"S_INTERSECTS(nama, {POINT})")
    assert "tidak dapat dibandingkan" in refused(client, "nama = DATE('2025-01-31')")


def test_syntax_errors_name_the_position(client):
    assert refused(client, "kode_kec = ") == (
        "Filter tidak dapat dibaca di posisi 12: seharusnya nama properti atau nilai, ditemukan akhir filter."
    )
    assert refused(client, "kode_kec == '36.03.28'").startswith("Filter tidak dapat dibaca di posisi 11: ")
    assert "posisi 8: literal yang dibuka di sini tidak ditutup" in refused(client, "nama = 'Kelapa")
    assert "posisi 23: seharusnya AND, OR, atau akhir filter, ditemukan 'jenis'" in refused(
        client, "kode_kec = '36.03.28' jenis = 'desa'"
    )
    assert "posisi 12: seharusnya ')', ditemukan akhir filter" in refused(client, "(nama = 'x'")
    assert "fungsi 'T_AFTER' tidak dikenal" in refused(client, "T_AFTER(nama, nama)")
    assert "karakter '~' tidak dikenal" in refused(client, "nama ~ 'x'")


def test_hostile_input(client):
    too_deep = "(" * (MAX_DEPTH + 1) + "nama = 'x'" + ")" * (MAX_DEPTH + 1)
    assert f"posisi {MAX_DEPTH + 1}: filter bersarang lebih dari {MAX_DEPTH} tingkat" in refused(client, too_deep)
    assert "posisi 201: filter bersarang" in refused(client, "NOT " * 60 + "nama = 'x'")
    long_text = "nama = '" + "x" * MAX_LENGTH + "'"
    assert refused(client, long_text).startswith("Filter terlalu panjang: 20.009 karakter; paling banyak 20.000")
    # A control character never reaches the filter: webgis.middleware refuses it in any parameter.
    assert get(client, "nama = 'a\x01b'").status_code == 400
    assert "1e999 bukan bilangan berhingga" in refused(client, "luas_ha > 1e999")
    assert "properti 'NaN' tidak dikenal" in refused(client, "luas_ha = NaN")
    assert "terlalu panjang" in refused(client, "luas_ha > " + "9" * 100)
    # Literals are parameters: a quote in the text is a quote in the value.
    assert codes(client, "nama = 'x''; DROP TABLE wilayah_desa; --'") == []


def test_bad_geometries(client):
    assert "geometri tidak valid (Self-intersection" in refused(
        client, "S_INTERSECTS(geometry, POLYGON((106.6 -6.2, 106.7 -6.2, 106.6 -6.3, 106.7 -6.3, 106.6 -6.2)))"
    )
    assert "posisi 32: cincin poligon memerlukan paling sedikit 4 posisi" in refused(
        client, "S_INTERSECTS(geometry, POLYGON((106.6 -6.2, 106.7 -6.2, 106.6 -6.3)))"
    )
    assert "garis memerlukan paling sedikit 2 posisi" in refused(
        client, "S_INTERSECTS(geometry, LINESTRING(106.6 -6.2))"
    )
    assert "di luar rentang bujur dan lintang" in refused(client, "S_INTERSECTS(geometry, POINT(200 -6.2))")
    assert "tidak dapat dikonversi dari http://www.opengis.net/def/crs/EPSG/0/32748" in refused(
        client, "S_INTERSECTS(geometry, POINT(99999999 0))", **{"filter-crs": "EPSG:32748"}
    )
    assert "BBOX: nilai minimum tidak boleh lebih besar" in refused(
        client, "S_INTERSECTS(geometry, BBOX(107, -6, 106, -5))"
    )
    assert "geometri kosong (EMPTY) tidak didukung" in refused(client, "S_INTERSECTS(geometry, POINT EMPTY)")


def test_other_filter_languages_are_refused(client):
    response = get(client, "{}", **{"filter-lang": "cql2-json"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "filter-lang"


def test_conformance_declares_the_filter_classes(client):
    declared = client.get("/ogc/conformance", {"f": "json"}).json()["conformsTo"]
    for uri in conformance.FILTER:
        assert uri in declared
    assert "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus" in declared


# to_sql on its own


def _desa():
    return get_collection(AnonymousUser(), "desa")


def test_to_sql_binds_every_literal():
    desa = _desa()
    sql, params = to_sql("nama = 'x''; DROP TABLE--' OR luas_ha >= 1.5", desa.queryables, crs.DEFAULT)
    assert sql == "((f.nama) = %s) OR ((round(f.luas_ukur_ha::numeric, 2)) >= %s)"
    assert params == ["x'; DROP TABLE--", 1.5]


def test_to_sql_reads_and_before_or():
    desa = _desa()
    sql, _params = to_sql("kode = 'a' OR kode = 'b' AND NOT kode = 'c'", desa.queryables, crs.DEFAULT)
    assert sql == "((f.kode) = %s) OR (((f.kode) = %s) AND (NOT ((f.kode) = %s)))"


def test_to_sql_depth_budget_and_flat_chains():
    desa = _desa()
    nested = "(" * MAX_DEPTH + "kode = 'a'" + ")" * MAX_DEPTH
    assert to_sql(nested, desa.queryables, crs.DEFAULT)[1] == ["a"]
    with pytest.raises(CqlError):
        to_sql("(" + nested + ")", desa.queryables, crs.DEFAULT)
    # 1,000 ORs are a list, not 1,000 levels.
    chain = " OR ".join(f"kode = '{n}'" for n in range(1000))
    assert len(to_sql(chain, desa.queryables, crs.DEFAULT)[1]) == 1000


def test_to_sql_integers_stay_exact():
    desa = _desa()
    _sql, params = to_sql("luas_ha = 9007199254740993", desa.queryables, crs.DEFAULT)
    assert params == [9007199254740993]


# A sectoral layer: attributes typed by the import


@pytest.fixture
def gedung(users, opd):
    """A published Dinkes layer of three 100 m x 100 m buildings on the grid
    around Kelapa Dua (EPSG:32748), with integer, boolean, date and date-time attributes."""
    cx, cy = grid.CX, grid.CY
    rows = (
        (1, True, "2024-03-01", "2024-12-01T09:00:00"),
        (2, False, "2025-01-31", "2025-01-31T16:30:00"),
        (3, True, "2025-06-15", "2025-01-31T08:00:00"),
    )
    features = [
        polygon_feature(
            grid.rect(cx + i * 200, cy, cx + i * 200 + 100, cy + 100),
            nama=f"Gedung {i}",
            lantai=i,
            aktif=aktif,
            dibuka=day,
            diperiksa=moment,
        )
        for i, aktif, day, moment in rows
    ]
    return published_layer(users["dinkes"], opd["dinkes"], "Gedung", features, users["dtrb"], "gedung.geojson")


def names(client, slug, text):
    response = get(client, text, collection=slug)
    assert response.status_code == 200, response.content
    return sorted(feature["properties"]["nama"] for feature in response.json()["features"])


def test_layer_integer_and_date_attributes(client, gedung):
    slug = gedung.slug
    assert names(client, slug, "lantai >= 2") == ["Gedung 2", "Gedung 3"]
    assert names(client, slug, "lantai = 1 OR lantai = 3") == ["Gedung 1", "Gedung 3"]
    assert names(client, slug, "lantai BETWEEN 2 AND 2 AND kode_desa = '36.03.28.1001'") == ["Gedung 2"]
    assert names(client, slug, "dibuka >= DATE('2025-01-31')") == ["Gedung 2", "Gedung 3"]
    assert names(client, slug, "datetime < DATE('2025-01-01')") == ["Gedung 1"]
    detail = refused(client, "lantai = 'dua'", collection=slug)
    assert "properti 'lantai' (bilangan) tidak dapat dibandingkan dengan nilai 'dua' (teks)" in detail


def test_layer_boolean_and_timestamp_attributes(client, gedung):
    slug = gedung.slug
    assert names(client, slug, "aktif = TRUE") == ["Gedung 1", "Gedung 3"]
    assert names(client, slug, "aktif <> TRUE AND lantai > 1") == ["Gedung 2"]
    assert names(client, slug, "diperiksa > TIMESTAMP('2025-01-31T12:00:00Z')") == ["Gedung 2"]
    # 16:00 at +07:00 is 09:00 UTC: only the 16:30 inspection is later.
    assert names(client, slug, "diperiksa > TIMESTAMP('2025-01-31T16:00:00+07:00')") == ["Gedung 2"]
    assert names(client, slug, "diperiksa >= DATE('2025-01-31')") == ["Gedung 2", "Gedung 3"]
    assert "nilai benar/salah tidak berurutan" in refused(client, "aktif < TRUE", collection=slug)
    # The import types both columns date-time; a day without a time is its midnight.
    assert names(client, slug, "dibuka <= TIMESTAMP('2025-01-31T00:00:00Z')") == ["Gedung 1", "Gedung 2"]
    assert "'2025-02-30' bukan DATE yang valid" in refused(client, "dibuka = DATE('2025-02-30')", collection=slug)


def test_to_sql_refuses_control_characters():
    with pytest.raises(CqlError, match="posisi 10: karakter kontrol U\\+0000 tidak diizinkan"):
        to_sql("nama = 'a\x00b'", _desa().queryables, crs.DEFAULT)
    # Format characters (a zero-width space pasted with a name) are text, not control characters.
    assert to_sql("nama = 'a\u200bb'", _desa().queryables, crs.DEFAULT)[1] == ["a\u200bb"]


def test_to_sql_dates_against_a_date_queryable():
    queryables = {"tanggal": Queryable("f.tanggal", "string", format="date"), "nama": Queryable("f.nama")}
    sql, params = to_sql("tanggal >= DATE('2025-01-31')", queryables, crs.DEFAULT)
    assert sql == (
        "(CASE WHEN (f.tanggal) ~ '^[0-9]{4}[-/][0-9]{2}[-/][0-9]{2}' "
        "THEN translate(left((f.tanggal), 10), '/', '-') END) >= %s"
    )
    assert params == ["2025-01-31"]
    with pytest.raises(CqlError, match="properti 'tanggal' \\(teks\\) tidak dapat dibandingkan dengan nilai"):
        to_sql("tanggal = TIMESTAMP('2025-01-31T00:00:00Z')", queryables, crs.DEFAULT)
    with pytest.raises(CqlError, match="properti 'nama' \\(teks\\) tidak dapat dibandingkan"):
        to_sql("nama = DATE('2025-01-31')", queryables, crs.DEFAULT)


def test_to_sql_geometry_in_utm_is_checked_and_bound_as_wkb():
    utm = crs.lookup("EPSG:32748")
    sql, params = to_sql(f"S_INTERSECTS(geometry, POINT({grid.CX} {grid.CY}))", {}, utm)
    assert sql == "ST_Intersects(f.geom, ST_GeomFromWKB(%s, 4326))"
    assert len(params) == 1 and isinstance(params[0], bytes)


@pytest.mark.parametrize(
    "text, crs_uri",
    [
        ("S_INTERSECTS(geometry, POLYGON((0 0, 1e308 0, 1e308 1e308, 0 0)))", None),
        ("S_INTERSECTS(geometry, POLYGON((0 0, 1e300 0, 1e300 1e300, 0 0)))", "EPSG:32748"),
        ("S_INTERSECTS(geometry, POINT(1e308 -1e308))", "EPSG:23834"),
        ("S_INTERSECTS(geometry, POINT(1 2 3 4))", None),
        ("S_INTERSECTS(geometry, " + "GEOMETRYCOLLECTION(" * 60 + "POINT(1 1)" + ")" * 61, None),
        ("S_INTERSECTS(geometry, BBOX(1, 2, 3))", None),
        ("nama IN ()", None),
        ("nama LIKE nama_kec", None),
        ("luas_ha = -", None),
        ("nama = 'x' AND", None),
        ("((nama = 'x')", None),
        ("nama = 'x')", None),
        ("nama = 1 + 1", None),
        ("DATE('99999-01-01') = DATE('2025-01-01')", None),
        ("TIMESTAMP('2025-01-01T25:00:00Z') = TIMESTAMP('2025-01-01T00:00:00Z')", None),
        ("INTERVAL('2025-01-01', '2025-12-31') = nama", None),
        ("A_CONTAINS(nama, ('a'))", None),
        ("\U0001f600 = 1", None),
    ],
)
def test_hostile_filters_answer_400(client, text, crs_uri):
    params = {"filter-crs": crs_uri} if crs_uri else {}
    assert refused(client, text, **params).startswith("Filter ")


def test_like_pattern_is_a_literal(client):
    assert "pola LIKE berupa teks dalam tanda kutip" in refused(client, "nama LIKE nama_kec")
    # A quote in a pattern: '' and \' both stand for it.
    assert codes(client, "nama LIKE '%''%' OR nama LIKE '%\\'%'") == []
