"""Numbers in definitions: finite, and small enough for float arithmetic; size bands."""

from __future__ import annotations

import math
import re
from typing import Final

__all__ = ["parse_band", "is_finite"]


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


_AMOUNT: Final = r"[€$£]?\s*[0-9][0-9.,]*\s*[kKmM]?"
_BAND: Final = re.compile(rf"({_AMOUNT})\s*(?:[-–]\s*({_AMOUNT})|(\+))")
_GROUPED: Final = re.compile(r"[0-9]{1,3}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*")
_SCALE: Final = {"k": 1e3, "m": 1e6}
_MAX_BAND_CHARS: Final = 60


def _amount(text: str) -> float | None:
    cleaned = text.strip().strip("€$£").strip()
    scale = _SCALE.get(cleaned[-1:].casefold(), 1.0)
    if scale != 1.0:
        cleaned = cleaned[:-1].strip().replace(",", ".")  # "1,5M" and "1.5M" alike
    elif _GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "").replace(".", "")  # "1.000" and "1,000" alike
    try:
        value = float(cleaned) * scale
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_band(text: str) -> tuple[float, float | None] | None:
    """A head-count or revenue band such as CRMs export it, as ``(low, high)``.

    ``high`` is ``None`` for an open band (``1000+``). Thousands separators (``1.000``,
    ``1,000``), currency signs and ``k``/``M`` suffixes are read; anything else, and a
    band whose low end exceeds its high end, is ``None``: not a band.

    >>> parse_band("51-200"), parse_band("1.000+"), parse_band("€1M - €5M")
    ((51.0, 200.0), (1000.0, None), (1000000.0, 5000000.0))
    >>> parse_band("200"), parse_band("200-51"), parse_band("10k–50k")
    (None, None, (10000.0, 50000.0))
    """
    if len(text) > _MAX_BAND_CHARS:
        return None
    found = _BAND.fullmatch(text.strip())
    if found is None:
        return None
    low = _amount(found.group(1))
    if low is None:
        return None
    if found.group(3):
        return low, None
    high = _amount(found.group(2))
    if high is None or high < low:
        return None
    return low, high
