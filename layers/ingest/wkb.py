"""Geometry as WKB byte buffers: promotion to Multi* EWKB and reprojection
without building a geometry object per feature first.

GDAL hands a batch of features over as one Arrow array of little-endian ISO
WKB. multi_ewkb() turns the whole batch into EWKB (SRID 4326, single parts
wrapped into one-part Multi*) with a few numpy operations, and reprojects it
on the way: the byte offset of every coordinate is found by walking all the
rows' structures at once (one step per ring or part, not per feature), the
coordinates are read, transformed by PROJ in one call and written into the
new buffer. Rows the walk does not handle (Z/M, big-endian, collections,
more parts or rings than MAX_STEPS) make it answer None; the caller then
goes through shapely.
"""

import numpy as np
import pyarrow

SRID = 4326
SRID_FLAG = 0x20000000
MAX_STEPS = 64  # rings or parts walked per batch before the walk gives way to shapely
POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON = range(1, 7)


class _Unsupported(Exception):
    pass


def buffers(array):
    """(bytes as uint8, offsets as int64, n + 1 of them) of an Arrow binary array."""
    array = array.combine_chunks() if isinstance(array, pyarrow.ChunkedArray) else array
    count, parts = len(array), array.buffers()
    offset_type = np.int64 if pyarrow.types.is_large_binary(array.type) else np.int32
    offsets = np.frombuffer(parts[1], offset_type)[array.offset : array.offset + count + 1].astype(np.int64)
    data = np.frombuffer(parts[2], np.uint8) if parts[2] is not None else np.zeros(0, np.uint8)
    return data, offsets


def _uint32(data, positions):
    """The little-endian uint32 at each of ``positions``."""
    b = data[positions[:, None] + np.arange(4)].astype(np.int64)
    return b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16) | (b[:, 3] << 24)


def wkb_types(data, offsets):
    """The geometry type of each row (1-6), or None unless every row is
    little-endian 2D WKB of one of those types."""
    starts = offsets[:-1]
    if len(starts) and (offsets[1:] - starts < 9).any():
        return None
    types = _uint32(data, starts + 1) if len(starts) else np.zeros(0, np.int64)
    if (data[starts] != 1).any() or ((types < POINT) | (types > MULTIPOLYGON)).any():
        return None
    return types


def point_offsets(data, offsets, types):
    """(byte offset of every point, its row), in order, of the WKB rows; each
    point is x then y, 8 bytes each. None when a row has more than MAX_STEPS
    rings or parts, or its bytes do not add up."""
    walk = _Walk(data)
    try:
        for kind in np.unique(types).tolist():
            rows = np.flatnonzero(types == kind)
            end = walk.geometry(kind, offsets[rows] + 5, rows)
            if (end != offsets[rows + 1]).any():  # the walk must end where each row ends
                raise _Unsupported
    except (_Unsupported, IndexError):
        return None
    if not walk.blocks:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts, counts, rows = (np.concatenate(column) for column in zip(*walk.blocks, strict=True))
    order = np.argsort(starts, kind="stable")
    starts, counts, rows = starts[order], counts[order], rows[order]
    before = np.r_[0, np.cumsum(counts)[:-1]]
    points = np.repeat(starts - 16 * before, counts) + 16 * np.arange(int(counts.sum()))
    return points, np.repeat(rows, counts)


class _Walk:
    """Steps through many WKB rows at once: ``at`` holds one byte offset per
    row, each method reads one level of structure for all of them, records
    the point sequences it meets (first point's offset, point count, row) and
    answers where each row's structure ends."""

    def __init__(self, data):
        self.data = data
        self.blocks = []

    def geometry(self, kind, at, rows):
        """The body of geometries of one ``kind`` (after byte order and type)."""
        if kind == POINT:
            self.blocks.append((at, np.ones(len(at), np.int64), rows))
            return at + 16
        if kind == LINESTRING:
            return self.sequence(at, rows)
        if kind == POLYGON:
            return self.rings(at, rows)
        if kind == MULTIPOINT:
            return self.points(at, rows)
        parts = _uint32(self.data, at)
        at = at + 4
        for part in range(_steps(parts)):  # each part: byte order, type, body
            has = part < parts
            _little_endian(self.data, at[has])
            if (_uint32(self.data, at[has] + 1) != kind - 3).any():
                raise _Unsupported
            at[has] = self.geometry(kind - 3, at[has] + 5, rows[has])
        return at

    def sequence(self, at, rows):
        count = _uint32(self.data, at)
        self.blocks.append((at + 4, count, rows))
        return at + 4 + 16 * count

    def rings(self, at, rows):
        count = _uint32(self.data, at)
        at = at + 4
        for ring in range(_steps(count)):
            has = ring < count
            at[has] = self.sequence(at[has], rows[has])
        return at

    def points(self, at, rows):
        """A MultiPoint's parts: 21 bytes each (byte order, type, x, y)."""
        parts = _uint32(self.data, at)
        end = at + 4 + 21 * parts
        if (end > len(self.data)).any():
            raise _Unsupported
        first = np.repeat(at + 4 - 21 * np.r_[0, np.cumsum(parts)[:-1]], parts)
        headers = first + 21 * np.arange(len(first))
        _little_endian(self.data, headers)
        self.blocks.append((headers + 5, np.ones(len(headers), np.int64), np.repeat(rows, parts)))
        return end


