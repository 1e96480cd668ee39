"""Fixtures shared by the tests that render pages (the page tests of each app
in tests/<app>/test_pages*.py, tests/webgis, tests/browser).

tests/conftest.py imports them, so every directory has them.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command


def compile_translations_if_stale():
    """The .mo files are build products (git-ignored; the Makefile compiles
    them). Compile them when missing or older than their .po file, so a test run
    straight after editing a translation never reads a stale catalogue."""
    for locale_dir in settings.LOCALE_PATHS:
        for po in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                call_command("compilemessages", locale=[po.parent.parent.name], verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    compile_translations_if_stale()


@pytest.fixture(autouse=True)
def source_static_files(settings):
    """Serve and link static files from static/ as they are now, not from a
    possibly stale collectstatic: the manifest storage needs an up-to-date
    staticfiles.json, and the live server's static handler cannot find the
    hashed copies it points at."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def browser_for(client, users):
    """A Django test client in Indonesian (or ``language``), logged in as one of
    ``users`` (tests/conftest.py) or anonymous."""

    def build(role=None, language="id"):
        client.logout()
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        # Pages follow the language the user chose (the switcher's cookie),
        # not Accept-Language (webgis.middleware.IndonesianFirstLocaleMiddleware).
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if role:
            client.force_login(users[role])
        return client

    return build


def websig_config(client, html):
    """WebSIG.config as a page gets it: the page loads /websig-config.js before
    websig.js (templates/_websig_scripts.html); the script's JSON, parsed."""
    import json
    import re

    assert re.search(r'<script src="/websig-config\.js"></script>\s*<script src="[^"]*js/websig\.js"></script>', html)
    script = client.get("/websig-config.js").content.decode()
    prefix, suffix = "window.WEBSIG_CONFIG = ", ";\n"
    assert script.startswith(prefix) and script.endswith(suffix)
    return json.loads(script[len(prefix) : -len(suffix)])
