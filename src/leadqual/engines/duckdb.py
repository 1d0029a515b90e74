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
import io
import json
import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from leadqual._core.names import product_key
from leadqual._core.text import encodable
from leadqual.engines._layout import (
    LEAD_ID,
    POINTS,
    Kind,
    Layout,
    empty_tables,
    flatten,
    group_column,
    layout,
    rule_column,
)
from leadqual.engines.polars import frames
from leadqual.engines.sql import column_kinds, render
from leadqual.exceptions import LeadError, LeadqualError, UnsupportedByEngineError
from leadqual.scoring import _plan as nodes
from leadqual.scoring._compile import MAX_TOTAL, _tracked, url_path

if TYPE_CHECKING:
    import duckdb as duckdb_module
    import polars as pl

    from leadqual.lead import Lead
    from leadqual.scoring import ScoringModel

__all__ = [
    "FileScores",
    "Reject",
    "connect",
    "frames",
    "refuse_inexact",
    "score_file",
    "score_frames",
    "score_leads",
]

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


@attrs.frozen
class FrameJob:
    """What a SQL engine's run scores: the layout, both tables (collected), kinds, as_of."""

    shape: Layout
    leads: pl.DataFrame
    events: pl.DataFrame
    kinds: Mapping[str, Kind] | None
    as_of: dt.datetime | None


Run = Callable[[FrameJob], "pl.DataFrame"]
"""A SQL engine's run: its result frame for the :class:`FrameJob` given."""


def frames_scorer(run: Run, doc: str) -> Callable[..., pl.DataFrame]:
    """The engines' ``score_frames`` (layout, leads, events, ``kinds``, ``as_of``) for ``run``.

    Lazy frames are collected first; a sum beyond the exact range is refused
    (:func:`refuse_inexact`); the output columns come in the layout's order.
    """

    def score_frames(
        shape: Layout,
        leads: Any,  # noqa: ANN401 - a polars DataFrame or LazyFrame
        events: Any,  # noqa: ANN401
        *,
        kinds: Mapping[str, Kind] | None = None,
        as_of: dt.datetime | None = None,
    ) -> pl.DataFrame:
        _duckdb, polars = _modules()
        lazy = polars.LazyFrame
        lead_frame = leads.collect() if isinstance(leads, lazy) else leads
        event_frame = events.collect() if isinstance(events, lazy) else events
        out = run(FrameJob(shape, lead_frame, event_frame, kinds, as_of))
        refuse_inexact(shape, out)
        return out.select(shape.output_columns())

    score_frames.__doc__ = doc
    return score_frames


def _run_query(job: FrameJob) -> pl.DataFrame:
    query = render(job.shape.plan, "duckdb", kinds=job.kinds, as_of=job.as_of, python_udfs=True)
    con = connect()
    try:
        con.register("leads", job.leads)
        con.register("events", job.events)
        out: pl.DataFrame = con.sql(query.sql(dialect="duckdb")).pl()
    finally:
        con.close()
    return out


score_frames = frames_scorer(
    _run_query, "Score polars frames in the layout; the output columns, one row per lead."
)


def _simple(plan: nodes.Plan) -> bool:
    # As CompiledModel: without caps, limits, decay, knock-outs or fit points the Python
    # path checks only the total against MAX_TOTAL; otherwise every group sum too.
    return (
        plan.fit is None
        and plan.min_total is None
        and plan.max_total is None
        and all(group.min is None and group.max is None for group in plan.groups)
        and not any(isinstance(rule, nodes.RuleNode) and _tracked(rule) for rule in plan.rules)
    )


def refuse_inexact(shape: Layout, out: pl.DataFrame) -> None:
    """Raise ``LeadError`` for the first lead whose sums leave the exact range.

    The Python path refuses a lead whose total (or, with caps and limits, a group's sum
    before its caps) lies beyond ±``MAX_TOTAL``; an engine refuses the same leads.
    """
    _duckdb, polars = _modules()
    plan = shape.plan
    checks = [polars.col(POINTS).abs() > MAX_TOTAL]
    if not _simple(plan):
        members: dict[str, list[str]] = {}
        for rule in plan.rules:
            members.setdefault(rule.group, []).append(rule_column(rule.name))
        if plan.fit is not None:
            members.setdefault(plan.fit.group, []).append(rule_column(plan.fit.name))
        checks.extend(
            polars.sum_horizontal(columns).abs() > MAX_TOTAL for columns in members.values()
        )
    bad = out.filter(polars.any_horizontal(checks))
    if bad.height:
        msg = (
            f"lead {bad[LEAD_ID][0]!r}: a sum of points beyond ±{MAX_TOTAL:g} cannot be kept "
            "exact; lower the rule points or limit how often rules count"
        )
        raise LeadError(msg)


