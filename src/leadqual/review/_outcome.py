"""Which leads count as won, and the moment each lead's outcome was decided.

An outcome is named by a lead *path* (SPEC §3): ``outcome`` means
``outcome.status == "won"``; any other path (``attributes.Converted``,
``attributes["y"]``, ``answers.signed``) is positive when its value is one of won, yes,
true, y or 1 (any case). A lead without a value is negative.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from leadqual._core.paths import split_path
from leadqual.exceptions import ConfigError
from leadqual.stage import Stage

if TYPE_CHECKING:
    from leadqual.lead import Lead

__all__ = ["DECIDED_STAGES", "decision_time", "is_won", "outcomes", "parse_path", "read_path"]

POSITIVE = frozenset({"won", "yes", "true", "y", "1"})
DECIDED_STAGES = frozenset(
    {
        Stage.SQL,
        Stage.OPPORTUNITY,
        Stage.CUSTOMER,
        Stage.NURTURE,
        Stage.DISQUALIFIED,
        Stage.LOST,
    }
)
"""Stages that end a lead's time as a marketing lead: the score was used to decide."""

# One key after an optional dot: in brackets and double or single quotes, or bare.
_PART = re.compile(r"""\.?(?:\["((?:[^"\\]|\\.)*)"\]|\['((?:[^'\\]|\\.)*)'\]|([^.\[\]]+))""")


def parse_path(path: str) -> tuple[str, ...]:
    """Split a lead path into its keys; a key holding dots is written in brackets.

    >>> parse_path('attributes["emp.var.rate"]'), parse_path("company.country")
    (('attributes', 'emp.var.rate'), ('company', 'country'))
    """
    parts = split_path(path, _PART)
    if isinstance(parts, int):
        detail = f"cannot read the path {path!r} at character {parts + 1}"
        raise ConfigError.at(place="outcome", detail=detail)
    if not parts:
        raise ConfigError.at(place="outcome", detail="expected a lead path, got ''")
    return tuple(parts)


def read_path(lead: Lead, path: str | Sequence[str]) -> object:
    """The value at ``path`` in the lead (``None`` when any step is missing).

    For ``attributes`` and ``answers`` a dotted rest is first tried as one key, so
    ``attributes.emp.var.rate`` finds the column ``emp.var.rate``.

    >>> import leadqual as lq
    >>> lead = lq.Lead("L-1", company=lq.Company(country="NL"), attributes={"a.b": 2})
    >>> read_path(lead, "company.country"), read_path(lead, "attributes.a.b")
    ('NL', 2)
    """
    parts = parse_path(path) if isinstance(path, str) else tuple(path)
    value: object = lead
    for index, part in enumerate(parts):
        if isinstance(value, Mapping):
            rest = ".".join(parts[index:])
            if index > 0 and rest in value:
                return value[rest]
            value = value.get(part)
        elif attrs.has(type(value)) and not part.startswith("_"):
            value = getattr(value, part, None)
        else:
            return None
        if value is None:
            return None
    return value


def _positive(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value == 1
    return str(value).strip().lower() in POSITIVE


def is_won(lead: Lead, path: str = "outcome") -> bool:
    """Whether the lead counts as a positive outcome under ``path``.

    >>> import leadqual as lq
    >>> won = lq.Lead.from_mapping({"id": "a", "outcome": {"status": "won"}})
    >>> is_won(won), is_won(lq.Lead("b", attributes={"y": "Yes"}), "attributes.y")
    (True, True)
    """
    if path == "outcome":
        return lead.outcome is not None and lead.outcome.won
    return _positive(read_path(lead, path))


def outcomes(leads: Iterable[Lead], path: str = "outcome") -> list[bool]:
    """:func:`is_won` for each lead, in order."""
    parse_path(path)
    return [is_won(lead, path) for lead in leads]


def decision_time(lead: Lead) -> dt.datetime | None:
    """The moment the lead's fate was decided: score it as it stood then.

    The first move into a decided stage (SQL, opportunity, customer, nurture,
    disqualified, lost) in ``stage_history``; without one, the outcome's time; without
    that, ``None`` (score the lead as it is).

    >>> import leadqual as lq
    >>> lead = lq.Lead.from_mapping({"id": "a", "outcome": {"status": "won",
    ...     "at": "2026-12-15T10:00:00+01:00"}, "stage_history": [
    ...     {"stage": "mql", "at": "2026-11-18T08:00:00+01:00"},
    ...     {"stage": "sql", "at": "2026-11-21T14:05:00+01:00"}]})
    >>> decision_time(lead).isoformat()
    '2026-11-21T14:05:00+01:00'
    """
    moves = [change.at for change in lead.stage_history if change.stage in DECIDED_STAGES]
    if moves:
        return min(moves)
    if lead.outcome is not None:
        return lead.outcome.at
    return None
