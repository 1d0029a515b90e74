"""The polars engine: a model's plan rendered as lazy polars expressions.

The tables are those of :mod:`leadqual.engines._layout`. Predicates become nullable
boolean expressions (polars' ``&``, ``|`` and ``~`` are Kleene's, as in the plan), so
unknown stays unknown until a rule asks whether its condition *holds*. Then, as the
plan states: the effective events (at or before ``as_of``, each event id once, the copy
lowest in canonical order), each rule's filter, ``within`` against the lead's reference
moment, ``once_per`` (a greedy pass, the earliest first, over each lead's matches in
canonical order), ``max_count`` (a running count per lead), decay by age in days, the
1/1024 grid (round half to even, as Python's ``round``), group caps, total caps, stage.

Exactness over cleverness. Numbers and booleans are compared natively. Text is
compared casefolded: for ASCII text ``casefold`` is ``lower``, so polars tests it
natively; the rare non-ASCII value (and every absolute URL, whose path
:func:`urllib.parse.urlsplit` finds) is tested in Python by the reference
interpreter's own code, once per distinct value. Decay uses the same IEEE operations as
Python (``0.5 ** x`` is C's ``pow`` in both).

>>> import datetime as dt
>>> import leadqual as lq
>>> at = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
>>> lead = lq.Lead("L-1", events=(lq.Event("demo_requested", at),
...                               lq.Event("page_view", at, {"url": "https://x.nl/pricing"})))
>>> score_leads(lq.starter_model(), [lead]).select("lead_id", "points", "stage").row(0)
('L-1', 40.0, 'mql')
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any, cast

import attrs

from leadqual._core.text import encodable
from leadqual.engines import _layout as lay
from leadqual.exceptions import LeadError, LeadqualError
from leadqual.scoring import _plan as nodes
from leadqual.scoring._compile import MAX_TOTAL, _tracked
from leadqual.scoring._reference import truth

try:
    import polars as pl
except ModuleNotFoundError as _missing:  # pragma: no cover - the extra is installed in tests
    _msg = "the polars engine needs polars, which is not installed: pip install 'leadqual[polars]'"
    raise LeadqualError(_msg) from _missing

if TYPE_CHECKING:
    from leadqual.engines._frame import Scored
    from leadqual.io import Loaded, Rejected
    from leadqual.io._ids import FirstLines
    from leadqual.lead import Event, Lead
    from leadqual.scoring import ScoringModel

__all__ = [
    "ENGINE",
    "NativeTables",
    "event_schema",
    "frames",
    "lead_schema",
    "native_file",
    "native_tables",
    "score_frames",
    "score_leads",
]

ENGINE = "polars"
UTC = pl.Datetime("us", "UTC")
_DTYPES: dict[str, Any] = {
    "text": pl.String,
    "number": pl.Float64,
    "bool": pl.Boolean,
    "texts": pl.List(pl.String),
}
_US = dt.timedelta(microseconds=1)
_FAR = 2**62  # µs: any window this long starts before year 1, so every event is in it
_PROBE = nodes.Field("event", ("v",))
_FLAT_TABLES = ("answers", "attributes")


# --- schemas and frames -----------------------------------------------------------------


def lead_schema(shape: lay.Layout, kinds: Mapping[str, lay.Kind]) -> dict[str, Any]:
    """The polars schema of the lead table."""
    schema: dict[str, Any] = {lay.LEAD_ID: pl.String, lay.ROW: pl.Int64, lay.CREATED_AT: UTC}
    for column in shape.lead_columns:
        schema[column.name] = _DTYPES[kinds[column.name]]
    if shape.plan.fit is not None:
        schema[lay.FIT_POINTS] = pl.Float64
        schema[lay.FIT_KNOCK_OUT] = pl.Boolean
    return schema


def event_schema(shape: lay.Layout, kinds: Mapping[str, lay.Kind]) -> dict[str, Any]:
    """The polars schema of the event table."""
    schema: dict[str, Any] = {
        lay.LEAD_ID: pl.String,
        lay.ROW: pl.Int64,
        lay.EVENT_ID: pl.String,
        lay.TYPE: pl.String,
        lay.AT: UTC,
        lay.SEQ: pl.Int64,
    }
    for column in shape.event_columns:
        schema[column.name] = _DTYPES[kinds[column.name]]
    return schema


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _timestamps(values: list[dt.datetime | None]) -> pl.Series:
    # Whole microseconds since the epoch, then cast: polars converts aware datetimes
    # one by one, several times slower.
    micros = [None if value is None else (value - _EPOCH) // _US for value in values]
    return pl.Series(micros, dtype=pl.Int64).cast(UTC)


def frames(tables: lay.Tables) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The lead and event tables as polars frames, with the layout's schema."""
    kinds = tables.resolved_kinds()
    shape = tables.layout
    out = []
    for data, schema, moment in (
        (tables.leads, lead_schema(shape, kinds), lay.CREATED_AT),
        (tables.events, event_schema(shape, kinds), lay.AT),
    ):
        columns = {
            name: _timestamps(values) if name == moment else pl.Series(values, dtype=schema[name])
            for name, values in data.items()
        }
        out.append(pl.DataFrame(columns).select(list(schema)))
    return out[0], out[1]


# --- predicates -------------------------------------------------------------------------


def _field(value: nodes.Value) -> nodes.Field:
    return value if isinstance(value, nodes.Field) else value.value


def _probe(leaf: Any) -> Any:  # noqa: ANN401 - a plan leaf
    # The same test reading one value: the reference interpreter evaluates it in Python.
    value = leaf.value
    if isinstance(value, nodes.UrlPath):
        return attrs.evolve(leaf, value=nodes.UrlPath(_PROBE))
    if isinstance(value, nodes.ProductKey):
        return attrs.evolve(leaf, value=nodes.ProductKey(_PROBE))
    return attrs.evolve(leaf, value=_PROBE)


