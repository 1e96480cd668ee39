"""Locked-out logins (django-axes): the answer, the log line, and the token check.

Axes counts failed logins of one username from one address (settings
AXES_LOCKOUT_PARAMETERS) on every path that calls django.contrib.auth's
``authenticate``: /masuk/ and /admin/login/. API tokens are not passwords of
a user, so a bad token counts as a failure of the pseudo-username
TOKEN_USERNAME at the caller's address: guessing tokens locks that address's
bad guesses out (429), never a valid token nor a colleague's login. Password-reset requests are rated in
akun.throttling instead (they carry no password to count).
"""

import logging
import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

log = logging.getLogger("akun.lockout")

# Not a possible Django username (parentheses are not allowed in one).
TOKEN_USERNAME = "(api-token)"
# Axes stores the username tried in a 255-character column.
AXES_USERNAME_MAX = 255


def axes_username(request, credentials=None):
    """The username axes counts a failure against (settings.AXES_USERNAME_CALLABLE):
    what was typed, cut to the column axes stores it in (a longer one was a
    database error, so a 500, on /masuk/ and /admin/login/). No real username
    is that long (Django allows 150 characters)."""
    if credentials:
        username = credentials.get("username")
    else:
        username = request.POST.get("username")
    return str(username or "")[:AXES_USERNAME_MAX] or None


def seconds_until_unlocked(request, username):
    """Seconds until ``username`` at the request's address may try again (at
    least 1): the cool-off (settings.AXES_COOLOFF_TIME) after the last failure."""
    cool_off = get_cool_off(request)
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    if last is None:
        return max(1, int(cool_off.total_seconds()))
    return max(1, math.ceil((last + cool_off - timezone.now()).total_seconds()))


def lockout_message(seconds):
    minutes = max(1, math.ceil(seconds / 60))
    return _("Too many failed login attempts. Try again in %(minutes)d minutes.") % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """settings.AXES_LOCKOUT_CALLABLE: 429 with Retry-After; JSON under /api/,
    else the page templates/akun/terkunci.html."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    seconds = seconds_until_unlocked(request, username)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message(seconds)}, status=429)
    else:
        context = {"minutes": max(1, math.ceil(seconds / 60)), "message": lockout_message(seconds)}
        response = render(request, "akun/terkunci.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    log.warning("login locked out: username=%r ip=%s path=%s", username, ip_address, getattr(request, "path", ""))


class TokensLocked(Exception):
    """Too many bad tokens from this address; ``seconds`` until the next try."""

    def __init__(self, seconds):
        super().__init__(seconds)
        self.seconds = seconds


def token_probe(request):
    """What axes sees of a token request: its headers, path and method, not its
    body (axes records request.POST, which would read a whole upload)."""
    probe = HttpRequest()
    probe.META, probe.method = request.META, request.method
    probe.path, probe.path_info = request.path, request.path_info
    AxesProxyHandler.update_request(probe)
    return probe


def check_token_allowed(probe):
    """Raise TokensLocked when the address of ``probe`` (from token_probe) is
    locked out of token use."""
    if not AxesProxyHandler.is_allowed(probe, {"username": TOKEN_USERNAME}):
        raise TokensLocked(seconds_until_unlocked(probe, TOKEN_USERNAME))


def record_bad_token(probe):
    """Count a bad token as a failed login; raise TokensLocked when that reached the limit."""
    user_login_failed.send(sender=__name__, credentials={"username": TOKEN_USERNAME}, request=probe)
    if probe.axes_locked_out:
        raise TokensLocked(seconds_until_unlocked(probe, TOKEN_USERNAME))
