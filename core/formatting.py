"""One way to write a number for people: pages (the ``angka`` template filter,
core.templatetags.websig), PDFs (tataruang.kkpr_pdf) and, in the browser,
``WebSIG.formatNumber`` (static/js/websig.js) round and group alike.

Indonesian: 12.513 and 1.234,5; English: 12,513 and 1,234.5 (the active
language, django.utils.translation). Rounding is half away from zero on the
shortest decimal form of the float, which is what ``Intl.NumberFormat`` does:
0.125 -> 0,13 on the page and in the PDF alike (Python's ``round`` gives 0.12).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format

# Decimals shown when the caller does not say (an attribute value of unknown
# precision in a popup): as many as the value has, up to this many.
MAX_DIGITS = 6


def rounded(value, digits):
    """``value`` (int, float, Decimal or numeric str) as a Decimal with
    ``digits`` decimals, half away from zero; None when it is not a number."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    if not number.is_finite():
        return None
    return number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def format_number(value, digits=None):
    """``value`` grouped and rounded in the active language: '12.513',
    '1.072,19' (digits=2). ``digits=None``: the value's own decimals, at most
    MAX_DIGITS, trailing zeros dropped. Not a number: returned as text ('' for None)."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    number = rounded(value, MAX_DIGITS if digits is None else digits)
    if number is None:
        return str(value)
    if digits is None:
        number = number.normalize() if number != number.to_integral_value() else number.quantize(Decimal(1))
        digits = max(0, -number.as_tuple().exponent)
    if number.is_zero():
        number = abs(number)  # no "-0,00"
    return number_format(number, digits, force_grouping=True, use_l10n=True)


def format_percent(value, digits=2):
    """'0,13%' in Indonesian, '0.13%' in English."""
    return f"{format_number(value, digits)}%"
