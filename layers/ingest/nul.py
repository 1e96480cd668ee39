"""NUL characters (U+0000) in uploaded attribute values, found and reported.

PostgreSQL cannot store a NUL in text, and GDAL reads text as C strings: a
GeoJSON or GeoPackage value "x\\u0000y" reaches the import as "x", and in a
CSV a NUL ends the whole line, so the following columns (and, inside quotes,
the following rows) are lost. The import keeps going but says so in its
report (``report["nul_cut"]``, one entry per attribute: how many features,
the first feature number, an example as sent and as stored):

- CSV: the NUL bytes are removed from the work copy before GDAL reads it, so
  no column or row is lost ("x\\0y" is stored as "xy");
- GeoJSON, GeoPackage: the file is read again for the values GDAL cut
  ("x\\0y" is stored as "x").

Only files that contain a NUL at all are parsed a second time.
"""

import csv
import io
import json
import sqlite3

from django.utils.translation import gettext as _

NUL = "\x00"
SHOWN_NUL = "\u2400"  # ␀, how the report shows the character
EXAMPLE_LENGTH = 80
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class _Findings:
    """Per attribute: features with a NUL, the first one's number and value."""

    def __init__(self, store):
        self.store = store  # what the import keeps of a value with a NUL
        self.by_name = {}

    def add(self, name, number, value):
        entry = self.by_name.get(name)
        if entry is None:
            self.by_name[name] = {
                "attribute": name,
                "features": 1,
                "first_feature": number,
                "example": value.replace(NUL, SHOWN_NUL)[:EXAMPLE_LENGTH],
                "stored": self.store(value)[:EXAMPLE_LENGTH],
            }
        else:
            entry["features"] += 1

    def report(self):
        return list(self.by_name.values())


def strip_csv(path):
    """Remove the NUL bytes of the CSV at ``path`` (the import's own copy)
    before GDAL reads it; returns the report entries (empty without NULs)."""
    data = path.read_bytes()
    if b"\x00" not in data or data.startswith(UTF16_BOMS):
        return []  # UTF-16 text is half NUL bytes; GDAL's CSV reader does not read it either
    text = data.decode("utf-8", errors="replace")  # for the report only; the bytes keep their encoding
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ",")
    header = [name.replace(NUL, "") for name in next(reader, [])]
    findings = _Findings(store=lambda value: value.replace(NUL, ""))
    for number, row in enumerate(reader, start=1):
        for name, value in zip(header, row, strict=False):
            if NUL in value:
                findings.add(name, number, value)
    path.write_bytes(data.replace(b"\x00", b""))
    return findings.report()


def cut_by_gdal(source):
    """Report entries for the values GDAL will cut at a NUL in a GeoJSON or
    GeoPackage ``source``; [] for other formats or files without NULs."""
    if source.format == "geojson":
        return _geojson(source.path)
    if source.format == "gpkg":
        return _geopackage(source.path, source.layer)
    return []


def _cut(value):
    return value.split(NUL, 1)[0]


def _geojson(path):
    data = path.read_bytes()
    if b"\\u0000" not in data and b"\x00" not in data:
        return []
    try:
        document = json.loads(data, strict=False)
    except ValueError:  # GDAL read it; the report just cannot say more
        return []
    features = document.get("features") if isinstance(document, dict) else None
    findings = _Findings(store=_cut)
    for number, feature in enumerate(features if isinstance(features, list) else [], start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        for name, value in (properties if isinstance(properties, dict) else {}).items():
            if isinstance(value, str) and NUL in value:
                findings.add(name, number, value)
    return findings.report()


def _geopackage(path, layer):
    findings = _Findings(store=_cut)
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        table = _quoted(layer)
        info = connection.execute(f"PRAGMA table_info({table})").fetchall()
        columns = [row[1] for row in info if str(row[2]).upper().startswith("TEXT")]
        for column in columns:
            # A text value's bytes (CAST AS BLOB): SQLite's text functions stop at a NUL.
            rows = connection.execute(
                f"SELECT n, v FROM (SELECT row_number() OVER (ORDER BY rowid) AS n, CAST({_quoted(column)} AS BLOB) "
                f"AS v FROM {table}) WHERE instr(v, X'00') > 0"
            )
            for number, value in rows:
                findings.add(column, number, bytes(value).decode("utf-8", errors="replace"))
    except sqlite3.Error:  # GDAL read it; the report just cannot say more
        return []
    finally:
        connection.close()
    return findings.report()


def _quoted(name):
    return '"' + str(name).replace('"', '""') + '"'


def notes(entries):
    """The report's notes for ``entries``, one per attribute."""
    return [
        _(
            "%(count)d features had a NUL character in attribute '%(name)s' (first: feature %(number)d, "
            "'%(example)s'); it was stored as '%(stored)s'."
        )
        % {
            "count": entry["features"],
            "name": entry["attribute"],
            "number": entry["first_feature"],
            "example": entry["example"],
            "stored": entry["stored"],
        }
        for entry in entries
    ]
