"""Numbers of the profile pages in the active language (profil.format)."""

from django import template

from .. import format as fmt

register = template.Library()


@register.filter
def angka(value, digits=2):
    """{{ x|angka:2 }} -> '1.234,57'."""
    return fmt.number(value, int(digits))


@register.filter
def persen(value, digits=2):
    """{{ x|persen }} -> '12,34%'."""
    return fmt.percent(value, int(digits))


@register.filter
def nilai_indikator(value, satuan):
    """{{ v.nilai|nilai_indikator:ind.satuan }} -> '50,00%', '12,30 ha'."""
    return fmt.indicator_value(value, satuan)
