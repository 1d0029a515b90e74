"""What a lead's CRM state says about its path: when it became MQL and SQL, its SLA.

These are the definitions every KPI shares, so that the funnel, the cohort rate and the
dashboard can never disagree about what "became SQL" means.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs

from leadqual.lead import Lead
from leadqual.stage import Reason, Stage

__all__ = ["LeadPath", "current_stage", "lead_path"]

_OFF_FUNNEL: Final = frozenset({Stage.NURTURE, Stage.DISQUALIFIED, Stage.LOST})


def current_stage(lead: Lead) -> Stage:
    """The lead's stage now: ``lead.stage``, else its latest history entry, else its outcome.

    A lead with no CRM state at all is ``NEW``; a won lead without a stage is a customer.

    >>> current_stage(Lead.from_mapping({"id": "L-1", "outcome": {"status": "won"}}))
    <Stage.CUSTOMER: 'customer'>
    """
    if lead.stage is not None:
        return lead.stage
    if lead.stage_history:
        return max(lead.stage_history, key=lambda change: change.at).stage
    if lead.outcome is not None:
        return Stage.CUSTOMER if lead.outcome.won else Stage.LOST
    return Stage.NEW


@attrs.frozen
class LeadPath:
    """The moments of one lead's funnel path, derived from ``stage_history`` and ``outcome``.

    Attributes:
        lead_id: the lead.
        source: its source, ``"unknown"`` when it has none.
        stage: its current stage (:func:`current_stage`).
        mql_at: its first entry at MQL or beyond (SQL, opportunity, customer).
        sql_at: its first entry at SQL or beyond, at or after ``mql_at``; a won outcome
            without such an entry counts as reaching SQL at the moment it was won.
        responded_at: the first history entry after ``sql_at`` (sales acted on the SQL),
            else the outcome's moment when it is later.
        rejected: it became MQL, never reached SQL, and was then disqualified, parked in
            nurture, lost, or given a lost outcome.
        reason: the outcome's reason code, when it has one.
        won: whether the outcome is won.
        closed: whether it has an outcome (won or lost).
        owner: the lead's owner.
        created_at: when the lead was created.
        won_at: when it was won.
    """

    lead_id: str
    source: str
    stage: Stage
    mql_at: dt.datetime | None
    sql_at: dt.datetime | None
    responded_at: dt.datetime | None
    rejected: bool
    reason: Reason | None
    won: bool
    closed: bool
    owner: str | None = None
    created_at: dt.datetime | None = None
    won_at: dt.datetime | None = None

    @property
    def reached_sql(self) -> bool:
        """Whether the lead reached SQL (or was won) after becoming MQL."""
        return self.sql_at is not None


def lead_path(lead: Lead) -> LeadPath:
    """Derive a lead's :class:`LeadPath`.

    >>> lead = Lead.from_mapping({"id": "L-1", "source": "webinar", "stage_history": [
    ...     {"stage": "mql", "at": "2026-11-18T08:00:00+01:00"},
    ...     {"stage": "sql", "at": "2026-11-21T14:05:00+01:00"},
    ...     {"stage": "opportunity", "at": "2026-11-21T14:40:00+01:00"}]})
    >>> path = lead_path(lead)
    >>> path.stage.value, path.reached_sql, path.responded_at - path.sql_at
    ('opportunity', True, datetime.timedelta(seconds=2100))
    """
    history = sorted(lead.stage_history, key=lambda change: change.at)
    outcome = lead.outcome
    won = outcome is not None and outcome.won
    mql_at = next((c.at for c in history if c.stage.rank >= Stage.MQL.rank), None)
    sql_at: dt.datetime | None = None
    if mql_at is not None:
        sql_at = next(
            (c.at for c in history if c.stage.rank >= Stage.SQL.rank and c.at >= mql_at), None
        )
        if sql_at is None and won:
            sql_at = outcome.at if outcome is not None and outcome.at is not None else mql_at
    responded_at: dt.datetime | None = None
    if sql_at is not None:
        responded_at = next((c.at for c in history if c.at > sql_at), None)
        if outcome is not None and outcome.at is not None and outcome.at > sql_at:
            responded_at = outcome.at if responded_at is None else min(responded_at, outcome.at)
    rejected = False
    if mql_at is not None and sql_at is None:
        dropped = any(c.stage in _OFF_FUNNEL and c.at >= mql_at for c in history)
        rejected = dropped or (outcome is not None and not outcome.won)
    return LeadPath(
        lead_id=lead.id,
        source=lead.source or "unknown",
        stage=current_stage(lead),
        mql_at=mql_at,
        sql_at=sql_at,
        responded_at=responded_at,
        rejected=rejected,
        reason=outcome.reason if outcome is not None else None,
        won=won,
        closed=outcome is not None,
        owner=lead.owner,
        created_at=lead.created_at,
        won_at=outcome.at if won and outcome is not None else None,
    )
