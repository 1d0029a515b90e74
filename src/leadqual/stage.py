"""Lifecycle stages of a lead, from first touch to customer (or lost)."""

from __future__ import annotations

from leadqual._core.labels import LabelledEnum, set_labels

__all__ = ["Reason", "Stage"]


class Stage(LabelledEnum):
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
        Stage.NURTURE: "Nurture (nu even niet)",
        Stage.DISQUALIFIED: "Gediskwalificeerd",
        Stage.LOST: "Verloren",
    },
}
set_labels(Stage, _LABELS["en"], _LABELS["nl"])


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


_REASON_LABELS = {
    "en": {
        Reason.BUDGET: "No budget",
        Reason.AUTHORITY: "Not a decision maker",
        Reason.NEED: "No need",
        Reason.TIMING: "Bad timing",
        Reason.BAD_DATA: "Bad data",
        Reason.COMPETITOR: "Chose a competitor",
        Reason.NO_INTEREST: "Not interested",
        Reason.DUPLICATE: "Duplicate",
        Reason.OTHER: "Other",
    },
    "nl": {
        Reason.BUDGET: "Geen budget",
        Reason.AUTHORITY: "Geen beslisser",
        Reason.NEED: "Geen behoefte",
        Reason.TIMING: "Niet het juiste moment",
        Reason.BAD_DATA: "Onjuiste gegevens",
        Reason.COMPETITOR: "Koos voor een concurrent",
        Reason.NO_INTEREST: "Geen interesse",
        Reason.DUPLICATE: "Dubbele lead",
        Reason.OTHER: "Anders",
    },
}
set_labels(Reason, _REASON_LABELS["en"], _REASON_LABELS["nl"])
