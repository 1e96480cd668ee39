"""River gauges (pos duga air), their alert thresholds and readings."""

__all__ = []