def _python_truths(leaf: Any, values: list[Any]) -> pl.Series:  # noqa: ANN401
    """The reference interpreter's answer for each value (once per distinct value)."""
    probe = _probe(leaf)
    seen: dict[object, bool | None] = {}
    out: list[bool | None] = []
    for value in values:
        key = tuple(value) if isinstance(value, list) else value
        if key not in seen:
            event = cast("Event", types.SimpleNamespace(properties={"v": value}))
            seen[key] = truth(probe, cast("Lead", None), event)
        out.append(seen[key])
    return pl.Series(out, dtype=pl.Boolean)


def _regex_char(char: str) -> str:
    return char if char.isascii() and char.isalnum() else f"\\x{{{ord(char):x}}}"


def _glob_regex(pattern: str) -> str | None:
    # A shell pattern of *, ? and plain characters as an anchored regex; None for [...].
    body = lay.plain_glob(pattern, star=".*", one=".", char=_regex_char)
    return None if body is None else "(?s)^" + body + "$"


def _native_test(leaf: Any) -> Callable[[pl.Expr], pl.Expr] | None:  # noqa: ANN401, PLR0911
    """The test on lower-cased ASCII text, or ``None`` when only Python can say."""
    if isinstance(leaf, nodes.Equal):
        options = sorted({o.casefold() for o in leaf.options if isinstance(o, str)})
        return lambda text: text.is_in(options)
    if isinstance(leaf, nodes.Text):
        needle, op = leaf.needle, leaf.op
        if op == "contains":
            return lambda text: text.str.contains(needle, literal=True)
        if op == "prefix":
            return lambda text: text.str.starts_with(needle)
        if op == "suffix":
            return lambda text: text.str.ends_with(needle)
        return lambda text: text == needle
    if isinstance(leaf, nodes.Glob):
        regex = _glob_regex(leaf.pattern)
        if regex is None:
            return None
        return lambda text: text.str.contains(regex)
    if isinstance(leaf, nodes.Range):
        return lambda text: text.is_null() & False  # text is never a number
    if isinstance(leaf, nodes.FreeDomain):
        from leadqual._freemail import free_email_domains  # noqa: PLC0415 - one list

        domains = sorted(free_email_domains() | leaf.extra)
        return lambda text: text.is_in(domains)
    return None  # Present of a URL path: Python decides


def _fallback(leaf: Any, batch: pl.Series) -> pl.Series:  # noqa: ANN401
    """The reference's answer for the rows flagged ``s`` (the rest stay null)."""
    flagged = batch.struct.field("s").fill_null(value=False)
    out = pl.Series([None] * len(batch), dtype=pl.Boolean)
    if flagged.any():
        where = flagged.arg_true()
        values = batch.struct.field("v").gather(where).to_list()
        out = out.scatter(where, _python_truths(leaf, values))
    return out


def _text_leaf(leaf: Any, name: str) -> pl.Expr:  # noqa: ANN401
    """A leaf over a text column: natively for ASCII text, in Python for the rest."""
    column = pl.col(name)
    native = _native_test(leaf)
    if native is None or isinstance(leaf, nodes.Present):
        run = functools.partial(_texts_leaf, leaf)
        return column.map_batches(run, return_dtype=pl.Boolean, is_elementwise=True)
    text = column.str.to_lowercase()
    slow = column.str.len_bytes() != column.str.len_chars()
    if isinstance(leaf.value, nodes.UrlPath):
        slow = slow | column.str.contains("://", literal=True)
    if isinstance(leaf.value, nodes.ProductKey):
        text = text.str.replace_all("[^a-z0-9]", "")
    python = pl.struct(column.alias("v"), slow.alias("s")).map_batches(
        functools.partial(_fallback, leaf), return_dtype=pl.Boolean, is_elementwise=True
    )
    unknown = pl.lit(None, dtype=pl.Boolean)
    return pl.when(column.is_null()).then(unknown).when(slow).then(python).otherwise(native(text))


def _exact_min(bound: float) -> float:
    low = float(bound)
    return math.nextafter(low, math.inf) if low < bound else low


def _exact_max(bound: float) -> float:
    high = float(bound)
    return math.nextafter(high, -math.inf) if high > bound else high


class _Render:
    """Renders plan predicates as polars expressions over the layout's columns."""

    def __init__(self, kinds: Mapping[str, lay.Kind]) -> None:
        self.kinds = kinds

    def truth(self, node: nodes.Predicate) -> pl.Expr:
        """True, false or null (unknown), as Kleene's logic says."""
        if isinstance(node, nodes.And | nodes.Or):
            parts = [self.truth(part) for part in node.parts]
            joined = parts[0]
            for part in parts[1:]:
                joined = (joined & part) if isinstance(node, nodes.And) else (joined | part)
            return joined
        if isinstance(node, nodes.Not):
            return ~self.truth(node.part)
        return self.leaf(node)

    def holds(self, node: nodes.Predicate | None) -> pl.Expr:
        """True only where ``node`` is true."""
        if node is None:
            return pl.lit(value=True)
        return self.truth(node).fill_null(value=False)

    def leaf(self, leaf: Any) -> pl.Expr:  # noqa: ANN401 - a branch per kind
        """One test on one column."""
        name = lay.column_name(_field(leaf.value))
        kind = self.kinds[name]
        column = pl.col(name)
        if kind == "texts" and not isinstance(leaf, nodes.Present):
            run = functools.partial(_texts_leaf, leaf)
            return column.map_batches(run, return_dtype=pl.Boolean, is_elementwise=True)
        if kind == "text" and not (
            isinstance(leaf, nodes.Present) and not isinstance(leaf.value, nodes.UrlPath)
        ):
            return _text_leaf(leaf, name)
        present = (
            column.list.drop_nulls().list.len().fill_null(0) > 0
            if kind == "texts"
            else column.is_not_null()
        )
        if isinstance(leaf, nodes.Present):
            return present
        unknown = pl.lit(None, dtype=pl.Boolean)
        if isinstance(leaf, nodes.FreeDomain):
            return unknown  # only text is an e-mail domain
        test: pl.Expr = pl.lit(value=False)
        if kind == "number" and isinstance(leaf, nodes.Equal):
            numbers = [
                float(option)
                for option in leaf.options
                if isinstance(option, int | float)
                and not isinstance(option, bool)
                and float(option) == option
            ]
            test = column.is_in(numbers) if numbers else test
        elif kind == "number" and isinstance(leaf, nodes.Range):
            test = pl.lit(value=True)
            if leaf.min is not None:
                test = test & (column >= _exact_min(leaf.min))
            if leaf.max is not None:
                test = test & (column <= _exact_max(leaf.max))
        elif kind == "bool" and isinstance(leaf, nodes.Equal):
            flags = [option for option in leaf.options if isinstance(option, bool)]
            test = column.is_in(flags) if flags else test
        return pl.when(present).then(test).otherwise(unknown)


