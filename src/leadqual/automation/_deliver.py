"""The outbox worker's decisions: claim, send, mark sent, or retry with backoff.

Pure service code: the outbox and the notifiers are protocols
(:class:`leadqual.typing.Outbox`, :class:`leadqual.typing.Notifier`), the time comes from
a clock callable and the jitter from a ``random.Random`` you can seed. ``leadqual
deliver`` wires the store and the configured notifiers into :func:`deliver`.

Exactly once, as far as a network allows: an item is marked sent only after every
notifier accepted it, so a crash between sending and marking sends it again after
the lease runs out, always with the same key. Receivers drop repeats by that key.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs

from leadqual.automation._redact import redact_log
from leadqual.exceptions import NotifyError

if TYPE_CHECKING:
    from leadqual.lifecycle import OutboxItem
    from leadqual.typing import Notifier, Outbox

__all__ = ["Backoff", "DeliveryReport", "deliver"]

Clock = Callable[[], dt.datetime]


@attrs.frozen
class Backoff:
    """Exponential backoff with jitter, and when to give up.

    The n-th failure waits ``min(cap, first * 2 ** (n - 1))`` scaled by a random factor
    between ``1 - jitter`` and 1, so workers that failed together do not retry together.

    Args:
        first: seconds before the first retry.
        cap: the longest wait, in seconds.
        jitter: the share of the wait that is random (0 to 1).
        max_attempts: after this many failed attempts the item is dead-lettered.

    >>> backoff = Backoff(first=30, cap=3600, jitter=0)
    >>> [backoff.delay(n, random.Random(0)).total_seconds() for n in (1, 2, 3, 10)]
    [30.0, 60.0, 120.0, 3600.0]
    """

    first: float = 30.0
    cap: float = 3600.0
    jitter: float = attrs.field(
        default=0.5, validator=[attrs.validators.ge(0), attrs.validators.le(1)]
    )
    max_attempts: int = attrs.field(default=8, validator=attrs.validators.ge(1))

    def delay(self, failures: int, rng: random.Random) -> dt.timedelta:
        """The wait after the ``failures``-th failure."""
        base = min(self.cap, self.first * 2.0 ** min(failures - 1, 60))
        return dt.timedelta(seconds=base * (1.0 - self.jitter * rng.random()))

    def retry_at(
        self, failures: int, now: dt.datetime, rng: random.Random, *, permanent: bool = False
    ) -> dt.datetime | None:
        """When to try again after ``failures`` failures, or ``None`` to dead-letter."""
        if permanent or failures >= self.max_attempts:
            return None
        return now + self.delay(failures, rng)


@attrs.frozen
class DeliveryReport:
    """What one :func:`deliver` pass did: keys sent, retried later, dead-lettered."""

    sent: tuple[str, ...] = ()
    retried: tuple[str, ...] = ()
    dead: tuple[str, ...] = ()
    lost_lease: tuple[str, ...] = ()

    @property
    def claimed(self) -> int:
        """How many items this pass claimed."""
        return len(self.sent) + len(self.retried) + len(self.dead) + len(self.lost_lease)


def _send_all(item: OutboxItem, notifiers: Sequence[Notifier]) -> NotifyError | None:
    for notifier in notifiers:
        try:
            notifier.send(item)
        except NotifyError as exc:
            return exc
        except OSError as exc:  # a notifier that lets a socket error through
            return NotifyError(redact_log(f"{notifier.name}: {exc}"))
    return None


def _cooling(outbox: Outbox, item: OutboxItem, cooldown: dt.timedelta) -> str | None:
    written = item.created_at
    if written is None:
        return None
    for other in outbox.outbox(lead_id=item.lead_id):
        sent = other.sent_at
        if other.kind != item.kind:
            continue  # an MQL hand-off to marketing does not hold back the SQL one
        if other.key != item.key and sent is not None and written - cooldown < sent <= written:
            return f"suppressed: cooldown, {other.key} was sent at {sent.isoformat()}"
    return None


def deliver(
    outbox: Outbox,
    notifiers: Sequence[Notifier],
    *,
    clock: Clock,
    worker: str,
    backoff: Backoff = Backoff(),
    limit: int = 10,
    lease: dt.timedelta = dt.timedelta(seconds=60),
    rng: random.Random | None = None,
    on_sent: Callable[[OutboxItem], None] | None = None,
    cooldown: dt.timedelta | None = None,
) -> DeliveryReport:
    """Claim up to ``limit`` due items, send each through every notifier, record the outcome.

    A failure retries later (:class:`Backoff`); a permanent one, or one past
    ``backoff.max_attempts``, dead-letters the item. Returns what happened, by key.

    With ``cooldown`` (the config's ``cooldown_days``), a hand-off for a lead that had
    another one sent less than ``cooldown`` before it was written is not sent: it is
    dead-lettered with the reason, so a lead hovering around the line reaches its owner
    once and the suppression stays visible in its history.

    >>> import datetime as dt
    >>> from leadqual.lifecycle import HandOff
    >>> from leadqual.store import open_store
    >>> from leadqual.notify import CallbackNotifier
    >>> now = dt.datetime(2026, 11, 21, 14, 5, tzinfo=dt.UTC)
    >>> store = open_store("sqlite:///:memory:")
    >>> store.enqueue([HandOff("lq-1", "L-1", {"lead_id": "L-1"})], now=now)
    1
    >>> seen = []
    >>> report = deliver(store, [CallbackNotifier(lambda item: seen.append(item.key))],
    ...                  clock=lambda: now, worker="w1")
    >>> report.sent, seen
    (('lq-1',), ['lq-1'])
    >>> deliver(store, [], clock=lambda: now, worker="w1").claimed
    0
    """
    rng = rng if rng is not None else random.Random()  # noqa: S311 - jitter, not crypto
    sent: list[str] = []
    retried: list[str] = []
    dead: list[str] = []
    lost: list[str] = []
    for item in outbox.claim(worker, now=clock(), limit=limit, lease=lease):
        if cooldown is not None and (reason := _cooling(outbox, item, cooldown)) is not None:
            held = outbox.mark_failed(
                item.key, worker=worker, now=clock(), error=reason, retry_at=None
            )
            (dead if held else lost).append(item.key)
            continue
        error = _send_all(item, notifiers)
        now = clock()
        if error is None:
            (sent if outbox.mark_sent(item.key, worker=worker, now=now) else lost).append(item.key)
            if on_sent is not None:
                on_sent(item)
            continue
        retry = backoff.retry_at(item.attempts, now, rng, permanent=error.permanent)
        held = outbox.mark_failed(
            # Every stored error is masked, also one from a notifier of your own.
            item.key,
            worker=worker,
            now=now,
            error=redact_log(str(error)),
            retry_at=retry,
        )
        if not held:
            lost.append(item.key)
        else:
            (retried if retry is not None else dead).append(item.key)
    return DeliveryReport(tuple(sent), tuple(retried), tuple(dead), tuple(lost))
