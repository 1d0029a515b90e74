"""Lifecycle stages of a lead, from first touch to customer (or lost)."""

from __future__ import annotations

import enum

__all__ = ["Stage"]


class Stage(enum.StrEnum):
    """Where a lead stands in the funnel.

    Scoring assigns only ``NEW``, ``MQL`` and ``SQL`` (and ``DISQUALIFIED`` on a
    knock-out); the others are set by people and CRM workflows. ``LOST`` means the lead
    said no or chose a competitor; "not now" is ``NURTURE`` and can come back.

    >>> Stage.SQL, Stage("mql").label("nl")
    (<Stage.SQL: 'sql'>, 'Marketing Qualified Lead (MQL)')
    >>> Stage.SQL.rank > Stage.MQL.rank
    True
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

    def label(self, lang: str = "en") -> str:
        """A human name for the stage in English (``"en"``) or Dutch (``"nl"``)."""
        return _LABELS[lang if lang in _LABELS else "en"][self]


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

_LABELS = {
    "en": {
        Stage.NEW: "New lead",
        Stage.MQL: "Marketing Qualified Lead (MQL)",
        Stage.SQL: "Sales Qualified Lead (SQL)",
        Stage.OPPORTUNITY: "Opportunity",
        Stage.CUSTOMER: "Customer",
        Stage.NURTURE: "Nurture (not now)",
        Stage.DISQUALIFIED: "Disqualified",
        Stage.LOST: "Lost",
    },
    "nl": {
        Stage.NEW: "Nieuwe lead",
        Stage.MQL: "Marketing Qualified Lead (MQL)",
        Stage.SQL: "Sales Qualified Lead (SQL)",
        Stage.OPPORTUNITY: "Verkoopkans",
        Stage.CUSTOMER: "Klant",
        Stage.NURTURE: "Nurturen (nu nog niet)",
        Stage.DISQUALIFIED: "Gediskwalificeerd",
        Stage.LOST: "Verloren",
    },
}
