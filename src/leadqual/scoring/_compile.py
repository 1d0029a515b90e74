"""Compile a ScoringModel once into generated Python, then score many leads with it.

Two functions are generated from the same condition expressions: a fast one that only
adds up points (what ``model.score`` runs) and a tracing one that records every match
(what the ledger is built from, on demand). One definition of what a rule means, two
uses. Every literal in the generated source comes from validated model data through
``repr()``; anything else (compiled globs, sets of options) is passed in by name.

Points are kept on a grid of 1/1024: rule points and decayed points are rounded to it,
so sums of ledger entries are exact whatever the order of adding.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any

import attrs

from leadqual._time import parse_timestamp
from leadqual.exceptions import ConfigError, TimestampError
from leadqual.icp import Fit
from leadqual.lead import Event, Lead, thaw
from leadqual.scoring._conditions import RUNTIME, Source
from leadqual.scoring._model import (
    FIT_RULE,
    MAX_POINTS,
    CustomRule,
    Decay,
    Rule,
    ScoringModel,
    parse_period,
)
from leadqual.scoring._score import Entry, Evidence, Ledger, Score
from leadqual.stage import Stage

__all__ = ["CompiledModel", "compile_model", "quantize"]

_GRID = 1024
_DAY = 86400.0


def quantize(points: float) -> float:
    """Round to the 1/1024 grid; whole numbers come back as ``int``.

    >>> quantize(25.0), quantize(0.5), quantize(0.1)
    (25, 0.5, 0.099609375)
    """
    steps = round(points * _GRID)
    if steps % _GRID == 0:
        return steps // _GRID
    return steps / _GRID


def _literal(points: float) -> str:
    return repr(quantize(points))


def _quick_key(event: Event) -> tuple[dt.datetime, str, str, float]:
    # The same instant may be written in different offsets; the offset breaks the tie,
    # or the copy shown in the ledger (and its wall-clock time) would depend on order.
    offset = event.at.utcoffset()
    return (event.at, event.type, event.id or "", offset.total_seconds() if offset else 0.0)


def canonical_key(event: Event) -> tuple[dt.datetime, str, str, float, str]:
    """A total order on events that does not depend on the order they arrived in.

    Time, type, id and UTC offset, then the properties as sorted JSON.
    """
    props = json.dumps(thaw(event.properties), sort_keys=True, default=str)
    return (*_quick_key(event), props)


def canonical_order(events: Iterable[Event]) -> list[Event]:
    """Events sorted by :func:`canonical_key`, comparing properties only where needed.

    >>> canonical_order([]) == []
    True
    """
    keyed = sorted(((_quick_key(event), event) for event in events), key=itemgetter(0))
    if any(keyed[k][0] == keyed[k + 1][0] for k in range(len(keyed) - 1)):
        # Ties on everything but the properties are rare: only then pay for the JSON.
        return sorted((event for _, event in keyed), key=canonical_key)
    return [event for _, event in keyed]


def effective_events(events: Sequence[Event], as_of: dt.datetime | None) -> list[Event]:
    """Events at or before ``as_of``, each event id once.

    Copies with the same id that differ are resolved by :func:`canonical_key`: the
    earliest copy counts (ties broken by type, UTC offset, then properties), whatever the
    input order.
    """
    kept = [event for event in events if as_of is None or event.at <= as_of]
    chosen: dict[str, Event] = {}
    plain: list[Event] = []
    for event in kept:
        if event.id is None:
            plain.append(event)
            continue
        current = chosen.get(event.id)
        if current is None or canonical_key(event) < canonical_key(current):
            chosen[event.id] = event
    return plain + list(chosen.values())


def _has_duplicate_ids(events: Sequence[Event]) -> bool:
    seen: set[str] = set()
    for event in events:
        key = event.id
        if key is not None:
            if key in seen:
                return True
            seen.add(key)
    return False


@attrs.frozen
class _Plan:
    """How one rule is evaluated: where its points go and what limits it."""

    index: int
    rule: Rule | CustomRule
    group: int
    points: float
    decay: Decay | None
    once_per: dt.timedelta | None
    within: dt.timedelta | None
    tracked: bool  # needs its matches collected (limits, decay, knock-out)


# One generator for both variants keeps their meaning identical; hence its length.
def _event_source(  # noqa: C901, PLR0912, PLR0915
    model: ScoringModel, plans: list[_Plan], src: Source, *, trace: bool
) -> str:
    lines = ["def _score(lead, events, limit):"]
    groups = len(model.groups)
    lines.extend(f"    g{k} = 0" for k in range(groups))
    if trace:
        lines.append("    hits = []")
    event_plans = [p for p in plans if isinstance(p.rule, Rule) and p.rule.event is not None]
    field_plans = [p for p in plans if isinstance(p.rule, Rule) and p.rule.event is None]
    for plan in event_plans:
        if plan.tracked and not trace:
            lines.append(f"    m{plan.index} = []")
        rule = plan.rule
        assert isinstance(rule, Rule)  # noqa: S101 - narrowed above
        if rule.when is not None:
            lines.append(f"    w{plan.index} = {rule.when.source(src, 'lead')}")

    def action(plan: _Plan, target: str) -> str:
        if trace:
            return f"hits.append(({plan.index}, {target}))"
        if plan.tracked:
            return f"m{plan.index}.append({target})"
        return f"g{plan.group} += {_literal(plan.points)}"

    by_type: dict[str, list[_Plan]] = {}
    for plan in event_plans:
        assert isinstance(plan.rule, Rule)  # noqa: S101
        assert plan.rule.event is not None  # noqa: S101
        by_type.setdefault(plan.rule.event.type, []).append(plan)
    if event_plans:
        if not trace:
            # Ids are deduplicated in the loop: identical copies (replayed webhooks) are
            # skipped; copies that differ return None so the caller resolves them with
            # effective_events (the canonical copy) and calls again.
            lines.append("    seen = {}")
        lines.append("    for e in events:")
        # No as_of means no limit at all (not a far-future date an offset could pass).
        lines.append("        if limit is not None and e.at > limit:")
        lines.append("            continue")
        if not trace:
            # Copies are identical only when their canonical keys are: == on events
            # would call {"n": True} and {"n": 1} equal (True == 1 in Python).
            lines.append("        if (i := e.id) is not None:")
            lines.append("            if i in seen:")
            lines.append(
                "                if (s := seen[i]) is e or _canonical_key(s) == _canonical_key(e):"
            )
            lines.append("                    continue")
            lines.append("                return None")
            lines.append("            seen[i] = e")
        lines.append("        t = e.type")
        lines.append("        props = e.properties")
        first = True
        for event_type, group in by_type.items():
            if event_type == "*":
                continue
            keyword = "if" if first else "elif"
            first = False
            lines.append(f"        {keyword} t == {event_type!r}:")
            checks = _event_checks(group, src, action, indent=12)
            lines.extend([*src.prelude(12), *checks])
        if "*" in by_type:
            checks = _event_checks(by_type["*"], src, action, indent=8)
            lines.extend([*src.prelude(8), *checks])
    for plan in field_plans:
        rule = plan.rule
        assert isinstance(rule, Rule)  # noqa: S101
        assert rule.when is not None  # noqa: S101
        lines.append(f"    if {rule.when.source(src, 'lead')}:")
        if trace:
            lines.append(f"        hits.append(({plan.index}, None))")
        elif plan.tracked:
            lines.append(f"        m{plan.index} = True")
            lines.append(f"        g{plan.group} += {_literal(plan.points)}")
        else:
            lines.append(f"        g{plan.group} += {_literal(plan.points)}")
        if not trace and plan.tracked:
            lines.append("    else:")
            lines.append(f"        m{plan.index} = False")
    if trace:
        lines.append("    return hits")
    else:
        sums = ", ".join(f"{group.name!r}: g{k}" for k, group in enumerate(model.groups))
        tracked = ", ".join(f"m{p.index}" for p in plans if p.tracked and isinstance(p.rule, Rule))
        lines.append(f"    return {{{sums}}}, ({tracked}{',' if tracked else ''})")
    return "\n".join(lines) + "\n"


def _event_checks(
    plans: list[_Plan], src: Source, action: Callable[[_Plan, str], str], *, indent: int
) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    for plan in plans:
        rule = plan.rule
        assert isinstance(rule, Rule)  # noqa: S101
        assert rule.event is not None  # noqa: S101
        tests = []
        if rule.when is not None:
            tests.append(f"w{plan.index}")
        if rule.event.where is not None:
            tests.append(rule.event.where.source(src, "event"))
        if tests:
            out.append(f"{pad}if {' and '.join(tests)}:")
            out.append(f"{pad}    {action(plan, 'e')}")
        else:
            out.append(f"{pad}{action(plan, 'e')}")
    if not out:
        out.append(f"{pad}pass")
    return out


def _generate(source: str, constants: dict[str, object], what: str) -> Callable[..., Any]:
    namespace: dict[str, Any] = {**RUNTIME, "_canonical_key": canonical_key, **constants}
    code = compile(source, f"<leadqual model {what}>", "exec")
    exec(code, namespace)  # noqa: S102 - source built from validated model data only
    function: Callable[..., Any] = namespace["_score"]
    return function


def _resolve_as_of(as_of: dt.datetime | str | None) -> dt.datetime | None:
    if as_of is None:
        return None
    if isinstance(as_of, dt.datetime) and as_of.utcoffset() is not None:
        return as_of
    try:
        return parse_timestamp(as_of)
    except TimestampError as exc:
        msg = f"as_of: {exc}"
        raise TimestampError(msg) from None


class CompiledModel:
    """A model turned into generated functions; made by :meth:`ScoringModel.compile`."""

    __slots__ = (
        "_custom",
        "_fast",
        "_fit_group",
        "_group_names",
        "_label_map",
        "_matrix",
        "_mql",
        "_mql_groups",
        "_plans",
        "_simple",
        "_sql",
        "_sql_groups",
        "_trace",
        "_uncapped",
        "model",
        "source",
    )

    def __init__(self, model: ScoringModel) -> None:
        self.model = model
        group_index = {group.name: k for k, group in enumerate(model.groups)}
        plans = []
        for index, rule in enumerate(model.rules):
            group = group_index[rule.group_name]
            if isinstance(rule, CustomRule):
                plans.append(_Plan(index, rule, group, 0, None, None, None, tracked=True))
                continue
            decay = rule.decay if rule.decay is not None else model.groups[group].decay
            if rule.event is None:
                decay = None
            tracked = rule.knock_out or (
                rule.event is not None
                and (
                    decay is not None
                    or rule.max_count is not None
                    or rule.once_per is not None
                    or rule.within_days is not None
                )
            )
            plans.append(
                _Plan(
                    index,
                    rule,
                    group,
                    quantize(rule.points),
                    decay,
                    parse_period(rule.once_per) if rule.once_per is not None else None,
                    dt.timedelta(days=rule.within_days) if rule.within_days is not None else None,
                    tracked=tracked,
                )
            )
        self._plans = tuple(plans)
        self._custom = tuple(p for p in plans if isinstance(p.rule, CustomRule))
        self._group_names = tuple(group.name for group in model.groups)
        self._label_map = {rule.name: dict(rule.labels) for rule in model.rules}
        self._fit_group = 0
        if model.fit is not None:
            self._fit_group = group_index[model.fit.group]
            self._label_map[FIT_RULE] = {lang: model.fit.label(lang) for lang in ("en", "nl")}
        thresholds = model.thresholds
        self._sql = thresholds.sql
        self._mql = thresholds.mql
        self._sql_groups = bool(thresholds.sql_groups)
        self._mql_groups = bool(thresholds.mql_groups)
        self._matrix = model.matrix
        self._uncapped = (
            model.min_total is None
            and model.max_total is None
            and all(group.min is None and group.max is None for group in model.groups)
        )
        # Nothing to do after the generated loop: no limits, decay, knock-outs, custom
        # rules, fit points or caps. The starter model is such a model.
        self._simple = (
            self._uncapped
            and model.fit is None
            and not self._custom
            and not any(plan.tracked for plan in plans)
        )
        fast_src, trace_src = Source(), Source()
        try:
            fast = _event_source(model, plans, fast_src, trace=False)
            trace = _event_source(model, plans, trace_src, trace=True)
        except ConfigError as exc:
            msg = f"cannot compile model {model.name!r}: {exc}"
            raise ConfigError(msg) from None
        self.source = fast
        self._fast = _generate(fast, fast_src.constants, model.name)
        self._trace = _generate(trace, trace_src.constants, model.name)

    # -- scoring -------------------------------------------------------------------------

    def score(self, lead: Lead, as_of: dt.datetime | str | None = None) -> Score:
        """Score one lead; see :meth:`ScoringModel.score`."""
        # An aware datetime is by far the common case: skip the parser for it.
        moment: dt.datetime | None
        if isinstance(as_of, dt.datetime) and as_of.tzinfo is not None:
            moment = as_of
        else:
            moment = _resolve_as_of(as_of)
        try:
            events: Sequence[Event] = lead.events
            result = self._fast(lead, events, moment)
        except AttributeError:
            # Checked only here, off the hot path: a dict or other object is no lead.
            given: object = lead
            if not isinstance(given, Lead):
                msg = (
                    f"expected a Lead (use Lead.from_mapping for plain data), "
                    f"got {type(given).__name__}"
                )
                raise TypeError(msg) from None
            raise
        if result is None:  # copies of one event id that differ: resolve, then again
            events = effective_events(events, moment)
            result = self._fast(lead, events, moment)
        sums, tracked = result
        if self._simple:
            return self._result(lead, moment, sums, sum(sums.values()), (), None)
        return self._finish(lead, moment, events, sums, tracked)

    def _finish(  # noqa: C901 - each kind of after-loop work is one short branch
        self,
        lead: Lead,
        moment: dt.datetime | None,
        events: Sequence[Event],
        sums: dict[str, float],
        tracked: tuple[Any, ...],
    ) -> Score:
        """Limits, decay, knock-outs, custom rules, fit points and caps, after the loop."""
        names = self._group_names
        knocked: list[str] = []
        if tracked or self._custom:
            reference = moment or _reference_time(lead, events)
            position = 0
            for plan in self._plans:
                if isinstance(plan.rule, CustomRule):
                    points = _custom_points(plan.rule, lead, moment)
                    if points:
                        sums[names[plan.group]] += points
                    continue
                if not plan.tracked:
                    continue
                matched = tracked[position]
                position += 1
                if plan.rule.event is None:
                    if matched and plan.rule.knock_out:
                        knocked.append(plan.rule.name)
                    continue
                contributions = _apply_limits(plan, matched, reference)
                if contributions and plan.rule.knock_out:
                    knocked.append(plan.rule.name)
                for _event, _factor, points in contributions:
                    sums[names[plan.group]] += points
        profile = None
        if self.model.fit is not None:
            profile, points = self._fit_points(lead)
            sums[names[self._fit_group]] += points
            if profile.knocked_out and self.model.fit.knock_out:
                knocked.append(FIT_RULE)
        groups, total, _caps = self._caps(sums)
        return self._result(lead, moment, groups, total, tuple(knocked) if knocked else (), profile)

    def _fit_points(self, lead: Lead) -> tuple[Fit, float]:
        fit = self.model.fit
        assert fit is not None  # noqa: S101 - callers check
        profile = fit.icp.fit(lead)
        # Quarter points: precise enough for a lead score, and readable in a ledger.
        quarters = round(fit.points * profile.estimate(fit.prior) / 100 * 4)
        return profile, quantize(quarters / 4)

    def _caps(
        self, sums: dict[str, float]
    ) -> tuple[dict[str, float], float, list[tuple[str, float]]]:
        if self._uncapped:
            return sums, sum(sums.values()), []
        caps: list[tuple[str, float]] = []
        groups: dict[str, float] = {}
        for group in self.model.groups:
            value = sums[group.name]
            capped = value
            if group.max is not None and capped > quantize(group.max):
                capped = quantize(group.max)
            if group.min is not None and capped < quantize(group.min):
                capped = quantize(group.min)
            if capped != value:
                caps.append((group.name, capped - value))
            groups[group.name] = capped
        total = sum(groups.values())
        capped_total = total
        model = self.model
        if model.max_total is not None and capped_total > quantize(model.max_total):
            capped_total = quantize(model.max_total)
        if model.min_total is not None and capped_total < quantize(model.min_total):
            capped_total = quantize(model.min_total)
        if capped_total != total:
            caps.append(("total", capped_total - total))
        return groups, capped_total, caps

    def _result(  # noqa: PLR0917 - private, one call site
        self,
        lead: Lead,
        moment: dt.datetime | None,
        groups: dict[str, float],
        total: float,
        knocked: tuple[str, ...],
        profile: Fit | None,
    ) -> Score:
        thresholds = self.model.thresholds
        if knocked:
            stage = Stage.DISQUALIFIED
        elif total >= self._sql and (
            not self._sql_groups
            or all(groups[name] >= need for name, need in thresholds.sql_groups.items())
        ):
            stage = Stage.SQL
        elif (
            self._mql is not None
            and total >= self._mql
            and (
                not self._mql_groups
                or all(groups[name] >= need for name, need in thresholds.mql_groups.items())
            )
        ):
            stage = Stage.MQL
        else:
            stage = Stage.NEW
        matrix = None
        if self._matrix is not None:
            matrix = self._matrix.label(
                groups[self._matrix.fit_group], groups[self._matrix.engagement_group]
            )
        # Positional, in field order: this runs once per lead on the hot path.
        return Score(
            lead.id,
            total,
            groups,
            stage,
            matrix,
            moment,
            knocked,
            Ledger(self.ledger, lead, moment),
            self._label_map,
            profile,
        )

    # -- the ledger ----------------------------------------------------------------------

    def ledger(self, lead: Lead, moment: dt.datetime | None) -> tuple[Entry, ...]:
        """Every contribution to the lead's score, in model order, caps last."""
        events: Sequence[Event] = lead.events
        if _has_duplicate_ids(events):
            events = effective_events(events, moment)
        hits: list[tuple[int, Event | None]] = self._trace(lead, events, moment)
        by_rule: dict[int, list[Event | None]] = {}
        for index, event in hits:
            by_rule.setdefault(index, []).append(event)
        reference = moment or _reference_time(lead, events)
        entries: list[Entry] = []
        # int zeros, as in the generated code: cap entries print as 20, not 20.0
        sums: dict[str, float] = dict.fromkeys(self._group_names, 0)
        for plan in self._plans:
            rule = plan.rule
            group = self._group_names[plan.group]
            if isinstance(rule, CustomRule):
                points = _custom_points(rule, lead, moment)
                if points:
                    sums[group] += points
                    entries.append(Entry(rule.name, group, points, points, label=rule.label()))
                continue
            matched = by_rule.get(plan.index)
            if not matched:
                continue
            if rule.event is None:
                sums[group] += plan.points
                evidence = _field_evidence(rule, lead)
                entries.append(
                    Entry(
                        rule.name,
                        group,
                        plan.points,
                        plan.points,
                        1.0,
                        evidence,
                        "rule",
                        rule.label(),
                    )
                )
                continue
            events_matched = [event for event in matched if event is not None]
            for event, factor, points in _apply_limits(plan, events_matched, reference):
                sums[group] += points
                entries.append(
                    Entry(
                        rule.name,
                        group,
                        points,
                        plan.points,
                        factor,
                        Evidence(event=event),
                        "rule",
                        rule.label(),
                    )
                )
        if self.model.fit is not None:
            profile, points = self._fit_points(lead)
            sums[self._group_names[self._fit_group]] += points
            evidence = Evidence(
                field="icp",
                value={
                    "grade": profile.grade.value,
                    "score": profile.score,
                    "coverage": profile.coverage,
                    **({"knock_out": profile.knockouts[0].explain()} if profile.knockouts else {}),
                },
            )
            entries.append(
                Entry(
                    FIT_RULE,
                    self._group_names[self._fit_group],
                    points,
                    quantize(self.model.fit.points),
                    1.0,
                    evidence,
                    "rule",
                    self.model.fit.label(),
                )
            )
        _groups, _total, caps = self._caps(sums)
        entries.extend(
            Entry(f"cap:{name}", name, amount, amount, kind="cap", label=f"cap on {name}")
            for name, amount in caps
        )
        return tuple(entries)


