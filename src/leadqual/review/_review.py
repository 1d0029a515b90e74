"""The model review: does the model order the outcomes, and what is each rule worth?

The article asks for it at least quarterly: did won leads score high, why did high
scorers drop out, which source or industry deserves fewer points. :func:`review`
answers with numbers and concrete suggestions ("lower rule 'x' from 15 to 5"); every
lead is scored as it stood at its decision time, so events after it never leak in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs

from leadqual.exceptions import ConfigError
from leadqual.lead import Lead
from leadqual.review._calibrate import AsOf, _moment
from leadqual.review._messages import FLAGS, number, percent, text
from leadqual.review._outcome import outcomes, read_path
from leadqual.review._stats import logistic_1d, logit, roc_auc, sigmoid, z_two_proportions
from leadqual.scoring import Rule, ScoringModel

# The public names are listed once, in the __all__ of leadqual.review, which re-exports them.

NO_SIGNAL = 0.1
"""A lift within 10% of 1 says nothing about conversion."""
SIGNIFICANT = 2.0
"""|z| from which a difference in conversion is taken as real, not noise."""
MIN_CHANGE = 5
"""Points changes smaller than this are not worth suggesting."""
DEFAULT_SEGMENTS = ("source", "company.industry", "company.country", "job_title")


@attrs.frozen
class RuleReview:
    """One rule on the reviewed leads.

    Attributes:
        rule: the rule's name.
        points: its points (``None`` for a custom rule).
        fires: leads it gives points to.
        share: ``fires`` as a share of all leads.
        conversion_fired: conversion of the leads it fires on (``None`` when none).
        conversion_not_fired: conversion of the others.
        lift: ``conversion_fired`` divided by the overall conversion.
        z: how far apart fired and not fired convert, in standard errors.
        flag: ``wrong_way``, ``no_signal``, ``never_fires`` or ``None``.
        suggested_points: the points the outcomes argue for (``None``: keep).
        suggestion: that change as a sentence ("lower rule 'x' from 15 to 5").
        note: the flag and the suggestion as a sentence.
    """

    rule: str
    points: float | None
    fires: int
    share: float
    conversion_fired: float | None
    conversion_not_fired: float | None
    lift: float | None
    z: float
    flag: str | None
    suggested_points: float | None
    suggestion: str | None
    note: str


@attrs.frozen
class Decile:
    """A tenth of the leads, best scores first: ``decile`` 1 is the top 10%."""

    decile: int
    leads: int
    won: int
    conversion: float
    lift: float
    min_points: float
    max_points: float
    captured: float
    """The share of all won leads in this decile and the ones above it."""


@attrs.frozen
class Band:
    """A score band (``low <= points < high``; ``None`` is open) and how it converted."""

    low: float | None
    high: float | None
    leads: int
    won: int
    conversion: float


@attrs.frozen
class Loss:
    """High-scoring leads that were lost, for one feedback reason."""

    reason: str
    label: str
    leads: int
    share: float


@attrs.frozen
class Segment:
    """The leads with one value of a field: how they convert against their points."""

    field: str
    value: str
    leads: int
    won: int
    win_rate: float
    expected: float
    mean_points: float
    z: float
    suggestion: str | None


@attrs.frozen
class Review:
    """What :func:`review` found. Unstructure it with :func:`review_to_data`.

    ``points_per_doubling`` is how many points double the odds on these leads (from a
    logistic fit of the outcome on the points; ``None`` when points and outcome do not
    rise together).
    """

    model: str
    leads: int
    positives: int
    conversion: float
    auc: float | None
    points_per_doubling: float | None
    deciles: tuple[Decile, ...]
    calibration: tuple[Band, ...]
    rules: tuple[RuleReview, ...]
    high_scores: int
    high_score_won: int
    losses: tuple[Loss, ...]
    segments: tuple[Segment, ...]
    suggestions: tuple[str, ...]


@attrs.frozen
class Comparison:
    """Two models on the same leads.

    Attributes:
        a: the first model's review.
        b: the second model's review.
        auc_difference: ``b.auc - a.auc``.
        only_a: leads that are SQL under ``a`` only, and their conversion.
        only_b: leads that are SQL under ``b`` only, and their conversion.
    """

    a: Review
    b: Review
    auc_difference: float | None
    only_a: tuple[int, float | None]
    only_b: tuple[int, float | None]


def _rate(won: int, n: int) -> float | None:
    return won / n if n else None


def _deciles(points: Sequence[float], won: Sequence[bool]) -> tuple[Decile, ...]:
    n = len(points)
    order = sorted(range(n), key=lambda k: (-points[k], k))
    total = sum(won)
    base = total / n if n else 0.0
    out: list[Decile] = []
    captured = 0
    for d in range(10):
        part = order[d * n // 10 : (d + 1) * n // 10]
        if not part:
            continue
        hits = sum(1 for k in part if won[k])
        captured += hits
        rate = hits / len(part)
        out.append(
            Decile(
                decile=d + 1,
                leads=len(part),
                won=hits,
                conversion=rate,
                lift=rate / base if base else 0.0,
                min_points=min(points[k] for k in part),
                max_points=max(points[k] for k in part),
                captured=captured / total if total else 0.0,
            )
        )
    return tuple(out)


def _bands(points: Sequence[float], won: Sequence[bool], width: float) -> tuple[Band, ...]:
    ordered = sorted(points)
    lo = ordered[len(ordered) // 20]
    hi = ordered[len(ordered) - 1 - len(ordered) // 20]
    first = math.floor(lo / width) * width
    edges: list[float] = [first]
    while edges[-1] < hi and len(edges) < 40:  # noqa: PLR2004 - a screenful
        edges.append(edges[-1] + width)
    bounds: list[tuple[float | None, float | None]] = [(None, edges[0])]
    bounds += [(edges[k], edges[k + 1]) for k in range(len(edges) - 1)]
    bounds.append((edges[-1], None))
    out = []
    for low, high in bounds:
        inside = [
            k
            for k, p in enumerate(points)
            if (low is None or p >= low) and (high is None or p < high)
        ]
        if inside:
            hits = sum(1 for k in inside if won[k])
            out.append(Band(low, high, len(inside), hits, hits / len(inside)))
    return tuple(out)


def _fired(model: ScoringModel, scores: Sequence[object]) -> dict[str, list[int]]:
    fired: dict[str, list[int]] = {rule.name: [] for rule in model.rules}
    for k, score in enumerate(scores):
        for name in {e.rule for e in score.ledger if e.kind == "rule"}:  # type: ignore[attr-defined]
            fired.setdefault(name, []).append(k)
    return fired


PRIOR_LEADS = 10
"""Observed rates are shrunk towards the expected one as if by this many extra leads."""


def _smoothed(won: int, n: int, expected: float) -> float:
    return (won + PRIOR_LEADS * expected) / (n + PRIOR_LEADS)


def _rule_review(  # noqa: PLR0917 - the pieces of one rule's review
    rule: object,
    name: str,
    hits: Sequence[int],
    won: Sequence[bool],
    predicted: Sequence[float],
    slope: float | None,
    lang: str,
) -> RuleReview:
    n = len(won)
    total = sum(won)
    points = rule.points if isinstance(rule, Rule) else None
    fired_won = sum(1 for k in hits if won[k])
    fires = len(hits)
    rest_n, rest_won = n - fires, total - fired_won
    conv_fired = _rate(fired_won, fires)
    conv_rest = _rate(rest_won, rest_n)
    base = total / n if n else 0.0
    lift = conv_fired / base if conv_fired is not None and base else None
    z = z_two_proportions(fired_won, fires, rest_won, rest_n)
    flag: str | None = None
    note = ""
    if fires == 0:
        flag, note = "never_fires", text("never_fires", lang)
    elif points and rest_n > 0:  # a rule that fires on every lead has nothing to compare
        if (points > 0) != (z > 0) and abs(z) >= SIGNIFICANT:
            direction = text("better" if z > 0 else "worse", lang)
            flag = "wrong_way"
            note = (
                FLAGS["wrong_way"].get(lang, FLAGS["wrong_way"]["en"]).format(direction=direction)
            )
        elif lift is not None and abs(lift - 1) < NO_SIGNAL:
            flag, note = "no_signal", text("no_signal", lang)
    suggested = None
    change = None
    if points is not None and fires and slope is not None:
        expected = sum(predicted[k] for k in hits) / fires
        observed = _smoothed(fired_won, fires, expected)
        spread = math.sqrt(sum(predicted[k] * (1 - predicted[k]) for k in hits)) or 1.0
        surprise = (fired_won - expected * fires) / spread
        shift = (logit(observed) - logit(expected)) / slope
        new = round(points + shift)
        if (abs(surprise) >= SIGNIFICANT or flag is not None) and abs(new - points) >= MIN_CHANGE:
            suggested = float(new)
            key = "lower" if new < points else "raise"
            change = text(key, lang, rule=name, old=number(points, lang), new=number(new, lang))
            note = f"{note}; {change}" if note else change
    return RuleReview(
        rule=name,
        points=points,
        fires=fires,
        share=fires / n if n else 0.0,
        conversion_fired=conv_fired,
        conversion_not_fired=conv_rest,
        lift=lift,
        z=z,
        flag=flag,
        suggested_points=suggested,
        suggestion=change,
        note=note,
    )


def _losses(
    leads: Sequence[Lead], points: Sequence[float], won: Sequence[bool], line: float, lang: str
) -> tuple[int, int, tuple[Loss, ...]]:
    high = [k for k, p in enumerate(points) if p >= line]
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    for k in high:
        outcome = leads[k].outcome
        if won[k] or outcome is None or outcome.status != "lost":
            continue
        if outcome.reason is None:
            key, label = "unknown", text("unknown_reason", lang)
        else:
            key, label = outcome.reason.value, outcome.reason.label(lang)
        counts[key] = counts.get(key, 0) + 1
        labels[key] = label
    lost = sum(counts.values())
    losses = tuple(
        Loss(key, labels[key], n, n / lost)
        for key, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    return len(high), sum(1 for k in high if won[k]), losses


def _segment_value(lead: Lead, field: str) -> str | None:
    value = read_path(lead, field)
    if value is None or isinstance(value, list | tuple | dict):
        return None
    shown = str(value).strip()
    return shown or None


def _segments(  # noqa: PLR0917 - the pieces segments are judged by
    leads: Sequence[Lead],
    fields: Sequence[str],
    points: Sequence[float],
    won: Sequence[bool],
    predicted: Sequence[float],
    slope: float | None,
    fired: dict[str, list[int]],
    model: ScoringModel,
    lang: str,
) -> tuple[Segment, ...]:
    n = len(leads)
    least = max(20, n // 100)
    out: list[Segment] = []
    for field in fields:
        groups: dict[str, list[int]] = {}
        for k, lead in enumerate(leads):
            value = _segment_value(lead, field)
            if value is not None:
                groups.setdefault(value, []).append(k)
        for value, members in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
            if len(members) < least:
                continue
            hits = sum(1 for k in members if won[k])
            expected = sum(predicted[k] for k in members) / len(members)
            spread = math.sqrt(sum(predicted[k] * (1 - predicted[k]) for k in members)) or 1.0
            z = (hits - expected * len(members)) / spread
            rate = hits / len(members)
            suggestion = None
            if slope is not None and abs(z) >= 2 * SIGNIFICANT:
                smooth = _smoothed(hits, len(members), expected)
                shift = round((logit(smooth) - logit(expected)) / slope)
                if abs(shift) >= MIN_CHANGE:
                    suggestion = _segment_advice(
                        field, value, members, shift, fired, model, rate, expected, lang
                    )
            out.append(
                Segment(
                    field=field,
                    value=value,
                    leads=len(members),
                    won=hits,
                    win_rate=rate,
                    expected=expected,
                    mean_points=sum(points[k] for k in members) / len(members),
                    z=z,
                    suggestion=suggestion,
                )
            )
    return tuple(out)


def _segment_advice(  # noqa: PLR0917 - one sentence from its parts
    field: str,
    value: str,
    members: Sequence[int],
    shift: int,
    fired: dict[str, list[int]],
    model: ScoringModel,
    rate: float,
    expected: float,
    lang: str,
) -> str:
    seen = text(
        "segment",
        lang,
        field=field,
        value=value,
        rate=percent(rate, lang),
        expected=percent(expected, lang),
    )
    group = set(members)
    for rule in model.rules:
        hits = set(fired.get(rule.name, ()))
        if isinstance(rule, Rule) and rule.event is None and hits:
            overlap = len(hits & group)
            if overlap >= 0.9 * len(group) and overlap >= 0.9 * len(hits):
                new = round(rule.points + shift)
                key = "lower" if new < rule.points else "raise"
                old = number(rule.points, lang)
                return f"{seen}: " + text(key, lang, rule=rule.name, old=old, new=number(new, lang))
    return f"{seen}: " + text("add", lang, field=field, value=value, points=f"{shift:+d}")


def review(
    model: ScoringModel,
    leads: Sequence[Lead],
    outcome: Sequence[bool] | str = "outcome",
    *,
    as_of: AsOf = "decision",
    segments: Sequence[str] = DEFAULT_SEGMENTS,
    band_width: float = 20,
    lang: str = "en",
) -> Review:
    """Review ``model`` on leads with known outcomes.

    Args:
        model: the model to review.
        leads: the leads (each scored once).
        outcome: one bool per lead, or a lead path (see :func:`~leadqual.review.is_won`).
        as_of: ``"decision"`` (default) scores each lead as it stood at its decision
            time, ignoring later events: an as-of backtest. Or a moment, or ``None``.
        segments: lead paths whose values are segments (source, industry, …).
        band_width: points per calibration band.
        lang: ``"en"`` or ``"nl"`` for notes and suggestions.

    >>> import leadqual as lq
    >>> leads = [lq.Lead(str(k), job_title="Student" if k % 2 else "Manager") for k in range(40)]
    >>> found = review(lq.starter_model(), leads, [k % 4 == 1 for k in range(40)])
    >>> round(found.auc, 3), [(r.rule, r.flag) for r in found.rules if r.fires]
    (0.167, [('student', 'wrong_way')])
    """
    leads = list(leads)
    won = outcomes(leads, outcome) if isinstance(outcome, str) else [bool(v) for v in outcome]
    if len(won) != len(leads):
        detail = f"{len(won)} outcomes for {len(leads)} leads"
        raise ConfigError.at(place="outcome", detail=detail)
    if not leads:
        raise ConfigError.at(place="leads", detail="no leads to review")
    scores = [model.score(lead, as_of=_moment(lead, as_of)) for lead in leads]
    points = [score.points for score in scores]
    intercept, slope = logistic_1d(points, won)
    predicted = [sigmoid(intercept + slope * p) for p in points]
    rising = slope if slope > 1e-9 else None  # noqa: PLR2004 - points must mean something
    fired = _fired(model, scores)
    rules = tuple(
        _rule_review(
            rule,
            rule.name,
            hits=fired.get(rule.name, []),
            won=won,
            predicted=predicted,
            slope=rising,
            lang=lang,
        )
        for rule in model.rules
    )
    high, high_won, losses = _losses(leads, points, won, model.thresholds.sql, lang)
    found_segments = _segments(leads, segments, points, won, predicted, rising, fired, model, lang)
    suggestions = [r.suggestion for r in rules if r.suggestion is not None]
    suggestions += [s.suggestion for s in found_segments if s.suggestion is not None]
    return Review(
        model=model.name,
        leads=len(leads),
        positives=sum(won),
        conversion=sum(won) / len(won),
        auc=roc_auc(points, won),
        points_per_doubling=None if rising is None else math.log(2) / rising,
        deciles=_deciles(points, won),
        calibration=_bands(points, won, band_width),
        rules=rules,
        high_scores=high,
        high_score_won=high_won,
        losses=losses,
        segments=found_segments,
        suggestions=tuple(suggestions),
    )


def compare(
    a: ScoringModel,
    b: ScoringModel,
    leads: Sequence[Lead],
    outcome: Sequence[bool] | str = "outcome",
    *,
    as_of: AsOf = "decision",
    lang: str = "en",
) -> Comparison:
    """Two models side by side on the same leads, and the SQLs they disagree on.

    >>> import leadqual as lq
    >>> leads = [lq.Lead(str(k), job_title="Student" if k % 2 else "Manager") for k in range(8)]
    >>> won = [k % 2 == 0 for k in range(8)]
    >>> both = compare(lq.starter_model(), lq.starter_model(), leads, won)
    >>> both.auc_difference, both.only_b
    (0.0, (0, None))
    """
    leads = list(leads)
    won = outcomes(leads, outcome) if isinstance(outcome, str) else [bool(v) for v in outcome]
    first = review(a, leads, won, as_of=as_of, lang=lang)
    second = review(b, leads, won, as_of=as_of, lang=lang)
    sql_a = {k for k, lead in enumerate(leads) if _sql(a, lead, as_of)}
    sql_b = {k for k, lead in enumerate(leads) if _sql(b, lead, as_of)}

    def part(keys: set[int]) -> tuple[int, float | None]:
        return len(keys), _rate(sum(1 for k in keys if won[k]), len(keys))

    difference = None
    if first.auc is not None and second.auc is not None:
        difference = second.auc - first.auc
    return Comparison(first, second, difference, part(sql_a - sql_b), part(sql_b - sql_a))


def _sql(model: ScoringModel, lead: Lead, as_of: AsOf) -> bool:
    return model.score(lead, as_of=_moment(lead, as_of)).points >= model.thresholds.sql
