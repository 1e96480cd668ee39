"""Attaching programme locations and their documents: the one write path of the
API (and of the demo data). Geometry arrives as GeoJSON (lon/lat) and is read
and checked by the feature editor's rules (layers.editing.parse_geometry: size
caps, validity, at least half inside the kabupaten); desa and kecamatan come
from the shared assignment (wilayah.assignment.desa_for). Every write leaves a
LokasiRiwayat row (who, when, what the location was after the write)."""

import json
import uuid
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from akun.models import Opd
from akun.roles import user_opd
from core import body
from core.errors import Forbidden, Invalid, NotFound
from layers.editing import EditRefused, parse_geometry
from tataruang.models import Activity
from wilayah.assignment import desa_for

from . import permissions
from .models import DokumenLokasi, LokasiProgram, LokasiRiwayat, Program
from .parser import parse_value

GEOMETRY_KIND = {
    "Point": "point",
    "MultiPoint": "point",
    "LineString": "line",
    "MultiLineString": "line",
    "Polygon": "polygon",
    "MultiPolygon": "polygon",
}
# Documents a location may carry, recognised by their first bytes (not the name a client gives).
DOCUMENT_TYPES = {
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
    b"%PDF-": ("application/pdf", ".pdf"),
}
MAX_DECIMAL = Decimal("1e12")


def _geometry(value):
    if not isinstance(value, dict) or value.get("type") not in GEOMETRY_KIND:
        raise Invalid(
            _("'geometry' must be a GeoJSON Point, LineString or Polygon (or their Multi types)."), parameter="geometry"
        )
    try:
        return parse_geometry(value, GEOMETRY_KIND[value["type"]])
    except EditRefused as exc:
        raise Invalid(exc.message, parameter="geometry", **exc.extra) from exc


def _decimal(value, name, low=Decimal(0)):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise Invalid(_("'%(name)s' must be a number.") % {"name": name}, parameter=name)
    if isinstance(value, str):
        # As people type it in a form: "76,5", "150.000.000" (the roadmap's own reading of numbers).
        number, comparator = parse_value(value)
        if number is None or comparator != ">=" or value.strip().startswith(">="):
            raise Invalid(_("'%(name)s' must be a number.") % {"name": name}, parameter=name)
    else:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise Invalid(_("'%(name)s' must be a number.") % {"name": name}, parameter=name) from None
    if not number.is_finite() or not low <= number < MAX_DECIMAL:
        raise Invalid(_("'%(name)s' must be a number from 0 up to 10^12.") % {"name": name}, parameter=name)
    return number


def _program(value):
    kode = body.text(value, "program", 10)
    program = Program.objects.filter(kode=kode).first() if kode else None
    if program is None:
        raise Invalid(_("'program' must be the code of a roadmap programme, such as L-5."), parameter="program")
    return program


def _opd_for(user, program, value):
    """The OPD a new location belongs to: the operator's own; DTRB may name one of the programme's."""
    if not permissions.edits_all(user):
        return user_opd(user)
    kode = body.text(value, "opd", 30)
    if kode:
        opd = Opd.objects.filter(kode=kode).first()
        if opd is None:
            raise Invalid(_("'opd': no OPD with code '%(kode)s'.") % {"kode": kode}, parameter="opd")
        return opd
    # The first leading sector the plan names ("Dishub, Bappeda, Diskominfo" -> Dishub).
    from .services import OpdMatcher

    found, _unknown = OpdMatcher().match(program.opd_teks.split(";")[0])
    return found[0] if found else user_opd(user)


