"""What the hostile-input sweep (test_hostile_input.py) sends: hostile values
for path segments, query parameters and headers, hostile request bodies, and
the world of real rows the requests name so that views reach their real logic.

Everything here is fixed (no randomness): the sweep sends the same requests in
the same order on every run.
"""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from akun.models import ApiToken
from layers import editing, services
from layers.models import Feature, FeatureChange
from roadmap.lokasi import add_dokumen, create_lokasi
from tataruang import compliance
from tests.factories.grid import CX, CY, lonlat, rect
from tests.factories.layers import polygon_feature, published_layer
from tests.factories.plans import half_and_half_plan, polygon_layer
from tests.layers import files

# One value per class of hostile text; the key names the class in the summary.
HOSTILE = {
    "superscript-digit": "\u00b2",
    "arabic-indic-digits": "\u0661\u0660",
    "nul": "a\x00b",
    "control-chars": "a\x01\x08\x1b\x7fb",
    "very-long": "9" * 3000 + "x" * 2000,
    "negative": "-1",
    "int64-overflow": str(2**63),
    "dot-dot-slash": "../",
    "sql-quote": "' OR '1'='1",
}

# Parameters clients commonly send, tried on every operation.
COMMON_PARAMS = ["limit", "offset", "after", "version", "q", "kecamatan", "desa", "opd", "theme", "tahun", "user"]
# Parameters the site pages read (and the common ones).
PAGE_PARAMS = [
    *COMMON_PARAMS,
    "run",
    "perubahan",
    "layer",
    "halaman",
    "since",
    "until",
    "kegiatan",
    "level",
    "plan_class",
    "next",
    "lon",
    "lat",
]
# The classes each page parameter is also sent alone with (the combined request
# sends every page parameter at once with each class, and stops at the first one
# the page refuses).
PAGE_SINGLE_CLASSES = ["nul"]
# The classes each member of a real write body is replaced with in turn.
FIELD_CLASSES = ["superscript-digit", "arabic-indic-digits", "nul", "very-long", "int64-overflow"]

KELAPA_DUA_LON, KELAPA_DUA_LAT = files.KELAPA_DUA[:2]
SQUARE = files.square(KELAPA_DUA_LON, KELAPA_DUA_LAT, half=0.0005)


def _json(text):
    return ("application/json", text.encode("utf-8", "surrogatepass"))


# (class, content type, raw body): JSON written by hand where json.dumps would
# refuse (NaN, a lone surrogate, 1e400, deep nesting).
BODIES = [
    ("list", *_json("[]")),
    ("string", *_json('"x"')),
    ("number", *_json("5")),
    ("null", *_json("null")),
    ("empty-object", *_json("{}")),
    ("wrong-types", *_json('{"type": "Feature", "geometry": 5, "properties": []}')),
    (
        "5-number-coordinate",
        *_json('{"type": "Feature", "geometry": {"type": "Point", "coordinates": [106.6, -6.2, 1, 2, 3]}}'),
    ),
    (
        "hostile-properties",
        *_json(
            json.dumps(
                {
                    "type": "Feature",
                    "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
                    "properties": {"nama": "a\x00b", "luas": "\u0661\u0660", "kapasitas": "\u00b2"},
                }
            )
        ),
    ),
    ("nan-text", *_json('{"type": "Feature", "properties": {"luas": NaN, "nama": Infinity}, "version": NaN}')),
    ("huge-float", *_json('{"properties": {"luas": 1e400}, "geometry": {"type": "Point", "coordinates": [1e308, 1]}}')),
    ("int64-overflow", *_json('{"properties": {"luas": 9223372036854775808}, "version": 9223372036854775808}')),
    ("lone-surrogate", *_json('{"properties": {"nama": "\\ud800"}, "name": "\\udfff", "kegiatan": "\\ud800"}')),
    ("nul-in-strings", *_json('{"name": "a\\u0000b", "reason": "a\\u0000b", "kegiatan": "a\\u0000b"}')),
    ("bulk-create-number", *_json('{"create": 5}')),
    ("bulk-create-string", *_json('{"create": "abc"}')),
    (
        "bulk-wrong-items",
        *_json(
            '{"create": [5], "update": [{"id": "\u00b2", "version": "\u0661\u0660"}], '
            '"delete": [{"id": [], "version": {}}]}'
        ),
    ),
    (
        "source-wrong-types",
        *_json(
            '{"mapping": 5, "struktur": "x", "plan": "\u00b2", "land_use": [], "layer": {}, '
            '"version": "\u00b2", "year": "\u0661\u0660", "class_column": []}'
        ),
    ),
    (
        "misc-wrong-types",
        *_json('{"change": {}, "state": [], "reason": 5, "name": {}, "crs": "\u00b2", "geometry": "x"}'),
    ),
    ("unicode-digit-ids", *_json('{"version": "\u00b2", "id": "\u0661\u0660", "change": "\u0661"}')),
    ("deep-nesting", *_json("[" * 5000 + "]" * 5000)),
    ("truncated-json", *_json('{"a": ')),
    ("form-encoded", "application/x-www-form-urlencoded", b"version=%C2%B2&name=a%00b&crs=%D9%A1%D9%A0"),
]