def _texts_leaf(leaf: Any, series: pl.Series) -> pl.Series:  # noqa: ANN401
    return _python_truths(leaf, series.to_list())


# --- limits -----------------------------------------------------------------------------


def _throttle(period_us: int, batch: pl.Series) -> pl.Series:
    """``once_per``: of each lead's matches in order, keep one per period, earliest first."""
    rows = batch.struct.field("r").to_list()
    ats = batch.struct.field("t").to_list()
    matched = batch.struct.field("m").to_list()
    out = [False] * len(rows)
    last_row: int | None = None
    last_at = 0
    for index, hit in enumerate(matched):
        if not hit:
            continue
        row, at = rows[index], ats[index]
        if row != last_row or at - last_at >= period_us:
            out[index] = True
            last_row, last_at = row, at
    return pl.Series(out, dtype=pl.Boolean)


def _micros(seconds: float) -> int | None:
    """A period in µs as Python's timedelta rounds it; ``None`` when past timedelta's range."""
    try:
        return dt.timedelta(seconds=seconds) // _US
    except OverflowError:
        return None


def _factor(decay: nodes.DecayCurve, age_days: pl.Expr) -> pl.Expr:
    if decay.shape == "exponential":
        curve = pl.lit(0.5).pow(age_days / decay.days)
    else:
        curve = 1.0 - age_days / decay.days
    faded = pl.max_horizontal(pl.lit(decay.floor, dtype=pl.Float64), curve)
    return pl.when(age_days <= 0).then(pl.lit(1.0)).otherwise(faded)


def _grid(points: pl.Expr) -> pl.Expr:
    return (points * lay_grid()).round(0, mode="half_to_even") / lay_grid()


def lay_grid() -> float:
    """The grid's size as a float (1024)."""
    from leadqual._core.grid import GRID  # noqa: PLC0415 - one definition

    return float(GRID)


# --- the plan ---------------------------------------------------------------------------


def _stage(plan: nodes.Plan, groups: Mapping[str, pl.Expr], total: pl.Expr) -> pl.Expr:
    thresholds = plan.thresholds
    sql = total >= thresholds.sql
    for name, need in thresholds.sql_groups:
        sql = sql & (groups[name] >= need)
    stage = pl.when(pl.col("_knocked")).then(pl.lit("disqualified")).when(sql).then(pl.lit("sql"))
    if thresholds.mql is not None:
        mql = total >= thresholds.mql
        for name, need in thresholds.mql_groups:
            mql = mql & (groups[name] >= need)
        stage = stage.when(mql).then(pl.lit("mql"))
    return stage.otherwise(pl.lit("new"))


def _simple(plan: nodes.Plan) -> bool:
    # As the Python backend: without limits, decay, knock-outs, fit or caps only the
    # total is checked against MAX_TOTAL.
    uncapped = (
        plan.min_total is None
        and plan.max_total is None
        and all(group.min is None and group.max is None for group in plan.groups)
    )
    tracked = any(isinstance(rule, nodes.RuleNode) and _tracked(rule) for rule in plan.rules)
    return uncapped and plan.fit is None and not tracked


def _rules(plan: nodes.Plan) -> list[nodes.RuleNode]:
    # After layout(): a Python rule was refused there, by name.
    return [rule for rule in plan.rules if isinstance(rule, nodes.RuleNode)]


