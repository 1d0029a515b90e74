"""The polars engine agrees exactly with the reference interpreter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leadqual as lq
from leadqual.engines import score_leads
from leadqual.exceptions import LeadError, UnsupportedByEngineError
from leadqual.scoring import (
    Between,
    Contains,
    CustomRule,
    Equals,
    EventMatch,
    ExponentialDecay,
    Glob,
    Known,
    OneOf,
    Rule,
    ScoringModel,
)
from leadqual.testing import check_engine
from strategies import BASE, leads, models, moments

pytest.importorskip("polars")

AT = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(models(), st.lists(leads(), max_size=5), st.none() | moments(90))
def test_random_models_and_leads(
    model: ScoringModel, batch: list[lq.Lead], as_of: dt.datetime | None
) -> None:
    """Points, stage, groups and every rule's points equal the reference's, exactly."""
    check_engine("polars", model, batch, as_of=as_of)


def test_the_starter_model() -> None:
    """The starter model on the bundled sample leads."""
    from leadqual.datasets import sample_leads  # noqa: PLC0415

    batch = list(sample_leads())
    check_engine("polars", lq.starter_model(), batch)
    check_engine("polars", lq.starter_model(), batch, as_of=AT)


_ODD: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.sampled_from(("x", "X", "", "Straße", "STRASSE", "/pricing", "https://a.nl/Pricing?p=1",
                     "http://[", "ﬁle", "ǅ", "1", "a.b", "gmail.com", "GMAIL.COM")),
)  # fmt: skip


@st.composite
def _text_cases(draw: st.DrawFn) -> tuple[ScoringModel, list[lq.Lead]]:
    needles = st.sampled_from(("x", "strasse", "straße", "/pricing", "fi", "ǆ", "1"))
    condition = st.one_of(
        st.builds(Equals, st.just("attributes.a"), needles),
        st.builds(OneOf, st.just("attributes.a"), st.lists(needles, min_size=1, max_size=3)),
        st.builds(Contains, st.just("attributes.a"), needles),
        st.builds(Glob, st.just("attributes.a"), st.sampled_from(("x*", "*ss*", "?", "[xs]*"))),
        st.builds(Known, st.just("attributes.a")),
    )
    event = st.one_of(
        st.builds(Glob, st.just("url"), st.sampled_from(("/pricing*", "*", "/", "*?p=*"))),
        st.builds(Known, st.just("url")),
        st.builds(Equals, st.just("url"), st.sampled_from(("/pricing?p=1", "/pricing"))),
    )
    rules = [Rule("lead", draw(st.integers(-5, 9)), when=draw(condition))]
    rules.append(Rule("view", 2, event=EventMatch("v", draw(event))))
    batch = []
    for index in range(draw(st.integers(1, 4))):
        value = draw(_ODD)
        views = [
            lq.Event("v", AT, {"url": url})
            for url in draw(st.lists(_ODD.filter(lambda v: v is not None), max_size=3))
        ]
        attributes = {} if value is None else {"a": value}
        batch.append(lq.Lead(f"L-{index}", attributes=attributes, events=tuple(views)))
    return ScoringModel(rules), batch


@given(_text_cases())
def test_text_casefolds_and_urls_as_python(case: tuple[ScoringModel, list[lq.Lead]]) -> None:
    """Non-ASCII text (ß, ligatures), absolute and broken URLs: the same as Python."""
    model, batch = case
    check_engine("polars", model, batch)


def test_limits_and_decay_by_hand() -> None:
    """once_per is greedy from the earliest match; max_count counts what once_per kept."""
    hours = [0, 1, 5, 25, 26, 49, 80]
    events = tuple(lq.Event("v", BASE + dt.timedelta(hours=h)) for h in hours)
    model = ScoringModel([
        Rule("daily", 10, event=EventMatch("v"), once_per="1d", max_count=3),
        Rule(
            "fading", 8, event=EventMatch("v"), within_days=2,
            decay=ExponentialDecay(half_life_days=1),
        ),
    ])  # fmt: skip
    lead = lq.Lead("L-1", events=events)
    (row,) = score_leads(model, [lead], engine="polars")
    assert row["rule:daily"] == 30  # kept at 0h, 25h, 49h (80h is the fourth)
    check_engine("polars", model, [lead])
    check_engine("polars", model, [lead], as_of=BASE + dt.timedelta(days=3))


def test_duplicate_event_ids_count_once_whatever_the_order() -> None:
    """Copies of one id: the copy first in canonical order counts, in either input order."""
    first = lq.Event("v", AT, {"url": "/pricing"}, id="e1")
    later = lq.Event("v", AT + dt.timedelta(hours=1), {"url": "/blog/x"}, id="e1")
    model = ScoringModel([
        Rule("pricing", 15, event=EventMatch("v", Glob("url", "/pricing*"))),
        Rule("blog", 2, event=EventMatch("v", Glob("url", "/blog/*"))),
    ])  # fmt: skip
    for events in ((first, later), (later, first)):
        lead = lq.Lead("L-1", events=events)
        (row,) = score_leads(model, [lead], engine="polars")
        assert (row["rule:pricing"], row["rule:blog"]) == (15, 0)
    # Before the first copy's time only the later one... is not yet there either.
    (row,) = score_leads(model, [lq.Lead("L-1", events=(later, first))], engine="polars",
                         as_of=AT + dt.timedelta(minutes=30))  # fmt: skip
    assert row["points"] == 15


def test_same_lead_id_twice_keeps_both_rows() -> None:
    """Rows are joined on _row, so two leads sharing an id keep their own events."""
    demo = lq.Event("demo_requested", AT)
    batch = [lq.Lead("L-1", events=(demo,)), lq.Lead("L-1")]
    rows = score_leads(lq.starter_model(), batch, engine="polars")
    assert [(row["lead_id"], row["points"]) for row in rows] == [("L-1", 25), ("L-1", 0)]


def test_a_python_rule_is_refused_naming_it() -> None:
    """Never a silent difference: a CustomRule names itself."""
    model = ScoringModel([
        Rule("demo", 25, event=EventMatch("demo_requested")),
        Rule("size", 5, when=Between("company.employees", min=10)),
        Rule("x", 1, when=Known("email")),
        CustomRule("my_python_rule", lambda _lead, _as_of: 5),
    ])  # fmt: skip
    with pytest.raises(UnsupportedByEngineError, match=r"^rules\[3\] 'my_python_rule': a Python"):
        score_leads(model, [lq.Lead("L-1")], engine="polars")


def test_sums_beyond_the_exact_range_are_refused_as_in_python() -> None:
    """A lead whose points cannot stay exact fails with the Python path's LeadError."""
    big = ScoringModel([Rule("big", 10**9, event=EventMatch("v"))])
    lead = lq.Lead("L-9", events=tuple(lq.Event("v", AT) for _ in range(1200)))
    with pytest.raises(LeadError) as python:
        big.score(lead)
    with pytest.raises(LeadError) as polars:
        score_leads(big, [lead], engine="polars")
    assert str(polars.value) == str(python.value)


def test_check_engine_reports_every_difference() -> None:
    """An engine one point off is caught, with the lead and the column named."""

    def off_by_one(model: ScoringModel, batch: list[lq.Lead], as_of: Any) -> list[dict[str, Any]]:
        rows = score_leads(model, batch, engine="polars", as_of=as_of)
        return [{**row, "points": row["points"] + 1} for row in rows]

    with pytest.raises(lq.ConfigError) as caught:
        check_engine(off_by_one, lq.starter_model(), [lq.Lead("L-1"), lq.Lead("L-2")])
    assert caught.value.errors == (
        "row 0 (lead 'L-1'): points: expected 0, got 1",
        "row 1 (lead 'L-2'): points: expected 0, got 1",
    )
