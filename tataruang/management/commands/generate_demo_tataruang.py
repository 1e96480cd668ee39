from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from akun.models import Opd
from core.sample import SAMPLE_LABEL
from layers.models import ExpectedLayer
from layers.samples import SAMPLE_DIR, import_sample
from tataruang import compliance, services
from tataruang.demo import struktur as demo_struktur
from tataruang.demo.rdtr import ensure_demo_rdtr
from tataruang.demo.rtrw import FILES, write_demo_files
from tataruang.models import ComplianceRun, LandUse, Plan


class Command(BaseCommand):
    help = (
        "Generate the demo RTRW pola ruang, land use 2025 and LP2B (DATA CONTOH, synthetic) over the real desa "
        "as shapefiles in data/shapefiles/ (--write, or when missing), load them through the upload pipeline, "
        "map and activate them and compute the compliance indicator. Skipped when a sample plan exists. "
        "The struktur ruang of the demo RTRW (centres and networks) is loaded and linked when it lacks one. "
        "The demo RDTR of WP-05 Tigaraksa (WP/SWP/blok, sub-zones) is loaded when missing (tataruang/demo/rdtr.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="regenerate the shapefiles")

    def handle(self, *args, **options):
        if options["write"] or not all((SAMPLE_DIR / name).exists() for name in FILES.values()):
            for path in write_demo_files():
                self.stdout.write(f"Wrote {path.name}")
        if options["write"] or not demo_struktur.files_exist():
            for path in demo_struktur.write_files():
                self.stdout.write(f"Wrote {path.name}")
        ensure_demo_rdtr(self.stdout, rewrite=options["write"])
        if Plan.objects.filter(is_sample=True, jenis=Plan.Jenis.RTRW).exists():
            self.stdout.write("Demo plan already loaded.")
            self._link_struktur()
            return
        user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        if user is None:
            raise CommandError("Run create_demo_users first.")
        dtrb, dpkp = Opd.objects.get(kode="dtrb"), Opd.objects.get(kode="dpkp")
        plan_version = import_sample(
            SAMPLE_DIR / FILES["plan"],
            title=f"RTRW Pola Ruang ({SAMPLE_LABEL})",
            opd=dtrb,
            theme="tata_ruang",
            user=user,
            expected=ExpectedLayer.objects.get(kode="dtrb-rtrw-pola-ruang"),
        )
        use_version = import_sample(
            SAMPLE_DIR / FILES["land_use"],
            title=f"Penggunaan Lahan 2025 ({SAMPLE_LABEL})",
            opd=dtrb,
            theme="tata_ruang",
            user=user,
        )
        import_sample(
            SAMPLE_DIR / FILES["lp2b"],
            title=f"LP2B ({SAMPLE_LABEL})",
            opd=dpkp,
            theme="pertanian",
            user=user,
            expected=ExpectedLayer.objects.get(kode="dpkp-lp2b"),
        )
        plan = Plan.objects.create(
            nama=f"RTRW Kabupaten Tangerang ({SAMPLE_LABEL})",
            jenis="RTRW",
            legal_basis="Perda contoh (bukan dasar hukum resmi)",
            year=2025,
            layer_version=plan_version,
            class_column="NAMOBJ",
            is_sample=True,
        )
        land_use = LandUse.objects.create(
            nama=f"Penggunaan lahan ({SAMPLE_LABEL})",
            year=2025,
            layer_version=use_version,
            class_column="REMARK",
            is_sample=True,
        )
        for source in (plan, land_use):
            services.set_mapping(source, services.suggest_mapping(source))
            services.activate(source)
        run = ComplianceRun.objects.create(
            plan=plan,
            land_use=land_use,
            matrix=compliance.current_matrix(),
            inputs={"plan": plan.pk, "land_use": land_use.pk},
            user=user,
        )
        run = compliance.compute(run)
        self.stdout.write(
            f"Demo plan: {plan.zones.count()} zones; land use: {land_use.parcels.count()} parcels; "
            f"indicator {run.indikator:.2f}% ({run.status})."
        )
        self._link_struktur()

    def _link_struktur(self):
        """Struktur ruang (centres, networks) of the demo RTRW; also added to installs loaded before it existed."""
        user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        if user is None:
            raise CommandError("Run create_demo_users first.")
        plan = demo_struktur.link_to_demo_plan(user, Opd.objects.get(kode="dtrb"))
        if plan is not None:
            counts = ", ".join(f"{v.layer.slug} ({v.feature_count})" for v in plan.struktur.select_related("layer"))
            self.stdout.write(f"Demo struktur ruang linked to {plan.nama}: {counts}.")
