"""manage.py restore_site FILE: load a backup_site archive into an empty database (core.backup)."""

import subprocess

from django.core.management.base import BaseCommand, CommandError

from core.backup import Database, restore_site
from core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Restore a backup written by backup_site into the site's database (or --database-url), which must be "
        "empty or missing (it is then created), and put its uploads and exports back. Never overwrites data."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .tar written by backup_site")
        parser.add_argument("--database-url", help="postgis://user@host:port/name (default DATABASE_URL)")
        parser.add_argument("--upload-root", help="default UPLOAD_ROOT")
        parser.add_argument("--export-root", help="default EXPORT_ROOT")

    def handle(self, *args, **options):
        database = Database.from_url(options["database_url"]) if options["database_url"] else None
        self.stdout.write(f"Restoring {options['file']} into database {(database or Database.of_site()).name} ...")
        try:
            manifest = restore_site(options["file"], database, options["upload_root"], options["export_root"])
        except DomainError as refusal:
            raise CommandError(refusal.message) from refusal
        except subprocess.CalledProcessError as error:
            raise CommandError(f"{error.cmd[0]} failed: {error.stderr.decode(errors='replace').strip()}") from error
        counts = ", ".join(f"{value} {name}" for name, value in manifest["counts"].items())
        self.stdout.write(f"Restored the backup of {manifest['created_at']}: {counts}.")
