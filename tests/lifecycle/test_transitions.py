"""The allowed moves as data."""

from __future__ import annotations

import pytest

from leadqual.exceptions import ConfigError, LifecycleError
from leadqual.lifecycle import (
    DEFAULT_TRANSITIONS,
    Action,
    Move,
    Transitions,
    transitions_from_data,
    transitions_to_data,
)
from leadqual.stage import Reason, Stage


class TestDefaultTransitions:
    """The article's funnel."""

    def test_funnel_forward(self) -> None:
        """Forward along the funnel: new → mql → sql → opportunity → customer."""
        assert DEFAULT_TRANSITIONS.can(Action.QUALIFIED, Stage.NEW, Stage.MQL)
        assert DEFAULT_TRANSITIONS.can(Action.QUALIFIED, Stage.MQL, Stage.SQL)
        assert DEFAULT_TRANSITIONS.find(Action.ACCEPT, Stage.SQL).target is Stage.OPPORTUNITY
        assert DEFAULT_TRANSITIONS.find(Action.WON, Stage.OPPORTUNITY).target is Stage.CUSTOMER

    @pytest.mark.parametrize(
        ("reason", "target"),
        [
            (Reason.BUDGET, Stage.NURTURE),
            (Reason.TIMING, Stage.NURTURE),
            (Reason.BAD_DATA, Stage.DISQUALIFIED),
            (Reason.DUPLICATE, Stage.DISQUALIFIED),
            (Reason.COMPETITOR, Stage.LOST),
        ],
    )
    def test_reject_routes_by_reason(self, reason: Reason, target: Stage) -> None:
        """A rejected MQL goes to nurture, disqualified or lost by its reason code."""
        assert DEFAULT_TRANSITIONS.find(Action.REJECT, Stage.MQL, reason).target is target

    def test_lost_only_with_competitor_or_no(self) -> None:
        """Lost takes competitor or no_interest, nothing else."""
        for reason in Reason:
            if reason.loses:
                assert DEFAULT_TRANSITIONS.find(Action.LOST, Stage.SQL, reason).target is Stage.LOST
                continue
            with pytest.raises(LifecycleError, match="allowed reasons: competitor, no_interest"):
                DEFAULT_TRANSITIONS.find(Action.LOST, Stage.SQL, reason)

    def test_error_names_stage_and_moves(self) -> None:
        """The refusal names the current stage and people's allowed moves."""
        with pytest.raises(LifecycleError) as caught:
            DEFAULT_TRANSITIONS.find(Action.WON, Stage.NURTURE)
        error = caught.value
        assert error.stage == "nurture"
        assert "accept → sql" in error.allowed
        assert not any(move.startswith("qualified") for move in error.allowed)
        assert str(error).startswith("cannot mark won from nurture; allowed: accept → sql")

    def test_reason_required(self) -> None:
        """A reject without a reason says a reason is required."""
        with pytest.raises(LifecycleError, match="a reason is required"):
            DEFAULT_TRANSITIONS.find(Action.REJECT, Stage.MQL)

    def test_final_stages(self) -> None:
        """Nothing leaves lost, customer or disqualified."""
        for stage in (Stage.LOST, Stage.CUSTOMER, Stage.DISQUALIFIED):
            assert DEFAULT_TRANSITIONS.allowed(stage) == ()
            with pytest.raises(LifecycleError, match=r"allowed: none \(a final stage\)"):
                DEFAULT_TRANSITIONS.find(Action.ACCEPT, stage)


class TestTransitionsData:
    """Transitions from and to plain data."""

    def test_round_trip(self) -> None:
        """The default table survives a round trip exactly."""
        data = transitions_to_data(DEFAULT_TRANSITIONS)
        assert transitions_from_data(data) == DEFAULT_TRANSITIONS

    def test_custom(self) -> None:
        """A team's own table: only what it lists is allowed."""
        custom = transitions_from_data([{"action": "accept", "source": "new", "target": "sql"}])
        assert custom == Transitions((Move(Action.ACCEPT, Stage.NEW, Stage.SQL),))
        with pytest.raises(LifecycleError):
            custom.find(Action.ACCEPT, Stage.MQL)

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({}, "expected a list of moves"),
            ([1], r"transitions\[0\]: expected a table"),
            ([{"action": "accept", "source": "new"}], r"transitions\[0\]: 'target'"),
            ([{"action": "fly", "source": "new", "target": "sql"}], r"transitions\[0\]: 'fly'"),
            ([{"action": "accept", "source": "new", "target": "sql", "x": 1}], "unknown keys"),
        ],
    )
    def test_bad_data(self, data: object, message: str) -> None:
        """Bad tables are ConfigErrors naming the move."""
        with pytest.raises(ConfigError, match=message):
            transitions_from_data(data)

    def test_action_labels(self) -> None:
        """Every action has an English and a Dutch label."""
        assert Action.REJECT.label("nl") == "afgewezen door sales"
        assert all(action.label("en") != action.label("nl") for action in Action)
