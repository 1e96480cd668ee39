"""Deterministic sample locations of a few spatial roadmap programmes, marked
DATA CONTOH (sintetis), attached through the same service as the API
(roadmap.lokasi.create_lokasi) by the demo DTRB planner. Replaces the previous
sample locations; real locations are never touched."""

import json

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import LineString, Polygon
from django.core.management.base import BaseCommand, CommandError

from core.sample import SAMPLE_LABEL
from roadmap.lokasi import create_lokasi
from roadmap.models import LokasiProgram, LokasiRiwayat, Program
from tataruang.models import Activity
from wilayah.models import Desa

# Activities (peraturan zonasi) of the demo locations, for the KKPR check of their zone.
KEGIATAN = {"S-17": "sekolah"}
# (programme, geometry kind, [(realisation, status), ...]) for 2025; desa picked by code, every 23rd.
DEMO = [
    ("Ec-1", "line", [(1.5, "selesai"), (2.1, "berjalan"), (4.9, "berjalan")]),
    ("Ec-5", "line", [(12.0, "berjalan"), (11.0, "selesai")]),
    ("L-11", "point", [(20, "selesai"), (10, "berjalan")]),
    ("L-14", "point", [(40, "selesai"), (52, "berjalan"), (30, "rencana")]),
    ("En-14", "point", [(15, "selesai"), (15, "selesai"), (15, "berjalan"), (15, "rencana")]),
    ("B-12", "polygon", [(1, "selesai")]),
    ("S-17", "point", [(50, "selesai"), (50, "berjalan"), (50, "berjalan")]),
    ("En-9", "point", [(61, "berjalan")]),
]
STEP = 23
# Offsets in degrees are fine here: the shapes only need to lie inside the desa, not to measure anything.
HALF_SIDE_DEG = 0.0007
LINE_DEG = 0.002


def _geometry(kind, desa):
    centre = desa.geom.point_on_surface
    x, y = centre.x, centre.y
    if kind == "point":
        geom = centre
    elif kind == "line":
        geom = LineString((x - LINE_DEG / 2, y), (x + LINE_DEG / 2, y), srid=4326)
    else:
        d = HALF_SIDE_DEG
        geom = Polygon(((x - d, y - d), (x + d, y - d), (x + d, y + d), (x - d, y + d), (x - d, y - d)), srid=4326)
    return json.loads(geom.geojson)


class Command(BaseCommand):
    help = "Create sample roadmap programme locations (DATA CONTOH); replaces earlier sample locations."

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username="perencana").first()
        if user is None:
            raise CommandError("Run create_demo_users first.")
        if not Program.objects.exists():
            raise CommandError("Run load_peta_jalan first.")
        desa = list(Desa.objects.order_by("kode"))
        if not desa:
            raise CommandError("Run load_wilayah first.")
        LokasiRiwayat.objects.filter(lokasi__is_sample=True).delete()
        removed = LokasiProgram.objects.filter(is_sample=True).count()
        LokasiProgram.objects.filter(is_sample=True).delete()
        # The activity only where the tata ruang reference is loaded (load_tataruang_reference).
        activities = Activity.objects.filter(kode__in=KEGIATAN.values()).count() == len(set(KEGIATAN.values()))
        made, index = 0, 0
        for kode, kind, rows in DEMO:
            for realisasi, status in rows:
                place = desa[(index * STEP) % len(desa)]
                index += 1
                create_lokasi(
                    user,
                    {
                        "program": kode,
                        "tahun": 2025,
                        "nama": f"{kode} {place.nama}",
                        "geometry": _geometry(kind, place),
                        "nilai_realisasi": realisasi,
                        "status": status,
                        "anggaran": 50_000_000 * (1 + index % 4),
                        "sumber_dana": "APBD",
                        **({"kegiatan": KEGIATAN[kode]} if kode in KEGIATAN and activities else {}),
                    },
                    is_sample=True,
                )
                made += 1
        self.stdout.write(f"Replaced {removed} sample roadmap locations with {made} ({SAMPLE_LABEL}).")
