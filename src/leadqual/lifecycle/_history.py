"""A lead's timeline: entries that replay, from ``new``, to its current stage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from leadqual.exceptions import LifecycleError
from leadqual.lead import Outcome
from leadqual.lifecycle._feedback import Feedback
from leadqual.lifecycle._transitions import DEFAULT_TRANSITIONS, Action, Transitions
from leadqual.stage import Reason, Stage

__all__ = ["Entry", "History"]


@attrs.frozen
class Entry:
    """One step of a lead's timeline.

    Attributes:
        at: when it happened (for a move by signals: the event that crossed the line).
        kind: what moved the lead (:class:`Action`).
        stage: the stage after the step.
        source: the stage before it (``None`` for the first entry).
        reason: the reason code (reject, lost).
        by: who (sales feedback).
        note: free text.
        revisit: for not now, when to look again.
        amount: for won, the deal's amount.
        decision: for a move by signals, the verdict's decision.
        score: for a move by signals, the verdict's score.
    """

    at: dt.datetime
    kind: Action = attrs.field(converter=Action)
    stage: Stage = attrs.field(converter=Stage)
    source: Stage | None = attrs.field(default=None, converter=attrs.converters.optional(Stage))
    reason: Reason | None = attrs.field(default=None, converter=attrs.converters.optional(Reason))
    by: str | None = None
    note: str | None = None
    revisit: dt.datetime | None = None
    amount: float | None = None
    decision: str | None = None
    score: float | None = None

    def to_data(self) -> dict[str, Any]:
        """The entry as plain JSON data (what ``leadqual history --format json`` prints).

        >>> import datetime as dt
        >>> at = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
        >>> Entry(at, "accept", "sql", source="mql", by="anna").to_data()["stage"]
        'sql'
        """
        return {
            "at": self.at.isoformat(),
            "kind": self.kind.value,
            "stage": self.stage.value,
            "from": self.source.value if self.source is not None else None,
            "reason": self.reason.value if self.reason is not None else None,
            "by": self.by,
            "note": self.note,
            "revisit": self.revisit.isoformat() if self.revisit is not None else None,
            "amount": self.amount,
            "decision": self.decision,
            "score": self.score,
        }


def _entries(value: Iterable[Entry]) -> tuple[Entry, ...]:
    return tuple(value)


@attrs.frozen
class History:
    """A lead's entries, oldest first; pure: applying feedback returns a new history.

    >>> import datetime as dt
    >>> at = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    >>> history = History()
    >>> history = history.then(history.apply(Feedback.not_now(at, revisit=at)))
    >>> history.stage, history.replay()
    (<Stage.NURTURE: 'nurture'>, <Stage.NURTURE: 'nurture'>)
    """

    entries: tuple[Entry, ...] = attrs.field(default=(), converter=_entries)

    @property
    def stage(self) -> Stage:
        """The current stage: the last entry's, or ``new`` for an empty history."""
        return self.entries[-1].stage if self.entries else Stage.NEW

    @property
    def revisit(self) -> dt.datetime | None:
        """When to look at a nurtured lead again (``None`` outside nurture)."""
        if self.stage is not Stage.NURTURE:
            return None
        return self.entries[-1].revisit

    @property
    def counting_since(self) -> dt.datetime | None:
        """From when the lead's events count: the moment it was last parked in nurture.

        A lead that comes back from nurture is judged on the signals since then; its
        older events and its history stay in the store. ``None``: every event counts.
        """
        for entry in reversed(self.entries):
            if entry.stage is Stage.NURTURE and entry.source is not Stage.NURTURE:
                return entry.at
        return None

    @property
    def outcome(self) -> Outcome | None:
        """Won or lost, when the last entry says so."""
        if not self.entries:
            return None
        last = self.entries[-1]
        if last.stage is Stage.CUSTOMER:
            return Outcome("won", at=last.at, amount=last.amount)
        if last.stage is Stage.LOST:
            return Outcome("lost", at=last.at, reason=last.reason)
        return None

    def then(self, entry: Entry) -> History:
        """This history with ``entry`` appended."""
        return History((*self.entries, entry))

    def apply(self, feedback: Feedback, transitions: Transitions = DEFAULT_TRANSITIONS) -> Entry:
        """The entry ``feedback`` makes, checked against ``transitions``.

        Raises:
            LifecycleError: the move is not allowed from the current stage (the message
                names the stage and the allowed moves).
        """
        move = transitions.find(feedback.kind, self.stage, feedback.reason)
        return Entry(
            at=feedback.at,
            kind=feedback.kind,
            stage=move.target,
            source=self.stage,
            reason=feedback.reason,
            by=feedback.by,
            note=feedback.note,
            revisit=feedback.revisit,
            amount=feedback.amount,
        )

    def replay(self, transitions: Transitions = DEFAULT_TRANSITIONS) -> Stage:
        """Walk the entries from ``new`` and return the stage they end in.

        An ``imported`` first entry may set any stage (what the CRM said); every other
        entry must be a move ``transitions`` allows from the stage before it.

        Raises:
            LifecycleError: an entry is not an allowed move (naming its position).
        """
        stage = Stage.NEW
        for index, entry in enumerate(self.entries):
            if entry.kind is Action.IMPORTED and index == 0:
                stage = entry.stage
                continue
            if not transitions.can(entry.kind, stage, entry.stage):
                allowed = [move.describe() for move in transitions.allowed(stage)]
                msg = (
                    f"entries[{index}]: {entry.kind.value} cannot move a lead from "
                    f"{stage.value} to {entry.stage.value}; allowed: {', '.join(allowed)}"
                )
                raise LifecycleError(msg, stage=stage.value, allowed=allowed)
            stage = entry.stage
        return stage
