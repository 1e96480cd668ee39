"""The attribute table API (/api/layers/<slug>/tabel/): counts, sort order,
filters, keyset pages, CSV and who sees which version, on a constructed layer
whose answers can be worked out by hand.

The layer "Taman" holds 12 points, i = 0..11, at the four known points
(files.KNOWN_POINTS[i % 4]: Balaraja, Teluknaga, Pagedangan, Kelapa Dua),
each with nama "Taman {i:02d}", luas = 1250.5 * i (None for i = 5),
jumlah = 12 - i and jenis "aktif" when i % 3 == 0, else "pasif".
"""

import codecs
import csv
import io

import pytest

from layers import attribute_table
from tests.factories.layers import imported_version, publish

from . import files

pytestmark = pytest.mark.django_db

URL = "/api/layers/taman/tabel/"
BALARAJA_KEC, KELAPA_DUA_DESA = "36.03.01", "36.03.28.1001"


def taman_features(count=12):
    features = []
    for i in range(count):
        lon, lat, _kode, _nama = files.KNOWN_POINTS[i % 4]
        # A few metres apart (2e-5 degrees), well inside each known desa.
        features.append(
            files.point_feature(
                lon + 2e-5 * i,
                lat,
                nama=f"Taman {i:02d}",
                luas=None if i == 5 else 1250.5 * i,
                jumlah=12 - i,
                jenis="aktif" if i % 3 == 0 else "pasif",
            )
        )
    return features


@pytest.fixture
def taman(users, opd, wilayah):
    """Version 1 (12 features) published; version 2 (2 features) a draft of Dinkes."""
    version = imported_version(users["dinkes"], opd["dinkes"], "Taman", taman_features(), "taman.geojson")
    publish(version, users["dinkes"], users["dtrb"])
    draft = imported_version(
        users["dinkes"], opd["dinkes"], "Taman", taman_features(2), "taman-2.geojson", target_layer=version.layer
    )
    return version, draft


def names(body):
    return [row["attrs"]["nama"] for row in body["rows"]]


def test_default_page_is_by_id_with_the_count_and_the_columns(taman, client_for):
    body = client_for().get(URL).json()
    assert body["version"] == 1 and body["numberMatched"] == 12 and body["matchedExact"] is True
    assert [c["name"] for c in body["columns"]] == ["nama", "luas", "jumlah", "jenis"]
    assert {c["name"]: c["type"] for c in body["columns"]}["luas"] == "number"
    assert {c["name"]: c["type"] for c in body["columns"]}["jumlah"] == "integer"
    # Rows in file order = id order.
    assert names(body) == [f"Taman {i:02d}" for i in range(12)]
    ids = [row["id"] for row in body["rows"]]
    assert ids == sorted(ids)
    first = body["rows"][0]
    assert first["kecamatan"] == BALARAJA_KEC and first["kecamatan_nama"] == "Balaraja"
    assert first["desa"] == files.BALARAJA[2]
    # A point's box is the point itself (lon/lat).
    assert first["bbox"][0] == pytest.approx(files.BALARAJA[0]) and first["bbox"][1] == pytest.approx(files.BALARAJA[1])
    assert body["next"] is None


def test_keyset_pages_follow_the_next_link(taman, client_for):
    client = client_for()
    first = client.get(URL, {"limit": 5}).json()
    assert names(first) == [f"Taman {i:02d}" for i in range(5)]
    assert f"after={first['rows'][-1]['id']}" in first["next"]
    second = client.get(first["next"]).json()
    assert names(second) == [f"Taman {i:02d}" for i in range(5, 10)]
    third = client.get(second["next"]).json()
    assert names(third) == ["Taman 10", "Taman 11"] and third["next"] is None
    backwards = client.get(URL, {"limit": 3, "sort": "-_id"}).json()
    assert names(backwards) == ["Taman 11", "Taman 10", "Taman 09"]
    assert names(client.get(backwards["next"]).json()) == ["Taman 08", "Taman 07", "Taman 06"]


