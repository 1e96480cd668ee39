"""API-wide error handling: every error is JSON with a translated ``detail``.

Domain errors (``core.errors``) are mapped to their HTTP status here and only
here; ``BadParameter`` is the API's own 400 for a query parameter, naming it.
"""

import math
import re

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from . import errors

STATUS_OF = {
    errors.Invalid: status.HTTP_400_BAD_REQUEST,
    errors.NotFound: status.HTTP_404_NOT_FOUND,
    errors.Forbidden: status.HTTP_403_FORBIDDEN,
    errors.Conflict: status.HTTP_409_CONFLICT,
    errors.PreconditionRequired: status.HTTP_428_PRECONDITION_REQUIRED,
    errors.TooLarge: status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    errors.Unsupported: status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    errors.Unavailable: status.HTTP_503_SERVICE_UNAVAILABLE,
}


def status_of(error):
    """The HTTP status of a domain error (400 for a kind not listed)."""
    for kind in type(error).__mro__:
        if kind in STATUS_OF:
            return STATUS_OF[kind]
    return status.HTTP_400_BAD_REQUEST


class BadParameter(APIException):
    """A query parameter that cannot be parsed; answers 400 naming the parameter."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "bad_parameter"

    def __init__(self, parameter, message):
        self.parameter = parameter
        super().__init__(detail=message)


# get_object_or_404's message names the model in English and is not translated.
UNTRANSLATED_NOT_FOUND = re.compile(r"No \w+ matches the given query\.")


def exception_handler(exc, context):
    if isinstance(exc, errors.DomainError):
        return Response({"detail": str(exc.message), **exc.payload()}, status=status_of(exc))
    if isinstance(exc, Http404) and (not exc.args or UNTRANSLATED_NOT_FOUND.fullmatch(str(exc.args[0]))):
        exc = NotFound(_("Not found."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, Throttled) and exc.get_codes() == Throttled.default_code:
        response.data = {"detail": throttled_message(exc.wait)}
    elif isinstance(exc, BadParameter):
        response.data = {"detail": str(exc.detail), "parameter": exc.parameter}
    elif isinstance(response.data, dict) and "detail" not in response.data:
        response.data = {"detail": _("The request is not valid."), "errors": response.data}
    elif isinstance(response.data, list):
        response.data = {"detail": " ".join(str(m) for m in response.data)}
    return response


def throttled_message(wait):
    """The 429 text of a DRF throttle, with the wait in seconds (Retry-After says the same)."""
    if wait is None:
        return _("Too many requests from this address. Try again later.")
    return _("Too many requests from this address. Try again in %(seconds)d seconds.") % {"seconds": math.ceil(wait)}