def multipart_bodies(op_path):
    """(class, data dict) forms for the multipart operations: each field hostile in turn."""
    if op_path.endswith("/itbx/"):
        header = "kode_kelas,kegiatan,itbx,syarat,sumber\n"
        tables = [("no-file", None), ("short-row", header + "R-3,ruko,T\n")]
        for name, value in HOSTILE.items():
            tables.append((f"file:{name}", header + f"{value},{value},{value},{value},{value}\n"))
            tables.append((f"text cells:{name}", header + f"R-3,ruko,B,{value},{value}\n"))
        return [
            (kind, {} if table is None else {"file": SimpleUploadedFile("itbx.csv", table.encode("utf-8"))})
            for kind, table in tables
        ]
    geojson = files.feature_collection([files.point_feature(KELAPA_DUA_LON, KELAPA_DUA_LAT, nama="a")])
    bodies = [("no-file", {"opd": "dinkes"})]
    for field in ("crs", "encoding", "title", "opd", "theme", "layer", "expected"):
        for name in ("superscript-digit", "arabic-indic-digits", "nul", "very-long"):
            data = {"opd": "dinkes", field: HOSTILE[name]}
            data["file"] = SimpleUploadedFile("titik.geojson", geojson)
            bodies.append((f"{field}:{name}", data))
    for name in ("nul", "superscript-digit"):
        data = {"opd": "dinkes", "file": SimpleUploadedFile(f"t{HOSTILE[name]}.geojson", geojson)}
        bodies.append((f"filename:{name}", data))
    return bodies


