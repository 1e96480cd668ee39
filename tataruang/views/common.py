"""What several tata ruang API views share."""

from django.utils.translation import gettext as _

from layers import permissions


def require_planner(request):
    """Refuse (403) anyone but a DTRB planner: only they change spatial plans."""
    permissions.require(permissions.is_planner(request.user), _("Only DTRB planners may change spatial plans."))
