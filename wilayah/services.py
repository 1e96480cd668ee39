"""Loading the administrative areas.

One service shared by the ``load_wilayah`` command, tests and (later) the admin:
read the desa GeoJSON, make the desa a coverage (overlaps and gaps of the source
given to one desa each, reported), upsert desa, dissolve kecamatan and kabupaten
in PostGIS, measure every area in EPSG:32748, all in one transaction.
"""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils.translation import gettext as _

from .managers import BOUNDS_CACHE_KEY, META_CACHE_KEY
from .models import Desa, Kabupaten, KabupatenPiece, Kecamatan

REQUIRED_PROPERTIES = ("kode", "nama")
SQL_DIR = Path(__file__).parent / "sql"


class WilayahDataError(Exception):
    """The input files cannot be loaded; the message is meant for the user."""


@dataclass
class CoverageMove:
    """A piece of the source boundaries given to one desa to make them a coverage
    (wilayah/sql/make_coverage.sql): an ``overlap`` taken from ``kode`` (the
    smaller desa) or a ``gap`` between desa (``kode`` None); ``m2`` in EPSG:32748."""

    kind: str
    kode: str | None
    to_kode: str
    m2: float


@dataclass
class LoadResult:
    kabupaten: int
    kecamatan: int
    desa: int
    desa_removed: int
    repaired: int
    moves: list = field(default_factory=list)  # [CoverageMove]

    def moved_ha(self, kind):
        """(pieces, hectares) of the moves of ``kind``."""
        pieces = [move for move in self.moves if move.kind == kind]
        return len(pieces), sum(move.m2 for move in pieces) / 10_000


def read_kecamatan_table(path):
    """Official kecamatan names and areas: {kode: (nama, luas_resmi_km2)}."""
    with open(path, encoding="utf-8") as fh:
        return {r["kode"]: (r["nama"], float(r["luas_resmi_km2"])) for r in csv.DictReader(fh)}


def read_desa_features(path):
    """Parse and check the desa GeoJSON; returns a list of row tuples for the loader."""
    try:
        with open(path, encoding="utf-8") as fh:
            collection = json.load(fh)
    except (OSError, ValueError) as exc:
        raise WilayahDataError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
    features = collection.get("features") if isinstance(collection, dict) else None
    if not features:
        raise WilayahDataError(_("%(path)s is not a GeoJSON FeatureCollection with features.") % {"path": path})
    rows = []
    for number, feature in enumerate(features, start=1):
        props = feature.get("properties") or {}
        missing = [name for name in REQUIRED_PROPERTIES if not props.get(name)]
        if missing:
            raise WilayahDataError(
                _("Feature %(number)d has no property %(names)s; every desa needs 'kode' and 'nama'.")
                % {"number": number, "names": ", ".join(missing)}
            )
        if not feature.get("geometry"):
            raise WilayahDataError(
                _("Feature %(number)d (%(kode)s) has no geometry.") % {"number": number, "kode": props["kode"]}
            )
        kode = props["kode"]
        kode_kecamatan = props.get("kode_kecamatan") or kode[:8]
        jenis = props.get("jenis") or ("kelurahan" if kode[9:10] == "1" else "desa")
        rows.append((kode, props["nama"], jenis, kode_kecamatan, json.dumps(feature["geometry"])))
    return rows


def load_wilayah(desa_path=None, kecamatan_path=None):
    """Load or refresh kabupaten, kecamatan and desa from the data files.

    Idempotent: rows are upserted by Kemendagri code, so references from other
    tables survive a reload. Returns a LoadResult with counts.
    """
    data_dir = Path(settings.WILAYAH_DATA_DIR)
    desa_rows = read_desa_features(desa_path or data_dir / "desa.geojson")
    kecamatan = read_kecamatan_table(kecamatan_path or data_dir / "kecamatan.csv")
    unknown = sorted({row[3] for row in desa_rows} - set(kecamatan))
    if unknown:
        raise WilayahDataError(
            _("Kecamatan codes not in the kecamatan table: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    params = {
        "kab_kode": settings.KABUPATEN_KODE,
        "kab_nama": settings.KABUPATEN_NAMA,
        "kab_luas_resmi": KABUPATEN_LUAS_RESMI_KM2,
        "metric_srid": settings.METRIC_SRID,
        "sliver_m2": SLIVER_MAX_M2,
        "noise_m2": NOISE_MAX_M2,
        "grid": COVERAGE_GRID_DEGREES,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        # Raw SQL: the dissolve-and-upsert of three levels is one set operation in
        # PostGIS; the ORM would need a round trip per area and GEOS unions in Python.
        cursor.execute((SQL_DIR / "create_staging.sql").read_text())
        cursor.executemany(
            "INSERT INTO _desa_src (kode, nama, jenis, kode_kecamatan, geom) "
            "VALUES (%s, %s, %s, %s, ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326))",
            desa_rows,
        )
        cursor.executemany(
            "INSERT INTO _kecamatan_src (kode, nama, luas_resmi_km2) VALUES (%s, %s, %s)",
            [(kode, nama, luas) for kode, (nama, luas) in kecamatan.items()],
        )
        cursor.execute((SQL_DIR / "repair_staging.sql").read_text())
        repaired = cursor.rowcount
        cursor.execute("UPDATE _desa_src SET geom = ST_Multi(geom) WHERE GeometryType(geom) <> 'MULTIPOLYGON'")
        cursor.execute((SQL_DIR / "make_coverage.sql").read_text(), params)
        cursor.execute("SELECT kind, kode, to_kode, m2 FROM _coverage_moves ORDER BY kind, m2 DESC")
        moves = [CoverageMove(*row) for row in cursor.fetchall()]
        cursor.execute((SQL_DIR / "upsert_wilayah.sql").read_text(), params)
        cursor.execute("DELETE FROM wilayah_desa WHERE kode NOT IN (SELECT kode FROM _desa_src)")
        removed = cursor.rowcount
        cursor.execute("DELETE FROM wilayah_kecamatan WHERE kode NOT IN (SELECT kode_kecamatan FROM _desa_src)")
        cursor.execute(
            (SQL_DIR / "rebuild_pieces.sql").read_text(),
            {**params, "tolerance_m": KabupatenPiece.BOUNDARY_TOLERANCE_M},
        )
        # The maps' first view follows the boundaries just loaded.
        transaction.on_commit(lambda: cache.delete_many([BOUNDS_CACHE_KEY, META_CACHE_KEY]))
    return LoadResult(
        kabupaten=Kabupaten.objects.count(),
        kecamatan=Kecamatan.objects.count(),
        desa=Desa.objects.count(),
        desa_removed=removed,
        repaired=repaired,
        moves=moves,
    )


# Holes left by dissolving desa smaller than this are gaps between source
# polygons, not real enclaves (the largest is 0.45 ha): each is given to a desa.
SLIVER_MAX_M2 = 10_000
# Rings this small left by a union of a coverage are floating-point noise.
NOISE_MAX_M2 = 1.0
# The grid the coverage is built on (make_coverage.sql): 1e-7 degree, about 1 cm.
COVERAGE_GRID_DEGREES = 1e-7

# "Luas Kabupaten Tangerang adalah 959.6 Km²" with the total row of Tabel 1.1
# (959.61). The table's own rows add up to 962.61 km².
KABUPATEN_LUAS_RESMI_KM2 = 959.61
