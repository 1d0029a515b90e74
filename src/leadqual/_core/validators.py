"""Validators in the attrs style: slotted validator classes behind small factories.

Each raises ``ConfigError.at(place=<the field>, detail=...)``, so a definition file's
loader reports ``criteria[1].weight: expected a number of at least 0, got -1``.
"""

from __future__ import annotations

from typing import Any

import attrs

from leadqual._lang import shown
from leadqual._numbers import is_finite
from leadqual.exceptions import ConfigError

__all__ = ["number_in"]


@attrs.frozen(repr=False)
class _NumberIn:
    low: float | None
    high: float | None

    def __call__(self, _instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if (
            isinstance(value, bool)
            or not is_finite(value)
            or (self.low is not None and value < self.low)  # type: ignore[operator]
            or (self.high is not None and value > self.high)  # type: ignore[operator]
        ):
            detail = f"expected a number {self._range()}, got {shown(value)}"
            raise ConfigError.at(place=attribute.name, detail=detail)

    def _range(self) -> str:
        if self.low is not None and self.high is not None:
            return f"from {self.low:g} to {self.high:g}"
        if self.low is not None:
            return f"of at least {self.low:g}"
        return f"of at most {self.high:g}"

    def __repr__(self) -> str:
        return f"<number_in validator {self._range()}>"


def number_in(low: float | None = None, high: float | None = None) -> _NumberIn:
    """A validator: a finite number (not a bool) from ``low`` to ``high`` inclusive.

    >>> import attrs
    >>> @attrs.frozen
    ... class Weighted:
    ...     weight: float = attrs.field(validator=number_in(0))
    >>> Weighted(-1)
    Traceback (most recent call last):
    ...
    leadqual.exceptions.ConfigError: weight: expected a number of at least 0, got -1
    """
    return _NumberIn(low, high)
