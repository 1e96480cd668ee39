import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_PASSWORD_DEFAULT = "websig-demo-2026"


class Command(BaseCommand):
    help = (
        "Create the local demo accounts listed in the README (idempotent). "
        "Passwords come from DEMO_PASSWORD; never run this on a public server."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)
        User = get_user_model()
        admin, created = User.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@localhost"}
        )
        if created:
            admin.set_password(password)
            admin.save()
        self.stdout.write(f"Demo user admin {'created' if created else 'exists'}.")
