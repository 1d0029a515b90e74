"""The DuckDB engine: the plan's SQL (:mod:`leadqual.engines.sql`) run embedded.

Three ways in, one query:

* :func:`score_frames` — the engines' interface: polars frames in the shared layout.
* :func:`score_leads` — :class:`~leadqual.Lead` objects, flattened by the layout.
* :func:`score_file` — a JSONL file of leads read by DuckDB itself (``read_json`` with an
  explicit schema, events unnested), for file → scores without building a Python object
  per lead. A line that does not fit the schema is a reject (its line, id and reason),
  never dropped silently.

Text outside ASCII is handed to Python (``str.casefold``, ``urlsplit``, the product key)
through three scalar functions registered on the connection, so results equal the
Python path exactly; ASCII text (nearly all of it) stays in DuckDB.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from leadqual._core.names import product_key
from leadqual.engines._layout import (
    AT,
    CREATED_AT,
    EVENT_ID,
    FIT_KNOCK_OUT,
    FIT_POINTS,
    LEAD_ID,
    ROW,
    SEQ,
    TYPE,
    Kind,
    Layout,
    Tables,
    flatten,
    layout,
)
from leadqual.engines.sql import render
from leadqual.exceptions import LeadqualError
from leadqual.scoring._compile import url_path

if TYPE_CHECKING:
    import duckdb as duckdb_module
    import polars as pl

    from leadqual.lead import Lead
    from leadqual.scoring import ScoringModel

__all__ = ["Reject", "connect", "frames", "score_frames", "score_leads"]

ENGINE = "duckdb"


@attrs.frozen
class Reject:
    """A line of the input the engine could not score: where, which lead and why."""

    line: int
    lead_id: str | None
    reason: str


def _modules() -> tuple[Any, Any]:
    try:
        import duckdb  # noqa: PLC0415 - optional dependency, imported at the edge
        import polars  # noqa: PLC0415, ICN001 - a module handed back, not used by name
    except ImportError as exc:
        msg = f"the duckdb engine needs {exc.name}: pip install 'leadqual[duckdb]'"
        raise LeadqualError(msg) from None
    return duckdb, polars


def _fold(text: str) -> str:
    return text.casefold()


def _url(text: str) -> str | None:
    return url_path(text)


def connect() -> duckdb_module.DuckDBPyConnection:
    """An in-memory DuckDB connection with leadqual's three text functions registered."""
    duckdb, _pl = _modules()
    con = duckdb.connect(":memory:")
    text = duckdb.sqltype("VARCHAR")
    con.create_function("LQ_CASEFOLD", _fold, [text], text, side_effects=False)
    con.create_function("LQ_URL_PATH", _url, [text], text, side_effects=False)
    con.create_function("LQ_PRODUCT_KEY", product_key, [text], text, side_effects=False)
    connection: duckdb_module.DuckDBPyConnection = con
    return connection


def _dtype(pl: Any, kind: Kind) -> Any:  # noqa: ANN401 - a polars dtype
    return {
        "text": pl.String,
        "number": pl.Float64,
        "bool": pl.Boolean,
        "texts": pl.List(pl.String),
    }[kind]


def frames(tables: Tables) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The flattened tables as polars frames with the layout's types."""
    _duckdb, pl = _modules()
    kinds = tables.resolved_kinds()
    moment = pl.Datetime("us", "UTC")
    lead_schema: dict[str, Any] = {LEAD_ID: pl.String, ROW: pl.Int64, CREATED_AT: moment}
    for column in tables.layout.lead_columns:
        lead_schema[column.name] = _dtype(pl, kinds[column.name])
    if tables.layout.plan.fit is not None:
        lead_schema[FIT_POINTS] = pl.Float64
        lead_schema[FIT_KNOCK_OUT] = pl.Boolean
    event_schema: dict[str, Any] = {
        LEAD_ID: pl.String,
        ROW: pl.Int64,
        EVENT_ID: pl.String,
        TYPE: pl.String,
        AT: moment,
        SEQ: pl.Int64,
    }
    for column in tables.layout.event_columns:
        event_schema[column.name] = _dtype(pl, kinds[column.name])
    leads = pl.DataFrame(tables.leads, schema=lead_schema)
    events = pl.DataFrame(tables.events, schema=event_schema)
    return leads, events


def score_frames(
    shape: Layout,
    leads: Any,  # noqa: ANN401 - a polars DataFrame or LazyFrame
    events: Any,  # noqa: ANN401
    *,
    kinds: Mapping[str, Kind] | None = None,
    as_of: dt.datetime | None = None,
) -> pl.DataFrame:
    """Score polars frames in the layout; the output columns, one row per lead."""
    _duckdb, polars = _modules()
    query = render(shape.plan, "duckdb", kinds=kinds, as_of=as_of, python_udfs=True)
    con = connect()
    try:
        lazy = polars.LazyFrame
        con.register("leads", leads.collect() if isinstance(leads, lazy) else leads)
        con.register("events", events.collect() if isinstance(events, lazy) else events)
        out: pl.DataFrame = con.sql(query.sql(dialect="duckdb")).pl()
    finally:
        con.close()
    return out.select(shape.output_columns())


def score_leads(
    model: ScoringModel, leads: Iterable[Lead], *, as_of: dt.datetime | None = None
) -> pl.DataFrame:
    """Score :class:`~leadqual.Lead` objects (``UnsupportedByEngineError`` as the layout)."""
    shape = layout(model.compile().plan, engine=ENGINE)
    tables = flatten(shape, leads)
    lead_frame, event_frame = frames(tables)
    return score_frames(shape, lead_frame, event_frame, kinds=tables.resolved_kinds(), as_of=as_of)
