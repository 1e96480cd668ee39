"""Numbers of the profile in the active language (Indonesian: 1.234,5 ha; 12,34%),
the same on the page (the ``profil`` template filters) and in the PDF."""

from django.utils.formats import number_format


def number(value, digits=2):
    """``value`` with ``digits`` decimals and thousands grouping; '–' for None."""
    if value is None:
        return "–"
    return number_format(round(value, digits), digits, force_grouping=True)


def ha(value, digits=2):
    return number(value, digits)


def percent(value, digits=2):
    """'12,34%'; '–' for None."""
    return "–" if value is None else f"{number(value, digits)}%"


def indicator_value(value, satuan, digits=2):
    """A stored indicator figure with its unit: '50,00%', '1.234,50 ha', '12'."""
    if value is None:
        return "–"
    if satuan == "persen":
        return percent(value, digits)
    if satuan == "ha":
        return f"{number(value, digits)} ha"
    if satuan == "jumlah":
        return number(value, 0)
    return f"{number(value, digits)} {satuan}".strip()
