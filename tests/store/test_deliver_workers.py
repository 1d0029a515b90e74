"""Several outbox workers on one store never send the same item twice.

SQLite holds a lease under its write lock; PostgreSQL claims with SKIP LOCKED.
"""

from __future__ import annotations

import collections
import datetime as dt
import threading

from leadqual.automation import deliver
from leadqual.lifecycle import HandOff, OutboxItem, OutboxStatus
from leadqual.notify import CallbackNotifier
from leadqual.store import open_store

_T0 = dt.datetime(2026, 11, 21, 13, 5, tzinfo=dt.UTC)


class TestConcurrentWorkers:
    """Three workers drain one outbox together."""

    def test_each_item_sent_once(self, store_url: str) -> None:
        """Every key is sent exactly once and ends sent."""
        with open_store(store_url) as store:
            store.enqueue(
                [HandOff(f"lq-{i}", f"L-{i}", {"lead_id": f"L-{i}"}) for i in range(30)], now=_T0
            )
        counts: collections.Counter[str] = collections.Counter()
        lock = threading.Lock()

        def record(item: OutboxItem) -> None:
            with lock:
                counts[item.key] += 1

        def work(name: str) -> None:
            with open_store(store_url) as outbox:
                notifier = CallbackNotifier(record)
                while deliver(outbox, [notifier], clock=lambda: _T0, worker=name, limit=3).claimed:
                    pass

        threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert counts == collections.Counter({f"lq-{i}": 1 for i in range(30)})
        with open_store(store_url) as store:
            assert {item.status for item in store.outbox()} == {OutboxStatus.SENT}
