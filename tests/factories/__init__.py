"""Test data builders, Geotrek style: plain functions that create rows through
the same services as the application, with geometry whose answers can be
worked out by hand.

- here: users with a profile, an OPD and a role;
- ``tests.factories.grid``: rectangles in UTM 48S metres around desa Kelapa Dua;
- ``tests.factories.layers``: layers and layer versions, imported or empty;
- ``tests.factories.plans``: plans (RTRW/RDTR) and land use from those layers.
"""

from django.contrib.auth.models import Group, User

from akun.models import UserProfile
from akun.roles import ROLE_ADMIN, ROLE_OPERATOR, ROLE_PLANNER

PASSWORD = "rahasia-uji-123"


def make_user(username, opd=None, staff=False, superuser=False, role=None):
    """A user with a profile; ``role`` defaults to planner for DTRB staff and
    to operator for anyone else with an OPD."""
    user = User.objects.create_user(username, password=PASSWORD, is_staff=staff or superuser, is_superuser=superuser)
    UserProfile.objects.create(user=user, opd=opd)
    if role is None and not superuser:
        if staff and opd is not None and opd.kode == "dtrb":
            role = ROLE_PLANNER
        elif opd is not None:
            role = ROLE_OPERATOR
    if superuser:
        role = ROLE_ADMIN
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user
