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

import contextlib
import datetime as dt
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any, cast

import attrs

from leadqual._core.names import product_key
from leadqual._core.text import encodable
from leadqual.engines._layout import (
    LEAD_ID,
    POINTS,
    Column,
    Kind,
    Layout,
    flatten,
    layout,
    rule_column,
)
from leadqual.engines.polars import frames
from leadqual.engines.sql import render
from leadqual.exceptions import LeadError, LeadqualError
from leadqual.scoring import _plan as nodes
from leadqual.scoring._compile import MAX_TOTAL, _tracked, url_path

if TYPE_CHECKING:
    import duckdb as duckdb_module
    import polars as pl

    from leadqual.engines._frame import Scored
    from leadqual.io import Loaded, Rejected
    from leadqual.io._ids import FirstLines
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
    con = connect()
    try:
        con.register("leads", job.leads)
        con.register("events", job.events)
        out: pl.DataFrame = con.sql(_query(job.shape, job.kinds, job.as_of)).pl()
    finally:
        con.close()
    return out


score_frames = frames_scorer(
    _run_query, "Score polars frames in the layout; the output columns, one row per lead."
)


def _query(shape: Layout, kinds: Mapping[str, Kind] | None, as_of: dt.datetime | None) -> str:
    query = render(shape.plan, "duckdb", kinds=kinds, as_of=as_of, python_udfs=True)
    return query.sql(dialect="duckdb")


def _run(con: duckdb_module.DuckDBPyConnection, shape: Layout, query: str) -> pl.DataFrame:
    """The plan's ``query`` over the ``leads`` and ``events`` tables of ``con``: the output."""
    out: pl.DataFrame = con.sql(query).pl()
    refuse_inexact(shape, out)
    return out.select(shape.output_columns())


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
#
# A record in canonical form (leadqual.engines._native: the grammar the polars reader
# checks too) is checked by regexp_full_match and parsed by from_json with a structure
# the grammar fixes (its keys, in their order, each once); DuckDB then unnests the events
# and scores the batch with the plan's SQL. Every other record goes through the Python
# reader, so its reject and reason are the Python path's.

_NUMBERS = "('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT')"


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


_NUMBER_FIELDS = ("employees", "annual_revenue")


def _structure(shape: Layout) -> str:
    """The ``from_json`` structure of a canonical record: every text, and the numbers read."""
    from leadqual.engines import _native as nat  # noqa: PLC0415 - the shared grammar

    read = {c.field.path[1] for c in shape.lead_columns if c.field.path[0] == "company"}
    company: dict[str, object] = {
        key: "DOUBLE" if key in _NUMBER_FIELDS else "VARCHAR"
        for key in nat.COMPANY_FIELDS
        if key not in _NUMBER_FIELDS or key in read
    }
    company["technologies"] = ["VARCHAR"]
    event = {"type": "VARCHAR", "at": "VARCHAR", "properties": "JSON", "id": "VARCHAR"}
    record: dict[str, object] = dict.fromkeys(("id", *nat.LEAD_TEXT_FIELDS), "VARCHAR")
    record |= {"created_at": "VARCHAR", "company": company, "events": [event]}
    record |= {"answers": "JSON", "attributes": "JSON", "owner": "VARCHAR"}
    return json.dumps(record)


def _short(texts: Iterable[str], tables: Iterable[str]) -> str:
    """Every text shorter than MAX_RUN characters, in named texts and flat tables.

    As canonical form's bound on runs without a quote (no text limit of the lead can be
    exceeded), checked on the parsed values instead of the whole record: a table
    shorter than the bound holds no longer text. A text given as ``*expr`` is a length.
    """
    from leadqual.engines import _native as nat  # noqa: PLC0415

    lengths = ", ".join(
        text.removeprefix("*") if text.startswith("*") else f"length({text})" for text in texts
    )
    checks = [f"COALESCE(greatest({lengths}) < {nat.MAX_RUN}, TRUE)"]
    run = _lit(f'[^"]{{{nat.MAX_RUN}}}')
    checks += [  # CASE: the regex runs on the long tables only
        f"NOT COALESCE(CASE WHEN strlen({t}) >= {nat.MAX_RUN} THEN regexp_matches({t}, {run}) END,"
        " FALSE)"
        for t in tables
    ]
    return " AND ".join(checks)