def score_leads(
    model: ScoringModel, leads: Iterable[Lead], *, as_of: dt.datetime | None = None
) -> pl.DataFrame:
    """Score :class:`~leadqual.Lead` objects (``UnsupportedByEngineError`` as the layout)."""
    shape = layout(model.compile().plan, engine=ENGINE)
    tables = flatten(shape, leads)
    lead_frame, event_frame = frames(tables)
    return score_frames(shape, lead_frame, event_frame, kinds=tables.resolved_kinds(), as_of=as_of)


# --- JSON lines straight into DuckDB ------------------------------------------------------

# Python's str.isspace characters: text that starts or ends with one would be stripped.
_SPACE = (
    "\\t-\\r\\x1c-\\x20\\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}"
    "\\x{202f}\\x{205f}\\x{3000}"
)
_TEXT = f"(?s)[^{_SPACE}](.*[^{_SPACE}])?"  # text a Lead keeps as it is (with length ≤ 1000)
_MOMENT = (
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,6})?"
    "(Z|[+-][0-9]{2}:[0-9]{2})$"
)
_LEAD_TEXT = ("email", "first_name", "last_name", "job_title", "phone", "source", "owner")
_COMPANY_TEXT = ("name", "industry", "industry_code", "account_id")
_LEAD_KEYS = (*_LEAD_TEXT, "id", "created_at", "company", "events", "attributes", "answers")
_LEAD_KEYS_NULL_ONLY = ("stage", "stage_history", "outcome")
_COMPANY_KEYS = (
    *_COMPANY_TEXT,
    "domain",
    "employees",
    "annual_revenue",
    "country",
    "technologies",
)
_NUMBERS = "('BIGINT', 'UBIGINT', 'DOUBLE')"
_JSON_KIND = {"text": "('VARCHAR')", "number": _NUMBERS, "bool": "('BOOLEAN')"}


@attrs.frozen
class FileScores:
    """What :func:`score_file` gives: the scores and the lines it could not score.

    Attributes:
        scores: the output columns (see :mod:`leadqual.engines._layout`) after a first
            column ``line`` (the record's physical line), one row per scored lead, in
            file order.
        rejects: every other record, with its line, lead id (when known) and reason:
            the reasons the Python path gives.
        native: how many records DuckDB parsed itself (the others went through Python).
    """

    scores: pl.DataFrame
    rejects: tuple[Reject, ...]
    native: int


def _lit(text: str) -> str:
    from sqlglot import exp  # noqa: PLC0415 - sqlglot comes with the duckdb extra

    return exp.Literal.string(text).sql("duckdb")


def _ident(text: str) -> str:
    from sqlglot import exp  # noqa: PLC0415

    return exp.to_identifier(text, quoted=True).sql("duckdb")


def _pointer(*keys: str) -> str:
    """A JSON pointer literal (``'/company/name'``), each key escaped (``~0``, ``~1``)."""
    return _lit("".join("/" + key.replace("~", "~0").replace("/", "~1") for key in keys))


def _null(value: str) -> str:
    return f"(json_type({value}) IS NULL OR json_type({value}) = 'NULL')"


def _keys_within(obj: str, allowed: Iterable[str]) -> str:
    names = ", ".join(_lit(key) for key in allowed)
    return (
        f"({_null(obj)} OR (json_type({obj}) = 'OBJECT'"
        f" AND list_has_all([{names}], json_keys({obj}))"
        f" AND len(json_keys({obj})) = len(list_distinct(json_keys({obj})))))"
    )


def _flat(obj: str) -> str:
    """Distinct keys and no object nested inside.

    Python rejects a key given twice at any depth; where DuckDB could not tell, the
    record goes to Python.
    """
    return (
        f"(len(json_keys({obj})) = len(list_distinct(json_keys({obj}))) AND "
        f"strpos(substr(CAST({obj} AS VARCHAR), 2), '{{') = 0)"
    )


def _text_ok(value: str) -> str:
    return f"({_null(value)} OR (json_type({value}) = 'VARCHAR' AND {_kept(value)}))"


def _kept(value: str) -> str:
    """The JSON string ``value`` is text a Lead keeps unchanged (not stripped, not too long)."""
    text = f"({value} ->> '$')"
    return f"(length({text}) <= 1000 AND regexp_full_match({text}, {_lit(_TEXT)}))"


