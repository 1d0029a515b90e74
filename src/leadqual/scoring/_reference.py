"""The reference interpreter: a slow, obvious walk over a plan, the oracle for backends.

Nothing here is tuned. Every predicate returns ``True``, ``False`` or ``None``
(unknown) exactly as the ``_plan`` docstring defines it, every rule looks at every
effective event, and limits, decay and caps are applied in the order the plan states.
Tests compare every backend with it on random models and leads: points, groups, stage,
knock-outs and every ledger entry.

>>> import leadqual as lq
>>> from leadqual.scoring._plan import build_plan
>>> lead = lq.Lead("L-1", job_title="Student")
>>> interpret(build_plan(lq.starter_model()), lead).points
-20
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Mapping

import attrs

from leadqual._core.events import canonical_key, count_after, effective_events, event_limit
from leadqual._core.names import product_key
from leadqual._core.urls import url_path
from leadqual._freemail import is_free_email_domain
from leadqual.lead import Event, Lead
from leadqual.scoring import _plan as nodes
from leadqual.scoring._compile import (
    cap_entries,
    cap_groups,
    custom_points,
    fit_entry,
    fixed,
    quantize,
    read_evidence,
    reference_time,
    stage_of,
)
from leadqual.scoring._score import Entry, Evidence
from leadqual.stage import Stage

__all__ = ["Outcome", "interpret"]


@attrs.frozen
class Outcome:
    """What the interpreter computed for one lead."""

    points: float
    groups: Mapping[str, float]
    stage: Stage
    matrix: str | None
    knocked_out: tuple[str, ...]
    ledger: tuple[Entry, ...]
    ignored_future: int = 0


def _read(value: nodes.Value, lead: Lead, event: Event | None) -> object:
    if isinstance(value, nodes.UrlPath):
        raw = _read(value.value, lead, event)
        return url_path(raw) if isinstance(raw, str) else raw
    if isinstance(value, nodes.ProductKey):
        raw = _read(value.value, lead, event)
        if raw is None:
            return None
        items = raw if isinstance(raw, list | tuple) else [raw]
        return [product_key(item) if isinstance(item, str) else item for item in items]
    if value.subject == "event":
        assert event is not None  # noqa: S101 - event predicates only run on events
        return event.properties.get(value.path[0])
    return nodes.read_lead(lead, value.path)


def _items(value: object) -> list[object]:
    if value is None:
        return []
    if isinstance(value, list | tuple | set | frozenset):
        return [item for item in value if item is not None]
    return [value]


def _same(item: object, option: object) -> bool:
    if isinstance(item, str) and isinstance(option, str):
        return item.casefold() == option.casefold()
    if isinstance(item, bool) or isinstance(option, bool):
        return isinstance(item, bool) and isinstance(option, bool) and item == option
    if isinstance(item, int | float) and isinstance(option, int | float):
        return item == option
    return False


def _text_passes(op: str, text: str, needle: str) -> bool:
    if op == "contains":
        return needle in text
    if op == "prefix":
        return text.startswith(needle)
    if op == "suffix":
        return text.endswith(needle)
    return text == needle


def _finite_number(value: object) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value == value and abs(value) != float("inf"):  # noqa: PLR0124
        return value
    return None


def truth(node: nodes.Predicate, lead: Lead, event: Event | None = None) -> bool | None:  # noqa: C901, PLR0911, PLR0912
    """True, false or unknown (``None``): Kleene's three-valued meaning of ``node``."""
    if isinstance(node, nodes.And):
        values = [truth(part, lead, event) for part in node.parts]
        if False in values:
            return False
        return True if all(value is True for value in values) else None
    if isinstance(node, nodes.Or):
        values = [truth(part, lead, event) for part in node.parts]
        if True in values:
            return True
        return False if all(value is False for value in values) else None
    if isinstance(node, nodes.Not):
        value = truth(node.part, lead, event)
        return None if value is None else not value
    raw = _read(node.value, lead, event)
    items = _items(raw)
    if isinstance(node, nodes.Present):
        return bool(items)
    if not items:
        return None
    if isinstance(node, nodes.Equal):
        return any(_same(item, option) for item in items for option in node.options)
    if isinstance(node, nodes.Text):
        return any(
            isinstance(item, str) and _text_passes(node.op, item.casefold(), node.needle)
            for item in items
        )
    if isinstance(node, nodes.Glob):
        return any(
            isinstance(item, str) and fnmatch.fnmatchcase(item.casefold(), node.pattern)
            for item in items
        )
    if isinstance(node, nodes.Range):
        number = _finite_number(raw)
        if number is None:
            return False
        if node.min is not None and number < node.min:
            return False
        return not (node.max is not None and number > node.max)
    # FreeDomain, the last kind
    domain = raw if isinstance(raw, str) else None
    if domain is None:
        return None
    return is_free_email_domain(domain) or domain.casefold() in node.extra