def _kind_of(node: str, json_type: str | None = None) -> str:
    """The layout kind of the JSON value ``node`` of a flat table (NULL when missing).

    ``json_type`` is its ``json_type`` when already computed (each call parses the value).
    """
    of = json_type or f"json_type({node})"
    return (
        f"CASE WHEN {of} = 'VARCHAR' THEN 'text' WHEN {of} = 'BOOLEAN' THEN 'bool' "
        f"WHEN {of} = 'ARRAY' THEN CASE WHEN json_array_length({node}) > 0 THEN 'texts' END "
        f"WHEN {of} IN {_NUMBERS} THEN 'number' END"
    )


def _value_of(node: str, kind: Kind, kind_of: str | None = None) -> str:
    """The column value of the JSON value ``node`` read as ``kind`` (NULL for another kind)."""
    cast = {"text": f"{node} ->> '$'", "number": f"TRY_CAST({node} AS DOUBLE)"}
    cast |= {"bool": f"TRY_CAST({node} AS BOOLEAN)", "texts": f"CAST({node} AS VARCHAR[])"}
    return f"CASE WHEN ({kind_of or _kind_of(node)}) = {_lit(kind)} THEN {cast[kind]} END"


def _keyed(table: str) -> str:
    """Whether the flat JSON ``table`` may hold two keys: it has two colons or more."""
    return f"strlen({table}) - strlen(replace({table}, ':', '')) > 1"


def _repeated(keys: str) -> str:
    """Whether the list ``keys`` (``json_keys``, which keeps a repeated key) repeats one."""
    # list_distinct is slow: two keys, the common case, are compared.
    return (
        f"((len({keys}) = 2 AND {keys}[1] = {keys}[2]) "
        f"OR (len({keys}) > 2 AND len(list_distinct({keys})) <> len({keys})))"
    )


def _distinct_keys(table: str) -> str:
    keys = f"json_keys({table})"
    return f"({table} IS NULL OR NOT {_keyed(table)} OR NOT {_repeated(keys)})"


def _member(table: str, key: str) -> str:
    return f"json_extract({table}, {_pointer(key)})"


# A company field's value as the Lead normalises it ({} is the parsed text).
_COMPANY_VALUE = {
    "country": "CASE upper({0}) WHEN 'UK' THEN 'GB' WHEN 'EL' THEN 'GR' ELSE upper({0}) END",
    "domain": "lower({0})",
    "technologies": "CASE WHEN len({0}) > 0 THEN {0} END",
}


def _lead_value(column: Column) -> tuple[str, str | None]:
    """A lead column's value in ``canon`` (``j`` the record) and its JSON node, if any."""
    path = column.field.path
    if path == ("email_domain",):
        domain = "lower(trim(regexp_extract(j.email, '@([^@]*)$', 1)))"
        return f"NULLIF({domain}, '')", None
    if len(path) == 1:
        return f"j.{_ident(path[0])}", None
    if path[0] in ("attributes", "answers"):
        node = _member(f"j.{path[0]}", path[1])
        return node, node
    return _COMPANY_VALUE.get(path[1], "{0}").format(f"j.company.{_ident(path[1])}"), None


