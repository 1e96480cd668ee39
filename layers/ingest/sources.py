"""Finding and inspecting the spatial file inside an upload.

``inspect_upload`` is cheap (headers and layer metadata only) so the upload
request can refuse a bad file with a 4xx before a job is queued. It raises
ImportRefused for files that cannot be imported and NeedsInput when the user
must choose a CRS or a layer.
"""

import codecs
import shutil
import struct
from dataclasses import dataclass, field
from pathlib import Path

import pyogrio
from django.db import connection
from django.utils.translation import gettext as _

from core.params import INT_MAX, whole_number

from . import nul
from .archive import _is_ignored, unpack_zip
from .errors import FormatUnsupported, ImportRefused, NeedsInput

FORMATS = {
    ".shp": "shapefile",
    ".geojson": "geojson",
    ".json": "geojson",
    ".gpkg": "gpkg",
    ".kml": "kml",
    ".csv": "csv",
}
FORMAT_LABELS = {
    "shapefile": "ESRI Shapefile",
    "geojson": "GeoJSON",
    "gpkg": "GeoPackage",
    "kml": "KML",
    "csv": "CSV",
}
ARCHIVES = {".zip", ".kmz"}

# CRS offered when a file carries none (domain-tataruang.md, "CRS codes").
CRS_CHOICES = [
    ("EPSG:4326", "WGS 84 (lintang/bujur, derajat)"),
    ("EPSG:32748", "WGS 84 / UTM zona 48S"),
    ("EPSG:9488", "SRGI2013 / UTM zona 48S"),
    ("EPSG:23878", "DGN95 / UTM zona 48S"),
    ("EPSG:23834", "DGN95 / Indonesia TM-3 zona 48.2 (BPN)"),
]

CSV_X_NAMES = "lon,long,lng,longitude,bujur,x"
CSV_Y_NAMES = "lat,latitude,lintang,y"
CSV_DEGREE_NAMES = {"lon", "long", "lng", "longitude", "bujur", "lat", "latitude", "lintang"}


@dataclass
class Source:
    path: Path
    format: str
    layer: str | None = None
    crs: str | None = None
    srid: int | None = None
    encoding: str | None = None
    feature_count: int = 0
    geometry_type: str = ""
    fields: list = field(default_factory=list)
    open_options: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    nul_cut: list = field(default_factory=list)  # report entries of layers.ingest.nul


def inspect_upload(upload_path, original_name, workdir, options=None):
    """Unpack ``upload_path`` into ``workdir`` and describe the spatial file in it."""
    options = options or {}
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    candidates = _spatial_files(Path(upload_path), original_name, workdir)
    path = _choose_file(candidates, workdir, options.get("file"))
    fmt = FORMATS[path.suffix.lower()]
    source = Source(path=path, format=fmt)
    if fmt == "shapefile":
        _check_shapefile(path)
    if fmt == "csv":
        source.open_options = {
            "X_POSSIBLE_NAMES": CSV_X_NAMES,
            "Y_POSSIBLE_NAMES": CSV_Y_NAMES,
            "KEEP_GEOM_COLUMNS": "NO",
            "AUTODETECT_TYPE": "YES",
        }
        source.nul_cut = nul.strip_csv(path)  # before GDAL reads it: a NUL ends a CSV line there
    source.layer = _choose_layer(path, options.get("layer"))
    source.encoding = _choose_encoding(source, options.get("encoding"))
    info = _read_info(source)
    source.feature_count = info["features"]
    source.geometry_type = info["geometry_type"] or ""
    source.fields = list(zip(info["fields"], info["dtypes"], strict=False))
    if source.feature_count == 0:
        raise ImportRefused(_("The file contains no features."))
    if fmt == "csv" and not source.geometry_type:
        raise ImportRefused(
            _("The CSV file has no coordinate columns; name them lon and lat (or longitude/latitude, bujur/lintang).")
        )
    if source.geometry_type.endswith(("Z", "M", "ZM")) or " Z" in source.geometry_type:
        source.notes.append(_("Z/M values were dropped; the WebSIG stores 2D geometry."))
    source.crs, source.srid = _choose_crs(source, info, options.get("crs"))
    return source


