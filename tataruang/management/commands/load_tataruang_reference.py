import csv

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tataruang.itbx import load_itbx
from tataruang.models import Activity, ComplianceRule, LandUseClass, PlanClass

DATA = settings.BASE_DIR / "data" / "tataruang"
OUTCOMES = {"S": "sesuai", "B": "belum_terwujud", "X": "tidak_sesuai"}


def rows(name):
    with open(DATA / name, encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


class Command(BaseCommand):
    help = (
        "Load the classifications of data/tataruang/ (plan classes of both naming schemes, the crosswalk, "
        "existing land-use classes) and the default compliance matrix. Upserts by code; matrix cells a "
        "planner has edited are kept unless --reset-matrix is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset-matrix", action="store_true", help="overwrite edited matrix cells")

    @transaction.atomic
    def handle(self, *args, **options):
        for row in rows("klasifikasi_rencana.csv"):
            PlanClass.objects.update_or_create(
                scheme=row["skema"],
                kind=row["jenis"],
                kode=row["kode"],
                defaults={"nama": row["nama"], "kelompok": row["kelompok"], "warna": row["warna"]},
            )
        for row in rows("padanan_kelas.csv"):
            target = (
                PlanClass.objects.filter(scheme=row["skema_tujuan"], kode=row["kode_tujuan"]).order_by("kind").first()
            )
            if target is None:
                raise CommandError(f"padanan_kelas.csv: unknown target {row['kode_tujuan']}")
            PlanClass.objects.filter(scheme=row["skema_asal"], kode=row["kode_asal"]).update(padanan=target)
        for row in rows("klasifikasi_lahan.csv"):
            LandUseClass.objects.update_or_create(
                kode=row["kode"], defaults={"nama": row["nama"], "sumber": row["sumber"], "kategori": row["kategori"]}
            )
        created = self._matrix(options["reset_matrix"])
        for row in rows("kegiatan.csv"):
            Activity.objects.update_or_create(
                kode=row["kode"], defaults={"nama": row["nama"], "kelompok": row["kelompok"]}
            )
        itbx = load_itbx(DATA / "itbx.csv", keep_edits=not options["reset_matrix"])
        self.stdout.write(
            f"{PlanClass.objects.count()} plan classes, {LandUseClass.objects.count()} land-use classes, "
            f"{created} matrix cells written ({ComplianceRule.objects.count()} in all), "
            f"{Activity.objects.count()} activities, {itbx} ITBX cells."
        )

    def _matrix(self, reset):
        written = 0
        land_uses = list(LandUseClass.objects.all())
        for row in rows("matriks_kesesuaian.csv"):
            for plan_class in PlanClass.objects.filter(scheme="2021", kode=row["kode_rencana"]):
                for land_use in land_uses:
                    outcome = OUTCOMES[row[land_use.kategori]]
                    if reset:
                        ComplianceRule.objects.update_or_create(
                            land_use=land_use, plan_class=plan_class, defaults={"outcome": outcome}
                        )
                    else:
                        ComplianceRule.objects.get_or_create(
                            land_use=land_use, plan_class=plan_class, defaults={"outcome": outcome}
                        )
                    written += 1
        return written
