"""Lifecycle stages of a lead, from first touch to customer (or lost)."""

from __future__ import annotations

from leadqual._core.labels import LabelledEnum

__all__ = ["Reason", "Stage"]


class Stage(LabelledEnum):
    """Where a lead stands in the funnel.

    Scoring assigns only ``NEW``, ``MQL`` and ``SQL`` (and ``DISQUALIFIED`` on a
    knock-out); the others are set by people and CRM workflows. ``LOST`` means the lead
    said no or chose a competitor; "not now" is ``NURTURE`` and can come back.

    >>> Stage.SQL, Stage("mql").label("nl")
    (<Stage.SQL: 'sql'>, 'Marketing Qualified Lead (MQL)')

    ``rank`` orders the funnel; the off-funnel stages rank 0:

    >>> [stage.value for stage in Stage if stage.rank]
    ['new', 'mql', 'sql', 'opportunity', 'customer']
    """

    NEW = "new"
    MQL = "mql"
    SQL = "sql"
    OPPORTUNITY = "opportunity"
    CUSTOMER = "customer"
    NURTURE = "nurture"
    DISQUALIFIED = "disqualified"
    LOST = "lost"

    @property
    def rank(self) -> int:
        """Order along the funnel; off-funnel stages (nurture, disqualified, lost) rank 0."""
        return _RANK[self]


_RANK = {
    Stage.NURTURE: 0,
    Stage.DISQUALIFIED: 0,
    Stage.LOST: 0,
    Stage.NEW: 1,
    Stage.MQL: 2,
    Stage.SQL: 3,
    Stage.OPPORTUNITY: 4,
    Stage.CUSTOMER: 5,
}


class Reason(LabelledEnum):
    """Why sales rejected an MQL, parked a lead, or lost it (the spec's fixed codes).

    Only ``COMPETITOR`` and ``NO_INTEREST`` make a lead *lost*; the others reject an MQL
    or send it to nurture, from where it can come back.

    >>> Reason("budget").label("nl"), Reason.COMPETITOR.loses
    ('Geen budget', True)
    """

    BUDGET = "budget"
    AUTHORITY = "authority"
    NEED = "need"
    TIMING = "timing"
    BAD_DATA = "bad_data"
    COMPETITOR = "competitor"
    NO_INTEREST = "no_interest"
    DUPLICATE = "duplicate"
    OTHER = "other"

    @property
    def loses(self) -> bool:
        """Whether this reason ends the relationship (lost), rather than "not now"."""
        return self in (Reason.COMPETITOR, Reason.NO_INTEREST)