def _spatial_files(upload_path, original_name, workdir):
    suffix = Path(original_name).suffix.lower()
    with open(upload_path, "rb") as fh:
        magic = fh.read(4)
    if suffix in ARCHIVES or magic == b"PK\x03\x04":
        files = unpack_zip(upload_path, workdir)
    elif suffix in FORMATS:
        if suffix == ".shp":
            raise ImportRefused(
                _("A shapefile is several files (.shp, .shx, .dbf, .prj); upload them together in one ZIP.")
            )
        target = workdir / f"upload{suffix}"
        shutil.copyfile(upload_path, target)
        files = [target]
    else:
        raise FormatUnsupported(
            _(
                "The format of '%(name)s' is not supported. Upload a zipped Shapefile, GeoJSON, "
                "GeoPackage, KML/KMZ or CSV with lon/lat columns."
            )
            % {"name": original_name},
        )
    found = [p for p in files if p.suffix.lower() in FORMATS and not _is_ignored(p.name)]
    if suffix == ".kmz":
        found = [p for p in found if p.suffix.lower() == ".kml"]
    if not found:
        raise ImportRefused(_("The archive contains no spatial file (.shp, .geojson, .gpkg, .kml or .csv)."))
    return sorted(found)


def _choose_file(candidates, workdir, chosen):
    if len(candidates) == 1:
        return candidates[0]
    names = [str(p.relative_to(workdir)) for p in candidates]
    if chosen in names:
        return workdir / chosen
    raise NeedsInput(
        {"file": {"options": names}},
        _("The archive holds several spatial files; choose the one to import."),
    )


def _check_shapefile(shp):
    siblings = {p.suffix.lower(): p for p in shp.parent.iterdir() if p.stem.lower() == shp.stem.lower()}
    missing = [ext for ext in (".shx", ".dbf") if ext not in siblings]
    if missing:
        raise ImportRefused(
            _("The shapefile %(name)s is incomplete: %(missing)s is missing.")
            % {"name": shp.name, "missing": ", ".join(missing)}
        )
    # Truncated uploads are common; the headers state how long each file must be.
    for ext, declared in (
        (".shp", _shp_declared_length(siblings[".shp"])),
        (".shx", _shp_declared_length(siblings[".shx"])),
        (".dbf", _dbf_declared_length(siblings[".dbf"])),
    ):
        actual = siblings[ext].stat().st_size
        if declared is None or actual < declared:
            raise ImportRefused(
                _("The file %(name)s is truncated or damaged (%(actual)d of %(declared)s bytes).")
                % {"name": siblings[ext].name, "actual": actual, "declared": declared or "?"}
            )