def _apply(lokasi, data, partial):
    """Set the fields named in ``data`` (all required ones unless ``partial``)."""
    if not partial or "nama" in data:
        nama = body.text(data.get("nama"), "nama", 200).strip()
        if not nama:
            raise Invalid(_("'nama' is required."), parameter="nama")
        lokasi.nama = nama
    if not partial or "tahun" in data:
        tahun = body.whole_number(data.get("tahun"), "tahun", 2024, 2030)
        if tahun is None:
            raise Invalid(_("'tahun' is required."), parameter="tahun")
        lokasi.tahun = tahun
    if not partial or "geometry" in data:
        lokasi.geom = _geometry(data.get("geometry"))
        lokasi.desa_id, lokasi.kecamatan_id = desa_for(lokasi.geom)
    if "status" in data or not partial:
        status = data.get("status") or LokasiProgram.Status.RENCANA
        if status not in LokasiProgram.Status.values:
            raise Invalid(
                _("'status' must be one of %(choices)s.") % {"choices": ", ".join(LokasiProgram.Status.values)},
                parameter="status",
            )
        lokasi.status = status
    for name in ("nilai_realisasi", "anggaran"):
        if name in data:
            setattr(lokasi, name, _decimal(data[name], name))
    if "sumber_dana" in data:
        lokasi.sumber_dana = body.text(data["sumber_dana"], "sumber_dana", 40).strip()
    if "kegiatan" in data:
        kode = body.text(data["kegiatan"], "kegiatan", 50)
        kegiatan = Activity.objects.filter(kode=kode).first() if kode else None
        if kode and kegiatan is None:
            raise Invalid(
                _("'kegiatan': unknown activity '%(kode)s' (see /api/tataruang/kegiatan/).") % {"kode": kode},
                parameter="kegiatan",
            )
        lokasi.kegiatan = kegiatan
    if "indikator" in data:
        urutan = body.whole_number(data["indikator"], "indikator", 1, 50)
        indikator = lokasi.program.indikator.filter(urutan=urutan).first() if urutan else None
        if urutan and indikator is None:
            raise Invalid(
                _("'indikator': programme %(kode)s has no indicator %(n)d.")
                % {"kode": lokasi.program.kode, "n": urutan},
                parameter="indikator",
            )
        lokasi.indikator = indikator


def _record(lokasi, user, aksi):
    LokasiRiwayat.objects.create(
        lokasi=lokasi, user=user if user.is_authenticated else None, aksi=aksi, data=snapshot(lokasi)
    )


def snapshot(lokasi):
    """The location as the API shows it (GeoJSON Feature, lon/lat)."""
    return {
        "type": "Feature",
        "id": lokasi.pk,
        "geometry": json.loads(lokasi.geom.geojson),
        "properties": {
            "program": lokasi.program.kode,
            "indikator": lokasi.indikator.urutan if lokasi.indikator_id else None,
            "opd": lokasi.opd.kode,
            "tahun": lokasi.tahun,
            "nama": lokasi.nama,
            "status": lokasi.status,
            "nilai_realisasi": None if lokasi.nilai_realisasi is None else float(lokasi.nilai_realisasi),
            "anggaran": None if lokasi.anggaran is None else float(lokasi.anggaran),
            "sumber_dana": lokasi.sumber_dana,
            "kegiatan": lokasi.kegiatan.kode if lokasi.kegiatan_id else None,
            "kode_desa": lokasi.desa.kode if lokasi.desa_id else None,
            "kode_kec": lokasi.kecamatan.kode if lokasi.kecamatan_id else None,
            "is_sample": lokasi.is_sample,
        },
    }


@transaction.atomic
def create_lokasi(user, data, is_sample=False):
    """A new location of ``data["program"]`` for ``user``'s OPD (DTRB: any OPD). Forbidden, Invalid."""
    if not isinstance(data, dict):
        raise Invalid(_("The request body must be a JSON object."))
    program = _program(data.get("program"))
    if not permissions.can_attach(user, program):
        raise Forbidden(
            _("Only the OPD leading programme %(kode)s, or DTRB, may attach locations to it.") % {"kode": program.kode}
        )
    lokasi = LokasiProgram(program=program, opd=_opd_for(user, program, data.get("opd")), is_sample=is_sample)
    _apply(lokasi, data, partial=False)
    lokasi.created_by = lokasi.updated_by = user if user.is_authenticated else None
    lokasi.save()
    _record(lokasi, user, "buat")
    return lokasi


def editable(user, pk):
    """The location ``pk`` if ``user`` may edit it; NotFound otherwise (an operator does not
    learn of another OPD's locations through the write API)."""
    lokasi = LokasiProgram.objects.editable_by(user).filter(pk=pk).select_related("program", "opd").first()
    if lokasi is None:
        raise NotFound(_("Location %(id)s not found, or not one of your OPD's.") % {"id": pk})
    return lokasi


