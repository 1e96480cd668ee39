"""Generators of the DATA CONTOH (sintetis) of tata ruang and of its benchmark.

- ``rtrw``: the demo RTRW pola ruang, land use 2025 and LP2B over the real desa;
- ``rdtr``: the demo RDTR of WP-05 Tigaraksa (WP/SWP/blok, sub-zones);
- ``struktur``: the demo RTRW's struktur ruang (centres and networks);
- ``bench``: the generated plan and land use of ``make bench-compliance``;
- ``common``: the desa in UTM 48S and the zipped shapefile writer they share.

Used by the management commands generate_demo_tataruang and bench_compliance.
"""
