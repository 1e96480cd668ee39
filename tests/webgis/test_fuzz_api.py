"""Schemathesis against the live test server: every operation of /api/schema/,
anonymously and with an OPD operator's and a DTRB planner's token, must never
answer a 5xx, whatever it is sent.

Schemathesis (PyPI ``schemathesis``, 4.x) reads the schema the server serves
and generates both valid and invalid requests from it (formats, examples and
enums of core/openapi.py). Path parameters are drawn half of the time from the
real objects made here (a published layer with features, a plan, a land use,
a finished compliance run, an upload), so that requests reach the real logic
rather than a 404. Per operation and identity: FUZZ_EXAMPLES Hypothesis
examples (fixed seed FUZZ_SEED) and FUZZ_COVERAGE of Schemathesis' boundary
cases; the defaults send about 7,000 requests, 1.5 to 3 minutes on two cores.
On failure each distinct 5xx (operation, identity, server exception) is
printed with the shortest request that caused it and the server's exception.
"""

import datetime
import os
import sys
import time
import traceback

import pytest
import schemathesis
from django.contrib.gis.geos import Point
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.cache import cache
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.core.signals import got_request_exception
from django.db import connections
from django.test.testcases import LiveServerThread
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from akun.models import ApiToken, Opd
from flood.models import BacaanTma, PosDugaAir
from layers.models import Feature, UploadJob
from roadmap.lokasi import create_lokasi
from tataruang import compliance
from tests.factories import make_user
from tests.factories.grid import CX, CY, lonlat
from tests.factories.layers import publish, published_layer
from tests.factories.plans import half_and_half_plan

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ_COVERAGE = int(os.environ.get("FUZZ_COVERAGE", "30"))
FUZZ_SEED = int(os.environ.get("FUZZ_SEED", "20261203"))
# Only the operations whose path starts with this (e.g. /api/peta-jalan/), to fuzz one app's endpoints.
FUZZ_ONLY = os.environ.get("FUZZ_ONLY", "")
KECAMATAN, DESA = "36.03.28", "36.03.28.1001"  # Kelapa Dua, where the grid lies
POS = "pda-cisadane-teluknaga"  # a river gauge (flood.views_gauges.EXAMPLE_POS)
# The OGC API - Tiles path of the z12 tile holding the grid (Kelapa Dua, 106.61 E 6.24 S).
OGC_TILE_PATH = {"tileMatrixSetId": "WebMercatorQuad", "tileMatrix": 12, "tileRow": 2119, "tileCol": 3260}
# z12 and z16 tiles holding the hazard raster of fuzz_world (X0 + 200 m, Y0 - 200 m).
FLOOD_TILE_PATH = {"z": [12, 16], "x": [3261, 52177], "y": [2119, 33905]}