@transaction.atomic
def update_lokasi(user, lokasi, data):
    if not isinstance(data, dict):
        raise Invalid(_("The request body must be a JSON object."))
    if "program" in data and data["program"] != lokasi.program.kode:
        raise Invalid(_("A location cannot move to another programme; attach a new one."), parameter="program")
    _apply(lokasi, data, partial=True)
    lokasi.updated_by = user
    lokasi.save()
    _record(lokasi, user, "ubah")
    return lokasi


@transaction.atomic
def delete_lokasi(user, lokasi):
    _record(lokasi, user, "hapus")
    for dokumen in lokasi.dokumen.all():
        Path(settings.ROADMAP_DOCUMENT_ROOT, dokumen.path).unlink(missing_ok=True)
    lokasi.delete()


def add_dokumen(user, lokasi, uploaded):
    """Store a photo (JPEG, PNG) or PDF of at most settings.ROADMAP_DOCUMENT_MAX_BYTES under
    settings.ROADMAP_DOCUMENT_ROOT (outside the web root); the type is read from the file's first bytes."""
    if uploaded is None:
        raise Invalid(_("Send the file in the form field 'berkas'."), parameter="berkas")
    if uploaded.size > settings.ROADMAP_DOCUMENT_MAX_BYTES:
        raise Invalid(
            _("The file is larger than %(mb)d MB.") % {"mb": settings.ROADMAP_DOCUMENT_MAX_BYTES // (1024 * 1024)},
            parameter="berkas",
        )
    head = uploaded.read(16)
    uploaded.seek(0)
    kind = next((v for magic, v in DOCUMENT_TYPES.items() if head.startswith(magic)), None)
    if kind is None:
        raise Invalid(_("Only photos (JPEG, PNG) and PDF documents can be attached."), parameter="berkas")
    content_type, ext = kind
    relative = Path(str(lokasi.pk)) / f"{uuid.uuid4().hex}{ext}"
    target = Path(settings.ROADMAP_DOCUMENT_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    name = Path(uploaded.name or f"dokumen{ext}").name[:200]
    return DokumenLokasi.objects.create(
        lokasi=lokasi,
        nama_file=name,
        path=str(relative),
        content_type=content_type,
        ukuran=uploaded.size,
        uploaded_by=user,
    )


MAX_UPLOAD_FEATURES = 500
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def geometries_from_file(uploaded):
    """[(name or None, GeoJSON geometry)] of a GeoJSON file (FeatureCollection, Feature or a
    bare geometry, lon/lat); Invalid when it is not one."""
    if uploaded is None:
        raise Invalid(_("Send the file in the form field 'berkas'."), parameter="berkas")
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise Invalid(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}, parameter="berkas"
        )
    try:
        data = json.loads(uploaded.read().decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Invalid(_("The file is not GeoJSON (RFC 7946, lon/lat)."), parameter="berkas") from None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features")
    elif isinstance(data, dict) and data.get("type") == "Feature":
        features = [data]
    elif isinstance(data, dict) and data.get("type") in GEOMETRY_KIND:
        features = [{"type": "Feature", "geometry": data, "properties": {}}]
    else:
        features = None
    if not isinstance(features, list) or not features or not all(isinstance(f, dict) for f in features):
        raise Invalid(_("The file is not GeoJSON (RFC 7946, lon/lat)."), parameter="berkas")
    if len(features) > MAX_UPLOAD_FEATURES:
        raise Invalid(
            _("The file holds %(n)d features; at most %(max)d locations can be attached at once.")
            % {"n": len(features), "max": MAX_UPLOAD_FEATURES},
            parameter="berkas",
        )
    out = []
    for feature in features:
        props = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        name = next((props[k] for k in ("nama", "name", "NAMA", "Name") if isinstance(props.get(k), str)), None)
        out.append((name, feature.get("geometry")))
    return out


@transaction.atomic
def create_from_file(user, data, uploaded):
    """One location per feature of an uploaded GeoJSON file, each with the form's fields
    (``nama`` of the feature when it has one); all or none."""
    base = {k: v for k, v in data.items() if k != "berkas"}
    found = geometries_from_file(uploaded)
    made = []
    for index, (name, geometry) in enumerate(found, start=1):
        fields = {**base, "geometry": geometry}
        if name:
            fields["nama"] = name[:200]
        elif len(found) > 1:
            fields["nama"] = f"{base.get('nama') or _('Location')} {index}"
        made.append(create_lokasi(user, fields))
    return made
