"""Browser fixtures: headless Chromium (the Debian package) driven by Playwright's sync API.

The map is tested offline: requests to the OpenStreetMap tile server are
aborted, so the page must fall back to its plain background.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.factories import PASSWORD
from tests.pages import compiled_translations, source_static_files  # noqa: F401

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse database access from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TILE_SERVER = "https://tile.openstreetmap.org/"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class ConsoleLog:
    """Errors the page reported: console.error messages and uncaught exceptions."""

    def __init__(self, page, expected=()):
        self.errors = []
        self.expected = expected
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _on_console(self, message):
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if url.startswith(TILE_SERVER) or any(expected(message.text, url) for expected in self.expected):
            return
        self.errors.append(f"{message.text} ({url})")


def _open_page(browser, options, locale):
    context = browser.new_context(locale=locale, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.route(TILE_SERVER + "**", lambda route: route.abort())
    return context, page


@pytest.fixture
def page(browser):
    """A desktop-sized page whose browser asks for Indonesian (Accept-Language: id-ID)."""
    context, page = _open_page(browser, DESKTOP, "id-ID")
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _open_page(browser, PHONE, "id-ID")
    yield page
    context.close()


def log_in(page, live_server, username):
    """Sign in through the login form, as a person would."""
    page.goto(live_server.url + "/masuk/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator(".masuk__kartu button[type=submit]").click()
    expect(page.locator(".akun__pengguna")).to_have_text(username)


def shot(page, path, full_page=False):
    """Let Leaflet's zoom and fade animations finish, then save the picture."""
    page.wait_for_timeout(500)
    page.screenshot(path=path, full_page=full_page)


def export_legends(page, map_name):
    """What an export of the map ``window[map_name]`` shows in its legend now:
    [{"title", "entries": [[label, colour], ...]}] (peta-alat.js shownLegends)."""
    return page.evaluate(
        """(name) => WebSIGTools.shownLegends(window[name]).map((l) => ({
            title: l.title, entries: l.entries.map((e) => [e.label, e.color]) }))""",
        map_name,
    )


def set_overlay_opacity(page, container, name, percent):
    """Move the opacity slider of the overlay ``name`` in the (collapsed) layer
    control of the map in ``container`` (a CSS selector) to ``percent``."""
    page.locator(container).scroll_into_view_if_needed()
    page.locator(f"{container} .leaflet-control-layers").hover()
    page.locator(f"{container} .kontrol-lapisan__opasitas input[aria-label='Opasitas {name}']").fill(str(percent))
