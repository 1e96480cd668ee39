"""Flood models, one module per concern: hazard rasters and their statistics, river gauges and their readings."""

from .gauges import *  # noqa: F403
from .rasters import *  # noqa: F403
