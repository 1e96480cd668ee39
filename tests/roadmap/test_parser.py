"""The BAB V parser against the seed text (no database)."""

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from roadmap import parser
from roadmap.management.commands.parse_peta_jalan import DEFAULT_SEED
from roadmap.services import DEFAULT_CSV, Target


@pytest.fixture(scope="module")
def rows():
    return parser.parse_roadmap(Path(DEFAULT_SEED).read_text(encoding="utf-8"))


def by_code(rows, kode):
    return [r for r in rows if r.kode == kode]


def test_programme_counts_per_dimension(rows):
    programmes = {(r.dimensi, r.kode) for r in rows}
    counts = Counter(d for d, _k in programmes)
    assert counts == {"governance": 39, "branding": 18, "economy": 22, "living": 14, "society": 27, "environment": 14}
    assert len(programmes) == 134  # 39 + 18 + 22 + 14 + 27 + 14
    for dimensi in counts:
        numbers = sorted({r.nomor for r in rows if r.dimensi == dimensi})
        assert numbers == list(range(1, counts[dimensi] + 1))


def test_committed_csv_is_the_parser_output(rows, tmp_path):
    out = tmp_path / "peta_jalan.csv"
    parser.write_csv(rows, out)
    assert out.read_text(encoding="utf-8") == Path(DEFAULT_CSV).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "kode, urutan, expected",
    [
        # seed line 2110: "G.1. ...\t1\tProgram Pendaftaran Kependudukan\tCakupan perekaman KTP-el\tPersen\t99,45%..."
        (
            "G-1",
            1,
            {
                "indikator": "Cakupan perekaman KTP-el",
                "baseline_2024": "99,45%",
                "target_2025": "99,47%",
                "target_2025_nilai": "99.47",
                "target_2026": "99,49%",
                "opd": "DISDUKCAPIL",
                "strategi_kode": "G.1",
            },
        ),
        (
            "G-39",
            1,
            {
                "baseline_2024": ">50%",
                "target_2025": ">50%",
                "pembanding_2025": ">",
                "target_2026": "100%",
                "pembanding_2026": ">=",
                "opd": "Bappeda, Diskominfo, BPS",
                "strategi_kode": "G.3",
            },
        ),
        (
            "G-13",
            1,
            {
                "program_nama": "Pengembangan Dashboard Satu Data Tangerang",
                "target_2026": "√",
                "target_2026_nilai": "",
                "pembanding_2026": "",
            },
        ),
        ("B-8", 1, {"target_2025": ">50%", "target_2026": "1", "target_2026_nilai": "1", "strategi_kode": "B.2"}),
        (
            "B-18",
            1,
            {"indikator": "Jumlah Desa Mandiri", "target_2026": "18,29%", "target_2026_nilai": "18.29", "opd": "DPMPD"},
        ),
        ("Ec-6", 1, {"target_2025": "96.9%", "target_2025_nilai": "96.9"}),
        ("Ec-19", 1, {"satuan": "Angka", "baseline_2024": "90,5", "target_2026": "91,5", "target_2026_nilai": "91.5"}),
        (
            "L-3",
            1,
            {
                "indikator": "Persentase Pelaksanaan Sinkronisasi RDTR di Kabupaten Tangerang",
                "baseline_2024": "0,2143",
                "target_2025_nilai": "0.2857",
                "target_2026_nilai": "0.4286",
            },
        ),
        (
            "L-5",
            1,
            {
                "baseline_2024": ">75%",
                "target_2025": ">80%",
                "target_2025_nilai": "80",
                "pembanding_2025": ">",
                "target_2026": ">100%",
                "opd": "DTRB,Bappeda",
            },
        ),
        ("L-11", 1, {"strategi_kode": "L.3", "target_2026": "38", "opd": "DISHUB"}),
        ("S-13", 1, {"target_2025": "10.000", "target_2025_nilai": "10000"}),  # a thousands dot
        ("S-25", 1, {"satuan": "v", "target_2025": "", "strategi_kode": "S.3"}),  # the seed leaves out the unit
        ("En-4", 1, {"satuan": "Nilai", "target_2025": "58,5/72", "target_2025_nilai": "", "pembanding_2025": ""}),
        ("En-1", 1, {"baseline_2024": "Verifikasi KLHK", "target_2025": "", "target_2026": "Perda RPPLH"}),
        ("En-14", 1, {"target_2026": ">100", "target_2026_nilai": "100", "pembanding_2026": ">", "opd": "Dishub"}),
    ],
)
def test_spot_values_against_the_seed(rows, kode, urutan, expected):
    row = next(r for r in rows if r.kode == kode and r.urutan == urutan)
    assert {k: getattr(row, k) for k in expected} == expected


def test_activity_rows_without_number_belong_to_the_programme(rows):
    # G-4 has four indicator rows: its own, two named activities and one more indicator (seed lines 2119-2122).
    g4 = by_code(rows, "G-4")
    assert [r.urutan for r in g4] == [1, 2, 3, 4]
    assert g4[1].kegiatan == "Pengelolaan e-government di lingkup Pemerintah Daerah Kabupaten/Kota"
    assert g4[3].kegiatan == "" and g4[3].opd == "DPMPTSP"


