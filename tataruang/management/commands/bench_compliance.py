"""make bench-compliance: the compliance overlay beside a hand-written query and geopandas."""

import statistics
import time

import numpy as np
import shapely
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from akun.models import Opd
from layers.models import Layer, LayerVersion
from tataruang import compliance
from tataruang.demo.bench import land_use_parcels, plan_zones
from tataruang.models import ComplianceRun, LandUse, Plan

FLOOR_SQL = """
WITH zone AS (
    SELECT COALESCE(j.kode, c.kode) AS judged_as, ST_Subdivide(z.geom, 64) AS geom
    FROM tataruang_planzone z JOIN tataruang_planclass c ON c.id = z.plan_class_id
    LEFT JOIN tataruang_planclass j ON j.id = c.padanan_id
    WHERE z.plan_id = %(plan)s
)
SELECT d.desa_id, COALESCE(m.outcome, 'tidak_dinilai'),
       sum(ST_Area(ST_Transform(
           CASE WHEN ST_Covers(d.geom, p.geom) AND ST_Covers(z.geom, p.geom) THEN p.geom
                ELSE ST_Intersection(ST_Intersection(p.geom, d.geom), z.geom) END, %(srid)s))) / 10000.0
FROM tataruang_landuseparcel p
JOIN tataruang_landuseclass u ON u.id = p.land_use_class_id
JOIN wilayah_desapiece d ON p.geom && d.geom AND ST_Intersects(d.geom, p.geom)
JOIN zone z ON p.geom && z.geom AND ST_Intersects(z.geom, p.geom) AND z.geom && d.geom
LEFT JOIN _bench_matrix m ON m.land_use_class = u.kode AND m.plan_class = z.judged_as
WHERE p.land_use_id = %(land_use)s
GROUP BY 1, 2
"""

TARGET_FLOOR = 1.3


