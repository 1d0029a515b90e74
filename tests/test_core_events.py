"""Event identity: canonical_order equals a sort by canonical_key, whatever the input order."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from leadqual._core.events import canonical_key, canonical_order
from leadqual.lead import Event

BASE = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
OFFSETS = st.sampled_from([dt.timezone(dt.timedelta(hours=h)) for h in (-5, 0, 1, 2)])
EVENTS = st.builds(
    lambda minutes, zone, kind, ident, n: Event(
        kind,
        (BASE + dt.timedelta(minutes=minutes)).astimezone(zone),
        id=ident,
        properties={"n": n},
    ),
    st.integers(0, 3),  # few instants: ties are common
    OFFSETS,
    st.sampled_from(["page_view", "demo_requested"]),
    st.none() | st.sampled_from(["a", "b"]),
    st.integers(0, 2) | st.booleans(),
)


@given(st.lists(EVENTS, max_size=8))
def test_canonical_order_is_the_sort_by_canonical_key(events: list[Event]) -> None:
    """The cheap paths (already in order, no tied instants) agree with the full key."""
    expected = sorted(events, key=canonical_key)
    assert [canonical_key(e) for e in canonical_order(events)] == [
        canonical_key(e) for e in expected
    ]
    assert [canonical_key(e) for e in canonical_order(reversed(events))] == [
        canonical_key(e) for e in expected
    ]
