"""The one error of a CQL2 filter, and the two forms of its message: text
that could not be read (syntax) and text read but not valid for this
collection (an unknown property, a type, a geometry); both name the
position (1-based, in characters) so a client can point at it."""

from django.utils.translation import gettext as _

# How much of a client's token a message repeats.
SHOWN_CHARS = 40


class CqlError(ValueError):
    """A filter that could not be read; ``message`` (translated) says what and where."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def at(position, problem):
    """The message of text that could not be read at ``position``."""
    return _("Filter could not be read at position %(position)s: %(problem)s") % {
        "position": position,
        "problem": problem,
    }


def invalid_at(position, problem):
    """The message of a filter read but not valid at ``position``."""
    return _("Filter is not valid at position %(position)s: %(problem)s") % {"position": position, "problem": problem}


def shown(text):
    """A client's token as a message repeats it: at most SHOWN_CHARS characters."""
    text = str(text)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"
