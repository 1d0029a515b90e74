"""The reference interpreter is the oracle: the Python backend must agree with it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadqual.lead import Event, Lead
from leadqual.scoring import (
    AllOf,
    AnyOf,
    Between,
    Condition,
    Equals,
    EventMatch,
    Glob,
    Known,
    Not,
    OneOf,
    Rule,
    ScoringModel,
)
from leadqual.scoring._plan import build_plan
from leadqual.scoring._reference import interpret
from strategies import leads, models, moments

# Values a notebook or a webhook may really send: lists, tables, booleans, numbers.
_ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from((1.0, 2.5, -0.0)),
    st.sampled_from(("x", "X", "", "/pricing", "https://a.nl/pricing?p=1", "http://[", "1")),
    st.lists(st.sampled_from(("x", "Y", 1, True, None)), max_size=3),
    st.just({"nested": "x"}),
)
_KEYS = ("a", "b")


def _odd_conditions(subject: str) -> st.SearchStrategy[Condition]:
    keys = (
        st.sampled_from(_KEYS)
        if subject == "event"
        else st.sampled_from(tuple(f"attributes.{key}" for key in _KEYS))
    )
    scalar = st.one_of(st.booleans(), st.integers(-3, 3), st.sampled_from(("x", "y", "1", 2.5)))
    leaf = st.one_of(
        st.builds(Equals, keys, scalar),
        st.builds(OneOf, keys, st.lists(scalar, min_size=1, max_size=3)),
        st.builds(Between, keys, min=st.integers(-2, 2), max=st.none() | st.just(3)),
        st.builds(Known, keys),
        st.builds(Glob, keys, st.sampled_from(("x*", "*", "?", "[xy]*", "/pricing*"))),
    )

    def combine(children: st.SearchStrategy[Condition]) -> st.SearchStrategy[Condition]:
        parts = st.lists(children, min_size=1, max_size=3)
        return st.one_of(st.builds(AllOf, parts), st.builds(AnyOf, parts), st.builds(Not, children))

    return st.recursive(leaf, combine, max_leaves=4)


@st.composite
def odd_models(draw: st.DrawFn) -> ScoringModel:
    """Models testing odd values in attributes and event properties."""
    rules = []
    for index in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            rules.append(
                Rule(
                    f"r{index}",
                    draw(st.integers(-5, 9)),
                    event=EventMatch(
                        draw(st.sampled_from(("x", "*"))),
                        draw(st.none() | _odd_conditions("event")),
                    ),
                    max_count=draw(st.none() | st.just(2)),
                )
            )
        else:
            rules.append(
                Rule(f"r{index}", draw(st.integers(-5, 9)), when=draw(_odd_conditions("lead")))
            )
    return ScoringModel(rules)


@st.composite
def odd_leads(draw: st.DrawFn) -> Lead:
    """A lead whose attributes and events hold odd values."""
    base = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    attributes: dict[str, Any] = {key: draw(_ODD) for key in _KEYS if draw(st.booleans())}
    events = [
        Event(
            draw(st.sampled_from(("x", "y"))),
            base + dt.timedelta(hours=draw(st.integers(0, 48))),
            {key: draw(_ODD) for key in _KEYS if draw(st.booleans())},
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    return Lead("L-1", attributes=attributes, events=tuple(events))


def assert_agree(model: ScoringModel, lead: Lead, as_of: dt.datetime | None) -> None:
    """Points, groups, stage, matrix, knock-outs and every ledger entry are the same."""
    score = model.score(lead, as_of)
    outcome = interpret(build_plan(model), lead, score.as_of)
    assert score.points == outcome.points
    assert dict(score.groups) == dict(outcome.groups)
    assert score.stage == outcome.stage
    assert score.matrix == outcome.matrix
    assert score.knocked_out == outcome.knocked_out
    assert list(score.ledger) == list(outcome.ledger)
    assert score.ignored_future == outcome.ignored_future


class TestReferenceInterpreter:
    """interpret() against the Python backend."""

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(models(), leads(), st.none() | moments())
    def test_backend_agrees(
        self, model: ScoringModel, lead: Lead, as_of: dt.datetime | None
    ) -> None:
        """On random models and leads the backend and the interpreter agree exactly."""
        assert_agree(model, lead, as_of)

    @settings(max_examples=300, deadline=None)
    @given(odd_models(), odd_leads())
    def test_odd_values_agree(self, model: ScoringModel, lead: Lead) -> None:
        """Lists, tables, booleans, numbers and broken URLs mean the same in both."""
        assert_agree(model, lead, None)

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(models(), leads(), moments(), st.sampled_from(["90s", "1h", "1d"]))
    def test_future_tolerance_agrees(
        self, model: ScoringModel, lead: Lead, as_of: dt.datetime, tolerance: str
    ) -> None:
        """With a tolerance after as_of, both count the same events and ignore the same."""
        assert_agree(attrs.evolve(model, future_tolerance=tolerance), lead, as_of)

    @given(models(), leads(), moments())
    def test_after_pickling(self, model: ScoringModel, lead: Lead, as_of: dt.datetime) -> None:
        """A plan pickles, and the loaded plan interprets the same."""
        import pickle  # noqa: PLC0415 - only here

        plan = build_plan(model)
        if any(not hasattr(rule, "points") for rule in plan.rules):
            return
        loaded = pickle.loads(pickle.dumps(plan))  # noqa: S301 - our own bytes
        assert loaded == plan
        assert interpret(loaded, lead, as_of) == interpret(plan, lead, as_of)

    def test_evolve_keeps_meaning(self) -> None:
        """A plan is a plain frozen value: evolve makes a changed copy."""
        plan = build_plan(ScoringModel([Rule("r", 1, when=Known("email"))]))
        assert attrs.evolve(plan, name="other").rules == plan.rules
