"""``Authorization: Token <key>`` for API clients (QGIS, scripts, Satu Data)."""

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .models import ApiToken
from .throttling import client_ip

FAILURES_ALLOWED = 20
FAILURE_WINDOW_S = 600


class ApiTokenAuthentication(BaseAuthentication):
    keyword = b"token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token as 'Authorization: Token <key>'."))
        ip_key = f"token-failures:{client_ip(request)}"
        if (cache.get(ip_key) or 0) >= FAILURES_ALLOWED:
            raise exceptions.Throttled(
                detail=_("Too many invalid tokens from this address; try again in a few minutes.")
            )
        token = ApiToken.objects.matching(parts[1].decode(errors="replace"))
        if token is None:
            cache.add(ip_key, 0, FAILURE_WINDOW_S)
            cache.incr(ip_key)
            raise exceptions.AuthenticationFailed(_("The API token is not valid or has been revoked."))
        if token.last_used_at is None or (timezone.now() - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        return "Token"
