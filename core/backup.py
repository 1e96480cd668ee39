"""Backup and restore of the whole site: the database and the files beside it.

A backup is one tar file, ``<BACKUP_ROOT>/<UTC timestamp>.tar``, holding

- ``database.dump``: ``pg_dump -Fc`` of the site's database, one consistent
  snapshot (features, plans, compliance runs, users, history);
- ``uploads/``: UPLOAD_ROOT (the uploaded source files of every import);
- ``exports/``: EXPORT_ROOT (download files; they can be rebuilt, but a
  restored site then serves its first downloads at once);
- ``manifest.json``: when, from which database, with which pg_dump, the
  SHA-256 of the dump and the counts a restore can be checked against.

The files are copied after the dump, so an upload that arrives meanwhile may
be in the archive without its row; never the other way round for files that
are only ever added. ``restore_site`` loads a backup into an empty database
(created when missing) with ``pg_restore`` and puts the files back.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import environ
import psycopg2
from django.conf import settings
from django.db import connection
from django.utils import timezone

from .errors import Conflict, Invalid

DUMP = "database.dump"
MANIFEST = "manifest.json"
FILE_TREES = {"uploads": "UPLOAD_ROOT", "exports": "EXPORT_ROOT"}
# Checked after a restore: the same numbers must come back.
COUNTS_SQL = {
    "layers": "SELECT count(*) FROM layers_layer",
    "layer_versions": "SELECT count(*) FROM layers_layerversion",
    "features": "SELECT count(*) FROM layers_feature",
    "compliance_runs": "SELECT count(*) FROM tataruang_compliancerun",
}


@dataclass
class Database:
    """The libpq parameters of one database; ``env()`` for pg_dump and pg_restore."""

    name: str
    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "postgres"
    password: str = ""

    @classmethod
    def from_url(cls, url):
        config = environ.Env.db_url_config(url)
        return cls(
            name=config["NAME"],
            host=config.get("HOST") or "127.0.0.1",
            port=int(config.get("PORT") or 5432),
            user=config.get("USER") or "postgres",
            password=config.get("PASSWORD") or "",
        )

    @classmethod
    def of_site(cls):
        db = settings.DATABASES["default"]
        return cls(db["NAME"], db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432), db["USER"], db["PASSWORD"] or "")

    def env(self):
        return {
            **os.environ,
            "PGHOST": self.host,
            "PGPORT": str(self.port),
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
        }

    def connect(self, name=None):
        return psycopg2.connect(
            host=self.host, port=self.port, user=self.user, password=self.password, dbname=name or self.name
        )


def backup_site(destination=None, database=None):
    """Write a backup (see the module docstring) into ``destination``
    (default BACKUP_ROOT); returns the path of the tar file."""
    database = database or Database.of_site()
    destination = Path(destination or settings.BACKUP_ROOT)
    destination.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    with tempfile.TemporaryDirectory(prefix="websig-backup-", dir=destination) as work:
        dump = Path(work) / DUMP
        subprocess.run(
            ["pg_dump", "-Fc", "-f", str(dump), database.name],
            env=database.env(),
            check=True,
            capture_output=True,
        )
        manifest = {
            "created_at": timezone.now().isoformat(),
            "database": database.name,
            "pg_dump": _tool_version("pg_dump"),
            "dump_sha256": _sha256(dump),
            "counts": site_counts(database),
            "files": {},
        }
        partial = destination / f".{stamp}.tar.partial"
        partial.touch(mode=0o600)  # it holds password hashes and tokens' digests
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, DUMP)
            for arcname, setting in FILE_TREES.items():
                root = Path(getattr(settings, setting))
                manifest["files"][arcname] = sum(1 for p in root.rglob("*") if p.is_file()) if root.exists() else 0
                if root.exists():
                    archive.add(root, arcname)
            _add_json(archive, MANIFEST, manifest, Path(work))
    target = destination / f"{stamp}.tar"
    partial.rename(target)  # a backup is there whole, or not at all
    return target


def restore_site(archive_path, database=None, upload_root=None, export_root=None):
    """Restore a backup into ``database`` (default the site's), which must be
    empty or missing (then created), and its files into ``upload_root`` and
    ``export_root`` (default the settings). Returns the manifest."""
    database = database or Database.of_site()
    roots = {"uploads": Path(upload_root or settings.UPLOAD_ROOT), "exports": Path(export_root or settings.EXPORT_ROOT)}
    _prepare_empty(database)  # before unpacking a large archive for nothing
    with tempfile.TemporaryDirectory(prefix="websig-restore-") as work, tarfile.open(archive_path) as archive:
        archive.extractall(work, filter="data")
        work = Path(work)
        if not (work / MANIFEST).exists() or not (work / DUMP).exists():
            raise Invalid(f"{archive_path} is not a backup of this site (no {MANIFEST} or {DUMP}).")
        manifest = json.loads((work / MANIFEST).read_text())
        if _sha256(work / DUMP) != manifest["dump_sha256"]:
            raise Invalid(f"The database dump in {archive_path} is damaged (SHA-256 differs).")
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", database.name, str(work / DUMP)],
            env=database.env(),
            check=True,
            capture_output=True,
        )
        for arcname, root in roots.items():
            if (work / arcname).exists():
                root.mkdir(parents=True, exist_ok=True)
                shutil.copytree(work / arcname, root, dirs_exist_ok=True)
    return manifest


def site_counts(database):
    """The numbers a restore must give back (COUNTS_SQL)."""
    conn = database.connect()
    try:
        with conn.cursor() as cursor:
            counts = {}
            for name, sql in COUNTS_SQL.items():
                cursor.execute(sql)
                counts[name] = cursor.fetchone()[0]
            return counts
    finally:
        conn.close()


def _prepare_empty(database):
    """Create the database when missing; refuse one that holds tables already
    (a restore never mixes two sites)."""
    admin = database.connect("postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database.name])
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(database.name)}")
                return
    finally:
        admin.close()
    conn = database.connect()
    try:
        with conn.cursor() as cursor:
            # spatial_ref_sys comes with PostGIS itself.
            cursor.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN "
                "('pg_catalog', 'information_schema', 'tiger', 'topology') AND table_name <> 'spatial_ref_sys'"
            )
            if cursor.fetchone()[0]:
                raise Conflict(f"The database {database.name} is not empty; restore into a new or empty database.")
    finally:
        conn.close()


def _add_json(archive, name, data, work):
    path = work / name
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False))
    archive.add(path, name)


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tool_version(tool):
    return subprocess.run([tool, "--version"], check=True, capture_output=True, text=True).stdout.strip()