def _read_batch(
    con: duckdb_module.DuckDBPyConnection, shape: Layout, lines: pl.DataFrame
) -> tuple[dict[int, str], dict[str, Kind]]:
    """Fill ``native_leads`` and ``native_events`` from the canonical records of ``lines``.

    Returns the lines read (line → lead id) and the kind found for each JSON-valued
    column; a record whose value has another kind is left for Python.
    """
    from leadqual.engines import _native as nat  # noqa: PLC0415 - the shared grammar

    con.register("lines", lines)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE canon AS SELECT line, from_json(raw, $1) AS j FROM lines "
        "WHERE regexp_full_match(raw, $2)",
        [_structure(shape), nat.LEAD],
    )
    props = {c.name: _member("e.properties", c.field.path[0]) for c in shape.event_columns}
    # Each property's kind, computed once: _k0, _k1… (no layout column starts with "_k").
    kind_of = {name: f"_k{index}" for index, name in enumerate(props)}
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ev AS SELECT * EXCLUDE ("  # noqa: S608 - keys via _pointer/_ident (sqlglot quoting)
        + ", ".join(["_", *(f"_t{index}" for index in range(len(props)))])
        + ")"
        + "".join(
            f", {_kind_of(_ident(name), f'_t{index}')} AS {kind_of[name]}"
            for index, name in enumerate(props)
        )
        + " FROM (SELECT NULL AS _, line, k, e.type AS type, "
        'e."at" AS at_text, TRY_CAST(e."at" AS TIMESTAMPTZ) AS "at", e.id AS event_id, '
        "e.properties AS props"
        + "".join(
            f", {node} AS {_ident(name)}, json_type({node}) AS _t{index}"
            for index, (name, node) in enumerate(props.items())
        )
        # Two unnests side by side (not WITH ORDINALITY, a join): the event and its place.
        + " FROM (SELECT line, unnest(j.events) AS e, unnest(range(1, len(j.events) + 1)) AS k"
        " FROM canon))"
    )
    values = {c.name: _lead_value(c) for c in shape.lead_columns}
    nodes = {name: node for name, (_, node) in values.items() if node is not None}
    lead_kind_of = {name: _kind_of(node) for name, node in nodes.items()}
    found: dict[str, Kind] = {}
    for table, columns in (("canon", lead_kind_of), ("ev", kind_of)):
        if columns:
            kinds = (
                con.execute(
                    "SELECT "  # noqa: S608 - keys via _pointer/_ident (sqlglot quoting)
                    # The first kind in the file; a record with another kind goes to Python.
                    + ", ".join(
                        f"arg_min({kind}, line) FILTER (({kind}) IS NOT NULL)"
                        for kind in columns.values()
                    )
                    + f" FROM {table}"
                ).fetchone()
                or ()
            )
            found |= {name: kind for name, kind in zip(columns, kinds, strict=True) if kind}

    def misfit(name: str, kind: str) -> str:
        """Present (not null, not an empty list) and of another kind than the column's."""
        return f"COALESCE(({kind}) <> {_lit(found[name])}, FALSE)" if name in found else "FALSE"

    event_checks = ['"at" IS NULL', f"NOT ({_short(['type', 'event_id'], ['props'])})"]
    event_checks += [misfit(name, kind) for name, kind in kind_of.items()]
    # Each check on the few events that can fail it: repeated property keys, and copies
    # of one event id at one instant (canonical order then looks past the time to pick
    # one; unless they are alike, the record goes through Python).
    con.execute(
        "CREATE OR REPLACE TEMP TABLE bad AS SELECT line FROM ev WHERE "  # noqa: S608 - keys via _lit/_ident (sqlglot quoting)
        + " OR ".join(event_checks)
        + " UNION ALL SELECT line FROM (SELECT line, json_keys(props) AS keys FROM ev WHERE "
        + _keyed("props")
        + ") WHERE "
        + _repeated("keys")
        + ' UNION ALL SELECT line FROM ev WHERE event_id IS NOT NULL GROUP BY line, event_id, "at" '
        "HAVING count(*) > 1 AND min(concat_ws(chr(0), type, at_text, props)) "
        "<> max(concat_ws(chr(0), type, at_text, props))"
    )
    lead_checks = [
        "(j.created_at IS NULL OR TRY_CAST(j.created_at AS TIMESTAMPTZ) IS NOT NULL)",
        _distinct_keys("j.answers"),
        _distinct_keys("j.attributes"),
        _short(
            [
                *(f"j.{key}" for key in ("id", *nat.LEAD_TEXT_FIELDS, "owner")),
                *(f"j.company.{key}" for key in nat.COMPANY_FIELDS if key not in _NUMBER_FIELDS),
                "*list_max(list_transform(j.company.technologies, lambda t: length(t)))",
            ],
            ["j.answers", "j.attributes"],
        ),
        *(f"NOT {misfit(name, kind)}" for name, kind in lead_kind_of.items()),
    ]
    if any(c.field.path == ("company", "domain") for c in shape.lead_columns):
        lead_checks.append("NOT COALESCE(starts_with(lower(j.company.domain), 'www.'), FALSE)")
    selected = "".join(
        f", {_value_of(node, found.get(name, 'text')) if node else value} AS {_ident(name)}"
        for name, (value, node) in values.items()
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE native_leads AS SELECT j.id AS lead_id, line AS _row, "  # noqa: S608 - keys via _lit/_ident (sqlglot quoting)
        f"TRY_CAST(j.created_at AS TIMESTAMPTZ) AS created_at{selected} FROM canon "
        f"WHERE {' AND '.join(lead_checks)} AND line NOT IN (SELECT line FROM bad)"
    )
    selected = "".join(
        f", {_value_of(_ident(name), found.get(name, 'text'), kind_of[name])} AS {_ident(name)}"
        for name in props
    )
    con.execute(
        "CREATE OR REPLACE TEMP VIEW native_events AS SELECT n.lead_id, e.line AS _row, "  # noqa: S608 - keys via _lit/_ident (sqlglot quoting)
        f'e.event_id, e.type, e."at", e.k AS _seq{selected} '
        "FROM ev AS e JOIN native_leads AS n ON n._row = e.line"
    )
    ids = dict(con.execute("SELECT _row, lead_id FROM native_leads ORDER BY _row").fetchall())
    return ids, found