def _reference_time(lead: Lead, events: Sequence[Event]) -> dt.datetime | None:
    # Without as_of, ages are measured from the lead's own latest moment: deterministic,
    # and never the wall clock.
    moments = [event.at for event in events]
    if lead.created_at is not None:
        moments.append(lead.created_at)
    return max(moments) if moments else None


def _custom_points(rule: CustomRule, lead: Lead, moment: dt.datetime | None) -> float:
    value = rule.function(lead, moment)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not -MAX_POINTS <= value <= MAX_POINTS  # False for NaN as well
    ):
        msg = (
            f"custom rule {rule.name!r} returned {value!r}; expected a number of points "
            f"from {-MAX_POINTS:g} to {MAX_POINTS:g}"
        )
        raise ConfigError(msg)
    return quantize(value)


def _fixed(moment: dt.datetime) -> dt.datetime:
    """The same instant with a fixed UTC offset, so differences are elapsed time.

    Two datetimes sharing one ``ZoneInfo`` subtract by wall clock (an hour off across a
    DST change); leadqual's own timestamps already carry fixed offsets.
    """
    if moment.tzinfo.__class__ is dt.timezone:
        return moment
    return moment.replace(tzinfo=dt.timezone(moment.utcoffset() or dt.timedelta()), fold=0)


