"""API-wide error handling: every error is JSON with a translated ``detail``."""

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.views import exception_handler as drf_exception_handler


class BadParameter(APIException):
    """A query parameter that cannot be parsed; answers 400 naming the parameter."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "bad_parameter"

    def __init__(self, parameter, message):
        self.parameter = parameter
        super().__init__(detail=message)


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, BadParameter):
        response.data = {"detail": str(exc.detail), "parameter": exc.parameter}
    elif hasattr(exc, "payload"):
        response.data = {"detail": str(exc.detail), **exc.payload()}
    elif isinstance(response.data, dict) and "detail" not in response.data:
        response.data = {"detail": _("The request is not valid."), "errors": response.data}
    elif isinstance(response.data, list):
        response.data = {"detail": " ".join(str(m) for m in response.data)}
    return response
