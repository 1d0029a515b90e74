"""Feedback records and the history that replays to the current stage."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadqual.exceptions import LifecycleError
from leadqual.lead import Outcome
from leadqual.lifecycle import Action, Entry, Feedback, History
from leadqual.stage import Reason, Stage

AT = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)


class TestFeedback:
    """Feedback: who, when, what and why."""

    def test_constructors(self) -> None:
        """Each classmethod makes its kind with its details."""
        assert Feedback.accept(AT, by="anna").kind is Action.ACCEPT
        assert Feedback.reject("timing", AT).reason is Reason.TIMING
        assert Feedback.not_now(AT, revisit=AT).revisit == AT
        assert Feedback.won(AT, amount=12000).amount == 12000
        assert Feedback.lost("no_interest", AT, note=" said no ").note == "said no"

    @pytest.mark.parametrize(
        ("build", "message"),
        [
            (lambda: Feedback.reject(None, AT), "reject needs a reason"),  # type: ignore[arg-type]
            (lambda: Feedback.lost(None, AT), "lost needs a reason"),
            (lambda: Feedback.lost("cheap", AT), "reason: expected one of budget"),
            (lambda: Feedback.won(AT, amount=-1), "amount: expected a number >= 0"),
            (lambda: Feedback.won(AT, amount="1"), "amount: expected a number"),  # type: ignore[arg-type]
            (lambda: Feedback("accept", AT, revisit=AT), "only a 'not now'"),
            (lambda: Feedback("fly", AT), "kind: expected one of accept"),
            (lambda: Feedback.accept(dt.datetime(2026, 1, 1)), "time zone"),  # noqa: DTZ001
            (lambda: Feedback("accept", None), "at: expected a datetime"),  # type: ignore[arg-type]
        ],
    )
    def test_bad_feedback(self, build: object, message: str) -> None:
        """Malformed feedback is a LifecycleError saying what is wrong."""
        with pytest.raises(LifecycleError, match=message):
            build()  # type: ignore[operator]


class TestHistory:
    """History: apply, replay, counting_since, outcome."""

    def test_empty(self) -> None:
        """An empty history is a new lead with every event counting."""
        history = History()
        assert (history.stage, history.replay(), history.counting_since) == (
            Stage.NEW,
            Stage.NEW,
            None,
        )
        assert history.outcome is None
        assert history.revisit is None

    def test_not_now_and_back(self) -> None:
        """Not now parks the lead from that moment; events count from then on."""
        history = History([Entry(AT, "qualified", "sql", source="new")])
        parked = history.apply(Feedback.not_now(AT, revisit=AT + dt.timedelta(days=90)))
        history = history.then(parked)
        assert history.stage is Stage.NURTURE
        assert history.revisit == AT + dt.timedelta(days=90)
        assert history.counting_since == AT
        later = AT + dt.timedelta(days=3)
        history = history.then(Entry(later, "qualified", "mql", source="nurture"))
        assert history.replay() is Stage.MQL
        assert history.counting_since == AT  # still counting from the parking moment

    def test_replay_refuses_illegal_entries(self) -> None:
        """An entry that is not an allowed move is named by position."""
        history = History([Entry(AT, "won", "customer", source="new")])
        with pytest.raises(LifecycleError, match=r"entries\[0\]: won cannot move a lead from new"):
            history.replay()

    def test_imported_first_entry(self) -> None:
        """The CRM's stage may start a history anywhere."""
        history = History([Entry(AT, "imported", "opportunity")])
        assert history.replay() is Stage.OPPORTUNITY

    def test_outcome(self) -> None:
        """Won and lost show as an Outcome."""
        won = History([Entry(AT, "won", "customer", source="sql", amount=5)])
        lost = History([Entry(AT, "lost", "lost", source="sql", reason="competitor")])
        assert won.outcome == Outcome("won", at=AT, amount=5)
        assert lost.outcome == Outcome("lost", at=AT, reason="competitor")

    def test_to_data(self) -> None:
        """An entry as JSON has at, kind, stage and reason."""
        entry = Entry(AT, "reject", "nurture", source="mql", reason="budget", by="anna")
        data = entry.to_data()
        assert {key: data[key] for key in ("at", "kind", "stage", "reason", "from")} == {
            "at": "2026-12-01T10:00:00+00:00",
            "kind": "reject",
            "stage": "nurture",
            "reason": "budget",
            "from": "mql",
        }

    @given(
        st.lists(
            st.sampled_from(
                [
                    Feedback.accept(AT),
                    Feedback.reject("timing", AT),
                    Feedback.reject("duplicate", AT),
                    Feedback.not_now(AT),
                    Feedback.won(AT),
                    Feedback.lost("competitor", AT),
                ]
            ),
            max_size=8,
        )
    )
    def test_applied_feedback_replays(self, feedback: list[Feedback]) -> None:
        """Whatever feedback is applied (allowed or refused), the history replays to its stage."""
        history = History()
        refused = []
        for item in feedback:
            try:
                history = history.then(history.apply(item))
            except LifecycleError as exc:
                refused.append((exc.stage, history.stage.value))
        assert history.replay() is history.stage
        assert all(named == current for named, current in refused)
