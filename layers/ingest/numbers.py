"""The number rule (layers.attributes) applied to an upload: one value out of
range refuses the whole file, naming the attribute, the feature and the range.

Checked on the features that are loaded (after the geometry checks), batch by
batch in the checking threads; the refusal ends the COPY and the import's
transaction rolls back, so nothing of the file is kept.
"""

import numpy as np
from django.utils.translation import gettext as _

from .. import attributes
from .errors import ImportRefused


def refuse_out_of_range(schema, arrays, rows):
    """ImportRefused for the first value in ``arrays`` (one per field of the
    version's ``schema``) that breaks the rule; ``rows`` are the features'
    0-based positions in the file (feature numbers count from 1)."""
    for field, array in zip(schema, arrays, strict=True):
        name, kind = field["name"], field["type"]
        index = attributes.first_out_of_range(array, kind) if kind in attributes.NUMERIC_KINDS else None
        if index is None:
            continue
        raise ImportRefused(
            _(
                "Attribute '%(name)s' of feature %(number)d holds %(value)s, outside the allowed range: "
                "%(range)s. Nothing was imported; correct the value and upload the file again."
            )
            % {
                "name": name,
                "number": int(rows[index]) + 1,
                "value": attributes.as_text(np.asarray(array)[index].item()),
                "range": attributes.allowed_range(kind),
            }
        )
