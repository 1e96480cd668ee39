"""Strict parsing of the peta jalan filters: a bad value is a 400 naming the parameter."""

import re

from django.utils.translation import gettext as _

from akun.models import Opd
from core.api import BadParameter

from .models import Dimensi, LokasiProgram, Strategi

STRATEGI_PATTERN = re.compile(r"^(G|B|Ec|L|S|En)\.\d{1,2}$")
PROGRAM_PATTERN = re.compile(r"^(G|B|Ec|L|S|En)-\d{1,2}$")
OPD_PATTERN = re.compile(r"^[-a-z0-9_]{1,30}$")


def _choice(params, name, choices):
    raw = params.get(name, "")
    if raw == "":
        return None
    if raw not in choices:
        raise BadParameter(
            name,
            _("Parameter '%(name)s' must be one of %(choices)s, not '%(value)s'.")
            % {"name": name, "choices": ", ".join(choices), "value": raw[:50]},
        )
    return raw


def _pattern(params, name, pattern, example):
    raw = params.get(name, "")
    if raw == "":
        return None
    if not pattern.match(raw):
        raise BadParameter(
            name,
            _("Parameter '%(name)s' must look like '%(example)s', not '%(value)s'.")
            % {"name": name, "example": example, "value": raw[:50]},
        )
    return raw


def parse_program_filters(params):
    """``dimensi``, ``strategi`` (``L.1``), ``opd`` (an OPD code) and ``q`` (text, at most 100 characters)."""
    q = params.get("q", "").strip()
    if len(q) > 100 or "\x00" in q:
        raise BadParameter("q", _("Parameter 'q' must be at most 100 characters of text."))
    filters = {
        "dimensi": _choice(params, "dimensi", Dimensi.values),
        "strategi": _pattern(params, "strategi", STRATEGI_PATTERN, "L.1"),
        "opd": _pattern(params, "opd", OPD_PATTERN, "dtrb"),
        "q": q or None,
    }
    if filters["strategi"] and not Strategi.objects.filter(kode=filters["strategi"]).exists():
        raise BadParameter(
            "strategi",
            _("Parameter 'strategi': no strategy '%(value)s' in the roadmap.") % {"value": filters["strategi"]},
        )
    if filters["opd"] and not Opd.objects.filter(kode=filters["opd"]).exists():
        raise BadParameter("opd", _("Parameter 'opd': no OPD with code '%(value)s'.") % {"value": filters["opd"]})
    return filters


def parse_lokasi_filters(params):
    """The map's filters: those of the programmes (without ``q``), ``tahun``, ``status`` and ``program``."""
    from core.params import parse_int

    filters = parse_program_filters(params)
    filters.pop("q")
    filters["tahun"] = parse_int(params, "tahun", None, 2024, 2030)
    filters["status"] = _choice(params, "status", LokasiProgram.Status.values)
    filters["program"] = _pattern(params, "program", PROGRAM_PATTERN, "L-5")
    return filters
