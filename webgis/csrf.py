"""CSRF failures in the request's language, for pages and for the API.

Django's CSRF middleware and DRF's session authentication both give a reason
as a fixed English sentence ("CSRF cookie not set.", "Referer checking failed
- ..."); ``reason_text`` turns it into what the user can do about it, for
Django's failure page (settings.CSRF_FAILURE_VIEW) and for the API's 403.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions


def reason_text(reason):
    """What a CSRF failure ``reason`` (Django's English sentence) means for the user, translated."""
    reason = str(reason or "")
    if reason.startswith(("Origin checking failed", "Referer checking failed")):
        return _("The request did not come from a page of this site (its Origin or Referer does not match).")
    if reason.startswith("CSRF cookie"):
        return _("Your browser did not send this site's security cookie (CSRF).")
    return _("The form's security token (CSRF) is missing or out of date.")


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a 403 page in the site's layout instead of Django's English one."""
    return render(request, "403_csrf.html", {"reason": reason_text(reason)}, status=403)


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication with its CSRF refusal translated."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            reason = str(exc.detail).removeprefix("CSRF Failed: ")
            raise exceptions.PermissionDenied(
                _(
                    "CSRF check failed: %(reason)s With a session, send the token in the X-CSRFToken header; "
                    "scripts should use an API token."
                )
                % {"reason": reason_text(reason)}
            ) from None
