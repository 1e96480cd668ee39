"""Domain errors: what a service says when it refuses, without knowing about HTTP.

A service raises one of these with a message for the user (already translated,
shown as is) and optional extra members for the answer (``current=...``). The
one place that turns them into an HTTP status is ``core.api.exception_handler``
(for the API) and the pages that catch them; a Celery task records the message
on its job. Each class says what kind of refusal it is, so the mapping to a
status is made once, in ``core.api.STATUS_OF``.
"""


class DomainError(Exception):
    """A refusal the user can act on; ``message`` is shown to the user as is."""

    def __init__(self, message, **extra):
        super().__init__(message)
        self.message = message
        self.extra = extra

    def payload(self):
        """Extra members of the JSON error body (None values left out)."""
        return {key: value for key, value in self.extra.items() if value is not None}

    def __str__(self):
        return str(self.message)

    @property
    def status(self):
        """The HTTP status this refusal answers with; the mapping is ``core.api.STATUS_OF``."""
        from .api import status_of

        return status_of(self)


class Invalid(DomainError):
    """The input cannot be used as it is (400)."""


class NotFound(DomainError):
    """A thing the request names does not exist, or is not visible to the user (404)."""


class Forbidden(DomainError):
    """The user may not do this (403)."""


class Conflict(DomainError):
    """The request does not fit the current state: a stale revision, a wrong step of a workflow (409)."""


class PreconditionRequired(DomainError):
    """The request must name the state it was made against, e.g. a revision (428)."""


class TooLarge(DomainError):
    """The input is over a size limit (413)."""


class Unsupported(DomainError):
    """The input is of a kind that cannot be read (415)."""


class Unavailable(DomainError):
    """A service the request needs (the job queue) does not answer; try again later (503)."""
