"""Rate limits for logins and API writes, kept in the shared (Redis) cache."""

from django.core.cache import cache
from rest_framework.throttling import UserRateThrottle

LOGIN_ATTEMPTS_ALLOWED = 10
LOGIN_WINDOW_S = 15 * 60


def client_ip(request):
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted
    # proxy rewrites it (nginx in docker-compose sets X-Real-IP for logs).
    return request.META.get("REMOTE_ADDR", "")


def _login_key(request, username):
    return f"login-failures:{client_ip(request)}:{(username or '').lower()[:150]}"


def login_blocked(request, username):
    return (cache.get(_login_key(request, username)) or 0) >= LOGIN_ATTEMPTS_ALLOWED


def record_login_failure(request, username):
    key = _login_key(request, username)
    cache.add(key, 0, LOGIN_WINDOW_S)
    cache.incr(key)


def clear_login_failures(request, username):
    cache.delete(_login_key(request, username))


class WriteRateThrottle(UserRateThrottle):
    """Writes per user (or per address for anonymous requests)."""

    scope = "write"

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)
