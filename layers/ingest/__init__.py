"""The upload pipeline: unpack, inspect, read with pyogrio, check and repair the
geometry and assign desa/kecamatan in memory, COPY into PostGIS, all or nothing.

Used by the upload API (inspection, synchronous, so bad files get a 4xx), the
Celery task (the load) and the management command that loads sample layers.
"""

from .errors import FileTooLarge, FormatUnsupported, ImportRefused, NeedsInput

__all__ = ["FileTooLarge", "FormatUnsupported", "ImportRefused", "NeedsInput"]