@attrs.define
class _Tally:
    native: int = 0  # records DuckDB read itself


@attrs.define
class _Reader:
    """Score a file's batches of lines on one connection, keeping the ids seen so far."""

    model: ScoringModel
    shape: Layout
    con: duckdb_module.DuckDBPyConnection
    as_of: dt.datetime | None
    zone: dt.tzinfo | str | None
    allow_duplicate_ids: bool
    tally: _Tally
    first: FirstLines  # the Python reader's duplicate-id index: bounded memory
    queries: dict[tuple[tuple[str, Kind], ...], str] = attrs.Factory(dict)  # per kinds found

    def python_rows(self, pairs: list[tuple[int, str]]) -> dict[int, Loaded | Rejected]:
        """The Python reader's row for each (line, text)."""
        from leadqual.io import read_leads  # noqa: PLC0415 - io is an edge

        text = io.StringIO("".join(raw + "\n" for _, raw in pairs))
        rows = read_leads(
            text, format="jsonl", default_timezone=self.zone, allow_duplicate_ids=True
        )
        return {n: attrs.evolve(row, line=n) for (n, _), row in zip(pairs, rows, strict=True)}

    def batch(self, chunk: list[tuple[int, str]]) -> Iterator[Scored | Rejected]:
        """One row per record of ``chunk`` (line, text), in order."""
        from leadqual.engines._frame import Scored, _engine_rows, _raw  # noqa: PLC0415
        from leadqual.io import Loaded, Rejected  # noqa: PLC0415

        _duckdb, polars = _modules()
        # A line holding undecodable bytes (surrogate escapes) is for the Python reader.
        clean = [pair for pair in chunk if encodable(pair[1])]
        lines = polars.DataFrame(
            {"line": [n for n, _ in clean], "raw": [raw for _, raw in clean]},
            schema={"line": polars.Int64, "raw": polars.String},
        )
        ids, found = _read_batch(self.con, self.shape, lines)
        self.tally.native += len(ids)
        parsed = self.python_rows([pair for pair in chunk if pair[0] not in ids])
        out: dict[int, Scored | Rejected] = {}
        loaded: list[Loaded] = []
        dropped: list[int] = []
        pending: list[tuple[int, str, Loaded | None]] = []
        for number, raw in chunk:
            row = parsed.get(number)
            if isinstance(row, Rejected):
                out[number] = row
            else:
                pending.append((number, raw, row))
        keys = [(ids[n] if row is None else row.lead.id, n) for n, _, row in pending]
        firsts = [n for _, n in keys] if self.allow_duplicate_ids else self.first.first_many(keys)
        for (lead_id, number), seen, (_, raw, row) in zip(keys, firsts, pending, strict=True):
            if seen != number:
                reason = f"id: duplicate lead id {lead_id!r} (first seen on line {seen})"
                out[number] = Rejected(number, reason, raw)
                dropped += [number] if row is None else []
            elif row is not None:
                loaded.append(row)
        kept = [number for number in ids if number not in set(dropped)]
        result = self.native_scores(kept, dropped, found) if kept else None
        if result is None:  # a sum beyond the exact range: Python scores these one by one
            again = self.python_rows([(number, raw) for number, raw in chunk if number in kept])
            loaded += [row for row in again.values() if isinstance(row, Loaded)]
        else:
            out |= {number: Scored(number, row) for number, row in zip(kept, result, strict=True)}
        scored = _engine_rows(ENGINE, self.model, [row.lead for row in loaded], self.as_of)
        for row, outcome in zip(loaded, scored, strict=True):
            if isinstance(outcome, LeadqualError):
                out[row.line] = Rejected(row.line, "; ".join(outcome.errors), _raw(row.lead))
            else:
                out[row.line] = Scored(row.line, outcome)
        return (out[number] for number, _ in chunk)

    def native_scores(
        self, kept: list[int], dropped: list[int], found: Mapping[str, Kind]
    ) -> list[dict[str, Any]] | None:
        """The rows of the native leads but ``dropped``, as the Python path writes them.

        ``None`` when a lead's sums leave the exact range (DuckDB refuses the batch).
        """
        from leadqual.engines.polars import _python_values  # noqa: PLC0415 - one conversion

        _duckdb, polars = _modules()
        shape = self.shape
        kinds = {c.name: c.kind or found.get(c.name, "text") for c in shape.lead_columns}
        kinds |= {c.name: c.kind or found.get(c.name, "text") for c in shape.event_columns}
        gone = polars.DataFrame({"line": dropped}, schema={"line": polars.Int64})
        self.con.register("dropped", gone)
        for table in ("leads", "events"):
            self.con.execute(
                f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT * FROM native_{table} "  # noqa: S608 - fixed names
                "WHERE _row NOT IN (SELECT line FROM dropped)"
            )
        key = tuple(sorted(kinds.items()))
        if key not in self.queries:
            self.queries[key] = _query(shape, kinds, self.as_of)
        try:
            result = _run(self.con, shape, self.queries[key])
        except LeadError:
            return None
        names = result.columns
        cells = zip(*(_python_values(result[name]) for name in names), strict=True)
        rows = [dict(zip(names, values, strict=True)) for values in cells]
        assert len(rows) == len(kept)  # noqa: S101 - one output row per lead, in _row order
        return rows