def score_frames(  # noqa: C901, PLR0912, PLR0915 - the whole plan, step by step
    shape: lay.Layout,
    leads: pl.DataFrame | pl.LazyFrame,
    events: pl.DataFrame | pl.LazyFrame,
    *,
    kinds: Mapping[str, lay.Kind],
    as_of: dt.datetime | None = None,
) -> pl.DataFrame:
    """The output of the layout (one row per lead, in ``_row`` order) for two tables.

    Raises :class:`UnsupportedByEngineError` for a Python rule and ``LeadError`` for a
    lead whose sums go beyond what the 1/1024 grid keeps exact, as the Python path does.
    """
    plan = shape.plan
    lay.layout(plan, engine=ENGINE)  # refuses a Python rule by name
    rules = _rules(plan)
    render = _Render(kinds)
    lead_frame = leads.lazy()
    event_frame = events.lazy()
    if as_of is not None:
        as_of = as_of.astimezone(dt.UTC)
        event_frame = event_frame.filter(pl.col(lay.AT) <= as_of)
    # Each event id once: the copy first in canonical order.
    if not (
        isinstance(events, pl.DataFrame) and events[lay.EVENT_ID].null_count() == events.height
    ):
        event_frame = event_frame.filter(
            pl.col(lay.EVENT_ID).is_null()
            | (pl.col(lay.SEQ) == pl.col(lay.SEQ).min().over(lay.ROW, lay.EVENT_ID))
        )
    event_rules = [rule for rule in rules if rule.event is not None]
    field_rules = [rule for rule in rules if rule.event is None]
    # What the event rules need beyond the events: only that is computed and joined.
    timed = [r for r in event_rules if r.within_seconds is not None or r.decay is not None]
    ordered = [r for r in event_rules if r.once_per_seconds is not None or r.max_count is not None]
    # The reference moment: as_of, else the latest of the events' times and created_at.
    if not timed:
        pass
    elif as_of is not None:
        lead_frame = lead_frame.with_columns(pl.lit(as_of, dtype=UTC).alias("_ref"))
    else:
        last = event_frame.group_by(lay.ROW).agg(pl.col(lay.AT).max().alias("_last"))
        lead_frame = lead_frame.join(last, on=lay.ROW, how="left")
        reference = pl.max_horizontal(pl.col(lay.CREATED_AT), pl.col("_last"))
        lead_frame = lead_frame.with_columns(reference.alias("_ref"))
    whens = {
        rule.index: render.holds(rule.when).alias(f"_w{rule.index}")
        for rule in rules
        if rule.when is not None
    }
    lead_frame = lead_frame.with_columns(list(whens.values()))
    rule_points: dict[int, pl.Expr] = {}
    knocks: list[pl.Expr] = []
    for rule in field_rules:
        hit = pl.col(f"_w{rule.index}")
        rule_points[rule.index] = pl.when(hit).then(float(rule.points)).otherwise(0.0)
        if rule.knock_out:
            knocks.append(hit)
    if event_rules:
        needed = [f"_w{r.index}" for r in event_rules if r.when is not None]
        if timed:
            needed.append("_ref")
        matched = event_frame
        if needed:
            matched = matched.join(lead_frame.select(lay.ROW, *needed), on=lay.ROW, how="left")
        if ordered:
            matched = matched.sort(lay.ROW, lay.SEQ)
        if timed or ordered:
            matched = matched.with_columns(pl.col(lay.AT).dt.epoch("us").alias("_at"))
        if timed:
            matched = matched.with_columns(pl.col("_ref").dt.epoch("us").alias("_r"))
        columns: list[pl.Expr] = []
        for rule in event_rules:
            assert rule.event is not None  # noqa: S101 - event rules only
            accepted = render.holds(rule.event.where)
            if rule.event.type is not None:
                accepted = (pl.col(lay.TYPE) == rule.event.type) & accepted
            if rule.when is not None:
                accepted = accepted & pl.col(f"_w{rule.index}")
            if rule.within_seconds is not None:
                window = _micros(rule.within_seconds)
                if window is not None:
                    accepted = accepted & (pl.col("_at") >= pl.col("_r") - min(window, _FAR))
            columns.append(accepted.alias(f"_m{rule.index}"))
        matched = matched.with_columns(columns)
        for rule in event_rules:
            name = f"_m{rule.index}"
            if rule.once_per_seconds is not None:
                period = _micros(rule.once_per_seconds)
                if period is None:
                    period = _FAR  # one per lead
                kept = pl.struct(
                    pl.col(lay.ROW).alias("r"), pl.col("_at").alias("t"), pl.col(name).alias("m")
                ).map_batches(functools.partial(_throttle, period), return_dtype=pl.Boolean)
                matched = matched.with_columns(kept.alias(name))
            if rule.max_count is not None:
                count = pl.col(name).cast(pl.Int64).cum_sum().over(lay.ROW, order_by=lay.SEQ)
                matched = matched.with_columns(
                    (pl.col(name) & (count <= rule.max_count)).alias(name)
                )
        age = (pl.col("_r") - pl.col("_at")).cast(pl.Float64) / 1e6 / 86400.0
        contributions = []
        for rule in event_rules:
            base = float(rule.points)
            points = pl.lit(base) if rule.decay is None else _grid(base * _factor(rule.decay, age))
            name = f"_m{rule.index}"
            contributions.append(
                pl.when(pl.col(name)).then(points).otherwise(0.0).sum().alias(f"_e{rule.index}")
            )
            if rule.knock_out:
                contributions.append(pl.col(name).any().alias(f"_k{rule.index}"))
        sums = matched.group_by(lay.ROW).agg(contributions)
        lead_frame = lead_frame.join(sums, on=lay.ROW, how="left")
        for rule in event_rules:
            rule_points[rule.index] = pl.col(f"_e{rule.index}").fill_null(0.0)
            if rule.knock_out:
                knocks.append(pl.col(f"_k{rule.index}").fill_null(value=False))
    rule_columns = {
        lay.rule_column(rule.name): rule_points[rule.index].alias(lay.rule_column(rule.name))
        for rule in rules
    }
    by_group: dict[str, list[pl.Expr]] = {group.name: [] for group in plan.groups}
    for rule in rules:
        by_group[rule.group].append(pl.col(lay.rule_column(rule.name)))
    if plan.fit is not None:
        fit_column = lay.rule_column(plan.fit.name)
        rule_columns[fit_column] = pl.col(lay.FIT_POINTS).alias(fit_column)
        by_group[plan.fit.group].append(pl.col(fit_column))
        knocks.append(pl.col(lay.FIT_KNOCK_OUT))
    lead_frame = lead_frame.with_columns(list(rule_columns.values()))
    raw = {
        name: (pl.sum_horizontal(parts) if parts else pl.lit(0.0)).alias(f"_raw:{name}")
        for name, parts in by_group.items()
    }
    lead_frame = lead_frame.with_columns(
        *raw.values(), pl.any_horizontal(knocks or [pl.lit(value=False)]).alias("_knocked")
    )
    capped: dict[str, pl.Expr] = {}
    for group in plan.groups:
        value = pl.col(f"_raw:{group.name}")
        if group.max is not None:
            value = pl.when(value > group.max).then(pl.lit(float(group.max))).otherwise(value)
        if group.min is not None:
            value = pl.when(value < group.min).then(pl.lit(float(group.min))).otherwise(value)
        capped[group.name] = value.alias(lay.group_column(group.name))
    lead_frame = lead_frame.with_columns(list(capped.values()))
    groups = {name: pl.col(lay.group_column(name)) for name in capped}
    total = pl.sum_horizontal(list(groups.values())) if groups else pl.lit(0.0)
    uncapped_total = total
    if plan.max_total is not None:
        total = pl.when(total > plan.max_total).then(pl.lit(float(plan.max_total))).otherwise(total)
    if plan.min_total is not None:
        total = pl.when(total < plan.min_total).then(pl.lit(float(plan.min_total))).otherwise(total)
    lead_frame = lead_frame.with_columns(total.alias(lay.POINTS), uncapped_total.alias("_sum"))
    checked = [pl.col(lay.POINTS)]
    if _simple(plan):
        checked = [pl.col("_sum")]
    else:
        checked += [pl.col(f"_raw:{name}") for name in by_group]
    too_big = pl.any_horizontal([value.abs() > MAX_TOTAL for value in checked])
    points = pl.col(lay.POINTS)
    output = lead_frame.sort(lay.ROW).select(
        pl.col(lay.LEAD_ID),
        points,
        (groups["fit"] if "fit" in groups else pl.lit(0.0)).alias(lay.FIT),
        (groups["engagement"] if "engagement" in groups else pl.lit(0.0)).alias(lay.ENGAGEMENT),
        _stage(plan, groups, points).alias(lay.STAGE),
        *groups.values(),
        *(pl.col(lay.rule_column(name)) for name in shape.rule_names),
        too_big.alias("_too_big"),
    )
    result = output.collect()
    _refuse_huge(result)
    return result.drop("_too_big")


