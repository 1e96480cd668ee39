"""Safe unpacking of uploaded archives (zip, kmz).

Refuses absolute paths, ``..`` components and links, and caps the total
uncompressed size and the compression ratio so a zip bomb is refused before a
byte is written; the extraction itself counts bytes instead of trusting the
archive's header.
"""

import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import FileTooLarge, ImportRefused

IGNORED_PREFIXES = ("__MACOSX/",)
CHUNK = 1024 * 1024


def _is_ignored(name):
    parts = PurePosixPath(name).parts
    return (
        name.startswith(IGNORED_PREFIXES)
        or any(part.startswith("._") or part == ".DS_Store" for part in parts)
        or name.lower().endswith(".shp.xml")
    )


def _safe_member_path(name):
    normalised = name.replace("\\", "/")
    path = PurePosixPath(normalised)
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":") or ".." in path.parts:
        raise ImportRefused(
            _("The archive contains an unsafe path '%(name)s' (absolute or with '..'); it was refused.")
            % {"name": name}
        )
    return path


def unpack_zip(archive_path, target_dir):
    """Extract ``archive_path`` into ``target_dir``; returns the extracted file paths."""
    max_total = settings.UPLOAD_MAX_UNCOMPRESSED_BYTES
    max_ratio = settings.UPLOAD_MAX_COMPRESSION_RATIO
    try:
        archive = zipfile.ZipFile(archive_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportRefused(_("The ZIP file is damaged or incomplete and cannot be opened.")) from exc
    with archive:
        members = []
        declared_total = 0
        for info in archive.infolist():
            if info.is_dir() or _is_ignored(info.filename):
                continue
            path = _safe_member_path(info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise ImportRefused(
                    _("The archive contains a symbolic link '%(name)s'; it was refused.") % {"name": info.filename}
                )
            declared_total += info.file_size
            members.append((info, path))
        compressed_total = sum(info.compress_size for info, _path in members) or 1
        if declared_total > max_total or declared_total / compressed_total > max_ratio:
            raise FileTooLarge(_zip_bomb_message(max_total, max_ratio))
        written = 0
        extracted = []
        for info, path in members:
            destination = Path(target_dir, *path.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as source, open(destination, "wb") as sink:
                    while chunk := source.read(CHUNK):
                        written += len(chunk)
                        if written > max_total or written / compressed_total > max_ratio:
                            raise FileTooLarge(_zip_bomb_message(max_total, max_ratio))
                        sink.write(chunk)
            except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
                raise ImportRefused(
                    _("The archive member '%(name)s' is damaged and cannot be extracted.") % {"name": info.filename}
                ) from exc
            extracted.append(destination)
    return extracted


def _zip_bomb_message(max_total, max_ratio):
    return _(
        "The archive unpacks to more than %(size)d MB or is compressed more than %(ratio)d times; "
        "it was refused as a possible zip bomb."
    ) % {"size": max_total // (1024 * 1024), "ratio": max_ratio}


def clear(directory):
    shutil.rmtree(directory, ignore_errors=True)
