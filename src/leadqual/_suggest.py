"""Did-you-mean hints for misspelt keys and names in definition files and options."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["suggest"]


def suggest(word: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest known word, or ``""`` when none is close.

    >>> suggest("max_employes", ["max_employees", "min_employees"])
    " (did you mean 'max_employees'?)"
    >>> suggest("colour", ["points", "when"])
    ''
    """
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""
