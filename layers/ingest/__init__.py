"""The upload pipeline: unpack, inspect, read with pyogrio, COPY into PostGIS,
clean and assign desa/kecamatan in SQL, all or nothing.

Used by the upload API (inspection, synchronous, so bad files get a 4xx), the
Celery task (the load) and the management command that loads sample layers.
"""

from .errors import ImportRefused, NeedsInput

__all__ = ["ImportRefused", "NeedsInput"]
