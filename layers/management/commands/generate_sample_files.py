from django.core.management.base import BaseCommand

from layers.samples import SAMPLE_DIR, write_sample_files


class Command(BaseCommand):
    help = (
        "Write the deterministic sample sectoral layers (DATA CONTOH, synthetic) into "
        "data/shapefiles/: a zipped UTM 48S shapefile with a cp1252 DBF, GeoJSON, KML, CSV and GeoPackage."
    )

    def handle(self, *args, **options):
        for path in write_sample_files():
            self.stdout.write(f"Wrote {path.relative_to(SAMPLE_DIR.parent.parent)}")
