"""The lead desk's read side over a store: the call queue and the leads as CRM state.

One copy for every edge that shows the desk: ``leadqual queue``, ``tasks`` and
``report --db`` and the HTTP service (``leadqual serve``) read through these functions.
They take a store (:class:`leadqual.typing.Store`) and the moment "now" as arguments;
nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from leadqual.lead import Lead, Outcome, StageChange, thaw
from leadqual.stage import Stage

if TYPE_CHECKING:
    from leadqual.lifecycle._outbox import OutboxItem
    from leadqual.lifecycle._state import StoredLead
    from leadqual.typing import Store
    from leadqual.verdict import Verdict

__all__ = [
    "call_queue",
    "crm_leads",
    "freshness",
    "history_rows",
    "lead_row",
    "open_handoffs",
    "verdict_row",
]


def _number(value: float | None) -> float | None:
    """A whole float as an int, so JSON says ``25``, not ``25.0``, on every backend."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def verdict_row(verdict: Verdict, lang: str) -> dict[str, Any]:
    """One verdict as JSON data in ``lang`` (``leadqual qualify --format json``)."""
    fit = next((part for part in verdict.parts if part.name == "fit"), None)
    due = verdict.follow_up.due
    return {
        "id": verdict.lead_id,
        "decision": verdict.decision.value,
        "stage": verdict.stage.value,
        "score": verdict.score,
        "confidence": verdict.confidence,
        "points": verdict.points,
        "fit": fit.score if fit is not None else None,
        "grade": verdict.grade,
        "model_stage": verdict.model_stage.value if verdict.model_stage is not None else None,
        "reasons": verdict.reasons(lang),
        "next_step": verdict.follow_up.describe(lang),
        "due": due.isoformat() if due is not None else None,
        "overdue": verdict.overdue,
        "questions": verdict.next_questions(lang),
        "opening_line": verdict.opening_line(lang),
    }


def lead_row(item: StoredLead, lang: str) -> dict[str, Any]:
    """One stored lead's state as JSON data (``leadqual leads --format json``)."""
    return {
        "id": item.id,
        "stage": item.stage.value,
        "points": _number(item.points),
        "score": _number(item.score),
        "decision": item.decision,
        "owner": item.lead.owner,
        "events": item.events,
        "verdict_stage": item.verdict_stage.value if item.verdict_stage else None,
        "model_stage": item.model_stage.value if item.model_stage else None,
        "revisit": item.revisit.isoformat() if item.revisit is not None else None,
        "qualified_at": item.qualified_at.isoformat() if item.qualified_at else None,
        "notes": [note.get(lang) for note in item.notes],
    }


def _payload(item: OutboxItem) -> dict[str, Any]:
    data: dict[str, Any] = thaw(item.payload)
    return data


def freshness(item: OutboxItem, now: dt.datetime) -> float:
    """How fresh the crossing still is: 1 at once, 1/7 after an hour, 1/60 after a day.

    The speed-to-lead research (HBR 2011): within the hour a lead is about 7 times
    likelier to qualify than an hour later, and over 60 times likelier than after 24
    hours. Between those points the value falls geometrically; later it stays at 1/60.
    """
    crossed = _payload(item).get("crossed_at")
    if not isinstance(crossed, str):
        return 0.0
    hours = max(0.0, (now - dt.datetime.fromisoformat(crossed)).total_seconds() / 3600)
    if hours <= 1:
        return float((1 / 7) ** hours)
    if hours <= 24:  # noqa: PLR2004 - a day
        return float((1 / 7) * ((7 / 60) ** ((hours - 1) / 23)))
    return 1 / 60


def open_handoffs(store: Store) -> list[OutboxItem]:
    """The SQL hand-offs of leads that are still open SQLs, oldest first."""
    open_sqls = {lead.id for lead in store.leads(stage=Stage.SQL)}
    items = store.outbox()
    return [item for item in items if item.lead_id in open_sqls and item.kind == "sql"]


def _overdue(due: object, now: dt.datetime) -> bool:
    """The SLA is breached: the lead is still an open SQL after its due time."""
    return isinstance(due, str) and dt.datetime.fromisoformat(due) < now


def call_queue(store: Store, now: dt.datetime) -> list[dict[str, Any]]:
    """Open SQLs to call, best first: score weighted by freshness, then due time.

    Each row has ``lead_id``, ``score``, ``freshness``, ``priority``, ``owner`` (a
    name or ``None``), ``due`` (ISO 8601), ``delivered`` and ``overdue``.
    """
    latest: dict[str, OutboxItem] = {}
    for item in open_handoffs(store):
        latest[item.lead_id] = item  # oldest first: the last one is the latest hand-off
    rows: list[dict[str, Any]] = []
    for item in latest.values():
        payload = _payload(item)
        fresh = freshness(item, now)
        score = payload.get("score")
        owner = payload.get("owner") or {}
        rows.append(
            {
                "lead_id": item.lead_id,
                "score": score,
                "freshness": round(fresh, 4),
                "priority": round(
                    (float(score) if isinstance(score, int | float) else 0.0) * (0.5 + 0.5 * fresh),
                    4,
                ),
                "owner": owner.get("name"),
                "due": payload.get("due"),
                "delivered": item.status.value == "sent",
                "overdue": _overdue(payload.get("due"), now),
            }
        )
    rows.sort(key=lambda row: (-float(row["priority"]), str(row["due"] or ""), str(row["lead_id"])))
    return rows


def crm_leads(store: Store) -> tuple[list[Lead], dict[str, float]]:
    """Every stored lead with its timeline as CRM state, and the model's stored points.

    Read through the store protocol: the history's entries become ``stage_history``
    (each entry's stage, moment and author); a ``won`` or ``lost`` entry becomes the
    outcome (its amount, its reason). This is what the dashboard and the KPIs read.
    """
    leads: list[Lead] = []
    points: dict[str, float] = {}
    for stored in store.leads():
        entries = store.history(stored.id).entries
        changes = tuple(StageChange(e.stage, e.at, by=e.by) for e in entries)
        outcome = None
        for entry in entries:
            if entry.kind.value == "won":
                outcome = Outcome("won", entry.at, amount=entry.amount)
            elif entry.kind.value == "lost":
                outcome = Outcome("lost", entry.at, reason=entry.reason)
        lead = attrs.evolve(stored.lead, stage=stored.stage, stage_history=changes, outcome=outcome)
        leads.append(lead)
        if stored.points is not None:
            points[stored.id] = stored.points
    return leads, points


def _handoff_row(item: OutboxItem) -> dict[str, Any]:
    return {
        "at": item.created_at.isoformat() if item.created_at else None,
        "kind": "handoff",
        "stage": str(item.payload.get("stage", item.kind)),
        "reason": None,
        "status": item.status.value,
        "key": item.key,
        "attempts": item.attempts,
        "last_error": item.last_error,
        "sent_at": item.sent_at.isoformat() if item.sent_at else None,
    }


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def history_rows(store: Store, lead_id: str) -> list[dict[str, Any]]:
    """A stored lead's timeline as JSON data, oldest first (``leadqual history``).

    The hand-offs sit next to the stage changes that caused them: pending, sent or
    dead (a dead letter needs a person).

    Raises:
        UnknownLeadError: no lead with that id.
    """
    history = store.history(lead_id)
    handoffs = store.outbox(lead_id=lead_id)
    rows = [entry.to_data() for entry in history.entries]
    rows.extend(_handoff_row(item) for item in handoffs)
    rows.sort(key=lambda row: dt.datetime.fromisoformat(row["at"]) if row["at"] else _EPOCH)
    return rows