def _shp_declared_length(path):
    with open(path, "rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or struct.unpack(">i", header[:4])[0] != 9994:
        return None
    return struct.unpack(">i", header[24:28])[0] * 2


def _dbf_declared_length(path):
    with open(path, "rb") as fh:
        header = fh.read(32)
    if len(header) < 32:
        return None
    records, header_len, record_len = struct.unpack("<IHH", header[4:12])
    return header_len + records * record_len


def detect_dbf_encoding(dbf_path):
    """'UTF-8' when the records decode as UTF-8, else 'CP1252'; None when pure ASCII."""
    with open(dbf_path, "rb") as fh:
        header = fh.read(32)
        header_len = struct.unpack("<H", header[8:10])[0]
        fh.seek(header_len)
        data = fh.read(16 * 1024 * 1024)
    if all(b < 0x80 for b in data):
        return None
    try:
        data.decode("utf-8")
        return "UTF-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "UTF-8"
        return "CP1252"


def _choose_encoding(source, chosen):
    if chosen:
        chosen = gdal_encoding_name(chosen)
        source.notes.append(_("Attribute encoding chosen by the user: %(name)s.") % {"name": chosen})
        return chosen
    if source.format != "shapefile":
        return None
    cpg = [
        p
        for p in source.path.parent.iterdir()
        if p.stem.lower() == source.path.stem.lower() and p.suffix.lower() == ".cpg"
    ]
    if cpg:
        name = cpg[0].read_text(errors="replace").strip() or "UTF-8"
        source.notes.append(_("Attribute encoding from the .cpg file: %(name)s.") % {"name": name})
        return None  # GDAL reads the .cpg itself
    dbf = next(
        p
        for p in source.path.parent.iterdir()
        if p.stem.lower() == source.path.stem.lower() and p.suffix.lower() == ".dbf"
    )
    detected = detect_dbf_encoding(dbf)
    if detected:
        source.notes.append(
            _("No .cpg file: attribute encoding detected as %(name)s (you can choose another in the upload form).")
            % {"name": detected}
        )
        return detected
    return None


# Python codec names that GDAL/iconv spells differently.
GDAL_ENCODINGS = {"iso8859-1": "ISO-8859-1", "cp1252": "CP1252", "utf-8": "UTF-8", "ascii": "ASCII"}


def gdal_encoding_name(name):
    """A user's encoding name ('latin-1', 'windows-1252') as GDAL understands it."""
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        raise ImportRefused(_("Unknown character encoding '%(name)s'.") % {"name": name}) from None
    return GDAL_ENCODINGS.get(canonical, canonical.upper())


def _choose_layer(path, chosen):
    try:
        layers = [name for name, _geometry in pyogrio.list_layers(path)]
    except Exception as exc:  # GDAL raises several error classes for damaged files
        raise ImportRefused(_damaged_message(path)) from exc
    if len(layers) <= 1:
        return layers[0] if layers else None
    if chosen in layers:
        return chosen
    raise NeedsInput(
        {"layer": {"options": layers}},
        _("The file holds %(count)d layers; choose the one to import.") % {"count": len(layers)},
    )


def _read_info(source):
    try:
        return pyogrio.read_info(
            source.path,
            layer=source.layer,
            encoding=source.encoding,
            force_feature_count=True,
            **source.open_options,
        )
    except Exception as exc:  # pyogrio raises DataSourceError, DataLayerError, CPLE_* ...
        raise ImportRefused(_damaged_message(source.path)) from exc


def _damaged_message(path):
    return _("The file %(name)s is damaged or not a valid spatial file and cannot be read.") % {"name": path.name}


def _choose_crs(source, info, chosen):
    if chosen:
        srid = parse_epsg(chosen)
        source.notes.append(_("Coordinate system chosen by the user: EPSG:%(srid)d.") % {"srid": srid})
        return f"EPSG:{srid}", srid
    crs = info.get("crs")
    if source.format in ("geojson", "kml") and not crs:
        crs = "EPSG:4326"  # RFC 7946 and OGC KML fix WGS 84 lon/lat
    if source.format == "csv" and not crs:
        # Columns named lon/lat say the values are degrees; x/y could be metres.
        if CSV_DEGREE_NAMES & set(_csv_header(source.path)):
            crs = "EPSG:4326"
            source.notes.append(_("Coordinates read from lon/lat columns as WGS 84 degrees (EPSG:4326)."))
    if not crs:
        raise NeedsInput(
            {"crs": {"options": [{"code": code, "label": label} for code, label in CRS_CHOICES]}},
            _("The file does not say which coordinate system it uses (no .prj). Choose it."),
        )
    if crs.upper().startswith("EPSG:"):
        return crs, parse_epsg(crs)
    return crs, None


def _csv_header(path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        first = fh.readline()
    separator = ";" if first.count(";") > first.count(",") else ","
    return [name.strip().strip('"').lower() for name in first.split(separator)]


def parse_epsg(text):
    """'EPSG:32748' or '32748' to an SRID known to PostGIS; ImportRefused otherwise."""
    code = whole_number(str(text).strip().upper().removeprefix("EPSG:"), 1, INT_MAX)
    if code is None:
        raise ImportRefused(_("'%(text)s' is not an EPSG code.") % {"text": text})
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM spatial_ref_sys WHERE srid = %s", [code])
        if cursor.fetchone() is None:
            raise ImportRefused(_("EPSG:%(code)s is not a known coordinate system.") % {"code": code})
    return code
