"""What a store gives back: a stored lead with its state, and an ingest's report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from leadqual.frameworks import Text
from leadqual.lead import Lead
from leadqual.stage import Stage

__all__ = ["IngestReport", "StoredLead"]


@attrs.frozen
class StoredLead:
    """A lead as the store holds it: merged profile and events, and its current state.

    Attributes:
        lead: the merged lead with ``owner`` and ``stage`` from the store; with every
            stored event from ``Store.lead``, without events from ``Store.leads``.
        stage: the one stage to write back (see :func:`leadqual.lifecycle.resolve`).
        points: the scoring model's total at the last qualification.
        score: the verdict's weighted score at the last qualification.
        decision: the verdict's decision at the last qualification.
        verdict_stage: the stage the verdict proposed.
        model_stage: the scoring model's threshold stage.
        events: how many events are stored.
        qualified_at: the ``as_of`` of the last qualification.
        revisit: for a lead in nurture, when to look again.
        notes: where the model's stage, the verdict's and the CRM stage disagreed at
            the last qualification, and which one was written back (English and Dutch).
    """

    lead: Lead
    stage: Stage
    points: float | None = None
    score: float | None = None
    decision: str | None = None
    verdict_stage: Stage | None = None
    model_stage: Stage | None = None
    events: int = 0
    qualified_at: dt.datetime | None = None
    revisit: dt.datetime | None = None
    notes: tuple[Text, ...] = ()

    @property
    def id(self) -> str:
        """The lead's id."""
        return self.lead.id


@attrs.frozen
class IngestReport:
    """What one ingest did.

    Attributes:
        leads: input leads read (a lead given twice counts twice).
        created: leads new to the store.
        changed: leads that gained events or a changed profile (qualified again).
        unchanged: leads that brought nothing new (not qualified again).
        events_added: events new to the store.
        stage_changes: history entries written.
        handoffs: the keys of the hand-offs put in the outbox.
    """

    leads: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    events_added: int = 0
    stage_changes: int = 0
    handoffs: tuple[str, ...] = ()

    def to_data(self) -> dict[str, Any]:
        """The report as JSON data (``leadqual ingest --format json``, the HTTP service).

        >>> IngestReport(leads=1, created=1, handoffs=("lq-1",)).to_data()["handoffs"]
        ['lq-1']
        """
        return {
            "leads": self.leads,
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "events_added": self.events_added,
            "stage_changes": self.stage_changes,
            "handoffs": list(self.handoffs),
        }
