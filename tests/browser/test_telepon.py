"""Every main page on a 390 x 844 phone, as the public, an OPD operator and a
DTRB planner: nothing is wider than the screen (document scrollWidth <= 390),
so no page scrolls sideways; wide tables scroll inside their own box.

The pages are those of the urls_pages modules and webgis/urls.py; the last test
fails when a page is added there without being added here."""

import os

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from layers.models import Feature
from tataruang.models import LandUse
from tests.tataruang.conftest import CX, CY, _build_half_and_half, polygon_layer, rect

from .conftest import ARTIFACTS, PHONE, ConsoleLog, _open_page, log_in

pytestmark = pytest.mark.usefixtures("wilayah_live")

WIDTH = PHONE["viewport"]["width"]


@pytest.fixture
def site(users, opd):
    """A plan and land use (half and half), the LP2B layer over them, the
    roadmap and the planning regions: every page has something to show."""
    devnull = open(os.devnull, "w")
    for command in ("load_tataruang_reference", "load_wilayah_perencanaan", "load_peta_jalan"):
        call_command(command, stdout=devnull)
    plan, land_use = _build_half_and_half(users, opd)
    # The demo's name of a land use: the long row heading widened the LP2B page to 429 px.
    LandUse.objects.filter(pk=land_use.pk).update(nama="Penggunaan Lahan 2025 (DATA CONTOH (sintetis))")
    version = polygon_layer(
        users,
        opd,
        "lp2b",
        [({"JENIS": "LP2B"}, rect(CX - 150, CY - 50, CX - 50, CY + 50))],
        expected="dpkp-lp2b",
        publish=True,
    )
    lp2b = version.layer
    feature = Feature.objects.filter(version=version).first()
    return {"plan": plan, "land_use": land_use, "lp2b": lp2b, "feature": feature}


def pages_by_role(site):
    slug, pk = site["lp2b"].slug, site["feature"].pk
    public = [
        "/",
        "/tentang/",
        "/katalog/",
        "/kkpr/",
        "/banjir/",
        "/peta-jalan/",
        "/peta-jalan/program/L-11/",
        "/masuk/",
        "/akun/reset/",
        "/tata-ruang/kesesuaian/",
        "/tata-ruang/lp2b/",
        "/tata-ruang/rencana/",
        f"/tata-ruang/rencana/{site['plan'].pk}/",
        f"/tata-ruang/lahan/{site['land_use'].pk}/",
        "/api/docs/",
        "/dasbor/",
        "/wilayah/kabupaten/",
        "/wilayah/kecamatan/36.03.28/",
        "/wilayah/desa/36.03.28.1001/",
    ]
    operator = ["/unggah/", "/editor/", "/akun/profil/", "/akun/kata-sandi/"]
    planner = [
        "/review/",
        "/banjir/unggah/",
        f"/layers/{slug}/",
        f"/editor/{slug}/",
        f"/editor/{slug}/riwayat/",
        f"/editor/{slug}/fitur/{pk}/riwayat/",
        "/tata-ruang/kesesuaian/",
        "/tata-ruang/lp2b/",
        "/tata-ruang/rencana/",
        "/tata-ruang/rencana/baru/",
    ]
    return [(None, public), ("operator-dinkes", operator), ("perencana-dtrb", planner)]


def test_no_main_page_is_wider_than_a_phone(browser, live_server, site):
    too_wide = []
    for username, paths in pages_by_role(site):
        context, page = _open_page(browser, PHONE, "id-ID")
        console = ConsoleLog(page)
        if username:
            log_in(page, live_server, username)
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, (username, path, response.status)
            page.wait_for_load_state("networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                page.screenshot(path=ARTIFACTS / f"telepon-lebar{path.replace('/', '_')}.png", full_page=True)
                too_wide.append((username, path, width))
        assert console.errors == [], (username, console.errors)
        context.close()
    assert too_wide == []


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            module = getattr(pattern.urlconf_module, "__name__", "")
            if "urls_pages" in module or module.endswith("urls_kkpr"):
                yield from (
                    prefix + str(pattern.pattern) + str(p.pattern)
                    for p in pattern.url_patterns
                    if isinstance(p, URLPattern)
                )
        elif isinstance(pattern, URLPattern) and pattern.name in (
            "peta",
            "tentang",
            "login",
            "api-docs",
            "password_change",
            "password_reset",
        ):
            yield prefix + str(pattern.pattern)


def test_every_page_of_the_urls_pages_modules_is_visited():
    # The routes, with <slug>/<int:pk> the test fills in; the redirect /tata-ruang/ is left out.
    covered = {
        "",
        "tentang/",
        "masuk/",
        "api/docs/",
        "akun/kata-sandi/",
        "akun/reset/",
        "kkpr/",
        "akun/profil/",
        "banjir/",
        "banjir/unggah/",
        "unggah/",
        "layers/<slug:slug>/",
        "review/",
        "katalog/",
        "editor/",
        "editor/<slug:slug>/",
        "editor/<slug:slug>/riwayat/",
        "editor/<slug:slug>/fitur/<int:pk>/riwayat/",
        "peta-jalan/",
        "peta-jalan/program/<str:kode>/",
        "tata-ruang/",
        "tata-ruang/kesesuaian/",
        "tata-ruang/lp2b/",
        "tata-ruang/rencana/",
        "tata-ruang/rencana/<int:pk>/",
        "tata-ruang/lahan/<int:pk>/",
        "tata-ruang/rencana/baru/",
        "dasbor/",
    }
    assert set(_routes(get_resolver().url_patterns)) - covered == set()
