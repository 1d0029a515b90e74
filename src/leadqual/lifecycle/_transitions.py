"""The allowed stage moves, as data: who may move a lead from where to where, and why.

The default (:data:`DEFAULT_TRANSITIONS`) encodes the article's funnel::

    new ─▶ mql ─▶ sql ─▶ opportunity ─▶ customer        (signals, then sales)
     │      │      │          │
     │      └──────┴──reject──┴─▶ nurture (budget, authority, need, timing, other)
     │                        └─▶ disqualified (bad_data, duplicate)
     └── not now ───────────────▶ nurture ──new signals──▶ mql / sql
                                   lost only with competitor or no_interest

A team with another process builds its own :class:`Transitions` from :class:`Move` s
(or from data with :func:`transitions_from_data`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from leadqual._core.labels import LabelledEnum
from leadqual.exceptions import ConfigError, LifecycleError
from leadqual.stage import Reason, Stage

__all__ = [
    "DEFAULT_TRANSITIONS",
    "Action",
    "Move",
    "Transitions",
    "transitions_from_data",
    "transitions_to_data",
]


class Action(LabelledEnum):
    """What moved a lead: the signals (``QUALIFIED``), the CRM (``IMPORTED``) or sales."""

    IMPORTED = "imported"
    QUALIFIED = "qualified"
    ACCEPT = "accept"
    REJECT = "reject"
    NOT_NOW = "not_now"
    WON = "won"
    LOST = "lost"


def _reasons(value: Iterable[Reason | str]) -> frozenset[Reason]:
    if isinstance(value, str):
        value = (value,)
    return frozenset(Reason(item) for item in value)


@attrs.frozen
class Move:
    """One allowed move: ``action`` takes a lead from ``source`` to ``target``.

    Args:
        action: who or what moves it.
        source: the stage it must be in.
        target: the stage it goes to.
        reasons: the reason codes this move takes (required when not empty); a move
            without reasons takes none.

    >>> from leadqual import Stage
    >>> from leadqual.lifecycle import Action
    >>> Move(Action.LOST, Stage.MQL, Stage.LOST, {"competitor"}).describe()
    'lost competitor → lost'
    """

    action: Action = attrs.field(converter=Action)
    source: Stage = attrs.field(converter=Stage)
    target: Stage = attrs.field(converter=Stage)
    reasons: frozenset[Reason] = attrs.field(factory=frozenset, converter=_reasons)

    def describe(self) -> str:
        """The move as people type it: ``action [reason|reason] → target``."""
        reasons = "|".join(sorted(reason.value for reason in self.reasons))
        head = f"{self.action.value} {reasons}" if reasons else self.action.value
        return f"{head} → {self.target.value}"


def _moves(value: Iterable[Move]) -> tuple[Move, ...]:
    return tuple(value)


@attrs.frozen
class Transitions:
    """The allowed moves between stages; everything else is a :class:`LifecycleError`.

    >>> from leadqual import Stage
    >>> from leadqual.lifecycle import Action
    >>> from leadqual.stage import Reason
    >>> DEFAULT_TRANSITIONS.find(Action.ACCEPT, Stage.MQL).target
    <Stage.SQL: 'sql'>
    >>> DEFAULT_TRANSITIONS.find(Action.LOST, Stage.MQL, Reason.BUDGET)
    Traceback (most recent call last):
    ...
    leadqual.exceptions.LifecycleError: cannot mark lost with reason 'budget' from mql; ...
    """

    moves: tuple[Move, ...] = attrs.field(converter=_moves)

    def allowed(self, source: Stage) -> tuple[Move, ...]:
        """The moves allowed from ``source``, in table order."""
        return tuple(move for move in self.moves if move.source is source)

    def can(self, action: Action, source: Stage, target: Stage) -> bool:
        """Whether ``action`` may take a lead from ``source`` to ``target``."""
        return any(
            m.action is action and m.source is source and m.target is target for m in self.moves
        )

    def find(self, action: Action, source: Stage, reason: Reason | None = None) -> Move:
        """The move ``action`` (with ``reason``) makes from ``source``.

        Raises:
            LifecycleError: naming the current stage and the moves allowed from it.
        """
        for move in self.moves:
            if move.action is not action or move.source is not source:
                continue
            if (reason is None and not move.reasons) or (reason in move.reasons):
                return move
        self._refuse(action, source, reason)
        raise AssertionError  # pragma: no cover - _refuse always raises

    def _refuse(self, action: Action, source: Stage, reason: Reason | None) -> None:
        # People's moves only: signals and imports are not something a rep can choose.
        automatic = (Action.QUALIFIED, Action.IMPORTED)
        allowed = [m.describe() for m in self.allowed(source) if m.action not in automatic]
        what = action.value.replace("_", " ")
        verb = f"mark {what}" if action in (Action.WON, Action.LOST) else what
        head = f"cannot {verb}"
        if reason is not None:
            head += f" with reason {reason.value!r}"
        same = [m for m in self.allowed(source) if m.action is action]
        hints = []
        if same and reason is None and all(m.reasons for m in same):
            hints.append("a reason is required")
        if same and reason is not None:
            codes = sorted({r.value for m in same for r in m.reasons})
            if codes:
                hints.append(f"allowed reasons: {', '.join(codes)}")
            else:
                hints.append("this move takes no reason")
        if action is Action.LOST:
            hints.append("a lead is lost only when it chose a competitor or said no")
        shown = ", ".join(allowed) if allowed else "none (a final stage)"
        msg = "; ".join([f"{head} from {source.value}", *hints, f"allowed: {shown}"])
        raise LifecycleError(msg, stage=source.value, allowed=allowed)


_NURTURE_REASONS = {Reason.BUDGET, Reason.AUTHORITY, Reason.NEED, Reason.TIMING, Reason.OTHER}
_DISQUALIFY_REASONS = {Reason.BAD_DATA, Reason.DUPLICATE}
_LOST_REASONS = {Reason.COMPETITOR, Reason.NO_INTEREST}


def _default_moves() -> Iterable[Move]:
    new, mql, sql, opp = Stage.NEW, Stage.MQL, Stage.SQL, Stage.OPPORTUNITY
    nurture, dq, lost, customer = Stage.NURTURE, Stage.DISQUALIFIED, Stage.LOST, Stage.CUSTOMER
    for source, target in (
        (new, mql),
        (new, sql),
        (mql, sql),
        (nurture, mql),
        (nurture, sql),
        (new, dq),
        (mql, dq),
    ):
        yield Move(Action.QUALIFIED, source, target)
    for source, target in ((new, sql), (mql, sql), (nurture, sql), (sql, opp)):
        yield Move(Action.ACCEPT, source, target)
    for source in (new, mql, sql):
        yield Move(Action.REJECT, source, nurture, _NURTURE_REASONS)
        yield Move(Action.REJECT, source, dq, _DISQUALIFY_REASONS)
        yield Move(Action.REJECT, source, lost, _LOST_REASONS)
    for source in (new, mql, sql, opp, nurture):
        yield Move(Action.NOT_NOW, source, nurture)
    for source in (mql, sql, opp):
        yield Move(Action.WON, source, customer)
    for source in (new, mql, sql, opp, nurture):
        yield Move(Action.LOST, source, lost, _LOST_REASONS)


DEFAULT_TRANSITIONS = Transitions(tuple(_default_moves()))
"""The article's funnel; see the module docstring for the picture.