def native_file(
    model: ScoringModel,
    source: str | os.PathLike[str],
    *,
    tally: _Tally | None = None,
    as_of: dt.datetime | None = None,
    default_timezone: dt.tzinfo | str | None = None,
    allow_duplicate_ids: bool = False,
) -> Iterator[Scored | Rejected] | None:
    """Score a JSON-lines file (``.gz`` too), reading canonical records in DuckDB itself.

    A record in canonical form (:mod:`leadqual.engines._native`) is checked by
    ``regexp_full_match`` and parsed by ``from_json``; every other record goes through
    :func:`leadqual.io.read_leads`, so its reject and reason are the Python path's.
    Duplicate ids are rejected as the Python path does (the first is kept) and rows
    come in input order: the same rows as :func:`leadqual.engines.score_file` on the
    Python path. ``None`` when DuckDB cannot read this input itself (a model with ICP
    fit points or reading a field canonical form leaves out, a file that cannot be
    opened): then use the general path. The file is read a batch at a time.
    """
    import gzip  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from leadqual._time import resolve_timezone  # noqa: PLC0415
    from leadqual.engines import _native as nat  # noqa: PLC0415
    from leadqual.engines.polars import _batches  # noqa: PLC0415 - the Python reader's lines
    from leadqual.io._leads import first_ids  # noqa: PLC0415 - io is an edge

    resolve_timezone(default_timezone)  # an unknown zone fails as on the Python path
    shape = layout(model.compile().plan, engine=ENGINE)
    if shape.plan.fit is not None or not all(
        nat.supported(c.field.path) for c in shape.lead_columns
    ):
        return None
    path = Path(source)
    try:
        opened = gzip.open(path) if path.suffix.lower() == ".gz" else path.open("rb")  # noqa: SIM115 - closed below
        stream = cast("IO[bytes]", opened)
    except OSError:
        return None  # the Python path reports it with its own message

    def rows() -> Iterator[Scored | Rejected]:
        con = connect()
        reader = _Reader(
            model,
            shape,
            con,
            as_of,
            default_timezone,
            allow_duplicate_ids,
            _Tally() if tally is None else tally,
            first_ids(),
        )
        with stream, contextlib.closing(con), reader.first:
            for chunk in _batches(stream, os.fspath(source)):
                yield from reader.batch(chunk)

    return rows()


