"""The desk behind the HTTP service: store connections on their own threads, and the work.

A store connection belongs to the thread that opened it (SQLite insists), so
:class:`StorePool` keeps ``size`` threads, each with its own store, and runs jobs on
them; the event loop awaits the result. :class:`Desk` holds what every request needs
(the qualifier, the hand-off builder, the clock) and does the work through the same
service functions the CLI uses: ``store.ingest`` for leads and events,
``store.feedback`` for feedback, :mod:`leadqual.lifecycle._desk` for the queue, the
history and the dashboard's leads.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from leadqual.exceptions import LeadError
from leadqual.lead import Lead

if TYPE_CHECKING:
    from leadqual.automation import Config
    from leadqual.lifecycle import IngestReport
    from leadqual.store import SQLStore
    from leadqual.typing import Clock, HandoffBuilder
    from leadqual.verdict import Qualifier

__all__ = ["Desk", "StorePool", "in_memory"]

T = TypeVar("T")
_Job = tuple[Callable[[Any], Any], concurrent.futures.Future[Any]]


def in_memory(url: str) -> bool:
    """Whether ``url`` is a throw-away SQLite store that one connection alone can see."""
    return url in {":memory:", "sqlite://", "sqlite:///:memory:", "sqlite://:memory:"}


class StorePool:
    """``size`` threads, each with its own open store, running jobs ``fn(store)``.

    >>> pool = StorePool("sqlite:///:memory:", 1)
    >>> pool.submit(lambda store: store.schema_version).result() > 0
    True
    >>> pool.close()
    """

    def __init__(
        self, url: str, size: int, *, opener: Callable[[str], SQLStore] | None = None
    ) -> None:
        from leadqual.store import open_store  # noqa: PLC0415 - the store is an edge too

        self.url = url
        self._open = opener or open_store
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        try:
            for index in range(size):
                ready: concurrent.futures.Future[None] = concurrent.futures.Future()
                thread = threading.Thread(
                    target=self._run, args=(ready,), name=f"leadqual-store-{index}", daemon=True
                )
                thread.start()
                self._threads.append(thread)
                ready.result()  # one at a time: the first one creates or migrates the schema
        except BaseException:
            self.close()
            raise

    def _run(self, ready: concurrent.futures.Future[None]) -> None:
        try:
            store = self._open(self.url)
        except BaseException as exc:  # noqa: BLE001 - handed to the thread that waits
            ready.set_exception(exc)
            return
        ready.set_result(None)
        with store:
            while (job := self._jobs.get()) is not None:
                fn, future = job
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    future.set_result(fn(store))
                except BaseException as exc:  # noqa: BLE001 - the caller gets it
                    future.set_exception(exc)

    def submit(self, fn: Callable[[SQLStore], T]) -> concurrent.futures.Future[T]:
        """Run ``fn(store)`` on one of the pool's threads."""
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._jobs.put((fn, future))
        return future

    async def run(self, fn: Callable[[SQLStore], T]) -> T:
        """Await ``fn(store)`` run on one of the pool's threads."""
        return await asyncio.wrap_future(self.submit(fn))

    def close(self) -> None:
        """Finish the queued jobs, close every store and stop the threads."""
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()
        self._threads = []


def parse_leads(data: object) -> list[Lead]:
    """One lead (an object) or a batch (a list of objects); errors name the place.

    >>> [lead.id for lead in parse_leads([{"id": "L-1"}, {"id": "L-2"}])]
    ['L-1', 'L-2']
    >>> parse_leads([{"id": "L-1"}, {"events": []}])
    Traceback (most recent call last):
    ...
    leadqual.exceptions.LeadError: [1]: invalid lead: id: required but missing
    >>> parse_leads([{"id": "D"}, {"id": "D"}])
    Traceback (most recent call last):
    ...
    leadqual.exceptions.LeadError: [1].id: duplicate lead id 'D' (first seen at [0])
    """
    if isinstance(data, Mapping):
        return [Lead.from_mapping(data)]
    if not isinstance(data, list) or not data:
        raise LeadError.at(place="body", detail="expected a lead (an object) or a list of leads")
    leads: list[Lead] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data):
        try:
            lead = Lead.from_mapping(item)
        except LeadError as exc:
            msg = f"[{index}]: {exc}"
            raise type(exc)(msg, errors=exc.errors) from None
        first = seen.setdefault(lead.id, index)
        if first != index:  # merged silently, one of the two would be lost
            raise LeadError.at(
                place=f"[{index}].id",
                detail=f"duplicate lead id {lead.id!r} (first seen at [{first}])",
            )
        leads.append(lead)
    return leads


def parse_events(lead_id: str, data: object) -> Lead:
    """``{"events": [...]}`` (or the list alone) as a lead with only those events."""
    if isinstance(data, Mapping) and set(data) == {"events"}:
        data = data["events"]
    if not isinstance(data, list):
        raise LeadError.at(place="events", detail='expected {"events": [...]} or a list of events')
    return Lead.from_mapping({"id": lead_id, "events": data})


@attrs.frozen
class Desk:
    """What every request needs: the qualifier, the config, the clock; and the work.

    Every method takes the store first and runs on a :class:`StorePool` thread.
    """

    qualifier: Qualifier
    config: Config
    clock: Clock
    handoff: HandoffBuilder | None = None

    def ingest(self, store: SQLStore, leads: Sequence[Lead]) -> IngestReport:
        """Merge ``leads`` in as ``leadqual ingest`` does, as of the clock's now."""
        return store.ingest(
            leads, as_of=self.clock(), qualifier=self.qualifier, handoff=self.handoff
        )

    def add_events(self, store: SQLStore, lead: Lead) -> IngestReport:
        """Add ``lead``'s events to the stored lead; its profile stays as it is.

        An unknown id raises :class:`UnknownLeadError` (404) and creates nothing. Leads
        are never deleted, so the lead seen here is still there when the events go in.
        """
        store.lead(lead.id)  # raises UnknownLeadError
        return store.ingest(
            [lead],
            as_of=self.clock(),
            qualifier=self.qualifier,
            handoff=self.handoff,
            events_only=True,
        )

    def verdict(self, store: SQLStore, lead_id: str) -> tuple[Lead, Any]:
        """The stored lead and its verdict now, in its lifecycle (nurture counts anew)."""
        from leadqual.lifecycle import qualify  # noqa: PLC0415

        lead = store.lead(lead_id).lead
        return lead, qualify(self.qualifier, lead, store.history(lead_id), self.clock())