def test_sorting_by_a_number_column_puts_empty_cells_last(taman, client_for):
    client = client_for()
    # luas = 1250.5 * i rises with i; i = 5 has none and comes last either way.
    up = client.get(URL, {"sort": "luas"}).json()
    assert names(up) == [f"Taman {i:02d}" for i in (0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 5)]
    down = client.get(URL, {"sort": "-luas"}).json()
    assert names(down) == [f"Taman {i:02d}" for i in (11, 10, 9, 8, 7, 6, 4, 3, 2, 1, 0, 5)]
    # jumlah = 12 - i: ascending jumlah is descending i; paged by offset.
    page = client.get(URL, {"sort": "jumlah", "limit": 4}).json()
    assert names(page) == ["Taman 11", "Taman 10", "Taman 09", "Taman 08"]
    assert "offset=4" in page["next"]
    assert names(client.get(page["next"]).json()) == ["Taman 07", "Taman 06", "Taman 05", "Taman 04"]
    # Text sorts as text: "aktif" (i = 0, 3, 6, 9) before "pasif", ties by id.
    assert names(client.get(URL, {"sort": "jenis", "limit": 5}).json()) == [
        "Taman 00",
        "Taman 03",
        "Taman 06",
        "Taman 09",
        "Taman 01",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # "taman 1" (any case) is in "Taman 10" and "Taman 11" only.
        ({"filter": "nama:contains:taman 1"}, [10, 11]),
        # A LIKE wildcard is a plain character: no nama holds "%".
        ({"filter": "nama:contains:%"}, []),
        # 5000 <= 1250.5 * i <= 10000: i = 4 (5002), 6 (7503), 7 (8753.5); 8 gives 10004.
        ({"filter": ["luas:gte:5000", "luas:lte:10000"]}, [4, 6, 7]),
        ({"filter": "jumlah:eq:12"}, [0]),
        ({"filter": "jenis:eq:aktif"}, [0, 3, 6, 9]),
        # Balaraja is KNOWN_POINTS[0]: i % 4 == 0.
        ({"kecamatan": BALARAJA_KEC}, [0, 4, 8]),
        ({"desa": KELAPA_DUA_DESA}, [3, 7, 11]),
        # {0, 4, 8} and {0, 3, 6, 9}.
        ({"kecamatan": BALARAJA_KEC, "filter": "jenis:eq:aktif"}, [0]),
    ],
)
def test_filters_narrow_the_rows_and_the_count(taman, client_for, query, expected):
    body = client_for().get(URL, query).json()
    assert names(body) == [f"Taman {i:02d}" for i in expected]
    assert body["numberMatched"] == len(expected) and body["matchedExact"] is True


def test_counts_are_capped_and_a_column_sort_has_a_limit(taman, client_for, monkeypatch):
    monkeypatch.setattr(attribute_table, "COUNT_LIMIT", 5)
    monkeypatch.setattr(attribute_table, "SORT_LIMIT", 5)
    client = client_for()
    # 8 "pasif" rows (12 - 4), more than the cap of 5: counted up to the cap when they need more than one page.
    capped = client.get(URL, {"filter": "jenis:eq:pasif", "limit": 3}).json()
    assert capped["numberMatched"] == 5 and capped["matchedExact"] is False and len(capped["rows"]) == 3
    # All 8 on one page: the page is the count.
    whole = client.get(URL, {"filter": "jenis:eq:pasif"}).json()
    assert whole["numberMatched"] == 8 and whole["matchedExact"] is True and len(whole["rows"]) == 8
    refused = client.get(URL, {"sort": "luas"})
    assert refused.status_code == 400 and refused.json()["parameter"] == "sort"
    assert "paling banyak 5 baris" in refused.json()["detail"]
    # Three rows in Balaraja: sortable.
    sorted_rows = client.get(URL, {"sort": "-luas", "kecamatan": BALARAJA_KEC}).json()
    assert names(sorted_rows) == ["Taman 08", "Taman 04", "Taman 00"]


@pytest.mark.parametrize(
    ("query", "parameter", "words"),
    [
        ({"sort": "tidak_ada"}, "sort", "tidak ada kolom 'tidak_ada'"),
        ({"sort": "-"}, "sort", "tidak ada kolom"),
        ({"filter": "nama"}, "filter", "ditulis kolom:operator:nilai"),
        ({"filter": "nama:like:x"}, "filter", "ditulis kolom:operator:nilai"),
        ({"filter": "warna:eq:merah"}, "filter", "tidak ada kolom 'warna'"),
        ({"filter": "nama:gte:3"}, "filter", "berisi teks"),
        ({"filter": "luas:gte:1.234,5"}, "filter", "bukan angka"),
        ({"filter": "luas:lte:nan"}, "filter", "bukan angka"),
        ({"filter": ["jenis:eq:a"] * 11}, "filter", "paling banyak 10"),
        ({"limit": "0"}, "limit", "limit"),
        ({"limit": "501"}, "limit", "limit"),
        ({"after": "3", "sort": "luas"}, "after", "_id"),
        ({"after": "3", "offset": "2"}, "after", "offset"),
        ({"decimal": "desimal"}, "decimal", "titik atau koma"),
        ({"export": "xlsx"}, "export", "csv"),
    ],
)
def test_bad_parameters_are_a_400_naming_them_in_indonesian(taman, client_for, query, parameter, words):
    response = client_for().get(URL, query)
    assert response.status_code == 400, response.content
    assert response.json()["parameter"] == parameter
    assert words in response.json()["detail"]


