"""Hand-offs as data: what the store's outbox holds and how its keys are made.

The outbox is the "nothing lost, nothing twice" half of speed to lead: the store writes
a :class:`HandOff` in the same transaction as the stage change that caused it, and a
worker (``leadqual deliver``) later claims it, sends it and marks it sent. The key is
made from the lead and the stage change only, so a re-run or a re-send after a crash
carries the same key.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from collections.abc import Mapping
from typing import Any

import attrs

from leadqual.lead import FrozenDict, JSONValue, thaw

__all__ = ["HandOff", "OutboxItem", "OutboxStatus", "handoff_key"]


class OutboxStatus(enum.StrEnum):
    """Where an outbox item stands.

    - ``PENDING``: waiting to be sent (again) from ``next_attempt_at`` on.
    - ``SENT``: delivered; never sent again.
    - ``DEAD``: gave up after too many failures (the dead letters); visible, not retried.
    """

    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


def handoff_key(lead_id: str, stage: str, seq: int) -> str:
    """The stable key of the hand-off caused by history entry ``seq`` of a lead.

    Only ASCII letters and digits, so it can go in an ``Idempotency-Key`` header or a
    ``Message-ID`` as it is.

    >>> handoff_key("L-1", "sql", 3) == handoff_key("L-1", "sql", 3)
    True
    >>> handoff_key("L-1", "sql", 3)[:3], len(handoff_key("L-1", "sql", 3))
    ('lq-', 35)
    """
    digest = hashlib.sha256(f"{lead_id}\x00{stage}\x00{seq}".encode()).hexdigest()
    return "lq-" + digest[:32]


def _payload(value: Mapping[str, Any]) -> Mapping[str, JSONValue]:
    return FrozenDict(value)


@attrs.frozen
class HandOff:
    """A hand-off to put in the outbox: its key, the lead, and what to deliver.

    Args:
        key: stable for this hand-off (see :func:`handoff_key`).
        lead_id: the lead it is about.
        payload: the JSON-compatible body for the notifiers (owner, due, text, dossier).
        kind: what sort of hand-off (``"sql"``: a lead newly became an SQL).
        due: when the owner should have called (the follow-up's due time), if known.

    >>> item = HandOff("lq-1", "L-1", {"lead_id": "L-1"})
    >>> item.kind, item.payload["lead_id"]
    ('sql', 'L-1')
    """

    key: str
    lead_id: str
    payload: Mapping[str, JSONValue] = attrs.field(converter=_payload, hash=False)
    kind: str = "sql"
    due: dt.datetime | None = None

    def payload_data(self) -> dict[str, Any]:
        """The payload as plain, mutable JSON data."""
        data: dict[str, Any] = thaw(self.payload)
        return data


@attrs.frozen
class OutboxItem:
    """One row of the outbox as a worker sees it.

    Attributes:
        key: the hand-off's stable key (the table's primary key).
        lead_id: the lead it is about.
        kind: the hand-off's kind (``"sql"``).
        payload: what to deliver (JSON data).
        status: pending, sent or dead.
        attempts: how many times sending was tried and failed or claimed.
        next_attempt_at: a pending item is not claimed before this moment.
        created_at: when the hand-off was written (the ingest's ``as_of``).
        lease_owner: the worker that holds the item, while its lease runs.
        lease_expires_at: when that lease ends; after it another worker may claim it.
        last_error: the last failure's message.
        sent_at: when it was marked sent.
        due: the follow-up's due time, if known.
    """

    key: str
    lead_id: str
    kind: str
    payload: Mapping[str, JSONValue] = attrs.field(converter=_payload, hash=False)
    status: OutboxStatus = OutboxStatus.PENDING
    attempts: int = 0
    next_attempt_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    lease_owner: str | None = None
    lease_expires_at: dt.datetime | None = None
    last_error: str | None = None
    sent_at: dt.datetime | None = None
    due: dt.datetime | None = None
