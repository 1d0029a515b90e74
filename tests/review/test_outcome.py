"""Outcome paths and decision times (SPEC §3 PATH semantics)."""

from __future__ import annotations

import datetime as dt

import pytest

import leadqual as lq
from leadqual.review import decision_time, is_won, outcomes, parse_path, read_path

AT = "2026-11-18T08:00:00+01:00"


class TestParsePath:
    """parse_path: lead paths with dots and brackets."""

    def test_dotted_and_bracketed(self) -> None:
        """Dots split keys; a key holding dots is written in brackets."""
        assert parse_path("attributes.Converted") == ("attributes", "Converted")
        assert parse_path('attributes["emp.var.rate"]') == ("attributes", "emp.var.rate")
        assert parse_path("attributes['a b']") == ("attributes", "a b")

    @pytest.mark.parametrize("path", ["", ".x", "a[", 'a["b"'])
    def test_bad_path_is_a_config_error(self, path: str) -> None:
        """A path that cannot be read is a ConfigError naming the outcome."""
        with pytest.raises(lq.ConfigError, match="outcome"):
            parse_path(path)


class TestReadPath:
    """read_path: the value at a path of a lead."""

    def test_fields_and_mappings(self) -> None:
        """Lead fields, company fields, attributes (dotted keys too) and answers."""
        lead = lq.Lead(
            "L-1",
            company=lq.Company(employees=12),
            attributes={"emp.var.rate": 1.1, "y": "no"},
            answers={"budget": True},
        )
        assert read_path(lead, "company.employees") == 12
        assert read_path(lead, 'attributes["emp.var.rate"]') == 1.1
        assert read_path(lead, "attributes.emp.var.rate") == 1.1
        assert read_path(lead, "answers.budget") is True
        assert read_path(lead, "attributes.missing") is None
        assert read_path(lead, "company.nothing") is None
        assert read_path(lead, "id.deeper") is None


class TestIsWon:
    """is_won: which values count as a positive outcome."""

    def test_outcome_means_status_won(self) -> None:
        """``outcome`` is positive only for outcome.status == won."""
        won = lq.Lead.from_mapping({"id": "a", "outcome": {"status": "won"}})
        lost = lq.Lead.from_mapping({"id": "b", "outcome": {"status": "lost", "reason": "budget"}})
        assert is_won(won)
        assert not is_won(lost)
        assert not is_won(lq.Lead("c"))

    @pytest.mark.parametrize("value", ["won", "Yes", "TRUE", "y", "1", 1, 1.0, True, " yes "])
    def test_positive_values(self, value: lq.lead.JSONValue) -> None:
        """won, yes, true, y and 1 (any case) are positive."""
        assert is_won(lq.Lead("a", attributes={"c": value}), "attributes.c")

    @pytest.mark.parametrize("value", ["no", "0", 0, 2, False, "lost", ""])
    def test_other_values_are_negative(self, value: lq.lead.JSONValue) -> None:
        """Everything else, and a missing value, is negative."""
        assert not is_won(lq.Lead("a", attributes={"c": value}), "attributes.c")
        assert not is_won(lq.Lead("a"), "attributes.c")

    def test_outcomes_checks_the_path_first(self) -> None:
        """A bad path fails even without leads."""
        with pytest.raises(lq.ConfigError):
            outcomes([], "a[")


class TestDecisionTime:
    """decision_time: when a lead's fate was decided."""

    def test_first_decided_stage(self) -> None:
        """The first move into a decided stage, whatever the order of the history."""
        lead = lq.Lead.from_mapping(
            {
                "id": "a",
                "stage_history": [
                    {"stage": "nurture", "at": "2026-11-25T08:00:00+01:00"},
                    {"stage": "mql", "at": AT},
                    {"stage": "sql", "at": "2026-11-21T08:00:00+01:00"},
                ],
                "outcome": {"status": "won", "at": "2026-12-01T08:00:00+01:00"},
            }
        )
        moment = decision_time(lead)
        assert moment is not None
        assert moment == dt.datetime.fromisoformat("2026-11-21T08:00:00+01:00")

    def test_outcome_time_then_none(self) -> None:
        """Without a decided stage the outcome's time; without that nothing."""
        lead = lq.Lead.from_mapping({"id": "a", "outcome": {"status": "won", "at": AT}})
        assert decision_time(lead) == dt.datetime.fromisoformat(AT)
        assert decision_time(lq.Lead("b")) is None
