"""The PostgreSQL rendering run on the real test PostgreSQL: the Python path's scores."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import leadqual as lq
from conftest import require_service
from leadqual.engines._layout import Kind, Tables, flatten, layout
from leadqual.engines.sql import render
from leadqual.scoring import EventMatch, Glob, Rule, ScoringModel, Thresholds
from strategies import BASE, leads, models, moments

psycopg = pytest.importorskip("psycopg")

_TYPES: dict[Kind, str] = {
    "text": "text",
    "number": "double precision",
    "bool": "boolean",
    "texts": "text[]",
}


@pytest.fixture(scope="module")
def conn() -> Iterator[Any]:
    """One connection for the module; each scoring runs in a transaction rolled back."""
    url = os.environ.get("LEADQUAL_TEST_POSTGRES_URL")
    if not url:
        require_service("PostgreSQL", "LEADQUAL_TEST_POSTGRES_URL is not set")
    with psycopg.connect(str(url)) as connection:
        yield connection


def _create(cur: Any, name: str, columns: dict[str, str], data: dict[str, list[Any]]) -> None:
    sql = psycopg.sql
    cur.execute(
        sql.SQL("CREATE TEMP TABLE {} ({}) ON COMMIT DROP").format(
            sql.Identifier(name),
            sql.SQL(", ").join(
                sql.SQL("{} {}").format(sql.Identifier(column), sql.SQL(kind))
                for column, kind in columns.items()
            ),
        )
    )
    rows = list(zip(*(data[column] for column in columns), strict=True))
    if rows:
        cur.executemany(
            sql.SQL("INSERT INTO {} VALUES ({})").format(
                sql.Identifier(name), sql.SQL(", ").join(sql.Placeholder() * len(columns))
            ),
            rows,
        )


def score_postgres(
    conn: Any,
    model: ScoringModel,
    batch: list[lq.Lead],
    as_of: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """Load ``batch`` into temporary tables and run the model's PostgreSQL query."""
    shape = layout(model.compile().plan, engine="postgres")
    tables: Tables = flatten(shape, batch)
    kinds = tables.resolved_kinds()
    fixed = {"lead_id": "text", "_row": "bigint", "created_at": "timestamptz"}
    lead_types = {
        **fixed,
        **{c.name: _TYPES[kinds[c.name]] for c in shape.lead_columns},
    }
    if shape.plan.fit is not None:
        lead_types |= {"_fit_points": "double precision", "_fit_knock_out": "boolean"}
    event_types = {
        "lead_id": "text",
        "_row": "bigint",
        "event_id": "text",
        "type": "text",
        "at": "timestamptz",
        "_seq": "bigint",
        **{c.name: _TYPES[kinds[c.name]] for c in shape.event_columns},
    }
    query = render(shape.plan, "postgres", kinds=kinds, as_of=as_of).sql(dialect="postgres")
    try:
        with conn.cursor() as cur:
            _create(cur, "leads", lead_types, tables.leads)
            _create(cur, "events", event_types, tables.events)
            cur.execute(query)
            names = [d.name for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    finally:
        conn.rollback()


def _check(
    rows: list[dict[str, Any]], model: ScoringModel, batch: list[lq.Lead], as_of: Any
) -> None:
    assert [row["lead_id"] for row in rows] == [lead.id for lead in batch]
    for row, lead in zip(rows, batch, strict=True):
        want = model.score(lead, as_of=as_of)
        assert row["points"] == want.points, lead.id
        assert row["stage"] == want.stage.value, lead.id
        for name, value in want.groups.items():
            assert row[f"group:{name}"] == value, (lead.id, name)


@settings(max_examples=25)
@given(models(), st.lists(leads(), max_size=5), st.none() | moments())
def test_random_models_score_as_in_python(
    conn: Any,
    model: ScoringModel,
    batch: list[lq.Lead],
    as_of: dt.datetime | None,
) -> None:
    """The reference property on PostgreSQL (ASCII text: LOWER there is the collation's)."""
    _check(score_postgres(conn, model, batch, as_of), model, batch, as_of)


def test_quotes_in_values_and_the_starter_model(conn: Any) -> None:
    """A needle with a quote and a backslash is a literal, not SQL."""
    model = ScoringModel(
        (
            *lq.starter_model().rules,
            Rule("irish", 7, event=EventMatch("page_view", Glob("url", "*o'brien\\*"))),
        ),
        thresholds=Thresholds(sql=100, mql=40),
    )
    batch = [
        lq.Lead(
            "L-'1",
            job_title="Student",
            email="kim@gmail.com",
            events=(
                lq.Event("page_view", BASE, {"url": "https://x.ie/O'Brien\\x"}),
                lq.Event("page_view", BASE, {"url": "/pricing"}),
                lq.Event("demo_requested", BASE, id="d1"),
                lq.Event("demo_requested", BASE + dt.timedelta(days=1), id="d1"),
            ),
        ),
        lq.Lead("L-2"),
    ]
    rows = score_postgres(conn, model, batch)
    _check(rows, model, batch, None)
    assert rows[0]["rule:irish"] == 7
