import csv

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from tataruang.models import SinkronisasiRdtr, WilayahPerencanaan
from wilayah.models import Kecamatan

YEARS = (2024, 2025, 2026)


class Command(BaseCommand):
    help = (
        "Load the Wilayah Perencanaan of data/tataruang/wilayah_perencanaan.csv (DATA CONTOH until DTRB "
        "replaces it) and their RDTR synchronisation status per year. Upserts; statuses edited in the admin "
        "are kept."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        path = settings.BASE_DIR / "data" / "tataruang" / "wilayah_perencanaan.csv"
        with open(path, encoding="utf-8") as fh:
            rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
        for row in rows:
            wp, _created = WilayahPerencanaan.objects.update_or_create(
                kode=row["kode"], defaults={"nama": row["nama"], "is_sample": True}
            )
            wp.kecamatan.set(Kecamatan.objects.filter(kode__in=row["kecamatan"].split(";")))
            done = int(row["selesai_tahun"]) if row["selesai_tahun"] else None
            for year in YEARS:
                status = "selesai" if done and year >= done else ("proses" if done == year + 1 else "belum")
                SinkronisasiRdtr.objects.get_or_create(wilayah=wp, tahun=year, defaults={"status": status})
        self.stdout.write(f"{len(rows)} Wilayah Perencanaan.")
