"""Merging is order-independent: the same inputs in any order give the same store."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from leadqual.store import open_store
from store_support import AS_OF, dump, event, lead

EVENTS = [
    event("page_view", "2026-11-20T10:00:00+01:00", url="/pricing"),
    event("page_view", "2026-11-20T11:00:00+01:00", url="/blog/a"),
    event("demo_requested", "2026-11-21T10:00:00+01:00", id="d-1"),
    event("demo_requested", "2026-11-21T09:00:00+01:00", id="d-1"),
    event("content_download", "2026-11-19T10:00:00+01:00"),
]

inputs = st.lists(st.lists(st.sampled_from(range(len(EVENTS))), max_size=5), min_size=1, max_size=4)


class TestMergeOrder:
    """Store.ingest over several inputs."""

    @settings(max_examples=25)
    @given(batches=inputs, order=st.randoms(use_true_random=False))
    def test_any_order_same_store(self, batches: list[list[int]], order: random.Random) -> None:
        """Events (and their count per content) do not depend on the order of the inputs."""
        leads = [lead("L-1", *(EVENTS[k] for k in batch)) for batch in batches]
        shuffled = list(leads)
        order.shuffle(shuffled)
        stored = []
        for sequence in (leads, shuffled):
            with open_store("sqlite://") as store:
                for item in sequence:
                    store.ingest([item], as_of=AS_OF)
                stored.append(sorted(dump(store)["events"]))
        assert stored[0] == stored[1]
        expected: dict[str, int] = {}
        for batch in batches:
            for key in {EVENTS[k].get("id") or str(k) for k in batch}:
                count = 1 if key.startswith("d-") else batch.count(int(key))
                expected[key] = max(expected.get(key, 0), count)
        assert len(stored[0]) == sum(expected.values())
