"""The 1/1024 grid points live on: sums of grid values are exact in any order."""

from __future__ import annotations

__all__ = ["GRID", "quantize"]

GRID = 1024


def quantize(points: float) -> float:
    """Round to the 1/1024 grid; whole numbers come back as ``int``.

    >>> quantize(25.0), quantize(0.5), quantize(0.1)
    (25, 0.5, 0.099609375)
    """
    steps = round(points * GRID)
    if steps % GRID == 0:
        return steps // GRID
    return steps / GRID
