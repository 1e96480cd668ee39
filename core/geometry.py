"""Size caps of a GeoJSON geometry sent by a client, checked before GEOS parses it.

A 200,000-vertex polygon costs GEOS and PostGIS seconds per request; counting
its positions in the parsed JSON costs milliseconds and stops at the cap, so a
geometry over it is refused before any heavy work. Caps are per use: the
anonymous KKPR check (settings.KKPR_MAX_VERTICES, settings.KKPR_MAX_PARTS) and
feature edits (settings.EDIT_MAX_VERTICES, settings.EDIT_MAX_PARTS).
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .errors import Invalid


class GeometryTooComplex(Invalid):
    """A geometry with more vertices or parts than its use allows (400); the
    message states the cap."""


def check_size(geometry, max_vertices, max_parts):
    """Refuse a GeoJSON geometry (a parsed dict) with more than ``max_vertices``
    positions or ``max_parts`` parts (the polygons, lines or points of a
    Multi*; members of a GeometryCollection count with their own parts).
    Anything that is not GeoJSON-shaped is left for the parser to refuse."""
    parts = 0
    vertices = 0
    geometries = [geometry]
    while geometries:
        item = geometries.pop()
        if not isinstance(item, dict):
            continue
        if item.get("type") == "GeometryCollection":
            members = item.get("geometries")
            geometries.extend(members if isinstance(members, list) else [])
            continue
        coordinates = item.get("coordinates")
        is_multi = str(item.get("type", "")).startswith("Multi") and isinstance(coordinates, list)
        parts += len(coordinates) if is_multi else 1
        if parts > max_parts:
            raise GeometryTooComplex(
                _("The geometry has more than %(max)s parts; at most %(max)s are accepted.")
                % {"max": number_format(max_parts, force_grouping=True)},
                max_parts=max_parts,
            )
        vertices += _count_positions(coordinates, max_vertices - vertices)
        if vertices > max_vertices:
            raise GeometryTooComplex(
                _("The geometry has more than %(max)s vertices; at most %(max)s are accepted. Simplify it first.")
                % {"max": number_format(max_vertices, force_grouping=True)},
                max_vertices=max_vertices,
            )


def _count_positions(coordinates, budget):
    """Positions (lists starting with a number) in nested ``coordinates``,
    counting stops once over ``budget``."""
    count = 0
    stack = [coordinates]
    while stack:
        item = stack.pop()
        if not isinstance(item, list) or not item:
            continue
        if isinstance(item[0], int | float):
            count += 1
            if count > budget:
                return count
        else:
            stack.extend(item)
    return count
