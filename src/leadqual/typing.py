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
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, Self, runtime_checkable

if TYPE_CHECKING:
    from types import TracebackType

    from leadqual.lead import JSONValue, Lead
    from leadqual.lifecycle import (
        Entry,
        Feedback,
        HandOff,
        History,
        IngestReport,
        OutboxItem,
        OutboxStatus,
        StoredLead,
        Transitions,
    )
    from leadqual.stage import Stage
    from leadqual.verdict import Qualifier, Verdict

__all__ = [
    "Clock",
    "HandoffBuilder",
    "Notifier",
    "Outbox",
    "RoutedHandoffBuilder",
    "RuleFunction",
    "Store",
]


class Clock(Protocol):
    """Where a service reads "now": an aware datetime per call.

    Services (the hand-off worker, the HTTP service) take one; evaluators never read the
    clock. ``lambda: datetime.now(UTC)`` in production, a fixed moment in tests.
    """

    def __call__(self) -> dt.datetime:
        """The current moment, with a time zone."""
        ...


class RuleFunction(Protocol):
    """Points for a lead as of a moment (``None`` when no ``as_of`` was given).

    Return 0 when the rule does not apply. Must be pure: same lead, same ``as_of``,
    same points; never read the clock.
    """

    def __call__(self, lead: Lead, as_of: dt.datetime | None, /) -> float:
        """Points for ``lead`` (0 when the rule does not apply)."""
        ...


class HandoffBuilder(Protocol):
    """The payload of the hand-off for a lead that newly became an SQL.

    Called inside the store's transaction, so it must be pure and quick: it gets the
    merged lead, its verdict and the history entry that made it an SQL, and returns
    JSON-compatible data. :func:`leadqual.lifecycle.handoff_payload` is the default.
    """

    def __call__(self, lead: Lead, verdict: Verdict, entry: Entry, /) -> Mapping[str, JSONValue]:
        """The payload for the outbox row."""
        ...


@runtime_checkable
class RoutedHandoffBuilder(HandoffBuilder, Protocol):
    """A hand-off builder that also picks which stage changes hand off and takes turns.

    The store asks ``hands_off(before, entry)`` for every stage change (a plain
    :class:`HandoffBuilder` hands off only a new SQL) and then calls ``build`` with
    ``turn``: ``turn(rotation, size)`` returns the next position in a named round-robin
    rotation from a counter the store advances in the same transaction as the hand-off.
    :class:`leadqual.automation.Handoffs` is the one a config file makes.
    """

    def hands_off(self, before: Stage, entry: Entry, /) -> bool:
        """Whether the change from ``before`` that ``entry`` records hands off."""
        ...

    def build(
        self,
        lead: Lead,
        verdict: Verdict,
        entry: Entry,
        *,
        turn: Callable[[str, int], int] | None = None,
        before: Stage | None = None,
    ) -> Mapping[str, JSONValue]:
        """The payload, the owner picked with ``turn``."""
        ...


class Notifier(Protocol):
    """Delivers one hand-off from the outbox (a webhook, Slack, an e-mail, your callback).

    ``send`` returns when the receiver has the hand-off and raises
    :class:`leadqual.exceptions.NotifyError` when it does not. It may be called again
    with the same item after a crash or a failure: the item's ``key`` is the same every
    time, so receivers can drop repeats (the ``Idempotency-Key`` header, the
    ``Message-ID``). ``name`` appears in logs and errors.
    :func:`leadqual.testing.check_notifier` checks your own.
    """

    @property
    def name(self) -> str:
        """What the notifier is called in logs and errors (``"webhook"``)."""
        ...

    def send(self, item: OutboxItem, /) -> None:
        """Deliver ``item`` or raise ``NotifyError``."""
        ...


class Outbox(Protocol):
    """The outbox of a store: hand-offs waiting to be delivered, claimed by workers.

    Every method is one transaction. Several workers may share one outbox: an item is
    held by at most one worker at a time (a lease, taken with ``FOR UPDATE SKIP
    LOCKED`` on PostgreSQL and under the database lock on SQLite), and a worker that
    dies loses its lease when it expires, so the item is claimed again, with the same
    key.
    """

    def enqueue(self, handoffs: Iterable[HandOff], *, now: dt.datetime) -> int:
        """Add hand-offs (each key once: a key already present is left as it is).

        Returns how many were new. The store's own ``ingest`` writes its hand-offs in
        the stage change's transaction; this is for hand-offs made elsewhere.
        """
        ...

    def claim(
        self,
        worker: str,
        *,
        now: dt.datetime,
        limit: int = 10,
        lease: dt.timedelta = dt.timedelta(seconds=60),
    ) -> list[OutboxItem]:
        """Take up to ``limit`` due items for ``worker`` until ``now + lease``.

        Due means pending with ``next_attempt_at <= now`` and no lease running (or an
        expired one). Claiming counts as an attempt. Oldest first.
        """
        ...

    def mark_sent(self, key: str, *, worker: str, now: dt.datetime) -> bool:
        """Record that ``worker`` delivered ``key``; false when it no longer held the lease."""
        ...

    def mark_failed(
        self,
        key: str,
        *,
        worker: str,
        now: dt.datetime,
        error: str,
        retry_at: dt.datetime | None,
    ) -> bool:
        """Record a failed delivery: pending again from ``retry_at``, or dead when ``None``.

        False when ``worker`` no longer held the lease (the row is then left alone).
        """
        ...

    def outbox(
        self, *, status: OutboxStatus | None = None, lead_id: str | None = None
    ) -> list[OutboxItem]:
        """The outbox rows (all, or with ``status``, or for one lead), oldest first."""
        ...


class Store(Outbox, Protocol):
    """A lead store: merged leads, their verdict snapshots, histories and the outbox.

    ``leadqual.store.open_store(url)`` gives one (SQLite or PostgreSQL). Writers take
    one transaction per batch of leads; a crash leaves every lead either fully
    ingested or untouched, and running the same input again completes the work.
    """

    url: str
    transitions: Transitions

    @property
    def schema_version(self) -> int:
        """The version of the store's tables (migrated to the library's on open)."""
        ...

    def ingest(
        self,
        leads: Iterable[Lead],
        *,
        as_of: dt.datetime,
        qualifier: Qualifier | None = None,
        handoff: HandoffBuilder | None = None,
        events_only: bool = False,
    ) -> IngestReport:
        """Merge leads in, qualify what changed, record stage moves and hand-offs.

        With ``events_only`` a stored lead keeps its profile: only the input's events
        (and owner, when given) are merged in.
        """
        ...

    def lead(self, lead_id: str) -> StoredLead:
        """One stored lead (merged profile, all events, current state)."""
        ...

    def leads(self, *, stage: Stage | None = None) -> list[StoredLead]:
        """Every stored lead (or those in ``stage``), by id."""
        ...

    def history(self, lead_id: str) -> History:
        """The lead's timeline, oldest first."""
        ...

    def snapshots(self, lead_id: str) -> Sequence[Mapping[str, Any]]:
        """Every verdict stored for the lead, oldest first (``as_of`` and ``verdict``)."""
        ...

    def feedback(self, lead_id: str, feedback: Feedback) -> Entry:
        """Apply sales feedback (checked against the transitions) and record it."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
