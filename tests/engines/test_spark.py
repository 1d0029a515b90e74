"""The Spark engine in local mode against the Python path (one session for the module)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import leadqual as lq
from leadqual.engines._layout import flatten, layout
from leadqual.engines.duckdb import frames
from leadqual.engines.spark import score_dataframe, score_frames
from leadqual.exceptions import UnsupportedByEngineError
from leadqual.scoring import EventMatch, Rule, ScoringModel, Thresholds
from strategies import BASE, leads, models, moments

pyspark_sql = pytest.importorskip("pyspark.sql")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """A local Spark session: one core, no UI, one shuffle partition, UTC."""
    session = (
        pyspark_sql.SparkSession.builder.master("local[1]")
        .appName("leadqual-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    yield session
    session.stop()


def _spark_frames(spark: Any, model: ScoringModel, batch: list[lq.Lead]) -> tuple[Any, Any]:
    tables = flatten(layout(model.compile().plan, engine="spark"), batch)
    lead_frame, event_frame = frames(tables)
    return spark.createDataFrame(lead_frame.to_arrow()), spark.createDataFrame(
        event_frame.to_arrow()
    )


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


def _no_once_per(model: ScoringModel) -> bool:
    return all(getattr(rule, "once_per", None) is None for rule in model.rules)


@settings(max_examples=4)
@given(
    models().filter(_no_once_per), st.lists(leads(), min_size=2, max_size=8), st.none() | moments()
)
def test_random_models_score_as_in_python(
    spark: Any,
    model: ScoringModel,
    batch: list[lq.Lead],
    as_of: dt.datetime | None,
) -> None:
    """The reference property in Spark local mode (few examples: each is a Spark job)."""
    leads_df, events_df = _spark_frames(spark, model, batch)
    out = score_dataframe(model, leads_df, events_df, as_of=as_of)
    _check([row.asDict() for row in out.collect()], model, batch, as_of)


def test_starter_model_through_the_polars_interface(spark: Any) -> None:
    """score_frames: polars in, Spark in the middle, polars out."""
    model = lq.starter_model()
    batch = [
        lq.Lead(
            "L-1",
            job_title="Student",
            email="kim@gmail.com",
            events=(
                lq.Event("page_view", BASE, {"url": "https://acme.nl/pricing?plan=pro"}),
                lq.Event("demo_requested", BASE, id="d1"),
                lq.Event("demo_requested", BASE + dt.timedelta(hours=1), id="d1"),
            ),
        ),
        lq.Lead("L-2", email="a@acme.nl"),
    ]
    shape = layout(model.compile().plan, engine="spark")
    tables = flatten(shape, batch)
    out = score_frames(shape, *frames(tables), kinds=tables.resolved_kinds())
    assert spark is not None
    _check(out.to_dicts(), model, batch, None)


def test_once_per_is_refused_by_name(spark: Any) -> None:
    """Spark renders no recursive query: once_per fails naming the rule, not differently."""
    model = ScoringModel(
        (Rule("daily_visit", 5, event=EventMatch("page_view"), once_per="1d"),),
        thresholds=Thresholds(sql=10),
    )
    leads_df, events_df = _spark_frames(spark, model, [lq.Lead("L-1")])
    with pytest.raises(UnsupportedByEngineError, match="daily_visit"):
        score_dataframe(model, leads_df, events_df)
