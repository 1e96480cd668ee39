from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

from akun.roles import ROLE_ADMIN, ROLE_OPERATOR, ROLE_PLANNER

# Django admin permissions of each role; everything else is decided by
# akun/roles.py and layers/permissions.py, not by model permissions.
ADMIN_PERMISSIONS = {
    ROLE_PLANNER: [
        ("layers", "expectedlayer", ("add", "change", "delete", "view")),
        ("layers", "layer", ("change", "view")),
        ("layers", "layergrant", ("add", "change", "delete", "view")),
        ("akun", "opd", ("view",)),
        ("layers", "uploadjob", ("view",)),
        ("tataruang", "compliancerule", ("change", "view")),
        ("tataruang", "itbxrule", ("add", "change", "delete", "view")),
        ("tataruang", "activity", ("add", "change", "view")),
        ("tataruang", "plan", ("view",)),
        ("tataruang", "landuse", ("view",)),
        ("tataruang", "compliancerun", ("view",)),
        ("tataruang", "wilayahperencanaan", ("add", "change", "view")),
        ("tataruang", "sinkronisasirdtr", ("add", "change", "delete", "view")),
    ],
    ROLE_OPERATOR: [],
    ROLE_ADMIN: [],  # admins are superusers or get every permission below
}


class Command(BaseCommand):
    help = "Create the role groups (Operator OPD, Perencana DTRB, Admin) and give them their admin permissions."

    def handle(self, *args, **options):
        for role, grants in ADMIN_PERMISSIONS.items():
            group, _created = Group.objects.get_or_create(name=role)
            if role == ROLE_ADMIN:
                group.permissions.set(Permission.objects.all())
                continue
            wanted = [
                Permission.objects.get(
                    content_type__app_label=app, content_type__model=model, codename=f"{verb}_{model}"
                )
                for app, model, verbs in grants
                for verb in verbs
            ]
            group.permissions.set(wanted)
        self.stdout.write("Roles ready: " + ", ".join(ADMIN_PERMISSIONS))