def _refuse_huge(result: pl.DataFrame) -> None:
    bad = result.filter(pl.col("_too_big"))
    if bad.height:
        lead_id = bad[lay.LEAD_ID][0]
        msg = (
            f"lead {lead_id!r}: a sum of points beyond ±{MAX_TOTAL:g} cannot be kept "
            "exact; lower the rule points or limit how often rules count"
        )
        raise LeadError(msg)


def score_leads(
    model: ScoringModel, leads: Iterable[Lead], as_of: dt.datetime | None = None
) -> pl.DataFrame:
    """Score built leads on the polars engine: flatten, then :func:`score_frames`."""
    shape = lay.layout(model.compile().plan, engine=ENGINE)
    tables = lay.flatten(shape, leads)
    lead_frame, event_frame = frames(tables)
    return score_frames(shape, lead_frame, event_frame, kinds=tables.resolved_kinds(), as_of=as_of)


# --- files: canonical records read by polars itself --------------------------------------


def _unquote(text: pl.Expr) -> pl.Expr:
    return text.str.strip_prefix('"').str.strip_suffix('"')


def _moment(stamp: pl.Expr) -> pl.Expr:
    """A canonical timestamp (:data:`leadqual.engines._native.TIMESTAMP`, unquoted) in UTC.

    ``stamp`` should be a column, not a computation: it is read several times. Its shape
    is fixed, so the date and time are parsed as one naive ``%Y-%m-%dT%H:%M:%S`` (null
    for a day its month lacks) and the fraction and offset are read by position: several
    times faster than parsing the offset with the general format.
    """
    naive = stamp.str.slice(0, 19).str.strptime(
        pl.Datetime("us"), "%Y-%m-%dT%H:%M:%S", strict=False, exact=True, cache=False
    )
    utc = stamp.str.ends_with("Z")
    fraction = stamp.str.len_bytes() - pl.when(utc).then(20).otherwise(25)  # 0, 4 or 7
    micros = (
        pl.when(fraction == 4)  # noqa: PLR2004 - ".fff"
        .then(stamp.str.slice(20, 3).cast(pl.Int64) * 1000)
        .when(fraction == 7)  # noqa: PLR2004 - ".ffffff"
        .then(stamp.str.slice(20, 6).cast(pl.Int64))
        .otherwise(0)
    )
    minutes = stamp.str.slice(-5, 2).cast(pl.Int64) * 60 + stamp.str.slice(-2, 2).cast(pl.Int64)
    sign = pl.when(stamp.str.slice(-6, 1) == "-").then(-1).otherwise(1)
    offset = pl.when(utc).then(0).otherwise(sign * minutes * 60_000_000)
    return (naive.dt.epoch("us") + micros - offset).cast(UTC)


def _token_kind(token: pl.Expr) -> pl.Expr:
    # The kind of a value's JSON text: a quote starts text, t/f a boolean, n null, [ a
    # list of texts (null when empty).
    first = token.str.slice(0, 1)
    return (
        pl.when(token.is_null() | (first == "n"))
        .then(pl.lit(None, dtype=pl.String))
        .when(first == "[")
        .then(pl.when(token.str.contains('"', literal=True)).then(pl.lit("texts")))
        .when(first == '"')
        .then(pl.lit("text"))
        .when(first.is_in(["t", "f"]))
        .then(pl.lit("bool"))
        .otherwise(pl.lit("number"))
    )


def _first_kind(tokens: pl.Series) -> lay.Kind | None:
    """The kind of the first value that has one (usually among the first few)."""
    present = tokens.drop_nulls()
    for part in (present.head(64), present):
        found = part.to_frame("v").select(_token_kind(pl.col("v")).drop_nulls().first()).item()
        if found is not None:
            return cast("lay.Kind", found)
    return None


def _fits(token: pl.Expr, kind: lay.Kind) -> pl.Expr:
    """Whether a value's JSON text is of ``kind`` or of none (null, an empty list)."""
    first = token.str.slice(0, 1)
    if kind == "text":
        same = first == '"'
    elif kind == "texts":
        same = first == "["
    elif kind == "bool":
        same = first.is_in(["t", "f"])
    else:
        same = ~first.is_in(['"', "t", "f", "n", "["])
    vacant = (first == "n") | ((first == "[") & ~token.str.contains('"', literal=True))
    return token.is_null() | same | vacant


def _token_value(token: pl.Expr, kind: lay.Kind) -> pl.Expr:
    first = token.str.slice(0, 1)
    if kind == "texts":
        return pl.when(first == "[").then(_texts(token)).otherwise(None)
    if kind == "text":
        return pl.when(first == '"').then(_unquote(token)).otherwise(None)
    if kind == "bool":
        truth = token == "true"  # noqa: S105 - a JSON literal
        return pl.when(first.is_in(["t", "f"])).then(truth).otherwise(None)
    numeric = ~first.is_in(['"', "t", "f", "n"])
    return pl.when(numeric).then(token.cast(pl.Float64, strict=False)).otherwise(None)


