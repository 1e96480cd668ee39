import tempfile
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from akun.models import Opd
from core.sample import SAMPLE_LABEL
from flood import services
from flood.demo_raster import RESOLUTION_M, write_demo_raster
from flood.models import HazardRaster
from flood.statistics import compute_statistics

TITLE = f"Indeks Bahaya Banjir - {SAMPLE_LABEL}"


class Command(BaseCommand):
    help = (
        "Generate the synthetic flood hazard index (30 m, over the real kabupaten), load it through the "
        "raster upload service as BPBD, publish it and compute its statistics. Leaves an existing demo "
        "raster alone, so re-running changes nothing."
    )

    def handle(self, *args, **options):
        if HazardRaster.objects.filter(is_sample=True).exists():
            self.stdout.write("The demo hazard raster exists; nothing changed.")
            return
        users = get_user_model().objects
        reviewer = users.filter(is_superuser=True).order_by("pk").first()
        uploader = users.filter(username="operator-bpbd").first() or reviewer
        if reviewer is None:
            raise CommandError("Run create_demo_users first: publishing needs a reviewer account.")
        started = time.monotonic()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "indeks_bahaya_banjir_contoh.tif"
            rows, cols = write_demo_raster(path)
            try:
                version = services.load_raster(path, title=TITLE, opd=Opd.objects.get(kode="bpbd"), user=uploader)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        raster = version.raster
        raster.is_sample = True
        raster.source = f"{SAMPLE_LABEL}: dibuat oleh generate_demo_flood"
        raster.description = (
            f"{SAMPLE_LABEL}. Indeks bahaya banjir sintetis {RESOLUTION_M} m: tinggi di pesisir utara dan di "
            "sepanjang Cisadane, Cidurian dan Cimanceuri (alur sungai perkiraan), rendah di selatan."
        )
        raster.legal_basis = "Perka BNPB No. 2 Tahun 2012 (kelas indeks rendah/sedang/tinggi)"
        raster.save()
        services.submit_version(version, uploader)
        services.publish_version(version, reviewer, compute=False)
        compute_statistics(version)
        self.stdout.write(
            f"Loaded '{TITLE}' (raster {raster.pk}): {cols} x {rows} pixels of {RESOLUTION_M} m, published, "
            f"statistics computed in {time.monotonic() - started:.1f} s"
        )