def test_page_break_joins(rows):
    # S-27's name continues after the page break ("... Penanganan Gawat" / "Darurat Terpadu (SPGDT)")
    # and the row after the break is its second indicator, not a new programme.
    s27 = by_code(rows, "S-27")
    assert [r.program_nama for r in s27] == [
        "Penyediaan dan pengelolaan Sistem Penanganan Gawat Darurat Terpadu (SPGDT)"
    ] * 2
    assert s27[1].indikator.startswith("integrasi SPGDT dengan Sisrute")
    # G-8 continues with "Kewenangan Kabupaten/Kota" on the next page (a row with no values).
    assert by_code(rows, "G-8")[0].program_nama.endswith("IUKI dan IPKI Kewenangan Kabupaten/Kota")
    # Strategy names broken across pages, on every row of the strategy (L-10 before the break, L-11 after).
    names = {r.strategi_nama for r in rows if r.strategi_kode == "L.3"}
    assert names == {
        "Pengembangan Tangerang Smart Mobility Intra City dengan prioritas keramahan pelayanan, "
        "kenyamanan fasilitas, dan efisiensi"
    }
    assert {r.strategi_nama for r in rows if r.strategi_kode == "S.2"} == {
        "Pengembangan layanan pendidikan terintegrasi berbasis infrastruktur dan suprastruktur pendidikan"
    }
    # Ec-22: the values "Usaha Mikro : 5,95" continue on a line of their own; the indicator
    # "Prosentase Usaha Mikro yang Dipromosikan" sits in the first column.
    ec22 = by_code(rows, "Ec-22")
    assert len(ec22) == 2
    assert ec22[0].baseline_2024 == "Koperasi : 2,14; Usaha Mikro : 5,95"
    assert (
        ec22[1].indikator == "Prosentase Usaha Mikro yang Dipromosikan" and ec22[1].target_2026 == "Usaha Mikro : 1,8"
    )
    # No repeated table header became a row.
    assert not any(r.indikator in ("Indikator Keberhasilan", "Baseline 2024") for r in rows)


def test_two_indicators_merged_into_one_cell_are_split(rows):
    # Seed line 2140/2141: G-14's cell holds both indicators, G-15's is empty.
    assert by_code(rows, "G-14")[0].indikator == (
        "Jumlah Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik yang Dikembangkan"
    )
    assert by_code(rows, "G-15")[0].indikator == (
        "Jumlah Dokumen Program Inovasi yang Diimplementasikan Sesuai dengan Masterplan Smart City"
    )


def test_funding_aligned_when_missing(rows):
    # G-17 ends "DISKOMINFO\t" (no funding): the OPD stays the OPD.
    g17 = by_code(rows, "G-17")[0]
    assert (g17.opd, g17.sumber_dana) == ("DISKOMINFO", "")
    assert by_code(rows, "L-6")[0].opd == "" and by_code(rows, "L-6")[0].sumber_dana == "APBD"


@pytest.mark.parametrize(
    "text, number, comparator",
    [
        (">75%", Decimal("75"), ">"),
        ("99,47%", Decimal("99.47"), ">="),
        ("10.000", Decimal("10000"), ">="),
        ("96.9%", Decimal("96.9"), ">="),
        ("0,2143", Decimal("0.2143"), ">="),
        ("≥ 5", Decimal("5"), ">="),
        ("<10", Decimal("10"), "<"),
        ("58,5/72", None, ""),
        ("√", None, ""),
        ("-", None, ""),
        ("1.234,5", None, ""),  # mixed separators: not guessed
    ],
)
def test_parse_value(text, number, comparator):
    assert parser.parse_value(text) == (number, comparator)


def test_comparator_arithmetic():
    strict = Target(2025, ">75%", Decimal("75"), ">")
    assert not strict.met_by(75) and strict.met_by(76) and strict.met_by(75.01)  # >75: 75 is not enough
    plain = Target(2025, "80%", Decimal("80"), ">=")
    assert plain.met_by(80) and not plain.met_by(79.99)
    at_most = Target(2025, "<10", Decimal("10"), "<")
    assert at_most.met_by(9) and not at_most.met_by(10)
    no_number = Target(2025, "√", None, "")
    assert not no_number.met_by(1) and not strict.met_by(None)


def test_quick_wins():
    wins = parser.parse_quick_wins(Path(DEFAULT_SEED).read_text(encoding="utf-8"))
    assert [w.nomor for w in wins] == list(range(1, 12))
    assert wins[0].nama == "SI JEMPOL" and wins[0].dimensi == "governance,living"
    assert "E-BROJOL" in wins[0].fungsi  # the module rows below it are joined into its description
    lp2b = wins[5]
    assert lp2b.nama == "Tangerang Mantap (Mandiri Tahan Pangan) --> Optimalisasi LP2B" and lp2b.dimensi == "economy"
    assert wins[8].opd == "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"  # <p> tags stripped