def _texts(token: pl.Expr) -> pl.Expr:
    from leadqual.engines import _native as nat  # noqa: PLC0415

    items = token.str.extract_all(nat.STRING).list.eval(
        pl.element().str.strip_prefix('"').str.strip_suffix('"')
    )
    return pl.when(items.list.len() > 0).then(items).otherwise(None)


def _distinct_keys(table: pl.Expr) -> pl.Expr:
    """Whether a flat table's keys are distinct (true when it is missing)."""
    from leadqual.engines import _native as nat  # noqa: PLC0415

    keys = table.str.extract_all(nat.TOKEN).list.eval(
        pl.element().filter(pl.element().str.ends_with(":"))
    )
    return (keys.list.n_unique() == keys.list.len()).fill_null(value=True)


@attrs.frozen
class NativeTables:
    """What polars read itself from a batch of JSON lines.

    Attributes:
        native: for each input line, whether it was in canonical form (and read here).
        leads: the lead table of those lines (``_row`` is the line number).
        events: their event table.
        kinds: the kind found for each JSON-valued column (absent: only nulls).
    """

    native: pl.Series
    leads: pl.DataFrame
    events: pl.DataFrame
    kinds: dict[str, lay.Kind]


def native_tables(shape: lay.Layout, lines: pl.DataFrame) -> NativeTables:  # noqa: C901, PLR0912, PLR0915
    """Read the records of ``lines`` (``line``, ``raw``) in canonical form with polars.

    See :mod:`leadqual.engines._native` for what canonical form is; the records not in
    it are left for the Python parser (``native`` is false for them).
    """
    from leadqual.engines import _native as nat  # noqa: PLC0415

    raw = pl.col("raw")
    valid = raw.str.contains(nat.LEAD) & ~raw.str.contains(f'[^"]{{{nat.MAX_RUN}}}')
    good = lines.filter(valid).select(pl.col("line").alias(lay.ROW), raw)
    good = good.with_columns(
        raw.str.extract_groups(nat.HEAD).alias("_head"),
        *(raw.str.extract(nat.table(name), 1).alias(name) for name in ("company", "answers")),
        raw.str.extract(nat.table("attributes"), 1).alias("attributes"),
        ('"' + raw.str.extract(nat.OWNER, 1) + '"').alias("owner"),
    ).unnest("_head")
    checks: list[pl.Expr] = [
        pl.col("created_at").is_null() | _moment(_unquote(pl.col("created_at"))).is_not_null(),
        _distinct_keys(pl.col("answers")),
        _distinct_keys(pl.col("attributes")),
    ]
    columns: dict[str, pl.Expr] = {
        lay.LEAD_ID: _unquote(pl.col("id")),
        lay.ROW: pl.col(lay.ROW),
        lay.CREATED_AT: _moment(_unquote(pl.col("created_at"))),
    }
    company = pl.col("company")
    kinds: dict[str, lay.Kind] = {}
    json_keys: dict[str, str] = {}
    for column in shape.lead_columns:
        path = column.field.path
        if path == ("email_domain",):
            email = _unquote(pl.col("email"))
            domain = email.str.extract("@([^@]*)$", 1).str.strip_chars().str.to_lowercase()
            columns[column.name] = pl.when(domain == "").then(None).otherwise(domain)
        elif len(path) == 1:
            columns[column.name] = _unquote(pl.col(path[0]))
        elif path[0] in ("attributes", "answers"):
            json_keys[column.name] = path[1]
            token = pl.col(path[0]).str.extract(nat.value_of(path[1]), 1)
            good = good.with_columns(token.alias(column.name))
        else:
            key = path[1]
            member = rf'"{key}"{nat.WS}:{nat.WS}({nat.COMPANY_FIELDS[key]})'
            token = company.str.extract(member, 1)
            value: pl.Expr
            if key in ("employees", "annual_revenue"):
                value = token.cast(pl.Float64)
            elif key == "technologies":
                value = _texts(token)
            elif key == "country":
                value = _unquote(token).str.to_uppercase().replace({"UK": "GB", "EL": "GR"})
            elif key == "domain":
                value = _unquote(token).str.to_lowercase()
                checks.append(value.is_null() | ~value.str.starts_with("www."))
            else:
                value = _unquote(token)
            columns[column.name] = value
    # Events: one row each, in canonical order.
    event_keys = {column.name: column.field.path[0] for column in shape.event_columns}
    text = pl.col("_text")
    # In a canonical record only a top-level answers or attributes table whose first key
    # is "type" looks like an event outside the events list; the other records' events
    # are found in the whole text, skipping the longer search for the list.
    # (That is nat.EVENT_LOOKALIKE, tested on the two tables already extracted: the
    # whole text need not be searched again.)
    typed = rf'^\{{{nat.WS}"type"{nat.WS}:'
    lookalike = pl.any_horizontal(
        pl.col(name).str.contains(typed).fill_null(value=False) for name in _FLAT_TABLES
    )
    lead_id = _unquote(pl.col("id")).alias(lay.LEAD_ID)  # once per lead, not per event
    plain = good.filter(~lookalike).select(
        pl.col(lay.ROW), lead_id, raw.str.extract_all(nat.EVENT_PLAIN_PATTERN)
    )
    listed = good.filter(lookalike).select(
        pl.col(lay.ROW),
        lead_id,
        raw.str.extract_all(nat.EVENTS_ARRAY).list.first().str.extract_all(nat.EVENT_PLAIN_PATTERN),
    )
    events = (
        pl.concat([plain, listed])
        .sort(lay.ROW, maintain_order=True)
        .explode("raw")
        .filter(pl.col("raw").is_not_null())
        .rename({"raw": "_text"})
        .select(
            pl.col(lay.ROW),
            pl.col(lay.LEAD_ID),
            text.str.extract(nat.EVENT_ID, 1).alias(lay.EVENT_ID),
            text.str.extract_groups(nat.EVENT_HEAD).alias("_head"),  # type and at
            text.str.extract(nat.EVENT_PROPERTIES, 1).alias("_props"),
            text,
        )
        .unnest("_head")
        .with_columns(_moment(pl.col("at")).alias(lay.AT))
    )
    events = events.with_columns(
        *(
            pl.col("_props").str.extract(nat.value_of(key), 1).alias(name)
            for name, key in event_keys.items()
        ),
        pl.col(lay.AT).rank("ordinal").over(lay.ROW).cast(pl.Int64).sub(1).alias(lay.SEQ),
    )
    # Copies of one event id at one instant: the order between them decides which one
    # counts, and canonical order looks past the time; unless they are the same text,
    # Python reads the record. Each check looks only at the events that can fail it.
    with_id = events.filter(pl.col(lay.EVENT_ID).is_not_null())
    copies = with_id.filter(text.n_unique().over(lay.ROW, lay.EVENT_ID, lay.AT) > 1)
    keyed = events.filter(pl.col("_props").str.count_matches(nat.KEYS) > 1)
    bad_rows = pl.concat(
        [
            events.filter(pl.col(lay.AT).is_null()).select(lay.ROW),
            copies.select(lay.ROW),
            keyed.filter(~_distinct_keys(pl.col("_props"))).select(lay.ROW),
        ]
    ).to_series()
    leads = good
    checks.append(~pl.col(lay.ROW).is_in(bad_rows.unique().implode()))
    # The kind of each JSON-valued column: the first found; another kind goes to Python.
    json_columns = [(name, leads) for name in json_keys] + [(name, events) for name in event_keys]
    event_kind_checks: list[pl.Expr] = []
    for name, frame in json_columns:
        found = _first_kind(frame[name])
        if found is None:
            continue
        kinds[name] = found
        fits = _fits(pl.col(name), found)
        if name in event_keys:
            event_kind_checks.append(fits)
        else:
            checks.append(fits)
    if event_kind_checks:
        misfits = events.filter(~pl.all_horizontal(event_kind_checks))[lay.ROW]
        checks.append(~pl.col(lay.ROW).is_in(misfits.unique().implode()))
    for name in json_keys:
        columns[name] = _token_value(pl.col(name), kinds.get(name, "text"))
    ok_rows = leads.filter(pl.all_horizontal(checks))
    resolved = {
        **{c.name: c.kind or kinds.get(c.name, "text") for c in shape.lead_columns},
        **{c.name: c.kind or kinds.get(c.name, "text") for c in shape.event_columns},
    }
    lead_frame = ok_rows.select(**columns).select(
        pl.col(name).cast(dtype) for name, dtype in lead_schema(shape, resolved).items()
    )
    if ok_rows.height < leads.height:
        events = events.join(ok_rows.select(lay.ROW), on=lay.ROW, how="semi")
    event_frame = events.with_columns(
        _token_value(pl.col(name), kinds.get(name, "text")).alias(name) for name in event_keys
    ).select(pl.col(name).cast(dtype) for name, dtype in event_schema(shape, resolved).items())
    native = lines.select(pl.col("line").is_in(ok_rows[lay.ROW].implode())).to_series()
    return NativeTables(native, lead_frame, event_frame, kinds)


