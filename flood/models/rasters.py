"""Hazard rasters (GeoTIFF/COG in EPSG:32748), their classes and stored statistics."""

__all__ = []
