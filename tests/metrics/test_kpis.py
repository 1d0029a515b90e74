"""The KPIs of leadqual.metrics over hand-made and generated lead histories."""

from __future__ import annotations

import datetime as dt
from typing import Any

import hypothesis.strategies as st
import pandas as pd
from hypothesis import given

import leadqual as lq
from leadqual import datasets, metrics
from leadqual.stage import Reason, Stage

T0 = "2026-11-02T09:00:00+01:00"


def lead(lead_id: str, *changes: tuple[str, str], **fields: Any) -> lq.Lead:
    """A lead with a stage history given as ``(stage, at)`` pairs."""
    history = [{"stage": stage, "at": at} for stage, at in changes]
    return lq.Lead.from_mapping({"id": lead_id, "stage_history": history, **fields})


class TestLeadPath:
    """lead_path: the moments every KPI shares."""

    def test_won_without_sql_entry_reached_sql(self) -> None:
        """A won outcome counts as reaching SQL, at the moment it was won."""
        won = lead("L-1", ("mql", T0), outcome={"status": "won", "at": "2026-11-09T09:00:00Z"})
        path = metrics.lead_path(won)
        assert path.reached_sql
        assert path.sql_at == dt.datetime(2026, 11, 9, 9, tzinfo=dt.UTC)

    def test_sql_before_mql_is_not_a_conversion(self) -> None:
        """Only SQL entries at or after the MQL moment count."""
        path = metrics.lead_path(
            lead("L-1", ("sql", "2026-11-01T09:00:00Z"), ("nurture", "2026-11-01T10:00:00Z"))
        )
        assert path.mql_at is not None
        assert path.reached_sql  # the SQL entry is itself at/after rank MQL
        assert metrics.lead_path(lead("L-2")).mql_at is None

    def test_rejected(self) -> None:
        """An MQL disqualified before SQL is rejected; its reason is kept."""
        path = metrics.lead_path(
            lead("L-1", ("mql", T0), ("disqualified", "2026-11-03T09:00:00Z"),
                 outcome={"status": "lost", "reason": "budget"})
        )  # fmt: skip
        assert path.rejected
        assert path.reason is Reason.BUDGET
        assert path.stage is Stage.DISQUALIFIED


class TestMqlToSql:
    """mql_to_sql: a cohort rate, not a snapshot share."""

    def test_cohort_by_period_and_source(self) -> None:
        """Leads count in the month they became MQL, per source."""
        leads = [
            lead("a", ("mql", "2026-10-05T09:00:00Z"), ("sql", "2026-11-20T09:00:00Z"),
                 source="webinar"),
            lead("b", ("mql", "2026-10-06T09:00:00Z"), source="webinar"),
            lead("c", ("mql", "2026-11-06T09:00:00Z")),
            lead("d"),
        ]  # fmt: skip
        result = metrics.mql_to_sql(leads)
        assert (result.mql, result.sql, result.rate) == (3, 1, 1 / 3)
        assert [(c.key, c.mql, c.sql) for c in result.by_period] == [
            ("2026-10", 2, 1),
            ("2026-11", 1, 0),
        ]
        assert {c.key: c.rate for c in result.by_source} == {"unknown": 0.0, "webinar": 0.5}
        assert result.reference == 0.13
        assert metrics.mql_to_sql(leads, period="quarter").by_period[0].key == "2026-Q4"

    def test_dataframes(self) -> None:
        """Rows become a pandas frame with one row per group."""
        frame = metrics.mql_to_sql([lead("a", ("mql", T0))]).to_pandas()
        assert isinstance(frame, pd.DataFrame)
        assert list(frame["group"]) == ["source", "period"]


class TestRejection:
    """rejection: the 20–30% guidance."""

    def test_flags(self) -> None:
        """Below 20% is too loose, above 30% high, in between ok, nothing is None."""
        assert metrics.Rejection(mql=10, rejected=1).flag == "too_loose"
        assert metrics.Rejection(mql=10, rejected=2).flag == "ok"
        assert metrics.Rejection(mql=10, rejected=4).flag == "high"
        assert metrics.Rejection(mql=0, rejected=0).flag is None


