import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from akun.models import Opd, UserProfile
from akun.roles import ROLE_ADMIN, ROLE_OPERATOR, ROLE_PLANNER

DEMO_PASSWORD_DEFAULT = "websig-demo-2026"

# username, role, OPD code, full name
DEMO_USERS = [
    ("admin", ROLE_ADMIN, None, "Administrator WebSIG"),
    ("perencana", ROLE_PLANNER, "dtrb", "Perencana DTRB"),
    ("operator-dinkes", ROLE_OPERATOR, "dinkes", "Operator Dinas Kesehatan"),
    ("operator-bpbd", ROLE_OPERATOR, "bpbd", "Operator BPBD"),
    ("operator-dbmsda", ROLE_OPERATOR, "dbmsda", "Operator DBMSDA"),
    ("operator-dlhk", ROLE_OPERATOR, "dlhk", "Operator DLHK"),
]


class Command(BaseCommand):
    help = (
        "Create the local demo accounts listed in the README, one per role and a few OPD operators "
        "(idempotent; passwords from DEMO_PASSWORD). Never run this on a public server."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)
        User = get_user_model()
        for username, role, opd_code, full_name in DEMO_USERS:
            opd = Opd.objects.filter(kode=opd_code).first() if opd_code else None
            if opd_code and opd is None:
                raise CommandError("Run load_opd first.")
            first, _sep, last = full_name.partition(" ")
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": role != ROLE_OPERATOR,
                    "is_superuser": role == ROLE_ADMIN,
                    "email": f"{username}@localhost",
                    "first_name": first,
                    "last_name": last,
                },
            )
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get_or_create(name=role)[0])
            UserProfile.objects.update_or_create(user=user, defaults={"opd": opd})
            self.stdout.write(
                f"Demo user {username} ({role}{', ' + opd.singkatan if opd else ''}) "
                f"{'created' if created else 'exists'}."
            )
