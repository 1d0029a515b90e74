"""The table layout every engine shares: columns from a plan, tables from leads."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import leadqual as lq
from leadqual.engines import column_name, flatten, layout
from leadqual.engines._layout import kind_of
from leadqual.exceptions import LeadqualError, UnsupportedByEngineError
from leadqual.scoring import (
    Between,
    CustomRule,
    Equals,
    EventMatch,
    Known,
    Rule,
    ScoringModel,
)
from leadqual.scoring import _plan as nodes
from strategies import leads, models

AT = dt.datetime(2026, 11, 20, 9, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def _plan(model: ScoringModel) -> nodes.Plan:
    return model.compile().plan


def test_columns_follow_the_fields_the_plan_reads() -> None:
    """Lead and event columns are named by their paths; output columns follow the model."""
    model = ScoringModel(
        [
            Rule("big", 10, when=Between("company.employees", min=50)),
            Rule("tech", 5, when=Equals("company.technologies", "SAP")),
            Rule("rate", 3, when=Known("attributes.emp.var.rate")),
            Rule("budget", 4, when=Equals("answers.budget", "approved")),
            Rule("views", 1, event=EventMatch("page_view", Equals("a.b", "x"))),
        ]
    )
    shape = layout(_plan(model), engine="polars")
    assert [(c.name, c.kind) for c in shape.lead_columns] == [
        ("company.employees", "number"),
        ("company.technologies", "texts"),
        ('attributes["emp.var.rate"]', None),
        ("answers.budget", None),
    ]
    assert [c.name for c in shape.event_columns] == ['properties["a.b"]']
    assert shape.output_columns() == (
        "lead_id", "points", "fit", "engagement", "stage",
        "group:fit", "group:engagement",
        "rule:big", "rule:tech", "rule:rate", "rule:budget", "rule:views",
    )  # fmt: skip


def test_a_python_rule_is_refused_by_name() -> None:
    """A CustomRule fails on any engine but Python, naming its place and name."""
    model = ScoringModel(
        [
            Rule("demo", 25, event=EventMatch("demo_requested")),
            CustomRule("my_python_rule", lambda _lead, _as_of: 5),
        ]
    )
    with pytest.raises(UnsupportedByEngineError) as caught:
        layout(_plan(model), engine="polars")
    assert str(caught.value).startswith(
        "rules[1] 'my_python_rule': a Python rule cannot run on the polars engine"
    )
    assert caught.value.engine == "polars"
    assert isinstance(caught.value, LeadqualError)
    layout(_plan(model))  # the python engine runs it


def test_events_come_in_canonical_order_in_utc() -> None:
    """Events are written in canonical order with their _seq, times in UTC."""
    model = lq.starter_model()
    lead = lq.Lead(
        "L-1",
        created_at=AT,
        events=(
            lq.Event("page_view", AT + dt.timedelta(hours=2), {"url": "/b"}, id="x"),
            lq.Event("page_view", AT, {"url": "/a"}),
            lq.Event("demo_requested", AT + dt.timedelta(hours=1)),
        ),
    )
    tables = flatten(layout(_plan(model)), [lq.Lead("L-0"), lead])
    assert tables.leads["_row"] == [0, 1]
    assert tables.leads["created_at"] == [None, AT.astimezone(dt.UTC)]
    assert tables.events["lead_id"] == ["L-1"] * 3
    assert tables.events["type"] == ["page_view", "demo_requested", "page_view"]
    assert tables.events["_seq"] == [0, 1, 2]
    assert tables.events["event_id"] == [None, None, "x"]
    assert tables.events["properties.url"] == ["/a", None, "/b"]
    assert all(at.tzinfo is dt.UTC for at in tables.events["at"])


def test_kinds_of_values() -> None:
    """Text, numbers, booleans and lists of text have a kind; other values fit none."""
    assert [kind_of(v) for v in ("x", 1, 2.5, False, ["a", None], [], [None], None)] == [
        "text", "number", "number", "bool", "texts", None, None, None,
    ]  # fmt: skip
    for bad in ({"a": 1}, [1, "a"], 2**60):
        with pytest.raises(ValueError, match=r"fits no column|no exact float64"):
            kind_of(bad)


def test_mixed_kinds_are_refused_naming_column_and_leads() -> None:
    """Two kinds in one column name the column, both leads and both kinds."""
    model = ScoringModel([Rule("budget", 5, when=Known("attributes.budget"))])
    shape = layout(_plan(model), engine="polars")
    first = lq.Lead("L-1", attributes={"budget": 1000})
    second = lq.Lead("L-2", attributes={"budget": "unknown"})
    with pytest.raises(UnsupportedByEngineError) as caught:
        flatten(shape, [first, second])
    assert str(caught.value).startswith(
        "lead 'L-2': attributes.budget: holds text here and number in lead 'L-1'"
    )
    table = lq.Lead("L-3", attributes={"budget": {"eur": 5}})
    with pytest.raises(UnsupportedByEngineError, match=r"lead 'L-3': attributes.budget: a table"):
        flatten(shape, [table])
    # Given kinds decide before any lead is seen.
    with pytest.raises(UnsupportedByEngineError, match="holds number here and text as declared"):
        flatten(shape, [first], kinds={"attributes.budget": "text"})


def test_a_refused_lead_leaves_the_tables_unchanged() -> None:
    """A lead that does not fit adds nothing (no half-written row)."""
    model = ScoringModel([Rule("a", 1, event=EventMatch("x", Known("n")))])
    shape = layout(_plan(model), engine="polars")
    tables = flatten(shape, [lq.Lead("L-1", events=(lq.Event("x", AT, {"n": 1}),))])
    bad = lq.Lead("L-2", events=(lq.Event("x", AT, {"n": "one"}),))
    with pytest.raises(UnsupportedByEngineError):
        tables.add(bad)
    assert tables.size == 1
    assert tables.events["properties.n"] == [1.0]
    assert tables.resolved_kinds() == {"properties.n": "number"}


def test_fit_points_are_computed_in_python() -> None:
    """ICP fit points come as columns computed by the flattener."""
    from leadqual.icp import ICP, CompanySize  # noqa: PLC0415

    icp = ICP(criteria=(CompanySize(min_employees=50, max_employees=500),))
    model = ScoringModel([], fit=lq.scoring.FitPoints(icp, points=40))
    shape = layout(_plan(model), engine="polars")
    tables = flatten(shape, [lq.Lead("L-1")])
    assert "_fit_points" in tables.leads
    assert tables.leads["_fit_knock_out"] == [False]
    assert shape.output_columns()[-1] == "rule:icp_fit"


@given(models(), st.lists(leads(), max_size=4))
def test_every_column_has_a_value_per_row(model: ScoringModel, batch: list[lq.Lead]) -> None:
    """Every column holds one value per lead or per event."""
    shape = layout(_plan(model), engine="polars")
    tables = flatten(shape, batch)
    assert set(tables.leads) == set(shape.lead_table_columns())
    assert set(tables.events) == set(shape.event_table_columns())
    assert {len(values) for values in tables.leads.values()} == {len(batch)}
    events = sum(len(lead.events) for lead in batch)
    assert {len(values) for values in tables.events.values()} == {events}


def test_column_names_of_odd_keys() -> None:
    """Keys holding dots or quotes are written in brackets as JSON strings."""
    assert column_name(nodes.Field("lead", ("attributes", 'a"b.c'))) == r'attributes["a\"b.c"]'
    assert column_name(nodes.Field("lead", ("email_domain",))) == "email_domain"
