import csv

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from akun.models import Opd
from layers.models import ExpectedLayer, GeometryKind, Theme


class Command(BaseCommand):
    help = (
        "Load the OPD registry (data/opd.csv) and the catalogue of expected layers "
        "(data/katalog_layer.csv); upserts by code, safe to re-run. Catalogue rows "
        "edited in the admin are overwritten only for the fields present in the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--opd", default=str(settings.BASE_DIR / "data" / "opd.csv"))
        parser.add_argument("--katalog", default=str(settings.BASE_DIR / "data" / "katalog_layer.csv"))

    @transaction.atomic
    def handle(self, *args, **options):
        with open(options["opd"], encoding="utf-8") as fh:
            opd_rows = list(csv.DictReader(fh))
        for row in opd_rows:
            Opd.objects.update_or_create(
                kode=row["kode"], defaults={"singkatan": row["singkatan"], "nama": row["nama"]}
            )
        with open(options["katalog"], encoding="utf-8") as fh:
            katalog_rows = list(csv.DictReader(fh))
        opds = {opd.kode: opd for opd in Opd.objects.all()}
        for number, row in enumerate(katalog_rows, start=2):
            if (
                None in row
                or row["opd"] not in opds
                or row["theme"] not in Theme.values
                or row["geometry_kind"] not in GeometryKind.values
            ):
                raise CommandError(
                    f"{options['katalog']} line {number}: unknown OPD, theme or geometry kind, or too many columns"
                )
            ExpectedLayer.objects.update_or_create(
                kode=row["kode"],
                defaults={
                    "opd": opds[row["opd"]],
                    "title": row["title"],
                    "theme": row["theme"],
                    "geometry_kind": row["geometry_kind"],
                    "description": row["description"],
                },
            )
        self.stdout.write(f"Loaded {len(opd_rows)} OPD and {len(katalog_rows)} expected layers.")
