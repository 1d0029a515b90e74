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
import types
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

import attrs

from leadqual.engines import _layout as lay
from leadqual.exceptions import LeadError, LeadqualError
from leadqual.scoring import _plan as nodes
from leadqual.scoring._compile import MAX_TOTAL
from leadqual.scoring._reference import truth

try:
    import polars as pl
except ModuleNotFoundError as _missing:  # pragma: no cover - the extra is installed in tests
    _msg = "the polars engine needs polars, which is not installed: pip install 'leadqual[polars]'"
    raise LeadqualError(_msg) from _missing

if TYPE_CHECKING:
    from leadqual.lead import Event, Lead
    from leadqual.scoring import ScoringModel

__all__ = ["ENGINE", "event_schema", "frames", "lead_schema", "score_frames", "score_leads"]

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


def frames(tables: lay.Tables) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The lead and event tables as polars frames, with the layout's schema."""
    kinds = tables.resolved_kinds()
    shape = tables.layout
    leads = pl.DataFrame(tables.leads, schema=lead_schema(shape, kinds))
    events = pl.DataFrame(tables.events, schema=event_schema(shape, kinds))
    return leads, events


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


def _glob_regex(pattern: str) -> str | None:
    # A shell pattern of *, ? and plain characters as an anchored regex; None for [...].
    if "[" in pattern:
        return None
    parts = []
    for char in pattern:
        if char == "*":
            parts.append(".*")
        elif char == "?":
            parts.append(".")
        elif char.isascii() and char.isalnum():
            parts.append(char)
        else:
            parts.append(f"\\x{{{ord(char):x}}}")
    return "(?s)^" + "".join(parts) + "$"


def _native_test(leaf: Any) -> Callable[[pl.Series], pl.Series] | None:  # noqa: ANN401, PLR0911
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
        return lambda text: pl.Series([False] * len(text), dtype=pl.Boolean)
    if isinstance(leaf, nodes.FreeDomain):
        from leadqual._freemail import free_email_domains  # noqa: PLC0415 - one list

        domains = sorted(free_email_domains() | leaf.extra)
        return lambda text: text.is_in(domains)
    return None  # Present of a URL path: Python decides


def _text_leaf(leaf: Any, series: pl.Series) -> pl.Series:  # noqa: ANN401
    """A leaf over a text column: natively for ASCII text, in Python for the rest."""
    native = _native_test(leaf)
    if native is None or isinstance(leaf, nodes.Present):
        return _python_truths(leaf, series.to_list())
    text = series.str.to_lowercase()
    ascii_text = series.str.len_bytes() == series.str.len_chars()
    if isinstance(leaf.value, nodes.UrlPath):
        ascii_text = ascii_text & ~series.str.contains("://", literal=True)
    if isinstance(leaf.value, nodes.ProductKey):
        text = text.str.replace_all("[^a-z0-9]", "")
    out = native(text).fill_null(value=False)
    out = out.set(series.is_null(), None)
    slow = (~ascii_text).fill_null(value=False)
    if slow.any():
        where = slow.arg_true()
        out = out.scatter(where, _python_truths(leaf, series.gather(where).to_list()))
    return out


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
        python_only = kind == "texts" and not isinstance(leaf, nodes.Present)
        if python_only or (
            kind == "text"
            and not (isinstance(leaf, nodes.Present) and not isinstance(leaf.value, nodes.UrlPath))
        ):
            run = functools.partial(_texts_leaf if python_only else _text_leaf, leaf)
            return column.map_batches(run, return_dtype=pl.Boolean, is_elementwise=True)
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
    tracked = any(
        isinstance(rule, nodes.RuleNode)
        and (
            rule.knock_out
            or (
                rule.event is not None
                and (
                    rule.decay is not None
                    or rule.max_count is not None
                    or rule.once_per_seconds is not None
                    or rule.within_seconds is not None
                )
            )
        )
        for rule in plan.rules
    )
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
    event_frame = event_frame.filter(
        pl.col(lay.EVENT_ID).is_null()
        | (pl.col(lay.SEQ) == pl.col(lay.SEQ).min().over(lay.ROW, lay.EVENT_ID))
    )
    # The reference moment: as_of, else the latest of the events' times and created_at.
    if as_of is not None:
        reference: pl.Expr = pl.lit(as_of, dtype=UTC)
    else:
        last = event_frame.group_by(lay.ROW).agg(pl.col(lay.AT).max().alias("_last"))
        lead_frame = lead_frame.join(last, on=lay.ROW, how="left")
        reference = pl.max_horizontal(pl.col(lay.CREATED_AT), pl.col("_last"))
    lead_frame = lead_frame.with_columns(reference.alias("_ref"))
    event_rules = [rule for rule in rules if rule.event is not None]
    field_rules = [rule for rule in rules if rule.event is None]
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
        needed = [lay.ROW, "_ref", *(f"_w{r.index}" for r in event_rules if r.when is not None)]
        matched = event_frame.join(lead_frame.select(needed), on=lay.ROW, how="inner")
        matched = matched.sort(lay.ROW, lay.SEQ).with_columns(
            pl.col(lay.AT).dt.epoch("us").alias("_at"), pl.col("_ref").dt.epoch("us").alias("_r")
        )
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