_CHUNK = 1 << 24  # bytes per batch (about 6,000 leads of 20 events): memory stays bounded


def _batches(stream: IO[bytes], name: str) -> Iterator[list[tuple[int, str]]]:
    r"""The file's non-blank records (line number, text), as the Python reader splits them.

    Bytes are read and decoded a batch at a time (memory stays bounded); lines end at
    ``\n``, ``\r\n`` or a lone ``\r``, as text mode with ``newline=""`` ends them;
    undecodable bytes become surrogate escapes, as in :func:`leadqual.io.read_leads`.
    """
    import io  # noqa: PLC0415
    import zlib  # noqa: PLC0415

    from leadqual.exceptions import InputFileError  # noqa: PLC0415

    number = 0
    first = True
    while True:
        try:
            # Whole lines (a batch ends at a \n, as readlines would end it): one read and
            # the rest of its last line, not a bytes object per line joined again.
            block = stream.read(_CHUNK)
            if block and not block.endswith(b"\n"):
                block += stream.readline()
        except (OSError, EOFError, zlib.error) as exc:  # a corrupt or truncated .gz file
            msg = f"{name}: cannot read: {exc}"
            raise InputFileError(msg) from exc
        if not block:
            return
        text = block.decode("utf-8", "surrogateescape")
        if first:
            text = text.removeprefix("\ufeff")
            first = False
        if "\r" in text:
            pieces = [line.rstrip("\r\n") for line in io.StringIO(text, newline="")]
        else:  # the common case: lines end at \n only, so a plain split finds them
            pieces = text.split("\n")
            if text.endswith("\n"):
                pieces.pop()
        yield [(number + n, raw) for n, raw in enumerate(pieces, 1) if raw.strip()]
        number += len(pieces)


def native_file(
    model: ScoringModel,
    source: str | os.PathLike[str],
    *,
    as_of: dt.datetime | None = None,
    default_timezone: dt.tzinfo | str | None = None,
    allow_duplicate_ids: bool = False,
) -> Iterator[Scored | Rejected] | None:
    """Score a JSON-lines file, reading records in canonical form with polars itself.

    A record in canonical form (:mod:`leadqual.engines._native`) is read by polars'
    regex functions straight into the layout's tables; every other record goes through
    :func:`leadqual.io.read_leads`, so its reject and reason are the Python path's.
    Duplicate ids are rejected as the Python path does (the first is kept), and rows
    come in input order: the same rows as :func:`leadqual.engines.score_file` on the
    Python path. ``None`` when polars cannot read this input natively (a model with
    ICP fit points or reading a field canonical form leaves out, a file that cannot be
    opened): then use the general path. The file is read a batch at a time.
    """
    from leadqual._time import resolve_timezone  # noqa: PLC0415
    from leadqual.engines import _native as nat  # noqa: PLC0415

    resolve_timezone(default_timezone)  # an unknown zone fails as on the Python path
    plan = model.compile().plan
    shape = lay.layout(plan, engine=ENGINE)
    readable = all(nat.supported(c.field.path) for c in shape.lead_columns) and all(
        nat.plain_key(c.field.path[-1])
        for c in (*shape.lead_columns, *shape.event_columns)
        if c.field.subject == "event" or c.field.path[0] in ("attributes", "answers")
    )
    if plan.fit is not None or not readable:
        return None
    import gzip  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    path = Path(source)
    try:
        opened = gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")  # noqa: SIM115 - closed by _native_rows
        stream = cast("IO[bytes]", opened)
    except OSError:
        return None  # the Python path reports it with its own message
    return _native_rows(
        model, shape, stream, os.fspath(source), as_of, default_timezone, allow_duplicate_ids
    )


