"""Refusals of the import pipeline, as domain errors (core.errors): the upload
API answers them with their status (core.api), the worker records the same
message on the job."""

from core.errors import Invalid, TooLarge, Unsupported


class ImportRefused(Invalid):
    """The file cannot be imported; ``message`` is shown to the user as is."""


class FileTooLarge(TooLarge, ImportRefused):
    """The file, or what it unpacks to, is over a size limit."""


class FormatUnsupported(Unsupported, ImportRefused):
    """The file is of a format the import cannot read."""


class NeedsInput(Exception):
    """The import cannot go on until the user answers ``questions``
    (e.g. {"crs": {...}}, {"layer": {...}})."""

    def __init__(self, questions, message):
        super().__init__(message)
        self.questions = questions
        self.message = message
