"""make bench-import: our import pipeline against ogr2ogr on the same shapefile."""

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connection, transaction

from akun.models import Opd
from layers.bench import parcels_upload, write_parcels_archive
from layers.models import Layer
from layers.services import import_file

TARGET_RATIO = 1.5
PHASES = [
    ("unpack+inspect", 10),
    ("read+check+COPY", 86),
    ("indexes+attach", 92),
]


class Command(BaseCommand):
    help = (
        "Import a generated N-polygon shapefile (UTM 48S) through the upload pipeline "
        "(read, COPY, reproject, repair, desa assignment) and time it beside "
        "'ogr2ogr -f PostgreSQL --config PG_USE_COPY YES' loading the same file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--features", type=int, default=100_000)
        parser.add_argument("--runs", type=int, default=3)

    def handle(self, *args, **options):
        count = options["features"]
        workdir = Path(tempfile.mkdtemp(prefix="websig-bench-"))
        try:
            shp, archive = write_parcels_archive(workdir, count)
            self.stdout.write(f"Generated {count:,} polygons in {shp.name} (EPSG:32748)")
            ours, ogr, ogr_reproject, phases = [], [], [], []
            for run in range(options["runs"]):
                self._settle()
                ogr.append(self._ogr2ogr(shp, reproject=False))
                self._settle()
                ogr_reproject.append(self._ogr2ogr(shp, reproject=True))
                self._settle()
                elapsed, marks = self._ours(archive, count)
                ours.append(elapsed)
                phases.append(marks)
                self.stdout.write(
                    f"  run {run + 1}: websig {ours[-1]:.2f} s, ogr2ogr {ogr[-1]:.2f} s, "
                    f"ogr2ogr -t_srs EPSG:4326 {ogr_reproject[-1]:.2f} s"
                )
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS bench_ogr2ogr")
        ours_s, ogr_s, ogr_rs = (statistics.median(v) for v in (ours, ogr, ogr_reproject))
        ratio = ours_s / ogr_s
        marks = phases[ours.index(ours_s)] if ours_s in ours else phases[0]
        self.stdout.write(
            f"\nbench-import ({count:,} polygons, median of {options['runs']} runs)\n"
            f"  websig import (incl. reprojection, validity repair, desa assignment): {ours_s:.2f} s\n"
            f"  reference: ogr2ogr -f PostgreSQL, PG_USE_COPY=YES:                    {ogr_s:.2f} s\n"
            f"  (for information: ogr2ogr with -t_srs EPSG:4326 -nlt PROMOTE_TO_MULTI: {ogr_rs:.2f} s)\n"
            f"  ratio websig / ogr2ogr = {ratio:.2f} (target <= {TARGET_RATIO}) "
            f"{'OK' if ratio <= TARGET_RATIO else 'MISSED'}\n"
            f"  websig phases (median run): " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in marks)
        )

    def _settle(self):
        """Start every timed load from the same state: the previous load's
        dirty pages written out (CHECKPOINT needs a superuser; else skipped)."""
        with connection.cursor() as cursor:
            try:
                with transaction.atomic():
                    cursor.execute("CHECKPOINT")
            except DatabaseError:
                pass

    def _ours(self, archive, count):
        opd = Opd.objects.get(kode="dtrb")
        seen = {}
        with parcels_upload(archive, "bench persil", opd) as job:
            started = time.perf_counter()
            version = import_file(job, lambda pct: seen.setdefault(pct, time.perf_counter() - started))
            elapsed = time.perf_counter() - started
            assert version.feature_count == count, version.report
        Layer.objects.filter(title="bench persil").delete()
        # Progress marks of import_file: 10 unpacked and inspected, 86 read,
        # checked and copied batch by batch, 92 indexed and attached.
        bounds = [(name, seen.get(pct)) for name, pct in PHASES] + [("commit", elapsed)]
        marks, last = [], 0.0
        for name, at in bounds:
            if at is not None:
                marks.append((name, at - last))
                last = at
        return elapsed, marks

    def _ogr2ogr(self, shp, reproject):
        db = settings.DATABASES["default"]
        dsn = f"PG:dbname={db['NAME']} host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} user={db['USER']}" + (
            f" password={db['PASSWORD']}" if db.get("PASSWORD") else ""
        )
        command = [
            "ogr2ogr",
            "-f",
            "PostgreSQL",
            dsn,
            str(shp),
            "-nln",
            "bench_ogr2ogr",
            "-overwrite",
            "-lco",
            "GEOMETRY_NAME=geom",
            "--config",
            "PG_USE_COPY",
            "YES",
        ]
        if reproject:
            command += ["-t_srs", "EPSG:4326", "-nlt", "PROMOTE_TO_MULTI"]
        started = time.perf_counter()
        subprocess.run(command, check=True, env={**os.environ, "PGCLIENTENCODING": "UTF8"})
        return time.perf_counter() - started