def _native_rows(  # noqa: PLR0917 - the file and score_file's options
    model: ScoringModel,
    shape: lay.Layout,
    stream: IO[bytes],
    name: str,
    as_of: dt.datetime | None,
    zone: dt.tzinfo | str | None,
    allow_duplicate_ids: bool,
) -> Iterator[Scored | Rejected]:
    import io  # noqa: PLC0415

    from leadqual.io import read_leads  # noqa: PLC0415 - io is an edge

    def python_rows(raws: list[str], numbers: list[int]) -> list[Loaded | Rejected]:
        if not raws:
            return []
        lines = io.StringIO("\n".join(raws) + "\n")
        rows = read_leads(lines, format="jsonl", default_timezone=zone, allow_duplicate_ids=True)
        return [attrs.evolve(row, line=n) for row, n in zip(rows, numbers, strict=True)]

    from leadqual.io._leads import first_ids  # noqa: PLC0415 - the Python reader's id index

    with stream, first_ids() as first:  # bounded memory, however many ids
        yield from _scored_batches(
            model,
            shape,
            _batches(stream, name),
            as_of,
            python_rows,
            None if allow_duplicate_ids else first,
        )


def _python_values(column: pl.Series) -> list[Any]:
    """A result column's values as the Python path gives them (see :func:`lay.grid_number`).

    A float column whose values are all whole comes out as ints in one cast.
    """
    if not column.dtype.is_float():
        return column.to_list()
    if bool(((column.floor() == column) & column.is_finite()).fill_null(value=True).all()):
        return column.cast(pl.Int64).to_list()
    return [None if value is None else lay.grid_number(value) for value in column.to_list()]


def _scored_batches(  # noqa: C901, PLR0912, PLR0917 - one pass per chunk
    model: ScoringModel,
    shape: lay.Layout,
    batches: Iterable[list[tuple[int, str]]],
    as_of: dt.datetime | None,
    python_rows: Callable[[list[str], list[int]], list[Loaded | Rejected]],
    first: FirstLines | None,
) -> Iterator[Scored | Rejected]:
    """Each chunk's rows in order; ``first`` checks duplicate ids (``None``: allowed)."""
    from leadqual.engines._frame import Scored, _engine_rows, _raw  # noqa: PLC0415
    from leadqual.io import Loaded, Rejected  # noqa: PLC0415 - io is an edge

    for chunk in batches:
        numbers = [n for n, _ in chunk]
        # A line holding undecodable bytes (surrogate escapes) is for the Python reader.
        clean = [(n, raw) for n, raw in chunk if encodable(raw)]
        batch = pl.DataFrame(
            {"line": [n for n, _ in clean], "raw": [raw for _, raw in clean]},
            schema={"line": pl.Int64, "raw": pl.String},
        )
        tables = native_tables(shape, batch)
        ids = dict(zip(tables.leads[lay.ROW].to_list(), tables.leads[lay.LEAD_ID], strict=True))
        slow = [(n, raw) for n, raw in chunk if n not in ids]
        parsed = {row.line: row for row in python_rows([r for _, r in slow], [n for n, _ in slow])}
        raw_of = dict(chunk)
        out: dict[int, Scored | Rejected] = {}
        dropped: set[int] = set()
        keys: list[tuple[str, int]] = []
        for number in numbers:
            row = parsed.get(number)
            if isinstance(row, Rejected):
                out[number] = row
            elif first is not None:
                keys.append((ids[number] if row is None else row.lead.id, number))
        firsts = [] if first is None else first.first_many(keys)
        for (lead_id, number), seen in zip(keys, firsts, strict=True):
            if seen != number:
                reason = f"id: duplicate lead id {lead_id!r} (first seen on line {seen})"
                out[number] = Rejected(number, reason, raw_of[number])
                dropped.add(number)
        kept = [n for n in ids if n not in dropped]
        leads, events = tables.leads, tables.events
        if dropped:
            gone = pl.Series(sorted(dropped), dtype=pl.Int64).implode()
            leads = leads.filter(~pl.col(lay.ROW).is_in(gone))
            events = events.filter(~pl.col(lay.ROW).is_in(gone))
        kinds = {
            **{c.name: c.kind or tables.kinds.get(c.name, "text") for c in shape.lead_columns},
            **{c.name: c.kind or tables.kinds.get(c.name, "text") for c in shape.event_columns},
        }
        loaded = [
            row for row in parsed.values() if isinstance(row, Loaded) and row.line not in dropped
        ]
        try:
            result = score_frames(shape, leads, events, kinds=kinds, as_of=as_of) if kept else None
        except LeadError:
            # A sum beyond the exact range: the Python path scores these leads one by one.
            loaded += [
                row
                for row in python_rows([raw_of[n] for n in kept], kept)
                if isinstance(row, Loaded)
            ]
            result = None
        if result is not None:
            names = result.columns
            values = [_python_values(result[name]) for name in names]
            for number, cells in zip(kept, zip(*values, strict=True), strict=True):
                out[number] = Scored(number, dict(zip(names, cells, strict=True)))
        scored = _engine_rows(ENGINE, model, [row.lead for row in loaded], as_of)
        for row, outcome in zip(loaded, scored, strict=True):
            if isinstance(outcome, LeadqualError):
                out[row.line] = Rejected(row.line, "; ".join(outcome.errors), _raw(row.lead))
            else:
                out[row.line] = Scored(row.line, outcome)
        for number in numbers:
            yield out[number]