def _moment_ok(value: str, *, required: bool) -> str:
    missing = "FALSE" if required else _null(value)
    text = f"({value} ->> '$')"
    return (
        f"({missing} OR (json_type({value}) = 'VARCHAR' AND "
        f"regexp_full_match({text}, {_lit(_MOMENT)}) AND "
        f"TRY_CAST({text} AS TIMESTAMPTZ) IS NOT NULL))"
    )


_LEAD_PATHS = (
    *_LEAD_KEYS,
    *_LEAD_KEYS_NULL_ONLY,
    *(f"company.{key}" for key in _COMPANY_KEYS),
)


class _Paths:
    """JSON paths read from one document with a single ``json_extract`` (one parse)."""

    def __init__(self, source: str, paths: Iterable[tuple[str, ...]]) -> None:
        self.source = source
        self.index: dict[tuple[str, ...], int] = {}
        for path in paths:
            self.index.setdefault(path, len(self.index) + 1)

    def extract(self) -> str:
        pointers = ", ".join(_pointer(*path) for path in self.index)
        return f"json_extract({self.source}, [{pointers}])"

    def __call__(self, *path: str) -> str:
        return f"_v[{self.index[path]}]"


def _canonical(v: _Paths) -> str:
    """A condition true for a record whose every field is already as a Lead holds it."""
    company, answers, attributes = v("company"), v("answers"), v("attributes")

    def company_field(key: str) -> str:
        return v("company", key)

    employees, revenue = company_field("employees"), company_field("annual_revenue")
    country, domain = company_field("country"), company_field("domain")
    technologies = company_field("technologies")
    checks = [
        "_j IS NOT NULL",
        "strpos(raw, '\\u') = 0",  # escapes may hide lone surrogates: Python decides
        "json_type(_j) = 'OBJECT'",
        _keys_within("_j", (*_LEAD_KEYS, *_LEAD_KEYS_NULL_ONLY)),
        *(_null(v(key)) for key in _LEAD_KEYS_NULL_ONLY),
        f"json_type({v('id')}) = 'VARCHAR'",
        _kept(v("id")),
        *(_text_ok(v(key)) for key in _LEAD_TEXT),
        _moment_ok(v("created_at"), required=False),
        _keys_within(company, _COMPANY_KEYS),
        *(_text_ok(company_field(key)) for key in _COMPANY_TEXT),
        (
            f"({_null(country)} OR (json_type({country}) = 'VARCHAR' AND "
            f"regexp_full_match({country} ->> '$', '[A-Z][A-Z]') "
            f"AND {country} ->> '$' NOT IN ('UK', 'EL')))"
        ),
        (
            f"({_null(domain)} OR (json_type({domain}) = 'VARCHAR' AND "
            f"regexp_full_match({domain} ->> '$', '[a-z0-9][a-z0-9.-]{{0,250}}') AND "
            f"NOT starts_with({domain} ->> '$', 'www.')))"
        ),
        (
            f"({_null(employees)} OR (json_type({employees}) IN ('BIGINT', 'UBIGINT') AND "
            f"CAST({employees} ->> '$' AS HUGEINT) BETWEEN 0 AND 9007199254740992))"
        ),
        (
            f"({_null(revenue)} OR (json_type({revenue}) IN {_NUMBERS} AND "
            f"isfinite(CAST({revenue} ->> '$' AS DOUBLE)) AND "
            f"CAST({revenue} ->> '$' AS DOUBLE) BETWEEN 0 AND 9007199254740992))"
        ),
        (
            f"({_null(technologies)} OR (json_type({technologies}) = 'ARRAY' AND list_bool_and("
            f"[json_type(t) = 'VARCHAR' AND {_kept('t')} "
            f"FOR t IN json_extract({technologies}, '$[*]')])))"
        ),
        (
            f"({_null(answers)} OR (json_type({answers}) = 'OBJECT' AND "
            f"len(json_keys({answers})) = len(list_distinct(json_keys({answers}))) AND "
            f"list_bool_and([length(k) <= 1000 FOR k IN json_keys({answers})]) AND "
            f"list_bool_and([json_type(x) IN {_NUMBERS} OR json_type(x) = 'BOOLEAN' OR "
            f"(json_type(x) = 'VARCHAR' AND length(x ->> '$') <= 1000) "
            f"FOR x IN json_extract({answers}, '$.*')])))"
        ),
        f"({_null(attributes)} OR (json_type({attributes}) = 'OBJECT' AND {_flat(attributes)}))",
        # Bounds the Python checks of free-form JSON can never exceed: text length, digits
        # of a number, exponents, nesting depth.
        "length(raw) <= 100000",
        "NOT regexp_matches(raw, '[0-9]{300}|[0-9][eE][+-]?[0-9]{3}')",
        "NOT regexp_matches(raw, '\\[\\s*\\[')",  # nested lists: Python checks their depth
        f"({_null(v('events'))} OR json_type({v('events')}) = 'ARRAY')",
    ]
    return "(" + " AND ".join(f"COALESCE({check}, FALSE)" for check in checks) + ")"


