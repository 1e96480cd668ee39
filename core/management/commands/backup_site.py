"""manage.py backup_site: database (pg_dump -Fc), uploads and exports in one tar (core.backup)."""

import subprocess

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import backup_site


class Command(BaseCommand):
    help = "Write backups/<UTC timestamp>.tar: pg_dump -Fc of the database, UPLOAD_ROOT, EXPORT_ROOT and a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--destination", help=f"directory of the backups (default BACKUP_ROOT, {settings.BACKUP_ROOT})"
        )

    def handle(self, *args, **options):
        try:
            archive = backup_site(options["destination"])
        except subprocess.CalledProcessError as error:
            raise CommandError(f"{error.cmd[0]} failed: {error.stderr.decode(errors='replace').strip()}") from error
        self.stdout.write(f"Backup written: {archive} ({archive.stat().st_size / 1e6:.1f} MB)")
