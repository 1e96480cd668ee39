"""ITBX matrix import from CSV (kode_kelas, kegiatan, itbx, syarat, sumber)."""

import csv

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from .models import Activity, ItbxRule, PlanClass

VERDICTS = {"I", "T", "B", "X"}


@transaction.atomic
def load_itbx(path, keep_edits=False, scheme="2021"):
    """Upsert the cells of an ITBX CSV; all or nothing. Returns the number of cells."""
    with open(path, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    activities = {a.kode: a for a in Activity.objects.all()}
    written = 0
    for number, row in enumerate(rows, start=2):
        classes = list(PlanClass.objects.filter(scheme=scheme, kode=(row.get("kode_kelas") or "").strip()))
        activity = activities.get((row.get("kegiatan") or "").strip())
        verdict = (row.get("itbx") or "").strip().upper()
        if not classes or activity is None or verdict not in VERDICTS:
            raise ValidationError(
                {
                    "detail": _("Row %(row)d of the ITBX file: unknown class, activity or verdict (use I, T, B or X).")
                    % {"row": number}
                }
            )
        for plan_class in classes:
            defaults = {"verdict": verdict, "condition": row.get("syarat", ""), "source_article": row.get("sumber", "")}
            if keep_edits:
                ItbxRule.objects.get_or_create(plan_class=plan_class, activity=activity, defaults=defaults)
            else:
                ItbxRule.objects.update_or_create(plan_class=plan_class, activity=activity, defaults=defaults)
            written += 1
    return written