class OneThreadServer(WSGIServer):
    """Django's WSGI server answering in the live-server thread itself: one
    database connection serves every request (the threaded server of the
    ``live_server`` fixture connects anew for each, 30-50 ms a request)."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


class OneThreadLiveServer(LiveServerThread):
    server_class = OneThreadServer


@pytest.fixture
def live_url(transactional_db):
    """The address of a live server (Django's LiveServerThread, as ``live_server``) on 127.0.0.1."""
    database = connections.databases["default"]
    max_age = database.get("CONN_MAX_AGE", 0)
    database["CONN_MAX_AGE"] = None  # the server thread keeps its connection between requests
    server = OneThreadLiveServer("127.0.0.1", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    assert server.error is None, server.error
    yield f"http://127.0.0.1:{server.port}"
    server.terminate()  # closes the thread's connection before the tables are flushed
    database["CONN_MAX_AGE"] = max_age


@pytest.fixture
def fuzz_world(wilayah_live):
    """Committed data for the live server: OPDs, the plan classes, an operator
    (Dinkes) and a planner (DTRB) with tokens, a published point layer of the
    operator with 20 features, a plan, a land use and a finished compliance run."""
    devnull = open(os.devnull, "w")
    call_command("load_opd", stdout=devnull)
    call_command("load_tataruang_reference", stdout=devnull)
    call_command("load_peta_jalan", stdout=devnull)
    opd = {o.kode: o for o in Opd.objects.all()}
    users = {
        "operator": make_user("operator-fuzz", opd["dinkes"]),
        "dtrb": make_user("perencana-fuzz", opd["dtrb"], staff=True),
    }
    points = [
        {
            "type": "Feature",
            "properties": {"nama": f"Puskesmas {i}", "kapasitas": i, "buka": i % 2 == 0},
            "geometry": {"type": "Point", "coordinates": lonlat(CX + 20 * i, CY + 10 * i)},
        }
        for i in range(20)
    ]
    layer = published_layer(users["operator"], opd["dinkes"], "puskesmas-fuzz", points, reviewer=users["dtrb"])
    plan, land_use = half_and_half_plan(users, opd, "fuzz")
    # Published, so that the registration form's candidate API (/api/tataruang/calon/) has a layer to answer for.
    publish(plan.layer_version, users["dtrb"])
    run = compliance.compute(compliance.start_run(plan, land_use))
    assert run.status == "succeeded", run.message
    # A river gauge with readings (flood/): the station code is the demo's.
    pos = PosDugaAir.objects.create(
        kode=POS,
        nama="Pos Cisadane Teluknaga",
        sungai="Cisadane",
        geom=Point(*lonlat(CX, CY), srid=4326),
        siaga_4_cm=120,
        siaga_3_cm=200,
        siaga_2_cm=280,
        siaga_1_cm=360,
    )
    for hours in range(3):
        BacaanTma.objects.create(pos=pos, waktu=timezone.now() - datetime.timedelta(hours=hours), tma_cm=150 + hours)
    lokasi = create_lokasi(
        users["operator"],
        {
            "program": "L-7",
            "tahun": 2025,
            "nama": "Puskesmas fuzz",
            "geometry": {"type": "Point", "coordinates": lonlat(CX, CY)},
        },
    )
    identities = {"anonim": {}}
    for name, user in (("operator", users["operator"]), ("perencana", users["dtrb"])):
        _token, key = ApiToken.issue(user, "fuzz")
        identities[name] = {"Authorization": f"Token {key}", "Accept-Language": "id"}
    real = {
        "slug": layer.slug,
        "polygon_slug": plan.layer_version.layer.slug,
        "features": list(Feature.objects.filter(version=layer.published_version).values_list("pk", flat=True)),
        "rencana": plan.pk,
        "lahan": land_use.pk,
        "kesesuaian": str(run.pk),
        "uploads": str(UploadJob.objects.filter(layer_version=layer.published_version).get().pk),
        **_hazard_raster(users),
        "lokasi": [lokasi.pk],
    }
    return identities, real


def _hazard_raster(users):
    """A published BPBD hazard raster over the grid, with its statistics; the ids of it and its upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from flood import services as flood_services
    from flood.statistics import compute_statistics
    from tests.flood.rasters import QUADRANTS, tif_bytes

    operator = make_user("operator-bpbd-fuzz", Opd.objects.get(kode="bpbd"))
    job = flood_services.start_raster_upload(
        uploaded_file=SimpleUploadedFile("bahaya.tif", tif_bytes(QUADRANTS, res=100.0, nodata=-1.0)),
        title="Bahaya fuzz",
        opd=operator.profile.opd,
        user=operator,
    )
    job = flood_services.run_raster_upload(job.pk)
    flood_services.publish_version(job.raster_version, users["dtrb"], compute=False)
    compute_statistics(job.raster_version)
    return {"raster": job.raster_version.raster_id, "raster_upload": str(job.pk)}


def real_path_values(operation, real):
    """The values of the operation's path parameters that name the objects of
    ``fuzz_world``, by name; None when one of them names nothing made there."""
    path = operation.path
    names = {p.name for p in operation.iter_parameters() if getattr(p.location, "value", p.location) == "path"}
    if not names:
        return None
    values = {}
    for name in names:
        if name == "slug":
            values[name] = [real["polygon_slug"] if "/tataruang/calon/" in path else real["slug"]]
        elif name == "number":
            values[name] = [1]
        elif name == "kode" and "/pos/" in path:
            values[name] = [POS]
        elif name == "kode" and "/peta-jalan/" in path:
            values[name] = ["L-5", "G-1", "En-14"]
        elif name == "kode":
            values[name] = [KECAMATAN if "/kecamatan/" in path else DESA]
        elif name == "fmt":
            values[name] = ["geojson", "gpkg", "shp", "csv", "kml"]
        elif name == "action":
            values[name] = ["submit", "reject", "publish"]
        elif name == "id" and "/peta-jalan/lokasi/" in path:
            values[name] = real["lokasi"]
        elif name == "dokumen_id":
            values[name] = [1]
        elif name == "id" and "/features/" in path:
            values[name] = real["features"]
        elif name == "id" and "/flood/rasters/" in path:
            values[name] = [real["raster_upload"] if "/uploads/" in path else real["raster"]]
        elif name in FLOOD_TILE_PATH and "/flood/rasters/" in path:
            values[name] = FLOOD_TILE_PATH[name]
        elif name == "collectionId":
            values[name] = [real["slug"], "desa", "rtrw", "peta-jalan"]
        elif name == "featureId":
            values[name] = real["features"]
        elif name in OGC_TILE_PATH:
            values[name] = [OGC_TILE_PATH[name]]
        else:
            key = next((key for key in ("rencana", "lahan", "kesesuaian", "uploads") if f"/{key}/" in path), None)
            if key is None:
                return None  # e.g. a token id: the fuzzer would revoke its own token
            values[name] = [real[key]]
    return values


def strategy_for(operation, real):
    """Valid and invalid requests, half of them on the real objects, and the schema's examples."""
    strategies = [operation.as_strategy(mode) for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
    values = real_path_values(operation, real)
    if values is not None:
        pinned = st.fixed_dictionaries({name: st.sampled_from(choices) for name, choices in values.items()})
        strategies += [
            pinned.flatmap(lambda p, m=mode: operation.as_strategy(m, path_parameters=p))
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ]
    return st.one_of(*strategies, *operation.get_strategies_from_examples())


def _shape(case):
    """The types of a case's body and query members: two cases of one shape test much the same."""
    body = case.body
    members = sorted((k, type(v).__name__) for k, v in body.items()) if isinstance(body, dict) else type(body).__name__
    return repr(members), repr(sorted((k, type(v).__name__) for k, v in (case.query or {}).items()))


def coverage_cases(schema, operation, real):
    """Up to FUZZ_COVERAGE of Schemathesis' deterministic boundary cases (each
    member missing, of the wrong type, at its limits), one of each shape first,
    on the real objects."""
    config = schema.config.generation_for(operation=operation)
    cases = list(schema.iter_coverage_cases(operation, generation_modes=list(GenerationMode), generation_config=config))
    by_shape = {}
    for case in cases:
        by_shape.setdefault(_shape(case), case)
    picked = list(by_shape.values())[:FUZZ_COVERAGE]
    rest = [case for case in cases if all(case is not chosen for chosen in picked)]
    step = max(1.0, len(rest) / max(1, FUZZ_COVERAGE - len(picked)))
    picked += [rest[int(i * step)] for i in range(min(FUZZ_COVERAGE - len(picked), len(rest)))]
    values = real_path_values(operation, real)
    for index, case in enumerate(picked):
        if values is not None:
            case.path_parameters = {name: choices[index % len(choices)] for name, choices in values.items()}
    return picked


class Findings:
    """The 5xx seen, one entry per distinct (operation, identity, server exception),
    each with the shortest request that caused it; and the number of requests."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.sent = 0
        self.errors = {}
        self.server_exceptions = []

    def record_exception(self, sender, request=None, **kwargs):
        # The live server runs in this process: note the exception behind a 5xx.
        error = sys.exc_info()[1]
        frame = traceback.extract_tb(sys.exc_info()[2])[-1]
        self.server_exceptions.append(f"{type(error).__name__} at {frame.filename}:{frame.lineno}: {error}"[:300])

    def call(self, operation, identity, headers, case):
        self.server_exceptions.clear()
        self.sent += 1
        # A connection per request: keep-alive costs 40 ms a request here (delayed ACKs).
        response = case.call(base_url=self.base_url, headers=headers, timeout=60)
        try:
            case.validate_response(response, checks=[not_a_server_error])
        except BaseExceptionGroup:  # schemathesis groups the failed checks
            cause = self.server_exceptions[-1] if self.server_exceptions else f"HTTP {response.status_code}"
            request = case.as_curl_command(headers=headers, base_url=self.base_url)
            key = (operation.label, identity, cause.split(": ", 1)[0])
            if key not in self.errors or len(request) < len(self.errors[key][1]):
                self.errors[key] = (cause, request)

    def report(self):
        return "\n".join(
            f"{label} as {identity}:\n  {cause}\n  {request[:1000]}"
            for (label, identity, _where), (cause, request) in sorted(self.errors.items())
        )


def _fuzz(findings, operation, strategy, identity, headers):
    """FUZZ_EXAMPLES requests of ``strategy`` as ``identity``, deterministic (FUZZ_SEED)."""

    @seed(FUZZ_SEED)
    @settings(
        max_examples=FUZZ_EXAMPLES,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        findings.call(operation, identity, headers, case)

    run()


def test_no_operation_answers_a_server_error(live_url, fuzz_world):
    identities, real = fuzz_world
    findings = Findings(live_url)
    schema = schemathesis.openapi.from_url(f"{live_url}/api/schema/?format=json")
    started, spent = time.monotonic(), {}
    got_request_exception.connect(findings.record_exception)
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            if not operation.path.startswith(FUZZ_ONLY):
                continue
            strategy = strategy_for(operation, real)
            boundaries = coverage_cases(schema, operation, real)
            began = time.monotonic()
            for identity, headers in identities.items():
                # Writes are rate limited per user: each operation starts afresh,
                # and with the tokens valid again should the fuzzer have revoked one.
                cache.clear()
                ApiToken.objects.update(revoked_at=None)
                _fuzz(findings, operation, strategy, identity, headers)
                for case in boundaries:
                    findings.call(operation, identity, headers, case)
            spent[operation.label] = time.monotonic() - began
    finally:
        got_request_exception.disconnect(findings.record_exception)
    slowest = ", ".join(f"{label} {seconds:.1f} s" for label, seconds in sorted(spent.items(), key=lambda i: -i[1])[:5])
    print(
        f"\nSchemathesis: {len(spent)} operations x {len(identities)} identities, {findings.sent} requests, "
        f"{len(findings.errors)} distinct 5xx, {time.monotonic() - started:.0f} s; slowest: {slowest}"
    )
    assert not findings.errors, "distinct 5xx (operation, identity, server exception):\n" + findings.report()
