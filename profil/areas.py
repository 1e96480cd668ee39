"""Which area a profile or report is of: the kabupaten, a kecamatan or a desa,
found by its Kemendagri code, the code checked strictly first."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import NotFound
from wilayah.models import Desa, Kabupaten, Kecamatan

from .errors import BadCode

# Kemendagri codes: kecamatan 36.03.01, desa 36.03.01.2001 (ASCII digits only).
CODE_PATTERNS = {
    "kecamatan": re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}"),
    "desa": re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}"),
}
MODELS = {"kabupaten": Kabupaten, "kecamatan": Kecamatan, "desa": Desa}


@dataclass
class Area:
    """One area: ``level`` (kabupaten, kecamatan, desa), its row ``wilayah``
    (a model instance with geometry) and the ids of its desa."""

    level: str
    wilayah: object

    @property
    def kode(self):
        return self.wilayah.kode

    @property
    def nama(self):
        return self.wilayah.nama

    @property
    def luas_m2(self):
        return self.wilayah.luas_ukur_ha * 10000.0

    def desa(self):
        """The desa of the area (the desa itself for a desa), ordered by code."""
        rows = Desa.objects.defer("geom").order_by("kode")
        if self.level == "desa":
            return rows.filter(pk=self.wilayah.pk)
        if self.level == "kecamatan":
            return rows.filter(kecamatan=self.wilayah)
        return rows

    def desa_ids(self):
        return list(self.desa().values_list("pk", flat=True))

    def title(self):
        """'Kecamatan Curug', 'Desa Kadu Jaya', 'Kelurahan ...', 'Kabupaten Tangerang'."""
        if self.level == "desa":
            prefix = _("Kelurahan") if self.wilayah.jenis == Desa.Jenis.KELURAHAN else _("Desa")
            return f"{prefix} {self.nama}"
        if self.level == "kecamatan":
            return f"{_('Kecamatan')} {self.nama}"
        return self.nama


def area_for(level, kode=None):
    """The Area at ``level`` with code ``kode`` (the one kabupaten without a code).
    Raises BadCode for a code not in Kemendagri's form, NotFound for an unknown one."""
    model = MODELS[level]
    if level == "kabupaten":
        wilayah = model.objects.first()
        if wilayah is None:
            raise NotFound(_("The boundaries have not been loaded yet."))
        return Area(level, wilayah)
    if not isinstance(kode, str) or not CODE_PATTERNS[level].fullmatch(kode):
        raise BadCode(level, kode)
    related = ("kecamatan",) if level == "desa" else ()
    wilayah = model.objects.select_related(*related).filter(kode=kode).first()
    if wilayah is None:
        raise NotFound(_("There is no %(level)s with code %(kode)s.") % {"level": level, "kode": kode})
    return Area(level, wilayah)
