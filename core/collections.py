"""The registry of feature collections: what every app offers the OGC API
(Features and vector tiles), one description per collection, in SQL.

An app registers a *provider* in its AppConfig.ready() (``register``); a
provider answers ``collections(user)`` (the collections ``user`` may see,
anonymous: published data only) and ``collection(user, id)`` (one of them, or
None). A ``Collection`` says, as SQL over the alias ``f``, where its features
are and what they carry; the OGC adapter (``ogc/``) builds every answer from
that in PostGIS (core.geojson for GeoJSON, ST_AsMVT for tiles), so a new app
(flood, peta jalan) writes no view, serializer or tile code of its own.

SQL conventions of a Collection (all parameterised, text or (text, params)):
- ``source``: a FROM clause whose alias ``f`` has ``f.id`` (bigint, positive,
  unique: the featureId and the keyset key) and ``f.geom`` (settings.STORAGE_SRID,
  GiST-indexed), joined to whatever the properties need;
- ``where``: a condition the source always needs ("TRUE" when none);
- ``properties``: [(name, SQL)] of the GeoJSON properties, in order;
- ``queryables``: {name: Queryable}, the properties a client may filter on
  (query-string equality, CQL2), each with its SQL and JSON Schema type;
- ``tile_properties``: the names of ``properties`` a vector tile carries
  (what the style and popup need; the id is always in the tile);
- ``revision``: a text that changes whenever any feature of the collection
  changes (publication, an edit, a new plan): tile URLs and ETags carry it.
"""

import threading
from dataclasses import dataclass, field

_providers = []
_lock = threading.Lock()


@dataclass(frozen=True)
class Queryable:
    """A property a client may filter on: ``sql`` (text or (text, params)) over the alias ``f`` giving a
    value of JSON Schema ``type`` (string, integer, number, boolean; ``format``
    "date" or "date-time" for a string holding a date)."""

    sql: object
    type: str = "string"
    title: str = ""
    format: str = ""

    def schema(self):
        schema = {"type": self.type}
        if self.title:
            schema["title"] = str(self.title)
        if self.format:
            schema["format"] = self.format
        return schema


@dataclass
class Collection:
    id: str
    title: str
    source: object
    properties: list
    description: str = ""
    where: object = "TRUE"
    queryables: dict = field(default_factory=dict)
    tile_properties: tuple = ()
    revision: str = "0"
    # [minlon, minlat, maxlon, maxlat] (CRS84) when known.
    bbox: list | None = None
    # "point", "line", "polygon" or "" (mixed/unknown).
    geometry_kind: str = ""
    # The queryable holding the features' date, for ``datetime`` (None: none).
    datetime_queryable: str | None = None
    # Known without counting (a layer version's feature_count): None to count.
    feature_count: int | None = None
    is_sample: bool = False
    # Extra members of the collection document (e.g. the layer's OPD, licence).
    extra: dict = field(default_factory=dict)
    # Style for maps (the layers app's style JSON), and a legend: [(label, colour)].
    style: dict = field(default_factory=dict)
    keywords: list = field(default_factory=list)


class Provider:
    """What an app registers: its collections for a user."""

    def collections(self, user):  # pragma: no cover - interface
        raise NotImplementedError

    def collection(self, user, collection_id):
        """One collection ``user`` may see, None otherwise. The default asks
        ``collections``; a provider with many collections answers directly."""
        return next((c for c in self.collections(user) if c.id == collection_id), None)


def register(provider):
    """Add ``provider`` (once; apps call this from AppConfig.ready)."""
    with _lock:
        if not any(type(p) is type(provider) for p in _providers):
            _providers.append(provider)


def providers():
    return list(_providers)


def all_collections(user):
    """Every collection ``user`` may see, in registration order."""
    return [c for provider in _providers for c in provider.collections(user)]


def get_collection(user, collection_id):
    """The collection ``collection_id`` if ``user`` may see it, else None."""
    for provider in _providers:
        found = provider.collection(user, collection_id)
        if found is not None:
            return found
    return None
