"""The registry of spatial indicators: what the dashboard, the kecamatan and
desa profiles, the reports, the indicator export and the Satu Data catalogue
show, one description per indicator and one way to read its values.

An app registers a *provider* in its AppConfig.ready() (``register``); a
provider has an ``indicator`` (its ``Indicator``: code, name, unit, producing
OPD, the levels it is computed for) and answers ``values(level, kode=None,
periode=None)``: its stored values at that level, as ``Value``s, for one area
(``kode``, a Kemendagri code) or for every area, for one period or every
stored one. Values come from stored runs (a compliance run, a flood statistics
job, the catalogue's state at each year's end), never from an overlay computed on a page
request; ``Value.sumber`` names the run so that a figure can be traced.

Levels are ``kabupaten`` (kode ``36.03``), ``kecamatan`` (``36.03.01``) and
``desa`` (``36.03.01.2001``), the Kemendagri codes of ``wilayah``.
"""

import threading
from dataclasses import asdict, dataclass

LEVELS = ("kabupaten", "kecamatan", "desa")

_providers = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Indicator:
    """What an indicator is: ``kode`` (stable, e.g. ``kesesuaian-rtrw``), ``nama``
    (lazy translated text), ``satuan`` (``persen``, ``ha``, ``jumlah``),
    ``produsen`` (the producing OPD's singkatan, Satu Data's "produsen data"),
    ``levels`` it exists at, ``deskripsi`` (how it is computed), ``program``
    (the peta jalan programme code when one asks for it, e.g. ``L-5``),
    ``url_name`` (the URL name of the page that explains it, see ``href``),
    ``order`` (position on the dashboard)."""

    kode: str
    nama: str
    satuan: str
    produsen: str
    levels: tuple = LEVELS
    deskripsi: str = ""
    program: str = ""
    url_name: str = ""
    order: int = 100

    def href(self):
        """The address of the page that explains the indicator ("" without one)."""
        from django.urls import reverse

        return reverse(self.url_name) if self.url_name else ""

    def as_dict(self):
        data = asdict(self)
        data["url"] = self.href()
        data["nama"] = str(self.nama)
        data["deskripsi"] = str(self.deskripsi)
        data["levels"] = list(self.levels)
        return data


@dataclass(frozen=True)
class Value:
    """One stored figure: ``indikator`` (its code) for the area ``kode`` at
    ``level`` in ``periode`` (a year as text, "2026"), ``nilai`` in the
    indicator's unit (None: not computable, e.g. nothing assessed), the
    ``target`` for that period when the master plan gives one, ``sumber`` (the
    run it comes from, e.g. ``compliance-run:12``), ``is_sample`` when it was
    computed from sample data, ``url`` of the list or map behind the figure;
    ``rincian`` (optional) names a breakdown of a kabupaten figure that is not
    an area, e.g. ``dimensi:governance`` or ``opd:dtrb``, with its label
    ``rincian_nama`` ("" for the figure of the area itself)."""

    indikator: str
    level: str
    kode: str
    nama: str
    periode: str
    nilai: float | None
    target: float | None = None
    sumber: str = ""
    is_sample: bool = False
    url: str = ""
    rincian: str = ""
    rincian_nama: str = ""
    # How ``nilai`` is held against ``target``: ">=" (reached), ">" (exceeded,
    # the master plan's ">80%"), "<=" (at most).
    pembanding: str = ">="

    @property
    def tercapai(self):
        """Whether the value meets its target (None without both)."""
        if self.target is None or self.nilai is None:
            return None
        compare = {">=": self.nilai >= self.target, ">": self.nilai > self.target, "<=": self.nilai <= self.target}
        return compare[self.pembanding]

    def as_dict(self):
        return {**asdict(self), "tercapai": self.tercapai}


class Provider:
    """Base class: set ``indicator`` and implement ``values``."""

    indicator: Indicator

    def values(self, level, kode=None, periode=None):
        raise NotImplementedError

    def unavailable_reason(self):
        """Why the indicator has no values now (e.g. its source layer is not
        published), in the request's language; "" when it has or may have some."""
        return ""


def stored(key, revision, compute):
    """``compute()``, kept in the Django cache under ``key`` for one
    ``revision`` of its inputs (e.g. the ids and times of the layer versions it
    reads): an overlay a provider needs runs once per new input, not on every
    page request. A cache that is down computes again (core.cache.FailSoftRedisCache)."""
    import hashlib

    from django.core.cache import cache

    # A digest: the revision's parts (times, ids) may hold spaces and colons.
    digest = hashlib.sha256("|".join(str(part) for part in revision).encode()).hexdigest()[:32]
    full = f"indikator:{key}:{digest}"
    found = cache.get(full)
    if found is None:
        found = compute()
        cache.set(full, found, timeout=None)
    return found


def register(provider):
    """Add ``provider`` (called from an AppConfig.ready(); a second registration
    of the same code replaces the first, so reloading an app is harmless)."""
    with _lock:
        _providers[provider.indicator.kode] = provider


def indicators():
    """Every registered Indicator, in dashboard order."""
    return sorted((p.indicator for p in _providers.values()), key=lambda i: (i.order, i.kode))


def provider(kode):
    """The provider of indicator ``kode``, or None."""
    return _providers.get(kode)


def values(level, kode=None, periode=None, indikator=None):
    """Stored values at ``level`` (one of LEVELS) of every indicator (or of the
    one named ``indikator``), for area ``kode`` and period ``periode`` when given,
    ordered by indicator, area and period."""
    if level not in LEVELS:
        raise ValueError(level)
    chosen = indicators() if indikator is None else [p.indicator for p in [provider(indikator)] if p]
    result = []
    for item in chosen:
        if level not in item.levels:
            continue
        found = _providers[item.kode].values(level, kode=kode, periode=periode)
        result.extend(sorted(found, key=lambda v: (v.kode, v.periode)))
    return result
