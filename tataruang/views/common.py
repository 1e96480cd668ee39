"""What several tata ruang API views share."""

from django.utils.translation import gettext as _

from akun import roles


def require_planner(request):
    """Refuse (403) anyone but a DTRB planner: only they change spatial plans."""
    roles.require(roles.is_planner(request.user), _("Only DTRB planners may change spatial plans."))
