"""How the OpenAPI schema describes ``Authorization: Token <key>`` (akun.authentication)."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "akun.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "An API token from the profile page, sent as `Token <key>`",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    """The browser session, also for subclasses of DRF's SessionAuthentication
    (drf-spectacular's own extension matches the class itself only)."""

    target_class = "rest_framework.authentication.SessionAuthentication"
    match_subclasses = True
    priority = 1
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
