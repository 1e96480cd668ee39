"""``{% iso19139_report layer version can_edit %}``: on the layer page, the ISO
19115 mandatory elements its owner has not filled in, and the XML's address."""

from django import template
from django.urls import reverse

from satudata.iso19139 import missing_fields

register = template.Library()


@register.inclusion_tag("satudata/_iso19139_report.html")
def iso19139_report(layer, version, can_edit):
    return {
        "can_edit": can_edit,
        "missing": missing_fields(layer, version) if can_edit else [],
        "xml": reverse("satudata:iso19139", kwargs={"slug": layer.slug}),
        "query": f"?version={version.number}" if version != layer.published_version else "",
    }