def _event_ok(v: _Paths) -> str:
    props, event_id = v("properties"), v("id")
    checks = [
        "json_type(_e) = 'OBJECT'",
        _keys_within("_e", ("type", "at", "properties", "id")),
        f"json_type({v('type')}) = 'VARCHAR'",
        _kept(v("type")),
        _moment_ok(v("at"), required=True),
        f"({_null(event_id)} OR (json_type({event_id}) = 'VARCHAR' AND {_kept(event_id)}))",
        f"({_null(props)} OR (json_type({props}) = 'OBJECT' AND {_flat(props)}))",
    ]
    return "(" + " AND ".join(f"COALESCE({check}, FALSE)" for check in checks) + ")"


def _value(node: str, kind: Kind) -> tuple[str, str]:
    """The column's value and a condition true when the JSON value ``node`` fits ``kind``."""
    missing = _null(node)
    if kind == "texts":
        value = f"CAST(json_extract_string({node}, '$[*]') AS VARCHAR[])"
        fits = (
            f"({missing} OR (json_type({node}) = 'ARRAY' AND list_bool_and("
            f"[json_type(t) IN ('VARCHAR', 'NULL') FOR t IN json_extract({node}, '$[*]')])))"
        )
        present = f"len(list_filter({value}, lambda t: t IS NOT NULL)) > 0"
        return f"CASE WHEN {present} THEN {value} END", fits
    if kind == "number":
        fits = (
            f"({missing} OR (json_type({node}) IN {_NUMBERS} AND "
            f"isfinite(TRY_CAST({node} ->> '$' AS DOUBLE)) AND "
            f"abs(TRY_CAST({node} ->> '$' AS DOUBLE)) <= 9007199254740992))"
        )
        return f"TRY_CAST({node} ->> '$' AS DOUBLE)", fits
    fits = f"({missing} OR json_type({node}) IN {_JSON_KIND[kind]})"
    if kind == "bool":
        return f"TRY_CAST({node} ->> '$' AS BOOLEAN)", fits
    return f"CASE WHEN json_type({node}) = 'VARCHAR' THEN {node} ->> '$' END", fits


