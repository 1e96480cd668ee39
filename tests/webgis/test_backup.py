"""make backup / make restore: a backup of a site with layers, a plan, land
use and a compliance run, restored into a fresh database of an empty
throwaway cluster, gives back the same feature counts, the same areas (UTM 48S
sums) and the same latest compliance figure, and the same files."""

import tarfile
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command

from core.backup import DUMP, MANIFEST, Database, site_counts
from tataruang import compliance
from tests.services import PostgresCluster
from tests.tataruang import conftest as tataruang_fixtures

pytestmark = pytest.mark.django_db(transaction=True)
half_and_half = tataruang_fixtures.half_and_half_live

# Per layer version: features and their area (m2, EPSG:32748).
FIGURES_SQL = """
SELECT l.slug, v.number, count(f.id), round(sum(ST_Area(ST_Transform(f.geom, 32748)))::numeric, 1)
FROM layers_layer l JOIN layers_layerversion v ON v.layer_id = l.id JOIN layers_feature f ON f.version_id = v.id
GROUP BY l.slug, v.number ORDER BY 1, 2
"""
LATEST_FIGURE_SQL = (
    "SELECT indikator FROM tataruang_compliancerun WHERE status = 'succeeded' ORDER BY created_at DESC LIMIT 1"
)


def figures(database):
    conn = database.connect()
    try:
        with conn.cursor() as cursor:
            cursor.execute(FIGURES_SQL)
            per_version = cursor.fetchall()
            cursor.execute(LATEST_FIGURE_SQL)
            return per_version, cursor.fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def empty_cluster():
    cluster = PostgresCluster(name="postgres", postgis=False)
    yield cluster
    cluster.stop()


def test_a_backup_restores_into_an_empty_cluster(half_and_half, empty_cluster, tmp_path):
    plan, land_use = half_and_half
    compliance.compute(compliance.start_run(plan, land_use))
    (settings.UPLOAD_ROOT / "uji").mkdir(exist_ok=True)
    (settings.UPLOAD_ROOT / "uji" / "upload.bin").write_bytes(b"persil")
    (settings.EXPORT_ROOT / "uji.csv").write_text("id\n1\n")
    source = Database.of_site()
    per_version, latest = figures(source)
    # The 200 m x 200 m parcel (40,000 m2) and the two 500 m x 1,000 m plan
    # zones (2 x 500,000 m2) of tests/tataruang/conftest.py.
    assert per_version == [("lahan-uji", 1, 1, Decimal("40000.0")), ("rtrw-uji", 1, 2, Decimal("1000000.0"))]
    assert latest == pytest.approx(50.0, abs=0.01)

    call_command("backup_site", destination=str(tmp_path / "backups"), stdout=open("/dev/null", "w"))
    (archive,) = (tmp_path / "backups").glob("*.tar")
    assert archive.name[:8].isdigit() and archive.name.endswith("Z.tar")
    assert archive.stat().st_mode & 0o077 == 0  # readable by its owner only
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {DUMP, MANIFEST, "uploads/uji/upload.bin", "exports/uji.csv"} <= names

    target = Database("restored", "127.0.0.1", empty_cluster.port, "postgres")
    restored_files = tmp_path / "restored"
    call_command(
        "restore_site",
        str(archive),
        database_url=empty_cluster.url("restored"),
        upload_root=str(restored_files / "uploads"),
        export_root=str(restored_files / "exports"),
        stdout=open("/dev/null", "w"),
    )
    assert figures(target) == (per_version, latest)
    assert site_counts(target) == site_counts(source)
    assert (restored_files / "uploads" / "uji" / "upload.bin").read_bytes() == b"persil"
    assert (restored_files / "exports" / "uji.csv").read_text() == "id\n1\n"

    # A second restore into the same, now full, database is refused.
    with pytest.raises(Exception, match="not empty"):
        call_command("restore_site", str(archive), database_url=empty_cluster.url("restored"))
