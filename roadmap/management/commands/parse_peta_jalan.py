"""Write data/peta_jalan.csv and data/quick_wins.csv from BAB V and VI of the master plan text."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from roadmap import parser
from roadmap.services import DEFAULT_CSV, DEFAULT_QUICK_WINS_CSV

SEED_NAME = "000_46f7c982dfc016b1.txt"
# The checkout's own copy (data/seeds), else shared/seeds beside the checkout (or beside its worktree folder).
_CANDIDATES = [Path(settings.BASE_DIR) / "data" / "seeds" / SEED_NAME] + [
    Path(settings.BASE_DIR).parents[n] / "shared" / "seeds" / SEED_NAME for n in (0, 1)
]
DEFAULT_SEED = next((p for p in _CANDIDATES if p.exists()), _CANDIDATES[0])


class Command(BaseCommand):
    help = "Parse the Peta Jalan (BAB V) and Quick Wins (BAB VI) of the master plan text into CSV files."

    def add_arguments(self, parser_):
        parser_.add_argument("seed", nargs="?", default=str(DEFAULT_SEED), help="the master plan text file")
        parser_.add_argument("--csv", default=str(DEFAULT_CSV))
        parser_.add_argument("--quick-wins-csv", default=str(DEFAULT_QUICK_WINS_CSV))

    def handle(self, *args, **options):
        try:
            text = Path(options["seed"]).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot read {options['seed']}: {exc}") from exc
        try:
            rows = parser.parse_roadmap(text)
            wins = parser.parse_quick_wins(text)
        except StopIteration:
            raise CommandError("No 'BAB V / PETA JALAN SMART CITY' section in this file.") from None
        parser.write_csv(rows, options["csv"])
        parser.write_quick_wins_csv(wins, options["quick_wins_csv"])
        programmes = {}
        for row in rows:
            programmes.setdefault(row.dimensi, set()).add(row.kode)
        counts = ", ".join(f"{d} {len(k)}" for d, k in programmes.items())
        total = sum(len(k) for k in programmes.values())
        self.stdout.write(
            f"Wrote {total} programmes ({counts}), {len(rows)} indicator rows to {options['csv']}; "
            f"{len(wins)} quick wins to {options['quick_wins_csv']}."
        )