def _native_tables(con: Any, shape: Layout, kinds: Mapping[str, Kind]) -> None:  # noqa: ANN401
    """Build ``native_leads``/``native_events`` from ``lines`` (line, raw) in DuckDB.

    Each document is parsed once: ``json_extract`` with a list of paths, then every
    check reads the small extracted values.
    """
    lead_paths = [tuple(path.split(".")) for path in _LEAD_PATHS]
    lead_paths += [c.field.path for c in shape.lead_columns if c.field.path != ("email_domain",)]
    v = _Paths("_j", lead_paths)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE parsed AS SELECT line, raw, _j, "  # noqa: S608 - paths via _pointer (sqlglot quoting)
        f"CASE WHEN json_type(_j) = 'OBJECT' THEN {v.extract()} END AS _v FROM "
        "(SELECT line, raw, CASE WHEN json_valid(raw) THEN raw::JSON END AS _j FROM lines)"
    )
    events = v("events")
    ev = _Paths(
        "_e",
        [("type",), ("at",), ("id",), ("properties",)]
        + [("properties", c.field.path[0]) for c in shape.event_columns],
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE events_raw AS SELECT line, _e, _k, "  # noqa: S608 - paths via _pointer (sqlglot quoting)
        f"{ev.extract()} AS _v FROM (SELECT p.line, x._e, x._k "
        f"FROM parsed AS p, unnest(CASE WHEN json_type({events.replace('_v', 'p._v')}) = 'ARRAY' "
        f"THEN json_extract({events.replace('_v', 'p._v')}, '$[*]') ELSE [] END) "
        "WITH ORDINALITY AS x(_e, _k))"
    )
    lead_values, lead_fits = [], []
    for column in shape.lead_columns:
        if column.field.path == ("email_domain",):
            email = f"({v('email')} ->> '$')"
            value = (
                f"CASE WHEN json_type({v('email')}) = 'VARCHAR' AND strpos({email}, '@') > 0 "
                f"THEN NULLIF(lower(trim(regexp_extract({email}, '@([^@]*)$', 1))), '') END"
            )
            lead_values.append(f"{value} AS {_ident(column.name)}")
            continue
        value, fits = _value(v(*column.field.path), kinds[column.name])
        lead_values.append(f"{value} AS {_ident(column.name)}")
        lead_fits.append(fits)
    event_values, event_fits = [], []
    for column in shape.event_columns:
        value, fits = _value(ev("properties", column.field.path[0]), kinds[column.name])
        event_values.append(f"{value} AS {_ident(column.name)}")
        event_fits.append(fits)
    event_fit = " AND ".join(event_fits) or "TRUE"
    con.execute(
        "CREATE OR REPLACE TEMP TABLE bad_events AS SELECT DISTINCT line FROM events_raw "  # noqa: S608 - keys via _lit/_ident (sqlglot quoting)
        f"WHERE NOT ({_event_ok(ev)}) OR NOT COALESCE({event_fit}, FALSE)"
    )
    # Copies of one event id at one instant and type: Python's canonical order breaks the
    # tie on the UTC offset and the properties; that case goes through Python.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE tied_events AS SELECT DISTINCT line FROM ("  # noqa: S608 - fixed text
        f"SELECT line, count(*) OVER (PARTITION BY line, {ev('id')} ->> '$', "
        f"TRY_CAST({ev('at')} ->> '$' AS TIMESTAMPTZ), {ev('type')} ->> '$') AS n "
        f"FROM events_raw WHERE json_type({ev('id')}) = 'VARCHAR') WHERE n > 1"
    )
    lead_fit = " AND ".join(lead_fits) or "TRUE"
    con.execute(
        "CREATE OR REPLACE TEMP TABLE native AS SELECT line FROM parsed "  # noqa: S608 - keys via _lit/_ident (sqlglot quoting)
        f"WHERE {_canonical(v)} AND COALESCE({lead_fit}, FALSE) "
        "AND line NOT IN (SELECT line FROM bad_events) "
        "AND line NOT IN (SELECT line FROM tied_events)"
    )
    extra = "".join(", " + value for value in lead_values)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE native_leads AS SELECT {v('id')} ->> '$' AS lead_id, "  # noqa: S608 - keys via _lit/_ident (sqlglot quoting)
        f"line AS _row, TRY_CAST({v('created_at')} ->> '$' AS TIMESTAMPTZ) AS created_at"
        f"{extra} FROM parsed WHERE line IN (SELECT line FROM native)"
    )
    extra = "".join(", " + value for value in event_values)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE native_events AS SELECT "  # noqa: S608 - keys via _lit/_ident (sqlglot quoting)
        "n.lead_id, r.line AS _row, "
        f"{ev('id')} ->> '$' AS event_id, {ev('type')} ->> '$' AS type, "
        f"CAST({ev('at')} ->> '$' AS TIMESTAMPTZ) AS at, _k AS _seq"
        f"{extra} FROM events_raw AS r JOIN native_leads AS n ON n._row = r.line"
    )


def _python_row(shape: Layout, model: ScoringModel, lead: Lead, as_of: Any) -> dict[str, Any]:  # noqa: ANN401
    score = model.score(lead, as_of)
    rules = dict.fromkeys(shape.rule_names, 0.0)
    for entry in score.ledger:
        if entry.kind == "rule":
            rules[entry.rule] += entry.points
    row: dict[str, Any] = {
        LEAD_ID: lead.id,
        POINTS: float(score.points),
        "fit": float(score.fit),
        "engagement": float(score.engagement),
        "stage": score.stage.value,
    }
    row.update({group_column(name): float(v) for name, v in score.groups.items()})
    row.update({rule_column(name): float(v) for name, v in rules.items()})
    return row


