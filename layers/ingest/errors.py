from rest_framework.exceptions import APIException


class ImportRefused(APIException):
    """The file cannot be imported; ``message`` is shown to the user as is.

    An APIException so the upload API answers with ``status`` (400, 413, 415...)
    and ``{"detail": message}``; the worker records the same message on the job.
    """

    def __init__(self, message, status=400):
        super().__init__(detail=message)
        self.message = message
        self.status = self.status_code = status


class NeedsInput(Exception):
    """The import cannot go on until the user answers ``questions``
    (e.g. {"crs": {...}}, {"layer": {...}})."""

    def __init__(self, questions, message):
        super().__init__(message)
        self.questions = questions
        self.message = message
