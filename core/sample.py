"""How sample data shows wherever it shows (layers, plans, maps, files, pages).

The one spelling of the label: Python code imports ``SAMPLE_LABEL``, templates
use ``{% load websig %}{% sample_label %}`` (or ``{% sample_badge %}``), and the
front end reads ``WebSIG.config.sampleLabel``, served by the page base template.
"""

SAMPLE_LABEL = "DATA CONTOH (sintetis)"


def sample_label(is_sample):
    """The label for a thing that is (or is not) sample data; '' for real data."""
    return SAMPLE_LABEL if is_sample else ""