def _field_evidence(rule: Rule, lead: Lead) -> Evidence:
    fields = _fields_of(rule.when)
    if not fields:
        return Evidence()
    field = fields[0]
    return Evidence(field=field, value=_read(lead, field))


def _fields_of(condition: object) -> list[str]:
    if condition is None:
        return []
    if hasattr(condition, "field"):
        return [condition.field]
    if getattr(condition, "kind", None) == "free_email":
        return ["email_domain"]
    inner = getattr(condition, "conditions", None) or [getattr(condition, "condition", None)]
    return [field for item in inner for field in _fields_of(item)]


def _read(lead: Lead, field: str) -> Any:  # noqa: ANN401 - any JSON value
    head, _, rest = field.partition(".")
    if head in ("attributes", "answers") and rest:
        return thaw(getattr(lead, head).get(rest))
    value: Any = lead
    for part in field.split("."):
        value = getattr(value, part, None)
    if isinstance(value, tuple):
        return list(value)
    return value


def _throttle(ordered: list[Event], period: dt.timedelta) -> list[Event]:
    """At most one event per ``period`` of elapsed time, the earliest first."""
    throttled: list[Event] = []
    last: dt.datetime | None = None
    for event in ordered:
        at = _fixed(event.at)
        if last is None or at - last >= period:
            throttled.append(event)
            last = at
    return throttled


def _apply_limits(
    plan: _Plan, matched: list[Event], reference: dt.datetime | None
) -> list[tuple[Event, float, float]]:
    rule = plan.rule
    assert isinstance(rule, Rule)  # noqa: S101
    ordered = canonical_order(matched)
    if reference is not None:
        reference = _fixed(reference)
    if plan.within is not None and reference is not None:
        try:
            horizon = reference - plan.within
        except OverflowError:  # before year 1: every event is within the window
            pass
        else:
            ordered = [event for event in ordered if event.at >= horizon]
    if plan.once_per is not None:
        ordered = _throttle(ordered, plan.once_per)
    if rule.max_count is not None:
        ordered = ordered[: rule.max_count]
    out = []
    for event in ordered:
        factor = 1.0
        if plan.decay is not None and reference is not None:
            age = (reference - event.at).total_seconds() / _DAY
            factor = plan.decay.factor(age)
        points = quantize(plan.points * factor) if factor != 1 else plan.points
        out.append((event, factor, points))
    return out


def compile_model(model: ScoringModel) -> CompiledModel:
    """Compile ``model`` (use :meth:`ScoringModel.compile`, which caches)."""
    return CompiledModel(model)
