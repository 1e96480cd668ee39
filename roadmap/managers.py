"""QuerySets of the peta jalan: programmes by the API's filters, locations by the map's."""

from django.db import models
from django.db.models import Count, Q


class ProgramQuerySet(models.QuerySet):
    def for_api(self):
        """Programmes with their strategy, OPD, indicators and location count prefetched."""
        return (
            self.select_related("strategi")
            .prefetch_related("opd", "indikator")
            .annotate(jumlah_lokasi=Count("lokasi", distinct=True))
        )

    def filtered(self, dimensi=None, strategi=None, opd=None, q=None):
        """Programmes of a dimension slug, a strategy code (``L.1``), a leading OPD code,
        and/or whose name or indicator contains ``q`` (case-insensitive)."""
        qs = self
        if dimensi:
            qs = qs.filter(dimensi=dimensi)
        if strategi:
            qs = qs.filter(strategi__kode=strategi)
        if opd:
            qs = qs.filter(opd__kode=opd)
        if q:
            qs = qs.filter(Q(nama__icontains=q) | Q(indikator__nama__icontains=q) | Q(kode__iexact=q)).distinct()
        return qs

    def without_locations(self):
        """Programmes no location has been attached to (the DTRB worklist)."""
        return self.filter(lokasi__isnull=True)


class LokasiQuerySet(models.QuerySet):
    def filtered(self, dimensi=None, strategi=None, opd=None, tahun=None, status=None, program=None):
        qs = self
        if dimensi:
            qs = qs.filter(program__dimensi=dimensi)
        if strategi:
            qs = qs.filter(program__strategi__kode=strategi)
        if opd:
            qs = qs.filter(opd__kode=opd)
        if tahun:
            qs = qs.filter(tahun=tahun)
        if status:
            qs = qs.filter(status=status)
        if program:
            qs = qs.filter(program__kode=program)
        return qs

    def editable_by(self, user):
        """Locations ``user`` may edit: all for DTRB (roadmap.permissions), else its own OPD's."""
        from .permissions import edits_all

        if edits_all(user):
            return self
        opd = getattr(getattr(user, "profile", None), "opd_id", None)
        return self.filter(opd_id=opd) if opd else self.none()
