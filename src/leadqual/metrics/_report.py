"""All KPIs at once: what ``leadqual report`` prints and the dashboard shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from leadqual._display import html_table
from leadqual.lead import Lead
from leadqual.metrics._history import LeadPath, lead_path
from leadqual.metrics._kpis import (
    Bands,
    Conversion,
    Cycle,
    Period,
    Rejection,
    Sources,
    SpeedToLead,
    by_source,
    conversion_by_band,
    cycle_days,
    mql_to_sql,
    rejection,
    speed_to_lead,
    stage_counts,
)

__all__ = ["Report", "report"]


def _pct(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.1f}%"
    return text.replace(".", ",") if lang == "nl" else text


def _num(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "nl" else text


_FLAGS = {
    "en": {
        "too_loose": "below the 20–30% guidance: the MQL criteria may be too loose",
        "high": "above the 20–30% guidance: agree with sales what an MQL is",
        "ok": "within the 20–30% guidance",
    },
    "nl": {
        "too_loose": "onder de richtlijn van 20–30%: de MQL-criteria zijn mogelijk te ruim",
        "high": "boven de richtlijn van 20–30%: stem met sales af wat een MQL is",
        "ok": "binnen de richtlijn van 20–30%",
    },
}


@attrs.frozen
class Report:
    """Every KPI over one set of lead histories.

    Attributes:
        leads: how many leads.
        by_stage: leads per current stage.
        conversion: MQL→SQL cohort conversion.
        rejection: MQLs rejected by sales, and why.
        sources: conversion and win rate per source.
        cycle: sales-cycle length.
        speed: speed to lead and the SLA hit rate.
        bands: conversion per score band, when scores were given.
    """

    leads: int
    by_stage: Mapping[str, int]
    conversion: Conversion
    rejection: Rejection
    sources: Sources
    cycle: Cycle
    speed: SpeedToLead
    bands: Bands | None = None

    def to_data(self) -> dict[str, Any]:
        """The JSON of ``leadqual report --format json`` (SPEC §3 keys first)."""
        data: dict[str, Any] = {
            "leads": self.leads,
            "by_stage": dict(self.by_stage),
            "mql_to_sql": self.conversion.rate,
            "rejection_rate": self.rejection.rate,
            "by_source": self.sources.to_data(),
            "cycle_days": self.cycle.to_data(),
            "mql_cohort": self.conversion.to_data(),
            "rejection": self.rejection.to_data(),
            "speed_to_lead": self.speed.to_data(),
        }
        if self.bands is not None:
            data["by_score_band"] = self.bands.rows()
        return data

    def lines(self, lang: str = "en") -> list[str]:
        """The headline KPIs as short sentences, in English or Dutch.

        >>> report([]).lines("nl")[0]
        'Conversie MQL→SQL (cohort): — van 0 MQL’s (referentie Nederlandse B2B ~13%)'
        """
        c, r, cy, s = self.conversion, self.rejection, self.cycle, self.speed
        flag = _FLAGS["nl" if lang == "nl" else "en"].get(r.flag or "", "")
        tail = f", {flag}" if flag else ""
        if lang == "nl":
            conversion = f"Conversie MQL→SQL (cohort): {_pct(c.rate, lang)} van {c.mql} MQL’s"
            cycle = f"Verkoopcyclus: mediaan {_num(cy.median, lang)} dagen"
            speed = f"Snelheid van opvolging: mediaan {_num(s.median_minutes, lang)} minuten"
            return [
                f"{conversion} (referentie Nederlandse B2B ~13%)",
                f"Afwijzingen door sales: {_pct(r.rate, lang)} van de MQL’s{tail}",
                f"{cycle}, p90 {_num(cy.p90, lang)} dagen ({cy.count} gewonnen)",
                f"{speed}, binnen {s.sla_minutes:g} minuten: {_pct(s.hit_rate, lang)}",
            ]
        conversion = f"MQL→SQL conversion (cohort): {_pct(c.rate, lang)} of {c.mql} MQLs"
        cycle = f"Sales cycle: median {_num(cy.median, lang)} days"
        speed = f"Speed to lead: median {_num(s.median_minutes, lang)} minutes"
        return [
            f"{conversion} (Dutch B2B reference ~13%)",
            f"Rejected by sales: {_pct(r.rate, lang)} of MQLs{tail}",
            f"{cycle}, p90 {_num(cy.p90, lang)} days ({cy.count} won)",
            f"{speed}, within {s.sla_minutes:g} minutes: {_pct(s.hit_rate, lang)}",
        ]

    def _repr_html_(self) -> str:
        rows = [[line] for line in self.lines()]
        table = html_table(f"leadqual report: {self.leads} leads", ["KPI"], rows)
        return table + self.sources._repr_html_()


def report(
    leads: Iterable[Lead] | Iterable[LeadPath],
    *,
    sla_minutes: float = 60,
    as_of: dt.datetime | None = None,
    scores: Mapping[str, float] | None = None,
    period: Period = "month",
) -> Report:
    """Compute every KPI in one pass over the leads' paths.

    Args:
        leads: leads with CRM state (or their :class:`LeadPath`).
        sla_minutes: the follow-up SLA for speed to lead.
        as_of: the moment "now" for open SQLs (past the SLA means overdue).
        scores: lead id → score, for conversion per score band.
        period: the cohort period of MQL→SQL.

    >>> result = report([Lead.from_mapping({"id": "L-1"})])
    >>> result.to_data()["by_stage"]["new"], result.to_data()["mql_to_sql"] is None
    (1, True)
    """
    items: list[Lead | LeadPath] = list(leads)
    paths = [item if isinstance(item, LeadPath) else lead_path(item) for item in items]
    bands = None
    if scores is not None:
        bands = conversion_by_band((item for item in items if isinstance(item, Lead)), scores)
    return Report(
        leads=len(paths),
        by_stage=stage_counts(paths),
        conversion=mql_to_sql(paths, period=period),
        rejection=rejection(paths),
        sources=by_source(paths),
        cycle=cycle_days(paths),
        speed=speed_to_lead(paths, sla_minutes=sla_minutes, as_of=as_of),
        bands=bands,
    )
