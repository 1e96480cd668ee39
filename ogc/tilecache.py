"""What the tile hot path reuses (ogc.views.tiles.Tile): a collection lookup,
kept a few seconds per process and caller (``tileset_for``), the tiles this
process answered lately, and Redis. Tiles are cached under the collection's
``revision``, so a new revision (a publication, an edit, a new active plan)
reaches new keys by construction and nothing is ever invalidated by hand
(``forget_tiles`` is for benchmarks and tests)."""

import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache

from core.cache import REDIS_ERRORS
from core.collections import get_collection

from .tiles import build_tileset, tile

# How long a process trusts a collection lookup (permissions and revision)
# before asking again; a tile URL with another ``v`` asks at once.
LOOKUP_TTL_S = 5.0
# Tiles in Redis: a revision's tiles are immutable, they only age out.
TILE_CACHE_TTL_S = 7 * 24 * 3600


# A value in Redis that ``forget_tiles`` changes: every process drops its recent
# tiles within EPOCH_CHECK_S of seeing it change (one small GET a second).
EPOCH_KEY = "ogc-tile-epoch"
EPOCH_CHECK_S = 1.0


class _RecentTiles:
    """The tiles this process answered last, by cache key, up to
    settings.OGC_TILE_MEMORY_MB: a hot tile costs no Redis round trip (keys
    name the revision, so an entry is never stale; it only ages out, or goes
    with ``forget_tiles``)."""

    MAX_TILE_BYTES = 4 * 1024 * 1024

    def __init__(self):
        self.max_bytes = settings.OGC_TILE_MEMORY_MB * 1024 * 1024
        self._tiles = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._epoch = None
        self._next_check = 0.0

    def _follow_epoch(self):
        now = time.monotonic()
        if now < self._next_check:
            return
        self._next_check = now + EPOCH_CHECK_S
        epoch = cache.get(EPOCH_KEY)  # None without Redis: the tiles kept stay
        if epoch is not None and epoch != self._epoch:
            self._epoch = epoch
            self.clear()

    def get(self, key):
        self._follow_epoch()
        data = self._tiles.get(key)
        if data is not None:
            with self._lock:
                if key in self._tiles:
                    self._tiles.move_to_end(key)
        return data

    def put(self, key, data):
        if len(data) > min(self.MAX_TILE_BYTES, self.max_bytes):
            return
        with self._lock:
            if key in self._tiles:
                return
            self._tiles[key] = data
            self._bytes += len(data)
            while self._bytes > self.max_bytes:
                _key, old = self._tiles.popitem(last=False)
                self._bytes -= len(old)

    def clear(self):
        with self._lock:
            self._tiles.clear()
            self._bytes = 0


recent_tiles = _RecentTiles()


def cached_tile(tileset, z, x, y):
    """(bytes, store) of the tile: from this process's recent tiles, else from
    Redis, else built, with ``store`` the call that keeps a built tile in Redis
    (None otherwise). The view runs ``store`` once the answer is sent; a Redis
    outage is a miss: the tile is built."""
    key = tileset.cache_key(z, y, x)
    data = recent_tiles.get(key)
    if data is not None:
        return data, None
    data = cache.get(key)
    if data is not None:
        recent_tiles.put(key, data)
        return data, None
    data = tile(tileset, z, x, y)
    recent_tiles.put(key, data)
    return data, lambda: cache.set(key, data, TILE_CACHE_TTL_S)


# (caller key, collection id) -> (expires at, Tileset or None, revisions asked
# for that turned out old), per process.
_lookups = {}
_lookups_lock = threading.Lock()
_LOOKUPS_MAX = 2048
_STALE_HINTS_MAX = 16


def caller_key(user):
    """Whom a lookup is valid for: every anonymous caller alike (published data
    only), a signed-in or token user alone (what /api/ shows them)."""
    return "anon" if not user.is_authenticated else f"u{user.pk}"


def tileset_for(user, collection_id, revision_hint=None):
    """The Tileset of ``collection_id`` as ``user`` may see it, None when they
    may not: from this process's memory when asked less than LOOKUP_TTL_S ago,
    unless the caller names a revision (``v``) other than the one known and
    not yet found old (a map that read TileJSON after another process saw an
    edit asks again at once; one holding an old TileJSON does not, per tile)."""
    key = (caller_key(user), collection_id)
    now = time.monotonic()
    found = _lookups.get(key)
    if found is not None and found[0] > now:
        expires, tileset, stale = found
        if revision_hint is None or revision_hint in stale or (tileset and tileset.revision == revision_hint):
            return tileset
    collection = get_collection(user, collection_id)
    tileset = build_tileset(collection, not user.is_authenticated) if collection is not None else None
    stale = frozenset()
    if revision_hint is not None and (tileset is None or tileset.revision != revision_hint):
        stale = frozenset([revision_hint])
        if found is not None and found[0] > now and len(found[2]) < _STALE_HINTS_MAX:
            stale |= found[2]
    with _lookups_lock:
        if len(_lookups) >= _LOOKUPS_MAX:
            _lookups.clear()
        _lookups[key] = (now + LOOKUP_TTL_S, tileset, stale)
    return tileset


def forget_tiles(collection_id=None):
    """Delete the cached tiles of ``collection_id`` (None: of every collection)
    from Redis, and have every process drop its recent tiles (within
    EPOCH_CHECK_S): the next request of each tile builds it. A benchmark's cold
    run starts so; the app itself never needs it (a new revision has new keys).
    Returns how many Redis keys went."""
    recent_tiles.clear()
    pattern = cache.make_key(f"ogc-tile:{collection_id}:*" if collection_id else "ogc-tile:*")
    try:
        client = cache._cache.get_client(write=True)  # Django's cache API has no delete by pattern
        keys = list(client.scan_iter(match=pattern, count=1000))
        if keys:
            client.delete(*keys)
    except REDIS_ERRORS:
        return 0
    cache.set(EPOCH_KEY, uuid.uuid4().hex, None)
    return len(keys)


def forget_lookups():
    """Drop the remembered lookups and recent tiles (tests; a process that just changed permissions)."""
    with _lookups_lock:
        _lookups.clear()
    recent_tiles.clear()
