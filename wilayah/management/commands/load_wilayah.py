from django.core.management.base import BaseCommand, CommandError

from wilayah.services import WilayahDataError, load_wilayah


class Command(BaseCommand):
    help = (
        "Load or refresh the desa/kelurahan of Kabupaten Tangerang from data/wilayah/desa.geojson, "
        "make them a coverage (each overlap left to the larger desa, each gap given to the desa sharing the "
        "longest boundary; -v 2 lists every piece), dissolve kecamatan and kabupaten in PostGIS and measure "
        "areas in EPSG:32748. "
        "Rows are upserted by Kemendagri code; desa missing from the file are removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--desa", help="GeoJSON of the desa (default: data/wilayah/desa.geojson)")
        parser.add_argument("--kecamatan", help="CSV kode,nama,luas_resmi_km2 (default: data/wilayah/kecamatan.csv)")

    def handle(self, *args, **options):
        try:
            result = load_wilayah(options["desa"], options["kecamatan"])
        except WilayahDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.kabupaten} kabupaten, {result.kecamatan} kecamatan, "
                f"{result.desa} desa/kelurahan "
                f"({result.repaired} invalid geometries repaired, "
                f"{result.desa_removed} desa removed)."
            )
        )
        overlaps, overlap_ha = result.moved_ha("overlap")
        gaps, gap_ha = result.moved_ha("gap")
        self.stdout.write(
            f"Made a coverage of the desa: {overlaps} overlaps ({overlap_ha:.2f} ha) each left to the larger desa, "
            f"{gaps} gaps ({gap_ha:.2f} ha) each given to the desa sharing the longest boundary."
        )
        if options["verbosity"] > 1:
            for move in result.moves:
                source = move.kode or "-"
                self.stdout.write(f"  {move.kind:<8} {source:<14} -> {move.to_kode:<14} {move.m2:12.1f} m2")
