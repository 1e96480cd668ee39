from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.sample import SAMPLE_LABEL
from layers.models import ExpectedLayer, Layer
from layers.samples import SAMPLE_DIR, SAMPLES, import_sample


class Command(BaseCommand):
    help = (
        "Import the sample layers of data/shapefiles/ through the upload pipeline (the same path a "
        "user's file takes), label them DATA CONTOH (sintetis) and publish them. Layers that already "
        "exist are left alone, so re-running changes nothing."
    )

    def handle(self, *args, **options):
        reviewer = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        if reviewer is None:
            raise CommandError("Run create_demo_users first: publishing needs a reviewer account.")
        for sample in SAMPLES:
            expected = ExpectedLayer.objects.select_related("opd").get(kode=sample.expected)
            if Layer.objects.filter(expected=expected, is_sample=True).exists():
                continue
            path = SAMPLE_DIR / sample.filename
            if not path.exists():
                raise CommandError(f"{path} is missing; run generate_sample_files.")
            try:
                version = import_sample(
                    path,
                    title=sample.title,
                    opd=expected.opd,
                    theme=expected.theme,
                    user=reviewer,
                    expected=expected,
                    options=sample.options,
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            layer = Layer.objects.get(pk=version.layer_id)  # published since; reload before saving
            layer.style = sample.style
            layer.description = f"{SAMPLE_LABEL}: {expected.description}"
            # Metadata as the OPD would write it: in Indonesian.
            layer.abstract = f"{SAMPLE_LABEL}. Dibuat di atas batas desa yang sebenarnya untuk memperagakan WebSIG."
            layer.lineage = f"Dibuat dengan generate_sample_files; berkas data/shapefiles/{sample.filename}."
            layer.contact = f"{expected.opd.nama} (contoh)"
            layer.keywords = ["contoh", expected.theme, expected.opd.singkatan]
            layer.save()
            self.stdout.write(f"Loaded {layer.slug}: {version.feature_count} features ({sample.filename})")
