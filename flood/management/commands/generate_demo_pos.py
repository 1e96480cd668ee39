from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from flood import demo


class Command(BaseCommand):
    help = (
        "Create the demo river gauges (DATA CONTOH (sintetis)) on the Cisadane, Cidurian and Cimanceuri, "
        "and replace their sample readings with 7 days of hourly ones ending now, recorded through the "
        "reading service as a logger's posts would be. Readings not marked as sample are kept; safe to re-run."
    )

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username="operator-bpbd").first()
        if user is None:
            raise CommandError("Run create_demo_users first: the readings are posted as operator-bpbd.")
        for pos, count in demo.load(user):
            self.stdout.write(f"{pos.kode}: {count} sample readings, {pos.desa_hilir.count()} desa downstream")
