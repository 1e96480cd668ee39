"""The review actions of a version, one dispatch for every reviewed kind
(layer versions here, hazard raster versions in flood.views_rasters): submit
(the owner), publish and reject (DTRB), each through the kind's services."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, PermissionDenied

from core import body, openapi

ACTIONS = ("submit", "publish", "reject")
ACTION_PARAMETER = openapi.path("action", {"type": "string", "enum": list(ACTIONS), "example": "submit"})
REASON_MAX_CHARS = 2000


def require_login(request):
    """Refuse an anonymous caller before anything is looked up (403, not 404)."""
    if not request.user.is_authenticated:
        raise PermissionDenied(_("Log in first."))


def apply(services, version, request, action):
    """Run ``action`` on ``version`` as ``request.user`` through ``services``, a
    module with submit_version(version, user), publish_version(version, user)
    and reject_version(version, user, reason); an unknown action is a 404."""
    if action == "submit":
        services.submit_version(version, request.user)
    elif action == "publish":
        services.publish_version(version, request.user)
    elif action == "reject":
        reason = body.text(request.data.get("reason"), "reason", REASON_MAX_CHARS)
        services.reject_version(version, request.user, reason)
    else:
        raise NotFound()