class Command(BaseCommand):
    help = (
        "Time the compliance computation on a generated plan (Voronoi zones over the kabupaten) and "
        "land-use layer (~200,000 parcels) beside one hand-written PostGIS query and geopandas.overlay, "
        "check that the per-desa areas agree to 0.01%, and print the figures. Nothing is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--parcels", type=int, default=200_000)
        parser.add_argument("--runs", type=int, default=2)
        parser.add_argument("--skip-geopandas", action="store_true")

    def handle(self, *args, **options):
        call_command("load_tataruang_reference", stdout=open("/dev/null", "w"))
        zones, zone_classes = plan_zones()
        cells, uses = land_use_parcels(zones, zone_classes, options["parcels"])
        self.stdout.write(f"Generated {len(zones):,} plan zones and {len(cells):,} land-use parcels")
        with transaction.atomic():
            plan, land_use = self._load(zones, zone_classes, cells, uses)
            matrix = compliance.current_matrix()
            self._matrix_table(matrix)
            times = {"websig": [], "floor": [], "geopandas": []}
            answers = {}
            for run in range(options["runs"]):
                times["floor"].append(self._timed(lambda: answers.__setitem__("floor", self._floor(plan, land_use))))
                times["websig"].append(
                    self._timed(lambda: answers.__setitem__("websig", self._ours(plan, land_use, matrix)))
                )
                if not options["skip_geopandas"] and run == 0:
                    times["geopandas"].append(
                        self._timed(lambda: answers.__setitem__("geopandas", self._geopandas(plan, land_use, matrix)))
                    )
                figures = ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items() if len(v) > run)
                self.stdout.write(f"  run {run + 1}: {figures}")
            transaction.set_rollback(True)
        self._report(times, answers, len(cells))

    def _timed(self, fn):
        started = time.perf_counter()
        fn()
        return time.perf_counter() - started

    def _load(self, zones, zone_classes, cells, uses):
        opd = Opd.objects.get(kode="dtrb")
        layer = Layer.objects.create(slug="bench-compliance", title="bench", opd=opd, theme="tata_ruang")
        version = LayerVersion.objects.create(
            layer=layer, number=1, geometry_kind="polygon", source_filename="-", source_format="-"
        )
        plan = Plan.objects.create(
            nama="bench",
            jenis="RTRW",
            legal_basis="-",
            year=2026,
            layer_version=version,
            class_column="-",
            status="archived",
        )
        land_use = LandUse.objects.create(
            nama="bench", year=2026, layer_version=version, class_column="-", status="archived"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO tataruang_planzone (plan_id, plan_class_id, feature_id, attrs, geom) "
                "SELECT %s, c.id, u.n, '{}'::jsonb, "
                "ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromWKB(u.g), 32748), 4326)) "
                "FROM unnest(%s::bytea[], %s::text[]) WITH ORDINALITY AS u(g, kode, n) "
                "JOIN tataruang_planclass c ON c.kode = u.kode AND c.scheme = '2021' AND c.kind = 'pola_ruang'",
                [plan.pk, [bytes(w) for w in shapely.to_wkb(zones)], zone_classes],
            )
            cursor.execute(
                "INSERT INTO tataruang_landuseparcel (land_use_id, land_use_class_id, feature_id, geom) "
                "SELECT %s, c.id, u.n, ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromWKB(u.g), 32748), 4326)) "
                "FROM unnest(%s::bytea[], %s::text[]) WITH ORDINALITY AS u(g, kode, n) "
                "JOIN tataruang_landuseclass c ON c.kode = u.kode",
                [land_use.pk, [bytes(w) for w in shapely.to_wkb(cells)], uses],
            )
            cursor.execute("ANALYZE tataruang_planzone; ANALYZE tataruang_landuseparcel")
        return plan, land_use

    def _matrix_table(self, matrix):
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE _bench_matrix (land_use_class text, plan_class text, outcome text)")
            cursor.executemany(
                "INSERT INTO _bench_matrix VALUES (%s, %s, %s)",
                [(lu, pc, o) for lu, cells in matrix.items() for pc, o in cells.items()],
            )

    def _ours(self, plan, land_use, matrix):
        run = ComplianceRun.objects.create(plan=plan, land_use=land_use, matrix=matrix)
        with transaction.atomic():
            compliance.overlay(plan.pk, land_use.pk, matrix)
            compliance.store_results(run)
            compliance.drop_temporary_tables()
        rows = run.results.filter(level="desa", plan_class="").values_list(
            "kode", "sesuai_ha", "belum_terwujud_ha", "tidak_sesuai_ha"
        )
        return {kode: (s, b, t) for kode, s, b, t in rows}

    def _floor(self, plan, land_use):
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, {"plan": plan.pk, "land_use": land_use.pk, "srid": settings.METRIC_SRID})
            rows = cursor.fetchall()
            cursor.execute("SELECT id, kode FROM wilayah_desa")
            kode = dict(cursor.fetchall())
        return _by_desa((kode[desa_id], outcome, ha) for desa_id, outcome, ha in rows)

    def _geopandas(self, plan, land_use, matrix):
        import geopandas as gpd

        raw = connection.connection
        parcels = gpd.read_postgis(
            "SELECT u.kode AS land_use_class, p.geom FROM tataruang_landuseparcel p "
            f"JOIN tataruang_landuseclass u ON u.id = p.land_use_class_id WHERE p.land_use_id = {land_use.pk}",
            raw,
            geom_col="geom",
        )
        zones = gpd.read_postgis(
            "SELECT c.kode AS plan_class, z.geom FROM tataruang_planzone z "
            f"JOIN tataruang_planclass c ON c.id = z.plan_class_id WHERE z.plan_id = {plan.pk}",
            raw,
            geom_col="geom",
        )
        desa = gpd.read_postgis("SELECT kode, geom FROM wilayah_desa", raw, geom_col="geom")
        pieces = gpd.overlay(parcels, zones, how="intersection", keep_geom_type=True)
        pieces = gpd.overlay(pieces, desa, how="intersection", keep_geom_type=True)
        pieces["ha"] = pieces.to_crs(settings.METRIC_SRID).area / 10000.0
        pieces["outcome"] = [
            matrix.get(lu, {}).get(pc, "tidak_dinilai")
            for lu, pc in zip(pieces["land_use_class"], pieces["plan_class"], strict=True)
        ]
        grouped = pieces.groupby(["kode", "outcome"])["ha"].sum()
        return _by_desa((kode, outcome, ha) for (kode, outcome), ha in grouped.items())

    def _report(self, times, answers, parcels):
        med = {k: statistics.median(v) for k, v in times.items() if v}
        self.stdout.write(f"\nbench-compliance ({parcels:,} land-use parcels, median of runs)")
        self.stdout.write(
            f"  websig compliance run (overlay, classification, results, worklist): {med['websig']:.2f} s"
        )
        self.stdout.write(
            f"  (a) hand-written PostGIS query, per-desa areas only (the floor):      {med['floor']:.2f} s"
        )
        if "geopandas" in med:
            self.stdout.write(
                f"  (b) geopandas.overlay (read, overlay x2, area):                       {med['geopandas']:.2f} s"
            )
        ratio = med["websig"] / med["floor"]
        self.stdout.write(
            f"  websig / floor = {ratio:.2f} (target <= {TARGET_FLOOR}) {'OK' if ratio <= TARGET_FLOOR else 'MISSED'}"
        )
        if "geopandas" in med:
            self.stdout.write(
                f"  websig / geopandas = {med['websig'] / med['geopandas']:.2f} (target < 1) "
                f"{'OK' if med['websig'] < med['geopandas'] else 'MISSED'}"
            )
        for other in ("floor", "geopandas"):
            if other in answers:
                worst = _max_relative_difference(answers["websig"], answers[other])
                self.stdout.write(
                    f"  agreement with {other}: largest relative difference of a desa area "
                    f"{worst * 100:.5f}% (limit 0.01%) {'OK' if worst <= 1e-4 else 'MISSED'}"
                )


def _by_desa(rows):
    result = {}
    index = {"sesuai": 0, "belum_terwujud": 1, "tidak_sesuai": 2}
    for kode, outcome, ha in rows:
        if outcome in index:
            values = list(result.get(kode, (0.0, 0.0, 0.0)))
            values[index[outcome]] += ha
            result[kode] = tuple(values)
    return result


def _max_relative_difference(ours, theirs):
    worst = 0.0
    for kode in set(ours) | set(theirs):
        a = np.array(ours.get(kode, (0.0, 0.0, 0.0)))
        b = np.array(theirs.get(kode, (0.0, 0.0, 0.0)))
        scale = max(a.sum(), b.sum(), 1e-9)
        worst = max(worst, float(np.abs(a - b).max() / scale))
    return worst