- signals (``qualified``): new → mql/sql/disqualified, mql → sql/disqualified, and
  back from nurture → mql/sql when new signals cross the line;
- ``accept``: new/mql/nurture → sql, sql → opportunity;
- ``reject REASON`` from new/mql/sql: budget, authority, need, timing, other → nurture;
  bad_data, duplicate → disqualified; competitor, no_interest → lost;
- ``not_now`` (with a revisit date): new/mql/sql/opportunity/nurture → nurture;
- ``won``: mql/sql/opportunity → customer;
- ``lost`` only with competitor or no_interest, from any open stage.

Lost, customer and disqualified are final: nothing moves a lead out of them.
"""


def transitions_to_data(transitions: Transitions) -> list[dict[str, Any]]:
    """The moves as plain data (one table per move).

    >>> transitions_to_data(DEFAULT_TRANSITIONS)[0]
    {'action': 'qualified', 'source': 'new', 'target': 'mql'}
    """
    rows = []
    for move in transitions.moves:
        row: dict[str, Any] = {
            "action": move.action.value,
            "source": move.source.value,
            "target": move.target.value,
        }
        if move.reasons:
            row["reasons"] = sorted(reason.value for reason in move.reasons)
        rows.append(row)
    return rows


def transitions_from_data(data: object) -> Transitions:
    """Transitions from plain data (what :func:`transitions_to_data` gives).

    >>> transitions_from_data(transitions_to_data(DEFAULT_TRANSITIONS)) == DEFAULT_TRANSITIONS
    True
    """
    if not isinstance(data, list):
        msg = f"transitions: expected a list of moves, got {type(data).__name__}"
        raise ConfigError(msg)
    moves = []
    for index, row in enumerate(data):
        if not isinstance(row, Mapping):
            raise ConfigError.at(place=f"transitions[{index}]", detail="expected a table")
        extra = set(row) - {"action", "source", "target", "reasons"}
        if extra:
            detail = f"unknown keys {sorted(extra)}"
            raise ConfigError.at(place=f"transitions[{index}]", detail=detail)
        try:
            moves.append(Move(row["action"], row["source"], row["target"], row.get("reasons", ())))
        except (KeyError, ValueError, TypeError) as exc:
            raise ConfigError.at(place=f"transitions[{index}]", detail=str(exc)) from None
    return Transitions(tuple(moves))
