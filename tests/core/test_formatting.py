"""core.formatting: the one number format of pages, PDFs and (by the same
rules) WebSIG.formatNumber in the browser."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.formatting import format_number, format_percent
from tataruang.kkpr_putusan import decimal


@pytest.mark.parametrize(
    ("value", "digits", "indonesian", "english"),
    [
        (12513, None, "12.513", "12,513"),  # the catalogue's "12513 fitur"
        (12513, 0, "12.513", "12,513"),
        (1234.5, None, "1.234,5", "1,234.5"),
        (1234.5, 1, "1.234,5", "1,234.5"),
        (1072.19, 2, "1.072,19", "1,072.19"),
        (102762.9, 2, "102.762,90", "102,762.90"),
        (Decimal("1234.50"), 2, "1.234,50", "1,234.50"),
        # Half away from zero on the shortest decimal form, like Intl.NumberFormat
        # (Python's round(0.125, 2) is 0.12, round(2.675, 2) is 2.67).
        (0.125, 2, "0,13", "0.13"),
        (2.675, 2, "2,68", "2.68"),
        (0.025, 1, "0,0", "0.0"),
        (0.05, 1, "0,1", "0.1"),
        (-0.001, 2, "0,00", "0.00"),  # never "-0,00"
        (-1234.5, 0, "-1.235", "-1,235"),
        (0.1234567, None, "0,123457", "0.123457"),  # at most six decimals
        (2.50, None, "2,5", "2.5"),
    ],
)
def test_numbers_in_both_languages(value, digits, indonesian, english):
    with translation.override("id"):
        assert format_number(value, digits) == indonesian
    with translation.override("en"):
        assert format_number(value, digits) == english


def test_what_is_not_a_number_stays_text():
    assert format_number(None) == ""
    assert format_number("RTH-1") == "RTH-1"
    assert format_number(True) == "True"
    assert format_number(float("nan")) == "nan"


def test_percent_and_the_pdf_helper_round_alike():
    with translation.override("id"):
        assert format_percent(0.125) == "0,13%"
        # The KKPR PDF's helper is the same function: the page shows what the PDF prints.
        assert decimal(0.125, 2) == "0,13" and decimal(1072.185, 2) == "1.072,19"
    with translation.override("en"):
        assert format_percent(33.0949, 2) == "33.09%"


def test_template_filters():
    template = Template("{% load websig %}{{ n|angka }} · {{ ha|angka:2 }} · {{ p|persen }} · {{ none|persen }}")
    context = Context({"n": 12513, "ha": 1072.185, "p": 0.125, "none": None})
    with translation.override("id"):
        assert template.render(context) == "12.513 · 1.072,19 · 0,13% · –"
    with translation.override("en"):
        assert template.render(context) == "12,513 · 1,072.19 · 0.13% · –"