class TestBySource:
    """by_source: conversion and win rate."""

    def test_win_rate_over_closed(self) -> None:
        """Win rate divides by closed leads, conversion by all leads."""
        leads = [
            lq.Lead.from_mapping({"id": "1", "source": "x", "outcome": {"status": "won"}}),
            lq.Lead.from_mapping(
                {"id": "2", "source": "x", "outcome": {"status": "lost", "reason": "competitor"}}
            ),
            lq.Lead.from_mapping({"id": "3", "source": "x"}),
        ]
        row = metrics.by_source(leads)["x"]
        assert (row.conversion, row.win_rate) == (1 / 3, 0.5)


class TestCycle:
    """cycle_days: median and p90, linear between ranks, clamped at 0."""

    def test_clamped(self) -> None:
        """A lead won before it was created counts as 0 and is reported as clamped."""
        early = lq.Lead.from_mapping(
            {"id": "1", "created_at": "2026-11-05T00:00:00Z",
             "outcome": {"status": "won", "at": "2026-11-01T00:00:00Z"}}
        )  # fmt: skip
        cycle = metrics.cycle_days([early])
        assert cycle.to_data() == {"median": 0.0, "p90": 0.0, "count": 1, "clamped": 1}

    @given(st.lists(st.floats(0, 1000, allow_nan=False), min_size=1, max_size=40))
    def test_quantile_matches_pandas(self, values: list[float]) -> None:
        """quantile() is pandas' linear interpolation."""
        for q in (0.5, 0.9):
            expected = float(pd.Series(values).quantile(q))
            got = metrics.quantile(values, q)
            assert got is not None
            assert abs(got - expected) <= 1e-6 * max(1.0, abs(expected))


class TestSpeedToLead:
    """speed_to_lead and sla_state."""

    def test_states(self) -> None:
        """Met within the SLA, missed after it, overdue when open past it at as_of."""
        fast = lead(
            "f",
            ("mql", T0),
            ("sql", "2026-11-03T09:00:00Z"),
            ("opportunity", "2026-11-03T09:30:00Z"),
        )
        slow = lead(
            "s",
            ("mql", T0),
            ("sql", "2026-11-03T09:00:00Z"),
            ("opportunity", "2026-11-03T12:00:00Z"),
        )
        waiting = lead("w", ("mql", T0), ("sql", "2026-11-03T09:00:00Z"))  # fmt: skip
        as_of = dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC)
        assert metrics.speed_to_lead([fast, slow, waiting], as_of=as_of).rows()[3]["leads"] == 1
        late = dt.datetime(2026, 11, 4, tzinfo=dt.UTC)
        speed = metrics.speed_to_lead([fast, slow, waiting], as_of=late)
        assert (speed.met, speed.missed, speed.overdue, speed.open) == (1, 1, 1, 0)
        assert speed.hit_rate == 1 / 3
        assert speed.median_minutes == 105.0


class TestBands:
    """conversion_by_band."""

    def test_deciles_hold_every_scored_lead(self) -> None:
        """Without edges the deciles together hold every scored lead."""
        leads = list(datasets.generate_histories(400, seed=2))
        model = lq.starter_model()
        scores = {x.id: model.score(x, as_of=datasets.DEFAULT_AS_OF).points for x in leads}
        bands = metrics.conversion_by_band(leads, scores)
        assert sum(b.leads for b in bands.bands) == 400
        assert '<th scope="col">low</th>' in bands._repr_html_()


class TestReport:
    """report: every KPI, and SPEC §3's JSON keys."""

    def test_spec_keys(self) -> None:
        """The JSON has the keys SPEC §3 names."""
        data = metrics.report(datasets.generate_histories(300, seed=4)).to_data()
        for key in ("leads", "by_stage", "mql_to_sql", "rejection_rate", "by_source"):
            assert key in data
        assert set(data["cycle_days"]) >= {"median", "p90", "clamped"}
        assert data["leads"] == sum(data["by_stage"].values()) == 300
        assert all(set(row) >= {"leads", "won", "conversion"} for row in data["by_source"].values())

    def test_lines_in_dutch_use_decimal_commas(self) -> None:
        """Dutch lines write 32,9% rather than 32.9%."""
        lines = metrics.report(datasets.generate_histories(300, seed=4)).lines("nl")
        assert "," in lines[0].split(":")[1]
        assert "<table" in metrics.report([])._repr_html_()
