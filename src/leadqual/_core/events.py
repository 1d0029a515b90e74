"""Event identity: a canonical order of events and the effective events of a lead.

Every evaluator and backend counts the same events: those at or before ``as_of``, each
event id once (the copy first in canonical order, whatever the input order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from leadqual.lead import Event

__all__ = [
    "canonical_key",
    "canonical_order",
    "count_after",
    "effective_events",
    "event_limit",
    "has_duplicate_ids",
]


_AT = attrgetter("at")


def _quick_key(event: Event) -> tuple[dt.datetime, str, str, float]:
    # The same instant may be written in different offsets; the offset breaks the tie,
    # or the copy shown in the ledger (and its wall-clock time) would depend on order.
    offset = event.at.utcoffset()
    return (event.at, event.type, event.id or "", offset.total_seconds() if offset else 0.0)


def _value_key(value: object) -> tuple[Any, ...]:  # noqa: PLR0911 - a branch per kind
    # A total order on JSON values that never converts a number to text (an integer of
    # 5,000 digits has no str() by default) and tells true from 1 and 1 from 1.0.
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, int | float):
        return (1, value, isinstance(value, float))
    if isinstance(value, str):
        return (3, str(value))
    if isinstance(value, Mapping):
        return (5, tuple(sorted((str(key), _value_key(item)) for key, item in value.items())))
    if isinstance(value, Iterable):
        return (4, tuple(_value_key(item) for item in value))
    return (6, type(value).__name__)


def canonical_key(event: Event) -> tuple[Any, ...]:
    """A total order on events that does not depend on the order they arrived in.

    Time, type, id and UTC offset, then the properties.
    """
    return (*_quick_key(event), _value_key(event.properties))


def canonical_order(events: Iterable[Event]) -> list[Event]:
    """Events sorted by :func:`canonical_key`, comparing properties only where needed.

    >>> canonical_order([]) == []
    True
    """
    # Sorting by the instant alone is the same order whenever no two instants are equal
    # (the key starts with it), and much cheaper: only a tie needs the longer keys.
    ordered = list(events)
    for k in range(1, len(ordered)):  # already strictly in time order: the common case
        if not ordered[k - 1].at < ordered[k].at:
            break
    else:
        return ordered
    ordered.sort(key=_AT)
    for k in range(1, len(ordered)):
        if ordered[k - 1].at == ordered[k].at:
            break
    else:
        return ordered
    keyed = sorted(((_quick_key(event), event) for event in ordered), key=itemgetter(0))
    if any(keyed[k][0] == keyed[k + 1][0] for k in range(len(keyed) - 1)):
        # Ties on everything but the properties are rare: only then pay for the key.
        return sorted((event for _, event in keyed), key=canonical_key)
    return [event for _, event in keyed]


def effective_events(events: Sequence[Event], as_of: dt.datetime | None) -> list[Event]:
    """Events at or before ``as_of``, each event id once.

    Copies with the same id that differ are resolved by :func:`canonical_key`: the
    earliest copy counts (ties broken by type, UTC offset, then properties), whatever the
    input order.
    """
    kept = [event for event in events if as_of is None or event.at <= as_of]
    chosen: dict[str, Event] = {}
    plain: list[Event] = []
    for event in kept:
        if event.id is None:
            plain.append(event)
            continue
        current = chosen.get(event.id)
        if current is None or canonical_key(event) < canonical_key(current):
            chosen[event.id] = event
    return plain + list(chosen.values())


def has_duplicate_ids(events: Sequence[Event]) -> bool:
    """Whether two of ``events`` share an id."""
    seen: set[str] = set()
    for event in events:
        key = event.id
        if key is not None:
            if key in seen:
                return True
            seen.add(key)
    return False


def event_limit(as_of: dt.datetime | None, tolerance_seconds: float) -> dt.datetime | None:
    """The latest moment an event may have and still count: ``as_of`` plus the tolerance.

    ``None`` (no limit) without ``as_of``. The tolerance absorbs a sender's clock running
    a little ahead (a webhook stamped seconds "in the future").

    >>> import datetime as dt
    >>> event_limit(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 300).isoformat()
    '2026-01-01T00:05:00+00:00'
    """
    if as_of is None or not tolerance_seconds:
        return as_of
    try:
        return as_of + dt.timedelta(seconds=tolerance_seconds)
    except OverflowError:  # past year 9999: no event can be later
        return as_of


def count_after(events: Iterable[Event], limit: dt.datetime | None) -> int:
    """How many of ``events`` are after ``limit`` (ignored when scoring), each id once."""
    if limit is None:
        return 0
    ids: set[str] = set()
    plain = 0
    for event in events:
        if event.at > limit:
            if event.id is None:
                plain += 1
            else:
                ids.add(event.id)
    return plain + len(ids)
