"""Template tags every page may use: ``{% load websig %}``."""

from django import template
from django.utils.html import format_html

from core.formatting import format_number, format_percent
from core.sample import SAMPLE_LABEL

register = template.Library()


@register.simple_tag
def sample_label():
    """The sample-data label as text: DATA CONTOH (sintetis)."""
    return SAMPLE_LABEL


@register.simple_tag
def sample_badge(is_sample=True, css_class="lencana lencana--contoh"):
    """The label as a badge (``<span class="lencana lencana--contoh">``, the
    site's badge; ``css_class`` for another) when ``is_sample``; '' otherwise."""
    if not is_sample:
        return ""
    return format_html('<span class="{}">{}</span>', css_class, SAMPLE_LABEL)


@register.filter
def angka(value, digits=None):
    """``{{ x|angka }}``: 12.513 in Indonesian, 12,513 in English;
    ``{{ x|angka:2 }}``: 1.072,19. The site's one number format (core.formatting)."""
    return format_number(value, None if digits in (None, "") else int(digits))


@register.filter
def persen(value, digits=2):
    """``{{ x|persen }}``: 0,13% (Indonesian), 0.13% (English); '–' for None."""
    return "–" if value is None else format_percent(value, int(digits))