def read_csv(response, delimiter=","):
    data = b"".join(response.streaming_content)
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(data[len(codecs.BOM_UTF8) :].decode("utf-8")), delimiter=delimiter))


def test_csv_holds_every_row_of_the_filter_with_a_bom(taman, client_for):
    response = client_for().get(URL, {"kecamatan": BALARAJA_KEC, "sort": "-luas", "export": "csv", "limit": 1})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="tabel-taman-v1.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["id_fitur", "nama", "luas", "jumlah", "jenis", "kode_kec", "kecamatan", "kode_desa", "desa"]
    # Every matching row (limit is for pages), in the table's order: i = 8, 4, 0
    # with luas 1250.5 * i = 10004.0, 5002.0, 0.0, jumlah 12 - i, "aktif" for i % 3 == 0.
    assert [row[1:5] for row in rows[1:]] == [
        ["Taman 08", "10004.0", "4", "pasif"],
        ["Taman 04", "5002.0", "8", "pasif"],
        ["Taman 00", "0.0", "12", "aktif"],
    ]
    assert rows[1][5:] == [BALARAJA_KEC, "Balaraja", files.BALARAJA[2], "Balaraja"]


def test_csv_with_a_decimal_comma_for_indonesian_excel(taman, client_for):
    response = client_for().get(URL, {"filter": "luas:gte:8000", "export": "csv", "decimal": "koma"})
    rows = read_csv(response, delimiter=";")
    # 1250.5 * i >= 8000 for i = 7..11: 8753.5, 10004, 11254.5, 12505, 13755.5.
    assert [row[2] for row in rows[1:]] == ["8753,5", "10004,0", "11254,5", "12505,0", "13755,5"]


def test_csv_cells_cannot_run_as_formulas(users, opd, wilayah, client_for):
    points = [files.point_feature(*files.BALARAJA[:2], nama='=HYPERLINK("http://x")', nilai=-12.5)]
    version = imported_version(users["dinkes"], opd["dinkes"], "Taman", points, "taman.geojson")
    publish(version, users["dinkes"], users["dtrb"])
    rows = read_csv(client_for().get(URL, {"export": "csv"}))
    assert rows[1][1:3] == ['\'=HYPERLINK("http://x")', "-12.5"]


@pytest.mark.parametrize(
    ("role", "published", "draft"),
    [
        # (role, status of ?version=1, status of ?version=2): the draft is its OPD's and the reviewers'.
        (None, 200, 404),
        ("bpbd", 200, 404),
        ("dinkes", 200, 200),
        ("dtrb", 200, 200),
    ],
)
def test_who_sees_which_version(taman, client_for, role, published, draft):
    client = client_for(role)
    assert client.get(URL, {"version": 1}).status_code == published
    answer = client.get(URL, {"version": 2})
    assert answer.status_code == draft
    if draft == 200:
        assert answer.json()["numberMatched"] == 2 and names(answer.json()) == ["Taman 00", "Taman 01"]
    # Without ?version everyone sees the published version 1.
    assert client.get(URL).json()["numberMatched"] == 12


def test_an_unpublished_layer_is_hidden_from_the_public(users, opd, wilayah, client_for):
    imported_version(users["dinkes"], opd["dinkes"], "Taman", taman_features(3), "taman.geojson")
    assert client_for().get(URL).status_code == 404
    assert client_for("bpbd").get(URL).status_code == 404
    # Its OPD and the reviewers see the draft (the latest version).
    assert client_for("dinkes").get(URL).json()["numberMatched"] == 3
    assert client_for("dtrb").get(URL).json()["numberMatched"] == 3
