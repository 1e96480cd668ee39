from django.utils.translation import gettext as _

from core.errors import Invalid


class BadCode(Invalid):
    """A kecamatan or desa code that is not in Kemendagri's form."""

    EXAMPLES = {"kecamatan": "36.03.01", "desa": "36.03.01.2001"}

    def __init__(self, level, kode):
        super().__init__(
            _("'%(kode)s' is not a %(level)s code; a %(level)s code looks like %(example)s.")
            % {"kode": kode, "level": level, "example": self.EXAMPLES[level]}
        )
