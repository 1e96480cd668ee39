"""Pages of an area's profile and its reports: thin, each finds the area
(profil.areas) and hands the profile (profil.services) to a template or a renderer."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.errors import NotFound
from webgis.views import bad_input

from . import pdf, peta_html, services
from .areas import area_for
from .errors import BadCode


def _area(request, level, kode):
    """(Area, None) or (None, the 400/404 answer)."""
    try:
        return area_for(level, kode), None
    except BadCode as error:
        return None, bad_input(request, error.message)
    except NotFound as error:
        return None, render(request, "404.html", {"message": error.message}, status=404)


def _links(area):
    kwargs = {} if area.level == "kabupaten" else {"kode": area.kode}
    return {
        "laporan": reverse(f"profil:{area.level}-laporan", kwargs=kwargs),
        "peta": reverse(f"profil:{area.level}-peta", kwargs=kwargs),
    }


@require_safe
def profile_page(request, level, kode=None):
    """/wilayah/kecamatan/<kode>/, /wilayah/desa/<kode>/ (and the kabupaten's)."""
    area, refusal = _area(request, level, kode)
    if refusal:
        return refusal
    data = services.profile(area)
    page_data = {
        "kode": area.kode,
        "level": area.level,
        "nama": data["judul"],
        "wilayah": services.outline_geojson(area),
        "tetangga_level": "desa" if area.level == "desa" else "kecamatan",
        "tetangga": [n["kode"] for n in data["tetangga"]],
    }
    context = {"profil": data, "page_data": page_data, "links": _links(area)}
    return render(request, "profil/wilayah.html", context)


@require_safe
def report_pdf(request, level, kode=None):
    """.../laporan.pdf: the printable report of the area (profil.pdf)."""
    area, refusal = _area(request, level, kode)
    if refusal:
        return refusal
    response = HttpResponse(pdf.render(area, services.profile(area)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="laporan-{area.level}-{area.kode}.pdf"'
    return response


@require_safe
def map_html(request, level, kode=None):
    """.../peta.html: the standalone interactive map of the area (profil.peta_html)."""
    area, refusal = _area(request, level, kode)
    if refusal:
        return refusal
    response = HttpResponse(peta_html.render(area, services.profile(area)), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="peta-{area.level}-{area.kode}.html"'
    # The file carries its own inline script and style (it must open offline); it is a download, not a page.
    response["Content-Security-Policy"] = "sandbox allow-scripts"
    return response
