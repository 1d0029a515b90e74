"""The Spark engine: the plan's Spark SQL (:mod:`leadqual.engines.sql`) run through pyspark.

:func:`score_dataframe` takes two Spark DataFrames in the engines' layout
(:mod:`leadqual.engines._layout`: a lead table and a long event table) and returns a
Spark DataFrame of scores, one row per lead: nothing is collected to the driver, Spark
plans and distributes the query as any other (Databricks, EMR, a local session; see
``docs/how-to/spark.md``). The kinds of free-form columns (attributes, answers, event
properties) are read from the frames' schema.

:func:`score_frames` is the engines' interface (polars frames in and out, through
Arrow) for ``leadqual score --engine spark`` and the benchmarks.

What Spark cannot run exactly is refused with
:class:`~leadqual.exceptions.UnsupportedByEngineError`: a Python rule, and ``once_per``
(a greedy "one per window" needs a recursive query, which Spark SQL does not render).
Text is compared with Spark's ``lower``, which differs from ``str.casefold`` for about
300 characters outside ASCII (``ß``); see :mod:`leadqual.engines.sql`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from leadqual.engines._layout import Kind, Layout, layout
from leadqual.engines.duckdb import FrameJob, frames_scorer
from leadqual.engines.sql import render
from leadqual.exceptions import ConfigError, LeadqualError

if TYPE_CHECKING:
    import polars as pl

    from leadqual.scoring import ScoringModel

__all__ = ["local_session", "score_dataframe", "score_frames"]

ENGINE = "spark"
_views = itertools.count()


def _pyspark() -> Any:  # noqa: ANN401 - the pyspark.sql module
    try:
        from pyspark import sql  # noqa: PLC0415 - optional dependency, imported at the edge
    except ImportError:
        msg = "the spark engine needs pyspark: pip install 'leadqual[spark]'"
        raise LeadqualError(msg) from None
    return sql


def local_session(partitions: int = 4) -> Any:  # noqa: ANN401 - a SparkSession
    """The active Spark session, or a local one (UTC, no UI) when there is none."""
    sql = _pyspark()
    active = sql.SparkSession.getActiveSession()
    if active is not None:
        return active
    return (
        sql.SparkSession.builder.master(f"local[{partitions}]")
        .appName("leadqual")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def _kind(data_type: Any) -> Kind | None:  # noqa: ANN401 - a pyspark DataType
    types = _pyspark().types
    if isinstance(data_type, types.StringType):
        return "text"
    if isinstance(data_type, types.BooleanType):
        return "bool"
    if isinstance(data_type, types.NumericType):
        return "number"
    if isinstance(data_type, types.ArrayType) and isinstance(
        data_type.elementType, types.StringType
    ):
        return "texts"
    return None


def kinds_of(shape: Layout, leads: Any, events: Any) -> dict[str, Kind]:  # noqa: ANN401
    """The kind of every column the plan reads, from the frames' schema.

    Raises ``ConfigError`` naming a column that is missing or of a type no kind has.
    """
    out: dict[str, Kind] = {}
    for frame, columns, table in (
        (leads, shape.lead_columns, "leads"),
        (events, shape.event_columns, "events"),
    ):
        fields = {field.name: field.dataType for field in frame.schema.fields}
        for column in columns:
            if column.name not in fields:
                msg = f"{table}: no column {column.name!r}; the model reads it"
                raise ConfigError(msg)
            kind = _kind(fields[column.name])
            if kind is None or (column.kind is not None and kind != column.kind):
                expected = column.kind or "text, a number, a boolean or an array of text"
                msg = (
                    f"{table}.{column.name}: expected {expected}, "
                    f"got {fields[column.name].simpleString()}"
                )
                raise ConfigError(msg)
            out[column.name] = kind
    return out


def score_dataframe(
    model: ScoringModel,
    leads_df: Any,  # noqa: ANN401 - a pyspark DataFrame
    events_df: Any,  # noqa: ANN401
    *,
    as_of: dt.datetime | None = None,
) -> Any:  # noqa: ANN401
    """Score Spark DataFrames in the layout; a Spark DataFrame of the output columns.

    ``leads_df`` and ``events_df`` follow :mod:`leadqual.engines._layout`; their session
    runs the query. Raises ``UnsupportedByEngineError`` for what Spark cannot run.
    """
    shape = layout(model.compile().plan, engine=ENGINE)
    return _run(shape, leads_df, events_df, kinds_of(shape, leads_df, events_df), as_of)


def _run(
    shape: Layout,
    leads_df: Any,  # noqa: ANN401
    events_df: Any,  # noqa: ANN401
    kinds: Mapping[str, Kind],
    as_of: dt.datetime | None,
) -> Any:  # noqa: ANN401
    number = next(_views)
    lead_view, event_view = f"leadqual_leads_{number}", f"leadqual_events_{number}"
    query = render(
        shape.plan, "spark", leads=lead_view, events=event_view, kinds=kinds, as_of=as_of
    )
    leads_df.createOrReplaceTempView(lead_view)
    events_df.createOrReplaceTempView(event_view)
    return leads_df.sparkSession.sql(query.sql(dialect="spark"))


def _run_frames(job: FrameJob) -> pl.DataFrame:
    import polars  # noqa: PLC0415, ICN001 - optional dependency

    shape = job.shape
    layout(shape.plan, engine=ENGINE)
    spark = local_session()
    # Spark reads timestamps as instants; polars' UTC zone would be dropped on the way.
    frames = [spark.createDataFrame(data.to_arrow()) for data in (job.leads, job.events)]
    given = dict(job.kinds or {})
    out = _run(shape, frames[0], frames[1], given or kinds_of(shape, *frames), job.as_of)
    result: pl.DataFrame = polars.from_arrow(out.toArrow())  # type: ignore[assignment]
    return result


score_frames = frames_scorer(
    _run_frames,
    "The engines' interface: polars frames in, polars out, on :func:`local_session`.",
)
