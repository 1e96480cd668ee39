"""``Authorization: Token <key>`` for API clients (QGIS, scripts, Satu Data)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from . import lockout
from .models import ApiToken


class TokensLockedOut(exceptions.Throttled):
    """429 with Retry-After and the lockout message (not DRF's throttle text)."""

    def __init__(self, seconds):
        exceptions.APIException.__init__(self, lockout.lockout_message(seconds), "locked_out")
        self.wait = seconds


class ApiTokenAuthentication(BaseAuthentication):
    """A bad token answers 401 with ``WWW-Authenticate: Token`` (this class is
    first in DEFAULT_AUTHENTICATION_CLASSES, so DRF asks it for the header).
    Bad tokens count as failed logins of the caller's address (akun.lockout):
    after settings.LOGIN_FAILURE_LIMIT of them, bad tokens from there answer 429
    until the lockout ends. A valid token is always accepted: its 256-bit key
    cannot be guessed, and a colleague's script behind the same office address
    (NAT) must not be locked out by someone else's guesses."""

    keyword = b"token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token as 'Authorization: Token <key>'."))
        token = ApiToken.objects.matching(parts[1].decode(errors="replace"))
        if token is None:
            probe = lockout.token_probe(request._request)
            try:
                lockout.check_token_allowed(probe)
                lockout.record_bad_token(probe)
            except lockout.TokensLocked as locked:
                raise TokensLockedOut(locked.seconds) from None
            raise exceptions.AuthenticationFailed(_("The API token is not valid or has been revoked."))
        if token.last_used_at is None or (timezone.now() - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        return "Token"