def score_file(
    model: ScoringModel,
    path: str | os.PathLike[str],
    *,
    as_of: dt.datetime | None = None,
) -> FileScores:
    """Score a JSON-lines file of leads, parsing it in DuckDB where it can.

    A record in canonical form (:mod:`leadqual.engines._native`: the form
    :func:`leadqual.io.write_leads` writes) is read by DuckDB's regex and JSON functions
    straight into the layout's tables; every other record goes through
    :func:`leadqual.io.read_leads`'s own checks, so a record the Python path rejects is
    rejected here with the same reason, and none is dropped. A lead whose values fit no
    column is scored by the Python path, and so is every lead of a model with ICP fit
    points (its records read by Python).
    """
    from leadqual.engines._frame import score_file as rows_of  # noqa: PLC0415
    from leadqual.io import Rejected  # noqa: PLC0415 - io is an edge

    _duckdb, polars = _modules()
    tally = _Tally()
    found = native_file(model, path, as_of=as_of, tally=tally)
    if found is None:
        found = rows_of(model, path, engine=ENGINE, as_of=as_of, format="jsonl")
    shape = layout(model.compile().plan, engine=ENGINE)
    scores: list[dict[str, Any]] = []
    rejects: list[Reject] = []
    for row in found:
        if isinstance(row, Rejected):
            rejects.append(Reject(row.line, _id_of(row.raw), row.reason))
        else:
            scores.append({"line": row.line, **row.row})
    schema = dict.fromkeys(["line", *shape.output_columns()], polars.Float64)
    schema |= {"line": polars.Int64, LEAD_ID: polars.String, "stage": polars.String}
    frame = polars.DataFrame(scores, schema=schema, orient="row", strict=False)
    return FileScores(frame, tuple(rejects), tally.native)


def _id_of(raw: str) -> str | None:
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    lead_id = value.get("id") if isinstance(value, dict) else None
    return lead_id if isinstance(lead_id, str) else None