class World:
    """Real rows for the sweep: a published Dinkes polygon layer ``taman`` with
    edited features, an active RTRW and land use with a finished compliance run,
    a published LP2B layer, an upload waiting for its CRS and API tokens."""

    def __init__(self, users, opd, tmp_path):
        call_command("load_tataruang_reference", stdout=open("/dev/null", "w"))
        parks = [
            polygon_feature([files.square(*files.BALARAJA[:2], half=0.0005)], nama="Taman Awal", luas=10),
            polygon_feature([SQUARE], nama="Taman Kelapa Dua", luas=20),
        ]
        self.layer = published_layer(users["dinkes"], opd["dinkes"], "Taman", parks, users["dtrb"], "taman.geojson")
        self.feature = Feature.objects.filter(version__layer=self.layer).order_by("pk").first()
        editing.update_feature(
            self.layer, self.feature.pk, {"properties": {"nama": "Taman Diubah"}}, users["dinkes"], "api", 1, True
        )
        self.change = FeatureChange.objects.filter(feature_id=self.feature.pk).order_by("pk").first()
        self.plan, self.land_use = half_and_half_plan(users, opd, "sapu")
        self.run = compliance.compute(compliance.start_run(self.plan, self.land_use))
        lp2b = [({"JENIS": "LP2B"}, rect(CX - 150, CY - 50, CX - 50, CY + 50))]
        polygon_layer(users, opd, "lp2b", lp2b, expected="dpkp-lp2b", publish=True)
        files.write_points_shapefile(tmp_path / "src", prj=False)
        archive = files.zip_dir(tmp_path / "src", tmp_path / "faskes.zip").read_bytes()
        self.upload = services.start_upload(
            uploaded_file=SimpleUploadedFile("faskes.zip", archive),
            title="Faskes",
            opd=opd["dinkes"],
            user=users["dinkes"],
        )
        self.raster, self.raster_upload = _hazard_raster(users, opd)
        # The peta jalan, a Dinkes location of L-7 (UHC) and a photo of it.
        call_command("load_peta_jalan", stdout=open("/dev/null", "w"))
        self.lokasi = create_lokasi(
            users["dinkes"], {"program": "L-7", "tahun": 2025, "nama": "Puskesmas", "geometry": self.point()}
        )
        photo = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
        self.dokumen = add_dokumen(users["dinkes"], self.lokasi, photo)
        self.admin_token = ApiToken.issue(users["admin"], "sampel")[0]
        self.keys = {role: ApiToken.issue(users[role], "sapu")[1] for role in ("dinkes", "dtrb")}

    @staticmethod
    def point():
        return {"type": "Point", "coordinates": lonlat(CX, CY)}

    def path_value(self, template, name):
        """The real value of path parameter ``name`` in the schema path ``template``."""
        if "/peta-jalan/" in template:
            return {"kode": "L-7", "id": str(self.lokasi.pk), "dokumen_id": str(self.dokumen.pk)}[name]
        if name == "id":
            for marker, value in (
                ("/flood/rasters/uploads/", self.raster_upload.pk),
                ("/flood/rasters/", self.raster.pk),
                ("/features/", self.feature.pk),
                ("/rencana/", self.plan.pk),
                ("/lahan/", self.land_use.pk),
                ("/kesesuaian/", self.run.pk),
                ("/tokens/", self.admin_token.pk),
                ("/uploads/", self.upload.pk),
            ):
                if marker in template:
                    return str(value)
        if name == "kode":
            return "36.03.28.1001" if "/desa/" in template else "36.03.28"
        if name == "featureId":
            return str(self.feature.pk)
        # OGC API - Tiles: the z12 tile holding the grid (Kelapa Dua, 106.61 E 6.24 S).
        ogc = {"collectionId": self.layer.slug, "tileMatrixSetId": "WebMercatorQuad"}
        ogc.update({"tileMatrix": "12", "tileRow": "2119", "tileCol": "3260"})
        ogc.update({"z": "12", "x": "3261", "y": "2119"})  # a hazard raster's tile (flood)
        return {"slug": self.layer.slug, "fmt": "geojson", "number": "1", "action": "submit", **ogc}[name]

    def real_body(self, template, method):
        """A body the write operation accepts (None: the operation takes none), so
        that each of its members can be made hostile in turn."""
        park = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}
        parcel = {"type": "Polygon", "coordinates": rect(CX - 50, CY - 50, CX + 50, CY + 50)}
        source = {"class_column": "NAMOBJ", "jenis": "RTRW", "legal_basis": "Perda No. 1 Tahun 2026", "year": 2026}
        bodies = {
            ("post", "/api/layers/{slug}/features/"): {**park, "properties": {"nama": "Baru", "luas": 5}},
            ("put", "/api/layers/{slug}/features/{id}/"): {**park, "properties": {"nama": "Ganti", "luas": 6}},
            ("patch", "/api/layers/{slug}/features/{id}/"): {"properties": {"luas": 7}},
            ("post", "/api/layers/{slug}/features/bulk/"): {"create": [{**park, "properties": {"nama": "B"}}]},
            ("post", "/api/layers/{slug}/features/{id}/revert/"): {"change": self.change.pk, "state": "before"},
            ("patch", "/api/layers/{slug}/"): {"title": "Taman Kota", "keywords": "taman", "scale_denominator": 5000},
            ("post", "/api/layers/{slug}/versions/{number}/{action}/"): {"reason": "Atribut kurang"},
            ("post", "/api/tataruang/kkpr/"): {"geometry": parcel, "kegiatan": "pabrik"},
            ("post", "/api/tataruang/kkpr/pdf/"): {"geometry": parcel, "kegiatan": "pabrik"},
            ("post", "/api/tataruang/rencana/"): {"layer": "rtrw-sapu", "version": 1, **source},
            ("patch", "/api/tataruang/rencana/{id}/"): {"mapping": {"Kawasan Peruntukan Industri": "KPI"}},
            ("post", "/api/tataruang/lahan/"): {"layer": "lahan-sapu", "class_column": "REMARK", "year": 2025},
            ("patch", "/api/tataruang/lahan/{id}/"): {"mapping": {"Industri dan Pergudangan": "industri"}},
            ("post", "/api/tataruang/kesesuaian/"): {"plan": self.plan.pk, "land_use": self.land_use.pk},
            ("post", "/api/uploads/{id}/"): {"crs": "EPSG:32748"},
            ("post", "/api/flood/rasters/uploads/{id}/"): {"crs": "EPSG:32748"},
            ("patch", "/api/flood/rasters/{id}/versions/{number}/"): {"classes": {"values": [[1, "rendah"]]}},
            ("post", "/api/flood/rasters/{id}/versions/{number}/{action}/"): {"reason": "Sumber kurang"},
            ("post", "/api/akun/tokens/"): {"name": "QGIS kantor"},
            ("post", "/api/peta-jalan/lokasi/"): {
                "program": "L-7",
                "tahun": 2025,
                "nama": "Posyandu",
                "geometry": self.point(),
                "nilai_realisasi": 50,
                "status": "berjalan",
            },
            ("patch", "/api/peta-jalan/lokasi/{id}/"): {"status": "selesai", "nilai_realisasi": 60},
        }
        return bodies.get((method, template))

    def page_kwargs(self, route):
        """Sample values for the converters of a site page route."""
        kwargs = {"slug": self.layer.slug, "uidb64": "MQ", "token": "set-password", "kode": "L-7"}
        if "fitur" in route:
            kwargs["pk"] = self.feature.pk
        elif "rencana" in route:
            kwargs["pk"] = self.plan.pk
        elif "lahan" in route:
            kwargs["pk"] = self.land_use.pk
        return kwargs

    def revision(self):
        """The sample feature's current revision (for an If-Match the write can pass)."""
        found = Feature.objects.filter(pk=self.feature.pk).values_list("revision", flat=True).first()
        return str(found or 1)


def _hazard_raster(users, opd):
    """A BPBD hazard raster (draft, over the grid) and an upload of it waiting for its CRS."""
    from flood import services as flood_services
    from tests.flood.rasters import QUADRANTS, tif_bytes

    job = flood_services.start_raster_upload(
        uploaded_file=SimpleUploadedFile("bahaya.tif", tif_bytes(QUADRANTS, res=100.0)),
        title="Bahaya sapu",
        opd=opd["bpbd"],
        user=users["bpbd"],
    )
    raster = flood_services.run_raster_upload(job.pk).raster_version.raster
    waiting = flood_services.start_raster_upload(
        uploaded_file=SimpleUploadedFile("tanpa_crs.tif", tif_bytes(QUADRANTS, crs=None)),
        title="Tanpa CRS",
        opd=opd["dinkes"],
        user=users["dinkes"],
    )
    return raster, waiting
