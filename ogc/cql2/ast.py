"""The tree of a CQL2 filter as the parser reads it; every node keeps the
position (1-based) of its first token for the messages of the SQL step."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Property:
    name: str
    position: int


@dataclass(frozen=True)
class Literal:
    kind: str  # string, number, boolean, date, timestamp
    value: object
    position: int
    text: str


@dataclass(frozen=True)
class Geometry:
    """A WKT geometry or BBOX literal, in filter-crs axis order: ``geojson``
    is {"type", "coordinates"} (or "geometries"); a BBOX is a Polygon."""

    geojson: dict
    position: int


@dataclass(frozen=True)
class Function:
    name: str  # CASEI, ACCENTI
    argument: object
    position: int


@dataclass(frozen=True)
class Logical:
    op: str  # AND, OR
    items: tuple


@dataclass(frozen=True)
class Not:
    item: object


@dataclass(frozen=True)
class Constant:
    value: bool


@dataclass(frozen=True)
class Compare:
    op: str  # =, <>, <, <=, >, >=
    left: object
    right: object
    position: int


@dataclass(frozen=True)
class Like:
    operand: object
    pattern: object
    negated: bool
    position: int


@dataclass(frozen=True)
class Between:
    operand: object
    low: object
    high: object
    negated: bool
    position: int


@dataclass(frozen=True)
class In:
    operand: object
    items: tuple
    negated: bool
    position: int


@dataclass(frozen=True)
class IsNull:
    operand: object
    negated: bool
    position: int


@dataclass(frozen=True)
class Spatial:
    name: str  # S_INTERSECTS, ...
    left: object
    right: object
    position: int
