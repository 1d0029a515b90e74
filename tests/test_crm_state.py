"""The CRM-state keys of a lead (SPEC §3): owner, stage, stage_history, outcome."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

import leadqual as lq
from leadqual._convert import unstructure
from leadqual.exceptions import LeadError
from leadqual.lead import Outcome, StageChange
from leadqual.stage import Reason, Stage

_STATE = {
    "id": "L-1",
    "owner": "anna@acme.nl",
    "stage": "mql",
    "stage_history": [
        {"stage": "mql", "at": "2026-11-18T08:00:00+01:00"},
        {"stage": "sql", "at": "2026-11-21T14:05:00+01:00", "by": "anna@acme.nl"},
    ],
    "outcome": {"status": "won", "at": "2026-12-15T10:00:00+01:00", "amount": 12000},
}


class TestCrmState:
    """Lead.from_mapping and the constructors on CRM state."""

    def test_the_spec_example_loads(self) -> None:
        """Every key of the spec's CRM-state example lands in its typed field."""
        lead = lq.Lead.from_mapping(_STATE)
        assert lead.owner == "anna@acme.nl"
        assert lead.stage is Stage.MQL
        assert [change.stage for change in lead.stage_history] == [Stage.MQL, Stage.SQL]
        assert lead.stage_history[1].by == "anna@acme.nl"
        assert lead.outcome == Outcome("won", lead.outcome.at if lead.outcome else None, 12000)
        assert lead.outcome is not None
        assert lead.outcome.won

    def test_round_trip_and_pickle(self) -> None:
        """Plain data out equals the input; a pickled lead is equal."""
        lead = lq.Lead.from_mapping(_STATE)
        assert unstructure(lead) == _STATE
        assert pickle.loads(pickle.dumps(lead)) == lead  # noqa: S301 - our own bytes

    def test_lost_with_a_reason(self) -> None:
        """A lost outcome carries a reason code with English and Dutch labels."""
        lead = lq.Lead.from_mapping(
            {"id": "L-2", "outcome": {"status": "lost", "reason": "competitor"}}
        )
        assert lead.outcome is not None
        assert lead.outcome.reason is Reason.COMPETITOR
        assert lead.outcome.reason.loses
        assert not Reason.BUDGET.loses
        assert Reason.TIMING.label("nl") == "Niet het juiste moment"

    @pytest.mark.parametrize(
        ("data", "place"),
        [
            ({"stage": "hot"}, "stage"),
            ({"outcome": {"status": "maybe"}}, "outcome.status"),
            ({"outcome": {"status": "lost", "reason": "price"}}, "outcome.reason"),
            ({"outcome": {"status": "won", "amount": -5}}, "outcome.amount"),
            (
                {"stage_history": [{"stage": "sql", "at": "2026-11-21T14:05:00"}]},
                "stage_history[0].at",
            ),
        ],
    )
    def test_bad_state_names_its_place(self, data: dict[str, object], place: str) -> None:
        """A bad CRM value is a LeadError at its place."""
        with pytest.raises(LeadError, match=place.replace("[", r"\[").replace("]", r"\]")):
            lq.Lead.from_mapping({"id": "L-3", **data})

    def test_python_constructors_check_types(self) -> None:
        """From Python, plain dicts are refused with a pointer to from_mapping."""
        with pytest.raises(LeadError, match="outcome"):
            lq.Lead("L-4", outcome={"status": "won"})  # type: ignore[arg-type]
        with pytest.raises(LeadError, match="stage_history"):
            lq.Lead("L-4", stage_history=[{"stage": "mql"}])
        assert StageChange(Stage("sql"), _at()).stage is Stage.SQL


def _at() -> dt.datetime:
    return dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
