"""Rate limits per client address: API writes, anonymous heavy reads and
password-reset requests, counted in the shared (Redis) cache.

Login failures are not counted here: django-axes locks a username at an
address (settings AXES_*, akun/lockout.py).
"""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


def client_ip(request):
    """The client's address, from the request header named by settings.CLIENT_IP_HEADER.

    REMOTE_ADDR by default. Behind the docker-compose nginx every request comes
    from nginx, which overwrites X-Real-IP with the real peer address
    (deploy/nginx.conf), so compose sets CLIENT_IP_HEADER=HTTP_X_REAL_IP.
    X-Forwarded-For is never read: a client can write into it.
    """
    for key in (settings.CLIENT_IP_HEADER, "REMOTE_ADDR"):  # the peer itself when the header is unusable
        try:
            return str(ipaddress.ip_address(request.META.get(key, "").strip()))
        except ValueError:
            continue
    return None  # e.g. a Unix socket: no address (axes stores NULL)


class AddressIdentMixin:
    """DRF throttles identify anonymous clients by client_ip (not by X-Forwarded-For)."""

    def get_ident(self, request):
        return client_ip(request)


class WriteRateThrottle(AddressIdentMixin, UserRateThrottle):
    """Writes per user (or per address for anonymous requests)."""

    scope = "write"

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


class AnonymousHeavyThrottle(AddressIdentMixin, AnonRateThrottle):
    """Anonymous requests per address to an endpoint that costs the server
    real work (an overlay, a PDF, a file); logged-in users are not counted.
    The rate is settings REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]."""

    def get_rate(self):
        # Read per request (DRF reads it once at import), so a test can change it.
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]


class KkprCheckThrottle(AnonymousHeavyThrottle):
    scope = "kkpr"


class KkprPdfThrottle(AnonymousHeavyThrottle):
    scope = "kkpr_pdf"


class DownloadThrottle(AnonymousHeavyThrottle):
    scope = "download"


def _reset_counter_allows(key, rate):
    """Count one request against ``key``; False once ``rate`` ("5/hour") is used up."""
    limit, period = SimpleRateThrottle.parse_rate(None, rate)
    cache.add(key, 0, period)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, period)
        return True


def password_reset_allowed(request, email):
    """Whether a password-reset mail may be asked for now, from this address
    and for this e-mail; each counts settings.PASSWORD_RESET_RATE."""
    rate = settings.PASSWORD_RESET_RATE
    by_address = _reset_counter_allows(f"password-reset:ip:{client_ip(request)}", rate)
    email_hash = hashlib.sha256((email or "").strip().lower().encode()).hexdigest()
    by_email = _reset_counter_allows(f"password-reset:email:{email_hash}", rate)
    return by_address and by_email