def _holds(node: nodes.Predicate | None, lead: Lead, event: Event | None = None) -> bool:
    return node is None or truth(node, lead, event) is True


def _counted(
    rule: nodes.RuleNode, lead: Lead, events: list[Event], reference: dt.datetime | None
) -> list[tuple[Event, float, float]]:
    """The events a rule counts, with decay factor and points, in canonical order."""
    assert rule.event is not None  # noqa: S101 - event rules only
    accepted = [
        event
        for event in sorted(events, key=canonical_key)
        if (rule.event.type is None or event.type == rule.event.type)
        and _holds(rule.event.where, lead, event)
    ]
    if reference is not None and rule.within_seconds is not None:
        window = dt.timedelta(seconds=rule.within_seconds)
        accepted = [event for event in accepted if _within(event, fixed(reference), window)]
    if rule.once_per_seconds is not None:
        period = dt.timedelta(seconds=rule.once_per_seconds)
        kept: list[Event] = []
        for event in accepted:
            if not kept or fixed(event.at) - fixed(kept[-1].at) >= period:
                kept.append(event)
        accepted = kept
    if rule.max_count is not None:
        accepted = accepted[: rule.max_count]
    out = []
    for event in accepted:
        factor = 1.0
        if rule.decay is not None and reference is not None:
            age = (fixed(reference) - event.at).total_seconds() / 86400.0
            factor = rule.decay.factor(age)
        points = rule.points if factor == 1 else quantize(rule.points * factor)
        out.append((event, factor, points))
    return out


def _within(event: Event, reference: dt.datetime, window: dt.timedelta) -> bool:
    try:
        return event.at >= reference - window
    except OverflowError:  # the window starts before year 1: every event is within it
        return True


def interpret(plan: nodes.Plan, lead: Lead, as_of: dt.datetime | None = None) -> Outcome:  # noqa: C901
    """Score ``lead`` by walking ``plan``; ``as_of`` must be aware or ``None``."""
    limit = event_limit(as_of, plan.future_tolerance_seconds)
    events = effective_events(lead.events, limit)
    reference = as_of or reference_time(lead, events)
    sums: dict[str, float] = dict.fromkeys(plan.group_names(), 0)
    entries: list[Entry] = []
    knocked: list[str] = []
    for rule in plan.rules:
        if isinstance(rule, nodes.CustomNode):
            points = custom_points(rule, lead, as_of)
            if points:
                sums[rule.group] += points
                entries.append(Entry(rule.name, rule.group, points, points, label=rule.label))
            continue
        if not _holds(rule.when, lead):
            continue
        if rule.event is None:
            sums[rule.group] += rule.points
            evidence = Evidence()
            if rule.evidence is not None:
                evidence = Evidence(field=rule.evidence, value=read_evidence(lead, rule.evidence))
            entries.append(
                Entry(
                    rule.name,
                    rule.group,
                    rule.points,
                    rule.points,
                    1.0,
                    evidence,
                    "rule",
                    rule.label,
                )
            )
            if rule.knock_out:
                knocked.append(rule.name)
            continue
        counted = _counted(rule, lead, events, reference)
        for event, factor, points in counted:
            sums[rule.group] += points
            entries.append(
                Entry(
                    rule.name,
                    rule.group,
                    points,
                    rule.points,
                    factor,
                    Evidence(event=event),
                    "rule",
                    rule.label,
                )
            )
        if counted and rule.knock_out:
            knocked.append(rule.name)
    if plan.fit is not None:
        entry = fit_entry(plan.fit, lead, sums)
        entries.append(entry)
        profile = plan.fit.icp.fit(lead)
        if profile.knocked_out and plan.fit.knock_out:
            knocked.append(plan.fit.name)
    groups, total, caps = cap_groups(plan, sums)
    entries.extend(cap_entries(caps))
    matrix = None
    if plan.matrix is not None:
        matrix = plan.matrix.label(
            groups[plan.matrix.fit_group], groups[plan.matrix.engagement_group]
        )
    stage = stage_of(plan, groups, total, bool(knocked))
    ignored = count_after(lead.events, limit)
    return Outcome(total, groups, stage, matrix, tuple(knocked), tuple(entries), ignored)
