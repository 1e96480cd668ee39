"""Template tags every page may use: ``{% load websig %}``."""

from django import template
from django.utils.html import format_html

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