def score_file(  # noqa: C901, PLR0912, PLR0915 - one pass: read, split, score, merge
    model: ScoringModel,
    path: str | os.PathLike[str],
    *,
    as_of: dt.datetime | None = None,
) -> FileScores:
    """Score a JSON-lines file of leads, parsing it in DuckDB where it can.

    A record already in the form a :class:`~leadqual.Lead` keeps (printable ASCII text
    without surrounding spaces, ISO timestamps with an offset, known keys only…) is read
    by DuckDB's JSON functions straight into the layout's tables; every other record
    goes through :func:`leadqual.io.read_leads`'s own checks, so a record the Python
    path rejects is rejected here with the same reason, and none is dropped. A lead
    whose values fit no column is scored by the Python path. A model with ICP fit
    points is refused (use :func:`score_leads`).
    """
    from leadqual.io import Loaded, read_leads  # noqa: PLC0415 - io is an edge

    _duckdb, polars = _modules()
    plan = model.compile().plan
    shape = layout(plan, engine=ENGINE)
    if plan.fit is not None:
        msg = (
            "rule 'icp_fit': the duckdb file reader cannot compute ICP fit points; use score_leads"
        )
        raise UnsupportedByEngineError(msg, engine=ENGINE)
    kinds = column_kinds(plan)
    numbers, raws = [], []
    unreadable: set[int] = set()  # bytes that are no UTF-8: Python names the problem
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as stream:  # noqa: PTH123
        for number, line in enumerate(stream, start=1):
            raw = line.rstrip("\r\n")
            if number == 1:
                raw = raw.removeprefix("\ufeff")
            if raw.strip():
                numbers.append(number)
                raws.append(raw)
                if not raw.isascii() and not encodable(raw):
                    unreadable.add(number)
    con = connect()
    try:
        readable = [(n, r) for n, r in zip(numbers, raws, strict=True) if n not in unreadable]
        lines = polars.DataFrame(
            readable, schema={"line": polars.Int64, "raw": polars.String}, orient="row"
        )
        con.register("lines", lines)
        _native_tables(con, shape, kinds)
        native_ids = dict(con.execute("SELECT _row, lead_id FROM native_leads").fetchall())
        rejects: list[Reject] = []
        loaded: dict[int, Lead] = {}
        for number, raw in zip(numbers, raws, strict=True):
            if number in native_ids:
                continue
            for row in read_leads(
                io.StringIO(raw + "\n"), format="jsonl", allow_duplicate_ids=True
            ):
                if isinstance(row, Loaded):
                    loaded[number] = row.lead
                else:
                    rejects.append(Reject(number, _id_of(raw), row.reason))
        first: dict[str, int] = {}
        dropped: list[int] = []
        for number in numbers:
            lead_id = native_ids.get(number)
            if lead_id is None and number in loaded:
                lead_id = loaded[number].id
            if lead_id is None:
                continue
            seen = first.setdefault(lead_id, number)
            if seen != number:
                reason = f"id: duplicate lead id {lead_id!r} (first seen on line {seen})"
                rejects.append(Reject(number, lead_id, reason))
                dropped.append(number)
                loaded.pop(number, None)
        tables = empty_tables(shape, kinds)
        by_python: dict[int, dict[str, Any]] = {}
        for number, lead in loaded.items():
            try:
                tables.add(lead, number)
            except UnsupportedByEngineError:
                by_python[number] = _python_row(shape, model, lead, as_of)
        slow_leads, slow_events = frames(tables)
        con.register("slow_leads", slow_leads)
        con.register("slow_events", slow_events)
        con.register("dropped", polars.DataFrame({"line": dropped}, schema={"line": polars.Int64}))
        for table in ("leads", "events"):
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT * FROM native_{table} "  # noqa: S608 - fixed names
                f"WHERE _row NOT IN (SELECT line FROM dropped) "
                f"UNION ALL BY NAME SELECT * FROM slow_{table}"
            )
        query = render(plan, "duckdb", kinds=kinds, as_of=as_of, python_udfs=True).sql("duckdb")
        out: pl.DataFrame = con.sql(query).pl()
        placed = sorted(
            [n for n in native_ids if n not in set(dropped)]
            + [n for n in loaded if n not in by_python]
        )
        out = out.with_columns(polars.Series("line", placed, dtype=polars.Int64))
    finally:
        con.close()
    refuse_inexact(shape, out)
    columns = ["line", *shape.output_columns()]
    out = out.select(columns)
    if by_python:
        extra = polars.DataFrame(
            [{"line": n, **row} for n, row in by_python.items()], schema=out.schema
        )
        out = polars.concat([out, extra]).sort("line")
    rejects.sort(key=lambda reject: reject.line)
    return FileScores(out, tuple(rejects), len(native_ids))


def _id_of(raw: str) -> str | None:
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    lead_id = value.get("id") if isinstance(value, dict) else None
    return lead_id if isinstance(lead_id, str) else None