def _little_endian(data, at):
    if (data[at] != 1).any():
        raise _Unsupported


def _steps(counts):
    most = int(counts.max()) if len(counts) else 0
    if most > MAX_STEPS:
        raise _Unsupported
    return most


def _float_views(data):
    """Eight float64 views of ``data``, one starting at each byte residue."""
    return [data[r : r + (len(data) - r) // 8 * 8].view("<f8") for r in range(8)]


def _read_points(data, points):
    x, y = np.empty(len(points)), np.empty(len(points))
    residue = points % 8
    for r, view in enumerate(_float_views(data)):
        at = residue == r
        if at.any():
            index = (points[at] - r) // 8
            x[at], y[at] = view[index], view[index + 1]
    return x, y


def _write_points(data, points, x, y):
    residue = points % 8
    for r, view in enumerate(_float_views(data)):
        at = residue == r
        if at.any():
            index = (points[at] - r) // 8
            view[index], view[index + 1] = x[at], y[at]


def multi_ewkb(array, transformer=None):
    """EWKB (SRID 4326, Multi*) of each row of an Arrow array of 2D
    little-endian WKB, reprojected by ``transformer`` (pyproj, always_xy;
    None: already EPSG:4326), as an object array of bytes, and which rows kept
    finite coordinates (points outside a projection's domain come back
    infinite; their coordinates become 0). None when a row is of a kind the
    walk does not handle."""
    data, offsets = buffers(array)
    types = wkb_types(data, offsets)
    if types is None:
        return None
    finite = np.ones(len(types), dtype=bool)
    if transformer is not None:
        located = point_offsets(data, offsets, types)
        if located is None:
            return None
    out, out_offsets, shift = _promote(data, offsets, types)
    if transformer is not None:
        points, rows = located
        x, y = _read_points(data, points)
        if len(x) == 1:  # pyproj takes a one-element array for a scalar
            x, y = transformer.transform(np.repeat(x, 2), np.repeat(y, 2), errcheck=False)
            x, y = np.asarray(x[:1]), np.asarray(y[:1])
        elif len(x):
            transformer.transform(x, y, errcheck=False, inplace=True)
        bad = ~(np.isfinite(x) & np.isfinite(y))
        if bad.any():
            finite[np.unique(rows[bad])] = False
            x[bad] = y[bad] = 0.0
        _write_points(out, points + shift[rows], x, y)
    result = pyarrow.Array.from_buffers(
        pyarrow.large_binary(), len(types), [None, pyarrow.py_buffer(out_offsets), pyarrow.py_buffer(out)]
    )
    return result.to_numpy(zero_copy_only=False), finite


def _promote(data, offsets, types):
    """The rows rewritten as EWKB with SRID 4326, single parts wrapped in a
    one-part Multi*: (new bytes, new offsets, how far each row's bytes moved).

    A single part gets a 13-byte header in front (byte order, Multi* type with
    the SRID flag, SRID, one part); a Multi* keeps its body after a 9-byte
    header (byte order, type with the SRID flag, SRID) replacing its own 5."""
    single = types < MULTIPOINT
    header = np.where(single, 13, 9)
    skipped = np.where(single, 0, 5)  # of the row's own bytes
    lengths = np.diff(offsets)
    out_lengths = header + lengths - skipped
    out_offsets = np.r_[0, np.cumsum(out_lengths)]
    out = np.empty(int(out_offsets[-1]), np.uint8)
    heads = np.zeros((len(types), 13), np.uint8)
    heads[:, 0] = 1
    heads[:, 1:5] = (np.where(single, types + 3, types) | SRID_FLAG).astype("<u4").view(np.uint8).reshape(-1, 4)
    heads[:, 5:9] = np.frombuffer(np.uint32(SRID).astype("<u4").tobytes(), np.uint8)
    heads[:, 9] = 1  # the part count of a wrapped single part (ignored for Multi*)
    head_mask = np.arange(13) < header[:, None]
    keep_out = np.ones(len(out), dtype=bool)
    keep_out[(out_offsets[:-1, None] + np.arange(13))[head_mask]] = False
    out[~keep_out] = heads[head_mask]
    keep_in = np.ones(int(offsets[-1] - offsets[0]), dtype=bool)
    multi_starts = offsets[:-1][~single] - offsets[0]
    keep_in[(multi_starts[:, None] + np.arange(5)).ravel()] = False
    out[keep_out] = data[offsets[0] : offsets[-1]][keep_in]
    shift = out_offsets[:-1] + header - skipped - offsets[:-1]
    return out, out_offsets, shift
