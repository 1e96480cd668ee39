"""Attribute rules of catalogue layers: the fields a layer filling an
ExpectedLayer must have and the checks on their values, applied by every write
path (the upload's import, the editor and the API's feature writes, reverts).

An app registers a rule for a catalogue code in its AppConfig.ready
(``register``); a layer is under the rule of its ``expected`` entry. Layers
without a rule are checked as before (types only, layers.attributes).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .ingest.errors import ImportRefused

# The first problems of an upload named in its refusal (all are counted).
MAX_LISTED = 10


@dataclass(frozen=True)
class Field:
    name: str
    types: tuple  # accepted schema types (layers.ingest.loader.infer_schema)
    required: bool = True  # a value is required in every feature


@dataclass(frozen=True)
class AttributeRule:
    """``fields``: what the layer's schema must hold; ``check``: a function of a
    feature's attributes giving {name: message} for the values it refuses."""

    expected: str
    fields: tuple
    check: object = field(default=None)

    def schema_problems(self, schema):
        """Messages for the fields ``schema`` (a version's) lacks or holds with another type."""
        kinds = {item["name"]: item["type"] for item in schema}
        problems = []
        for item in self.fields:
            if item.name not in kinds:
                problems.append(_("the column '%(name)s' is missing") % {"name": item.name})
            elif kinds[item.name] not in item.types and (item.required or kinds[item.name] != "string"):
                # An optional column left empty in every row comes typed as text (GDAL's
                # guess); its values, if any, are checked one by one.
                problems.append(
                    _("the column '%(name)s' is of type %(type)s, expected %(expected)s")
                    % {"name": item.name, "type": kinds[item.name], "expected": " / ".join(item.types)}
                )
        return problems

    def value_problems(self, attrs):
        """{name: message} for the values of one feature's ``attrs`` the rule refuses."""
        problems = {
            item.name: _("a value is required")
            for item in self.fields
            if item.required and (attrs or {}).get(item.name) in (None, "")
        }
        if self.check:
            for name, message in self.check(attrs or {}).items():
                problems.setdefault(name, message)
        return problems


_RULES = {}


def register(rule):
    _RULES[rule.expected] = rule


def rule_for(layer):
    """The AttributeRule of ``layer`` (through its catalogue entry), or None."""
    if layer.expected_id is None:
        return None
    kode = getattr(layer.expected, "kode", None)
    return _RULES.get(kode)


def refuse_schema(layer, schema):
    """Raise ImportRefused (nothing imported) when a file's ``schema`` lacks a
    field of ``layer``'s rule or holds it with another type."""
    rule = rule_for(layer)
    missing = rule.schema_problems(schema) if rule else []
    if missing:
        raise ImportRefused(
            _("The file does not fit the layer '%(title)s': %(list)s.")
            % {"title": layer.title, "list": "; ".join(missing)}
        )


def refuse_values(layer, rows):
    """Raise ImportRefused when a row of ``rows`` ([(fid, attrs)], fid counted
    from 0) breaks ``layer``'s rule, naming the first MAX_LISTED."""
    rule = rule_for(layer)
    if rule is None:
        return
    bad = [(fid, problems) for fid, attrs in rows if (problems := rule.value_problems(attrs))]
    if not bad:
        return
    listed = "; ".join(
        _("feature %(n)d: %(list)s") % {"n": fid + 1, "list": ", ".join(f"{k} {v}" for k, v in problems.items())}
        for fid, problems in sorted(bad)[:MAX_LISTED]
    )
    raise ImportRefused(
        _("%(count)d features of the file have values the layer '%(title)s' does not accept: %(list)s.")
        % {"count": len(bad), "title": layer.title, "list": listed}
    )
