"""Who may do what with layers: every write path asks this module.

Roles for now: anonymous visitors (published layers only), OPD operators
(authenticated users whose profile names an OPD: upload into and submit for
their own OPD), DTRB reviewers (superusers, or staff of the DTRB: see, review
and publish every layer). Issue #4 extends these rules; keep them here.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

REVIEWER_OPD = "dtrb"


def user_opd(user):
    if not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    return profile.opd if profile else None


def is_reviewer(user):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    opd = user_opd(user)
    return user.is_staff and opd is not None and opd.kode == REVIEWER_OPD


def can_upload(user, opd):
    if is_reviewer(user):
        return True
    mine = user_opd(user)
    return mine is not None and opd is not None and mine.pk == opd.pk


def can_view_version(user, version):
    if version.status == version.Status.PUBLISHED or version.layer.published_version_id == version.pk:
        return True
    return can_upload(user, version.layer.opd)


def can_submit(user, version):
    return can_upload(user, version.layer.opd)


def can_review(user, version):
    return is_reviewer(user)


def visible_layers(user, layers):
    """The layers ``user`` may see: published ones, plus their own OPD's; all for reviewers."""
    if is_reviewer(user):
        return layers
    mine = user_opd(user)
    if mine is None:
        return layers.published()
    return layers.published() | layers.of_opd(mine)


def require(allowed, message=None):
    if not allowed:
        raise PermissionDenied(message or _("You do not have permission for this action."))
