"""Protocols for extending leadqual with your own code.

A custom rule is any callable ``(lead, as_of) -> points``, like a structlog processor:

>>> def loyal_customer(lead, as_of):
...     return 15 if lead.attributes.get("customer_since") else 0
>>> import leadqual as lq
>>> model = lq.ScoringModel([lq.CustomRule("loyal", loyal_customer)])
>>> model.score(lq.Lead("L-1", attributes={"customer_since": 2019})).points
15
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from leadqual.lead import Lead

__all__ = ["RuleFunction"]


class RuleFunction(Protocol):
    """Points for a lead as of a moment (``None`` when no ``as_of`` was given).

    Return 0 when the rule does not apply. Must be pure: same lead, same ``as_of``,
    same points; never read the clock.
    """

    def __call__(self, lead: Lead, as_of: dt.datetime | None, /) -> float:
        """Points for ``lead`` (0 when the rule does not apply)."""
        ...
