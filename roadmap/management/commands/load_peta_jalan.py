"""Load data/peta_jalan.csv (and data/quick_wins.csv) into the database; safe to re-run."""

from django.core.management.base import BaseCommand, CommandError

from roadmap.services import DEFAULT_CSV, DEFAULT_QUICK_WINS_CSV, load_peta_jalan


class Command(BaseCommand):
    help = "Load the peta jalan programmes, indicators and quick wins (replaces them; locations are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--csv", default=str(DEFAULT_CSV))
        parser.add_argument("--quick-wins-csv", default=str(DEFAULT_QUICK_WINS_CSV))

    def handle(self, *args, **options):
        try:
            result = load_peta_jalan(options["csv"], options["quick_wins_csv"])
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(f"Cannot load {options['csv']}: {exc}") from exc
        counts = ", ".join(f"{d} {n}" for d, n in result.per_dimensi.items())
        self.stdout.write(
            f"Loaded {result.strategi} strategies, {result.program} programmes ({counts}), "
            f"{result.indikator} indicators, {result.quick_wins} quick wins."
        )
        for name, codes in sorted(result.opd_tidak_dikenal.items()):
            self.stdout.write(f"  Leading sector not in the OPD registry: '{name}' ({', '.join(codes)}); kept as text.")
