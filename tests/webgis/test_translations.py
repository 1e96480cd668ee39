"""Every UI string has its Bahasa Indonesia translation (no empty or fuzzy entries)."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR, "locale", "id", "LC_MESSAGES").glob("*.po"))


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.name)
@pytest.mark.parametrize("flag", ["--untranslated", "--only-fuzzy"])
def test_catalogue_is_complete(catalogue, flag):
    output = subprocess.run(
        ["msgattrib", flag, "--no-obsolete", str(catalogue)], capture_output=True, text=True, check=True
    ).stdout
    missing = [line for line in output.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    assert missing == [], f"{catalogue.name}: {flag} {missing[:10]}"


def test_both_catalogues_exist():
    assert [p.name for p in CATALOGUES] == ["django.po", "djangojs.po"]
