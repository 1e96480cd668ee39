"""Who a user is: their role and their OPD. What a role may do with layers is
decided in layers/permissions.py, which builds on these lookups.

Roles are Django groups:
- Publik: anonymous visitors, no group.
- Operator OPD (group ``Operator OPD``): counts only when the user's profile
  names an OPD.
- Perencana DTRB (group ``Perencana DTRB``): the DTRB planners.
- Admin (superuser or group ``Admin``): everything a planner is, and more.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

ROLE_OPERATOR = "Operator OPD"
ROLE_PLANNER = "Perencana DTRB"
ROLE_ADMIN = "Admin"
ROLES = (ROLE_OPERATOR, ROLE_PLANNER, ROLE_ADMIN)


def _groups(user):
    """The names of ``user``'s groups, read once per user object."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_websig_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._websig_groups = cached
    return cached


def user_opd(user):
    """The Opd named in ``user``'s profile, or None (anonymous, no profile, no OPD)."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    return profile.opd if profile else None


def is_admin(user):
    return user.is_authenticated and (user.is_superuser or ROLE_ADMIN in _groups(user))


def is_planner(user):
    return is_admin(user) or ROLE_PLANNER in _groups(user)


def is_operator(user):
    return ROLE_OPERATOR in _groups(user) and user_opd(user) is not None


def role_of(user):
    """The highest role of ``user`` (one of ROLES), or None."""
    if is_admin(user):
        return ROLE_ADMIN
    if is_planner(user):
        return ROLE_PLANNER
    if is_operator(user):
        return ROLE_OPERATOR
    return None


def can_create_token(user):
    return user.is_authenticated and user.is_active


def require(allowed, message=None):
    """Raise PermissionDenied (403) with ``message`` unless ``allowed``."""
    if not allowed:
        raise PermissionDenied(message or _("You do not have permission for this action."))
