"""Which zones decide the KKPR verdict of a parcel, and the sentence that says why.

A parcel drawn or uploaded by hand often touches a neighbouring zone along its
edge. Such slivers must not decide: a 1,072 ha parcel was once judged
"Terbatas" by an R-2 zone covering 0% of it. The rule (shown on the page and in
the PDF):

- a zone *decides* when it covers at least DECIDING_SHARE (2%) of the parcel,
  or at least DECIDING_AREA_HA (1 ha) of it while covering at least
  SLIVER_SHARE (0.1%) of it: a sliver under 0.1% never decides;
- of the deciding zones the strictest ITBX verdict counts (X > B > T > I);
- a point lies in one zone, which decides;
- when no zone reaches the threshold (a parcel spread over many small zones),
  the zone with the largest share decides.

Shares and hectares are those of tataruang.kkpr._zones (EPSG:32748).
"""

from django.utils.translation import gettext as _

from core.formatting import format_number

from .models import ItbxRule

DECIDING_SHARE = 0.02
DECIDING_AREA_HA = 1.0
SLIVER_SHARE = 0.001
# Worst verdict first: the parcel's overall verdict is the worst of its deciding zones.
SEVERITY = {"X": 3, "B": 2, "T": 1, "I": 0}


def decimal(value, digits):
    """``value`` with ``digits`` decimals in the active language (Indonesian:
    1.072,19), rounded as the page rounds it (core.formatting)."""
    return format_number(value, digits)


def threshold_text():
    """The threshold rule in one sentence, for the page, the API and the PDF."""
    return _(
        "Zones covering at least %(share)s%% of the parcel, or at least %(area)s ha of it (and over %(sliver)s%%), "
        "decide the verdict; the strictest of them counts. Smaller slivers along the edge do not decide."
    ) % {
        "share": decimal(DECIDING_SHARE * 100, 0),
        "area": decimal(DECIDING_AREA_HA, 0),
        "sliver": decimal(SLIVER_SHARE * 100, 1),
    }


def decides(zone, is_point):
    """True when ``zone`` (a dict of tataruang.kkpr._zones) takes part in the verdict."""
    if is_point:
        return True
    share = zone["porsi"] or 0
    return share >= DECIDING_SHARE or (share >= SLIVER_SHARE and (zone["luas_ha"] or 0) >= DECIDING_AREA_HA)


def decide(zones, is_point):
    """Mark each zone's ``menentukan`` and return the verdict:
    ``{"itbx": code or None, "zona": the deciding zone's code or None, "aturan": text}``."""
    for zone in zones:
        zone["menentukan"] = decides(zone, is_point)
    if zones and not any(zone["menentukan"] for zone in zones):
        max(zones, key=lambda zone: zone["porsi"] or 0)["menentukan"] = True
    deciding = [zone for zone in zones if zone["menentukan"]]
    judged = [zone for zone in deciding if zone["itbx"]]
    if not judged:
        return {"itbx": None, "zona": None, "aturan": _unjudged_text(deciding)}
    # The strictest verdict; among zones with it, the one covering most of the parcel.
    zone = max(judged, key=lambda z: (SEVERITY[z["itbx"]], z["porsi"] or 0))
    return {
        "itbx": zone["itbx"],
        "zona": zone["kode"],
        "aturan": _rule_text(zone, is_point, len(zones) - len(deciding)),
    }


def _rule_text(zone, is_point, ignored):
    verdict = dict(ItbxRule.Verdict.choices)[zone["itbx"]]
    meaning = {
        "I": _("permits the activity"),
        "T": _("permits the activity with limits"),
        "B": _("permits the activity under conditions"),
        "X": _("does not permit the activity"),
    }[zone["itbx"]]
    values = {"verdict": verdict[:1].upper() + verdict[1:], "kode": zone["kode"], "meaning": meaning}
    if is_point:
        return _("%(verdict)s: the point lies in zone %(kode)s, which %(meaning)s.") % values
    text = _("%(verdict)s: zone %(kode)s (%(share)s%% of the parcel, %(area)s ha) %(meaning)s.") % {
        **values,
        "share": decimal(zone["persen"], 2),
        "area": decimal(zone["luas_ha"], 2),
    }
    if ignored:
        text += " " + _("%(n)s smaller zone(s) along the edge do not decide.") % {"n": ignored}
    return text


def _unjudged_text(deciding):
    if not deciding:
        return _("No active plan covers this location.")
    return _("Not regulated: the ITBX matrix does not regulate this activity in zone %(kode)s.") % {
        "kode": deciding[0]["kode"]
    }
