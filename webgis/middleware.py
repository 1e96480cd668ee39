"""Security headers Django does not set itself."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware


class ContentSecurityPolicyMiddleware:
    """Only the site's own scripts; images from the site and the basemap tiles.

    Inline style attributes stay allowed (progress bars set widths in markup);
    inline scripts do not, so an attribute value that slips past escaping still
    cannot run.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        tiles = " ".join(settings.CSP_TILE_SOURCES)
        self.policy = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self' 'unsafe-inline'",
                f"img-src 'self' data: blob: {tiles}",
                "connect-src 'self'",
                "font-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ]
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class ApiGZipMiddleware(GZipMiddleware):
    """Compress API responses (GeoJSON of 274 desa: 590 KB -> ~150 KB).

    Pages are left alone: compressing HTML that carries a CSRF token invites
    BREACH; API bodies carry no secrets of the requester.
    """

    def process_response(self, request, response):
        if not request.path.startswith("/api/"):
            return response
        return super().process_response(request, response)
