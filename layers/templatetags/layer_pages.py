"""Template tags of the sectoral-layer pages; the header asks them what the
signed-in user is (akun/roles.py) and may do, so the rules stay in
layers/permissions.py."""

from django import template
from django.templatetags.static import static

from akun import roles

from .. import permissions
from ..models import LayerVersion
from ..styles import ICONS

register = template.Library()


@register.simple_tag(takes_context=True)
def akun(context):
    """The signed-in user's OPD and role: {opd, role, reviewer, can_upload,
    waiting} (waiting: versions submitted for review, counted for reviewers);
    all empty for anonymous visitors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"opd": None, "role": None, "reviewer": False, "can_upload": False, "waiting": 0}
    reviewer = permissions.is_reviewer(user)
    waiting = LayerVersion.objects.filter(status=LayerVersion.Status.SUBMITTED).count() if reviewer else 0
    return {
        "opd": roles.user_opd(user),
        "role": roles.role_of(user),
        "reviewer": reviewer,
        "can_upload": reviewer or roles.is_operator(user),
        "waiting": waiting,
    }


@register.simple_tag
def icon_urls():
    """{icon name: static URL} of the point pictograms (static/icons/<name>.svg)."""
    return {name: static(f"icons/{name}.svg") for name in ICONS}
