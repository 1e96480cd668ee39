"""Who may do what with layers: the one module every layer write path asks
(API, editor, upload, review, admin actions).

Roles are Django groups, looked up in akun/roles.py:
- Publik: anonymous visitors; they see published layers only.
- Operator OPD (group ``Operator OPD``, profile names the OPD): uploads into and
  edits the layers of its own OPD, except tata ruang layers; submits for review.
- Perencana DTRB (group ``Perencana DTRB``): edits every layer, tata ruang
  included; reviews, publishes and rejects.
- Admin (superuser or group ``Admin``): everything, including users and grants.
A ``LayerGrant`` gives one user edit rights on one more layer.
"""

from django.utils.translation import gettext as _

from akun.models import Opd
from akun.roles import is_operator, is_planner, user_opd
from akun.roles import require as require  # re-exported: every layer write path calls permissions.require

RESERVED_THEMES = {"tata_ruang"}  # edited by DTRB planners only


# Reviewing (publish/reject) is the planners' job.
is_reviewer = is_planner


def upload_opds(user):
    """``(opds, own_opd, reviewer)`` for an upload form: the OPDs ``user`` may
    upload for (a reviewer: every OPD; an operator: their own), the user's own
    OPD (None unless an operator) and whether the user is a reviewer."""
    reviewer = is_reviewer(user)
    own_opd = user_opd(user) if is_operator(user) else None
    opds = list(Opd.objects.all()) if reviewer else ([own_opd] if own_opd else [])
    return opds, own_opd, reviewer


def _own_opd(user, opd):
    mine = user_opd(user)
    return is_operator(user) and opd is not None and mine.pk == opd.pk


def can_upload(user, opd):
    """Upload a new layer (or version) for ``opd``."""
    return is_planner(user) or _own_opd(user, opd)


def can_manage_layer(user, layer):
    """See unpublished versions, edit metadata and style, submit for review."""
    return is_planner(user) or _own_opd(user, layer.opd) or _has_grant(user, layer)


def can_edit_features(user, layer):
    """Create, change and delete features of ``layer``."""
    if is_planner(user) or _has_grant(user, layer):
        return True
    return _own_opd(user, layer.opd) and layer.theme not in RESERVED_THEMES


def can_set_theme(user, theme, layer=None, expected=None):
    """Give a layer (``layer``, or a new one filling the catalogue entry
    ``expected``) the theme ``theme``. The reserved themes (tata ruang) are
    the planners' to give; a layer keeps the theme it has, and a catalogue
    entry brings the theme the planners gave it."""
    if theme not in RESERVED_THEMES or is_planner(user):
        return True
    return (layer is not None and layer.theme == theme) or (expected is not None and expected.theme == theme)


def reserved_theme_message():
    return _("Only DTRB planners may give a layer the spatial planning (tata ruang) theme.")


def refused_themes(user, layer=None):
    """The themes a theme select shows ``user`` disabled (the page's script
    may still pick one for a catalogue entry that has it)."""
    return {theme for theme in RESERVED_THEMES if not can_set_theme(user, theme, layer)}


def _has_grant(user, layer):
    return user.is_authenticated and layer.grants.filter(user=user).exists()


def can_view_version(user, version):
    if version.status == version.Status.PUBLISHED or version.layer.published_version_id == version.pk:
        return True
    return can_manage_layer(user, version.layer)


def default_version(user, layer):
    """The version ``user`` sees of ``layer`` when naming none: the published
    one, else (for its owner and reviewers) the latest; None otherwise."""
    if layer.published_version is not None:
        return layer.published_version
    version = layer.latest_version
    return version if version is not None and can_view_version(user, version) else None


def can_submit(user, version):
    return can_manage_layer(user, version.layer)


def can_review(user, version):
    return is_planner(user)


def visible_layers(user, layers):
    """The layers ``user`` may see: published ones, plus their own OPD's and
    granted ones; all of them for planners."""
    if is_planner(user):
        return layers
    if not user.is_authenticated:
        return layers.published()
    mine = user_opd(user)
    visible = layers.published() | layers.filter(grants__user=user)
    if is_operator(user):
        visible = visible | layers.of_opd(mine)
    return visible.distinct()
