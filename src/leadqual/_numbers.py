"""Numbers in definitions: finite, and small enough for float arithmetic."""

from __future__ import annotations

import math

__all__ = ["is_finite"]


def is_finite(value: object) -> bool:
    """Whether ``value`` is a number (not a bool) that a float can hold.

    A whole number past 1e308 is finite, but every computation with a float overflows on
    it; a definition's weights, bounds and margins are refused before that can happen.

    >>> is_finite(2.5), is_finite(10**400), is_finite(float("inf")), is_finite(True)
    (True, False, False, False)
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int past the float range
        return False
