"""The Qualifier: fit, engagement and a framework weighed into one verdict.

How the verdict is made (every number here is configurable):

1. **Parts.** Each configured component gives a score from 0 to 100 and a coverage:

   - *fit*: ``icp.fit(lead).score`` over the ICP criteria whose data is known;
     coverage is the fit's coverage. No data: unknown.
   - *engagement*: the scoring model's ``engagement`` group as a share of the points
     that count as full engagement (default: the model's SQL threshold), capped to
     -100..100: with the starter model 50 points are 50, 100 points or more are 100,
     and net negative engagement lowers the score (which never goes below 0).
     Behaviour is observed, so engagement is always known (coverage 1): no events is
     no engagement.
   - *framework*: the weighted levels of the *answered* criteria only, so a strong
     Need and Authority with the budget still open scores high instead of being
     dragged down; coverage is the answered share of the weight. No answers: unknown.

2. **Score.** The weighted average of the known parts, each counting with
   ``weight x coverage``: unknown is never 0, it only lowers the confidence. The
   contributions lie on a 1/1024 grid and add up exactly to the score.

3. **Confidence** = ``Σ weight x coverage / Σ weight`` over the configured parts.

4. **Decision** (:class:`Policy`):

   - any knock-out (ICP exclusion, an explicit "no" to a knock-out criterion of the
     framework, a knock-out rule of the model) → ``DISQUALIFY``;
   - an explicit "no" to a required or veto criterion of the framework ("no need",
     BANT's "no budget": :attr:`Assessment.blockers`) → "not now": ``NURTURE``, never
     a call, whatever the score or the events;
   - the model says SQL, or the framework passed, or the lead showed buying intent
     (an event of ``policy.intent_events``: a demo or pricing request), or the score
     reaches ``policy.sql`` with enough confidence → ``CALL_NOW`` (SQL): notify the
     owner, call within ``policy.call_within_minutes`` (60, the article's
     speed-to-lead rule);
   - otherwise the stage is MQL when the model says MQL or the score reaches
     ``policy.mql`` (with enough confidence), else NEW;
   - the score cuts (``policy.sql``, ``policy.mql``) count only for a lead that showed
     interest (engagement above 0, or framework answers from a conversation): a
     perfect ICP fit that never engaged is not an MQL, as marketing suites mean it;
   - the decision is ``RESEARCH`` when the confidence is below
     ``policy.min_confidence``, else ``NURTURE``.

   A verdict is never "lost": that takes an explicit no or a competitor's win, which
   people record in the CRM (see :class:`leadqual.Stage`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from leadqual._core.events import canonical_key, canonical_order, count_after, effective_events
from leadqual._core.grid import quantize
from leadqual._lang import format_datetime, format_number, format_percent, shown
from leadqual._time import resolve_as_of
from leadqual.exceptions import ConfigError, TimestampError
from leadqual.frameworks import Assessment, Framework, Question, Status, Text
from leadqual.icp import ICP, Fit
from leadqual.scoring import Score, ScoringModel, format_points
from leadqual.stage import Stage
from leadqual.verdict._opening import SIGNAL_ORDER, SignalPatterns, signal_kind
from leadqual.verdict._verdict import (
    Decision,
    FollowUp,
    KnockOutReason,
    Part,
    Verdict,
)

if TYPE_CHECKING:
    from leadqual.frameworks import CriterionResult
    from leadqual.lead import Event, Lead

__all__ = ["EngagementScale", "Policy", "Qualifier", "Weights"]

_GRID = 1024


def _is_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    # Every int is finite; math.isfinite would overflow on one past 1e308.
    return isinstance(value, int) or math.isfinite(value)


_MAX_WEIGHT = 1e6  # weights are relative; a cap keeps their sums finite


def _weight(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not _is_number(value) or not 0 <= value <= _MAX_WEIGHT:  # type: ignore[operator]
        detail = f"expected a number from 0 to 1000000, got {shown(value)}"
        raise ConfigError.at(place=attribute.name, detail=detail)


def _percent(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not _is_number(value) or not 0 <= value <= 100:  # type: ignore[operator]  # noqa: PLR2004
        raise ConfigError.at(
            place=attribute.name, detail=f"expected a number from 0 to 100, got {value!r}"
        )


def _fraction(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not _is_number(value) or not 0 <= value <= 1:  # type: ignore[operator]
        raise ConfigError.at(
            place=attribute.name, detail=f"expected a number from 0 to 1, got {value!r}"
        )


def _positive(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not _is_number(value) or value <= 0):  # type: ignore[operator]
        raise ConfigError.at(
            place=attribute.name, detail=f"expected a number above 0, got {value!r}"
        )


def _name(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError.at(
            place=attribute.name, detail=f"expected a non-empty name, got {value!r}"
        )


def _event_types(items: Iterable[str]) -> tuple[str, ...]:
    if isinstance(items, str):
        detail = f"expected a list of event types, got the text {items!r}"
        raise ConfigError.at(place="intent_events", detail=detail)
    return tuple(items)


def _names(_instance: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise ConfigError.at(
                place=f"{attribute.name}[{index}]",
                detail=f"expected a non-empty event type, got {item!r}",
            )


@attrs.frozen
class Weights:
    """Relative weights of the three parts; only their ratios matter.

    A weight of 0 leaves a part out; weights of components the qualifier does not have
    are ignored. The framework counts double by default: what sales heard in
    conversation is the strongest evidence, and it only counts as far as it is
    answered (its weight is multiplied by its coverage).

    >>> Weights(fit=1, engagement=2, framework=1).engagement
    2
    """

    fit: float = attrs.field(default=1.0, validator=_weight)
    engagement: float = attrs.field(default=1.0, validator=_weight)
    framework: float = attrs.field(default=2.0, validator=_weight)


@attrs.frozen
class EngagementScale:
    """How engagement points (unbounded) become a 0-100 part.

    ``engagement = clamp(100 x points / full, -100, 100)`` with ``points`` the sum of the
    model's ``group`` and ``full`` the points that count as fully engaged (default:
    the model's SQL threshold, so the scale follows the model). Negative engagement
    (an unsubscribe, a bounce) is negative: it lowers the weighted score, which itself
    never goes below 0.

    >>> EngagementScale(full=80).to_percent(40)
    50
    """

    group: str = attrs.field(default="engagement", validator=_name)
    full: float | None = attrs.field(default=None, validator=_positive)

    def to_percent(self, points: float, full: float | None = None) -> float:
        """The 0-100 engagement for ``points``, on the 1/1024 grid."""
        scale = self.full if self.full is not None else full
        if scale is None or scale <= 0:
            msg = "engagement.full: expected a number above 0 (or a model with an SQL threshold)"
            raise ConfigError(msg)
        return quantize(min(100.0, max(-100.0, 100 * points / scale)))


@attrs.frozen
class Policy:
    """The decision policy: score cuts, the confidence needed, the follow-up rules.

    Args:
        sql: weighted score (0-100) from which a confident lead is an SQL: call now.
        mql: weighted score from which a confident lead is an MQL.
        min_confidence: below it (0-1) the verdict does not trust the weighted score:
            ``RESEARCH`` instead of ``NURTURE``, and no SQL by weighted score alone.
        call_within_minutes: the speed-to-lead deadline for an SQL (the article: 60).
        mql_track, new_track: the nurture tracks for MQLs (consideration content) and
            new leads (awareness content).
        intent_events: event types that show buying intent (the article: a demo
            request, a pricing request): a lead with one of them is an SQL to call
            now, unless knocked out or blocked by an explicit "no"; ``()`` turns this
            off and leaves it to the scoring model's points.

    >>> Policy().sql, Policy().call_within_minutes
    (65, 60)
    >>> Policy().intent_events
    ('demo_requested', 'pricing_requested')
    """

    sql: float = attrs.field(default=65, validator=_percent)
    mql: float = attrs.field(default=40, validator=_percent)
    min_confidence: float = attrs.field(default=0.4, validator=_fraction)
    call_within_minutes: float = attrs.field(default=60, validator=_positive)
    mql_track: str = attrs.field(default="consideration", validator=_name)
    new_track: str = attrs.field(default="awareness", validator=_name)
    intent_events: tuple[str, ...] = attrs.field(
        default=("demo_requested", "pricing_requested"),
        converter=_event_types,
        validator=_names,
    )

    def __attrs_post_init__(self) -> None:
        if self.mql > self.sql:
            detail = f"expected at most sql ({self.sql!r}), got {self.mql!r}"
            place = "mql"
            raise ConfigError.at(place=place, detail=detail)


def _due(moment: dt.datetime | None, minutes: float) -> dt.datetime | None:
    if moment is None:
        return None
    try:
        return moment + dt.timedelta(minutes=minutes)
    except OverflowError:
        detail = (
            f"{moment.isoformat()} plus {format_points(minutes)} minutes to call is past the "
            "end of the calendar (year 9999)"
        )
        raise TimestampError.at(place="follow_up.due", detail=detail) from None


@attrs.frozen
class _Raw:
    """A part before the weighting: its score, weight and coverage."""

    name: str
    label: Text
    score: float | None
    weight: float
    coverage: float


def _spread(raws: list[_Raw]) -> tuple[list[int], list[float]]:
    """Grid units (1/1024) of each contribution, and each part's share of the weight.

    Each contribution is rounded down to the grid, then the units the rounding lost go
    to the largest remainders (ties in part order): the sum is the rounded true total,
    never below 0 (negative engagement takes away at most what the other parts give),
    and nothing depends on the order of adding.
    """
    weights = [r.weight * r.coverage if r.score is not None else 0.0 for r in raws]
    total = sum(weights)
    if total <= 0:
        return [0] * len(raws), [0.0] * len(raws)
    exact = [(r.score or 0.0) * w / total * _GRID for r, w in zip(raws, weights, strict=True)]
    gained = sum(x for x in exact if x > 0)
    lost = -sum(x for x in exact if x < 0)
    if lost > gained:
        # The score does not go below 0: the negative parts take away at most what the
        # others give, in proportion.
        exact = [x * gained / lost if x < 0 else x for x in exact]
    units = [math.floor(x) for x in exact]
    target = min(max(round(sum(exact)), sum(units), 0), sum(units) + len(units), 100 * _GRID)
    order = sorted(range(len(raws)), key=lambda i: (-(exact[i] - units[i]), i))
    for index in order[: target - sum(units)]:
        units[index] += 1
    return units, [round(w / total, 4) for w in weights]


def _interest(found: _Findings) -> bool:
    """Whether the lead showed interest: engagement above 0, or answers from a conversation.

    Without an engagement part (no model) interest cannot be measured and counts as shown.
    """
    parts = {raw.name: raw for raw in found.raws}
    engagement = parts.get("engagement")
    if engagement is None:
        return True
    framework = parts.get("framework")
    return (engagement.score or 0) > 0 or (framework is not None and framework.score is not None)


def _grid(units: int) -> float:
    return units // _GRID if units % _GRID == 0 else units / _GRID


def _show_answer(result: CriterionResult) -> Text:
    """The answer as people read it: the option's label in the language, yes/ja."""
    return Text(result.show_answer("en") or "", result.show_answer("nl") or "")


_INTENT_LABELS = {
    "demo_requested": Text("requested a demo", "vroeg een demo aan"),
    "pricing_requested": Text("asked for pricing", "vroeg prijsinformatie op"),
}


def _intent_label(event_type: str) -> Text:
    found = _INTENT_LABELS.get(event_type)
    if found is not None:
        return found
    shown = event_type.replace("_", " ")
    return Text(shown, shown)


def _pain_points(lead: Lead) -> tuple[str, ...]:
    value = lead.attributes.get("pain_points")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    return tuple(item.strip() for item in value if isinstance(item, str) and item.strip())


def _signals(
    events: list[Event], patterns: SignalPatterns
) -> tuple[tuple[Event, ...], tuple[str, ...]]:
    best: dict[str, Event] = {}
    for event in events:
        kind = signal_kind(event, patterns)
        if kind is None:
            continue
        current = best.get(kind)
        if current is None or canonical_key(event) > canonical_key(current):
            best[kind] = event
    kinds = tuple(kind for kind in SIGNAL_ORDER if kind in best)
    return tuple(best[kind] for kind in kinds), kinds


@attrs.frozen
class _Findings:
    """What the components said, gathered before deciding."""

    raws: list[_Raw] = attrs.field(factory=list)
    why: list[Text] = attrs.field(factory=list)
    knock_outs: list[KnockOutReason] = attrs.field(factory=list)
    blockers: list[Text] = attrs.field(factory=list)
    intent: list[str] = attrs.field(factory=list)


@attrs.frozen
class Qualifier:
    """Weighs ICP fit, engagement points and a framework assessment into a :class:`Verdict`.

    The constructor only stores and checks its parameters (at least one component,
    weights not all zero); :meth:`qualify` is pure: no I/O, no clock.

    Args:
        model: the scoring model (engagement points, its SQL/MQL stage, knock-out rules).
        icp: the Ideal Customer Profile (fit, exclusions).
        framework: the qualification framework assessed on ``lead.answers``.
        weights: the relative weights of fit, engagement and framework.
        engagement: how engagement points become 0-100.
        policy: the score cuts, confidence and follow-up rules.
        name: the qualifier's name (for files and logs).

    >>> import leadqual as lq
    >>> from leadqual.frameworks import BANT
    >>> qualifier = Qualifier(model=lq.starter_model(), framework=BANT)
    >>> lead = lq.Lead.from_mapping({"id": "L-1", "events": [
    ...     {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"}],
    ...     "answers": {"need": "urgent", "authority": "decision_maker"}})
    >>> verdict = qualifier.qualify(lead, as_of="2026-11-21T14:30:00+01:00")
    >>> verdict.decision.value, verdict.stage.value, verdict.score
    ('call_now', 'sql', 65.3837890625)
    >>> [part.contribution for part in verdict.parts]
    [11.5390625, 53.8447265625]
    >>> verdict.next_questions()[0]
    'Is there a budget set aside for solving this, and roughly how large is it?'
    >>> verdict.follow_up.due.isoformat()
    '2026-11-21T15:02:00+01:00'
    """

    model: ScoringModel | None = None
    icp: ICP | None = None
    framework: Framework | None = None
    weights: Weights = attrs.field(factory=Weights)
    engagement: EngagementScale = attrs.field(factory=EngagementScale)
    policy: Policy = attrs.field(factory=Policy)
    name: str = attrs.field(default="qualifier", validator=_name)
    signals: SignalPatterns = attrs.field(factory=SignalPatterns)

    def __attrs_post_init__(self) -> None:
        problems: list[str] = []
        configured = self._configured()
        if not configured:
            problems.append("expected at least one of model, icp, framework")
        elif sum(weight for _, weight in configured) <= 0:
            names = ", ".join(name for name, _ in configured)
            problems.append(f"weights: expected a weight above 0 for at least one of {names}")
        if self.model is not None:
            groups = [group.name for group in self.model.groups]
            if self.engagement.group not in groups:
                problems.append(
                    f"engagement.group: the model has no group {self.engagement.group!r}; "
                    f"expected one of {groups}"
                )
            if self.engagement.full is None and self.model.thresholds.sql <= 0:
                problems.append(
                    "engagement.full: the model's SQL threshold is not above 0; give full points"
                )
        if problems:
            raise ConfigError("invalid qualifier: " + "; ".join(problems), errors=problems)

    def _configured(self) -> list[tuple[str, float]]:
        found = []
        if self.icp is not None:
            found.append(("fit", self.weights.fit))
        if self.model is not None:
            found.append(("engagement", self.weights.engagement))
        if self.framework is not None:
            found.append(("framework", self.weights.framework))
        return found

    def qualify(self, lead: Lead, as_of: dt.datetime | str | None = None) -> Verdict:
        """The verdict for ``lead`` as of a moment (an aware datetime or ISO-8601 string).

        Same lead and ``as_of``, same verdict, byte for byte. Without ``as_of`` the
        model measures from the lead's own latest moment and the follow-up has no due
        time.
        """
        moment = resolve_as_of(as_of)
        return self._verdict(lead, moment, find_crossing=True)

    def _verdict(self, lead: Lead, moment: dt.datetime | None, *, find_crossing: bool) -> Verdict:
        found = _Findings()
        fit = self.icp.fit(lead) if self.icp is not None else None
        score = self.model.score(lead, moment) if self.model is not None else None
        assessment = self.framework.assess_lead(lead) if self.framework is not None else None
        if fit is not None:
            self._fit_part(fit, found)
        if score is not None and self.model is not None:
            self._engagement_part(self.model, score, found)
        if assessment is not None:
            self._framework_part(assessment, found)
        events = effective_events(lead.events, moment)
        wanted = self.policy.intent_events
        found.intent.extend(dict.fromkeys(e.type for e in events if e.type in wanted))
        units, shares = _spread(found.raws)
        total_weight = sum(raw.weight for raw in found.raws)
        confidence = round(
            sum(raw.weight * raw.coverage for raw in found.raws if raw.score is not None)
            / total_weight,
            4,
        )
        parts = tuple(
            Part(raw.name, raw.label, raw.score, raw.weight, raw.coverage, share, _grid(unit))
            for raw, unit, share in zip(found.raws, units, shares, strict=True)
        )
        total = _grid(sum(units))
        decision, stage, reason = self._decide(total, confidence, score, assessment, found)
        # A disqualified lead gets no sales conversation, so nothing to ask.
        questions = (
            self._questions(assessment)
            if assessment is not None and decision is not Decision.DISQUALIFY
            else ()
        )
        since = None
        if decision is Decision.CALL_NOW and moment is not None:
            since = self._crossing(lead, events, moment) if find_crossing else moment
        signals = _signals(events, self.signals)
        return Verdict(
            lead_id=lead.id,
            decision=decision,
            stage=stage,
            score=total,
            confidence=confidence,
            parts=parts,
            follow_up=self._follow_up(decision, stage, moment, since, found),
            knock_outs=tuple(found.knock_outs),
            as_of=moment,
            points=score.points if score is not None else None,
            why=(*(k.text for k in found.knock_outs), reason, *found.why),
            questions=questions,
            signals=signals[0],
            signal_kinds=signals[1],
            first_name=lead.first_name,
            pain_points=_pain_points(lead),
            model_stage=score.stage if score is not None else None,
            grade=fit.grade.value if fit is not None and fit.score is not None else None,
            ignored_future=(
                score.ignored_future if score is not None else count_after(lead.events, moment)
            ),
        )

    def _questions(self, assessment: Assessment) -> tuple[Question, ...]:
        """The framework's next questions, then a confirmation of each answer short of full.

        A budget "allocated, awaiting sign-off" counts as met, yet the rep should still
        confirm it: such a criterion adds its last question (the confirming one), the
        criteria with the most points still open first.
        """
        asked = assessment.next_questions()
        keys = {question.key for question in asked}
        framework = self.framework
        if framework is None:  # pragma: no cover - only called with an assessment
            return asked
        texts = {criterion.key: criterion.questions for criterion in framework.criteria}
        short = sorted(
            (
                r
                for r in assessment.results
                if r.status is Status.MET and r.points < r.max_points and r.key not in keys
            ),
            key=lambda r: -(r.max_points - r.points),
        )
        extra = tuple(Question(r.key, texts[r.key][-1]) for r in short if texts.get(r.key))
        return (*asked, *extra)

    def _crossing(self, lead: Lead, events: list[Event], moment: dt.datetime) -> dt.datetime:
        """The moment the lead crossed the line: the event that made it ``CALL_NOW``.

        A binary search over the events in time order for a prefix that is a call and
        one event less that is not; when every prefix calls (the answers alone make it
        an SQL), ``moment``.
        """
        ordered = canonical_order(events)

        def calls(count: int) -> bool:
            prefix = attrs.evolve(lead, events=tuple(ordered[:count]))
            verdict = self._verdict(prefix, moment, find_crossing=False)
            return verdict.decision is Decision.CALL_NOW

        if not ordered or calls(0):
            return moment
        low, high = 0, len(ordered)  # calls(low) is false, calls(high) is true
        while high - low > 1:
            middle = (low + high) // 2
            if calls(middle):
                high = middle
            else:
                low = middle
        return ordered[high - 1].at

    # --- the parts ------------------------------------------------------------------------

    def _fit_part(self, fit: Fit, found: _Findings) -> None:
        found.raws.append(
            _Raw("fit", Text("Fit", "Fit"), fit.score, self.weights.fit, fit.coverage)
        )
        found.knock_outs.extend(
            KnockOutReason("icp", item.kind, Text(item.explain("en"), item.explain("nl")))
            for item in fit.knockouts
        )
        if fit.score is None:
            found.why.append(
                Text(
                    "Fit unknown: no data for the ICP criteria (left out, not counted as 0)",
                    "Fit onbekend: geen gegevens voor de ICP-criteria (niet meegeteld, niet als 0)",
                )
            )
        elif not fit.knocked_out:
            found.why.append(
                _say(
                    "Fit {score}/100, grade {grade}, coverage {cov}",
                    "Fit {score}/100, klasse {grade}, dekking {cov}",
                    score=fit.score,
                    cov=_Percent(fit.coverage),
                    grade=Text(fit.grade.label("en"), fit.grade.label("nl")),
                )
            )

    def _engagement_part(self, model: ScoringModel, score: Score, found: _Findings) -> None:
        full = self.engagement.full if self.engagement.full is not None else model.thresholds.sql
        points = score.groups.get(self.engagement.group, 0)
        percent = self.engagement.to_percent(points, full)
        found.raws.append(
            _Raw(
                "engagement",
                Text("Engagement", "Engagement"),
                percent,
                self.weights.engagement,
                1.0,
            )
        )
        found.why.append(
            _say(
                "Engagement {shown}/100 ({pts} of {of} points)",
                "Engagement {shown}/100 ({pts} van {of} punten)",
                shown=percent,
                pts=points,
                of=full,
            )
        )
        found.why.extend(
            Text(en, nl)
            for en, nl in zip(score.reasons("en", 3), score.reasons("nl", 3), strict=True)
        )
        labels = {rule.name: rule for rule in model.rules}
        for name in score.knocked_out:
            # A knock-out may come from the model's fit part (an ICP exclusion), not a rule.
            rule = labels.get(name)
            en, nl = (rule.label("en"), rule.label("nl")) if rule is not None else (name, name)
            found.knock_outs.append(
                KnockOutReason(
                    "model",
                    name,
                    Text(
                        f"Knock-out rule of the scoring model: {en}",
                        f"Knock-outregel van het scoremodel: {nl}",
                    ),
                )
            )

    def _framework_part(self, assessment: Assessment, found: _Findings) -> None:
        name = assessment.framework
        known = [r for r in assessment.results if r.status is not Status.UNKNOWN]
        possible = sum(r.max_points for r in known)
        value = round(100 * sum(r.points for r in known) / possible, 2) if possible > 0 else None
        coverage = round(assessment.coverage, 4)
        found.raws.append(
            _Raw("framework", Text(name, name), value, self.weights.framework, coverage)
        )
        for key in assessment.blockers:
            result = assessment.result(key)
            answer = _show_answer(result)
            found.blockers.append(
                Text(
                    f"{name} {result.label.get('en')} answered '{answer.get('en')}'",
                    f"bij {name} is {result.label.get('nl')} beantwoord met '{answer.get('nl')}'",
                )
            )
        for key in assessment.knockouts:
            result = assessment.result(key)
            answer = _show_answer(result)
            found.knock_outs.append(
                KnockOutReason(
                    "framework",
                    key,
                    Text(
                        f"Knock-out: {name} {result.label.get('en')} answered '{answer.get('en')}'",
                        f"Knock-out: bij {name} is {result.label.get('nl')} beantwoord met "
                        f"'{answer.get('nl')}'",
                    ),
                )
            )
        if value is None:
            found.why.append(
                Text(
                    f"{name}: no answers yet (left out, not counted as 0)",
                    f"{name}: nog geen antwoorden (niet meegeteld, niet als 0)",
                )
            )
            return
        missing = [r.label for r in assessment.results if r.status is Status.UNKNOWN]
        said = _say(
            "{name} {shown}/100 on the known answers, coverage {cov}",
            "{name} {shown}/100 op de bekende antwoorden, dekking {cov}",
            name=Text(name, name),
            shown=value,
            cov=_Percent(coverage),
        )
        en, nl = said.get("en"), said.get("nl")
        if missing:
            en += "; still unknown: " + ", ".join(label.get("en") for label in missing)
            nl += "; nog onbekend: " + ", ".join(label.get("nl") for label in missing)
        found.why.append(Text(en, nl))

    # --- the decision ---------------------------------------------------------------------

    def _decide(
        self,
        total: float,
        confidence: float,
        score: Score | None,
        assessment: Assessment | None,
        found: _Findings,
    ) -> tuple[Decision, Stage, Text]:
        policy = self.policy
        confident = confidence >= policy.min_confidence
        # The score cuts need interest shown: a perfect fit that did nothing is no MQL.
        interest = _interest(found)
        cuts = confident and interest
        if found.knock_outs:
            return (
                Decision.DISQUALIFY,
                Stage.DISQUALIFIED,
                Text(
                    "Disqualified by a knock-out, whatever the score",
                    "Gediskwalificeerd door een knock-out, ongeacht de score",
                ),
            )
        if found.blockers:
            stage = self._waiting_stage(total, cuts, score, found)
            en = "; ".join(text.get("en") for text in found.blockers)
            nl = "; ".join(text.get("nl") for text in found.blockers)
            reason = Text(
                f"Not now: {en}; nurture until that changes, no call",
                f"Nu even niet: {nl}; in de nurture-flow tot dat verandert, niet bellen",
            )
            return Decision.NURTURE, stage, reason
        called = self._call_now_reason(total, cuts, score, assessment, found)
        if called is not None:
            return Decision.CALL_NOW, Stage.SQL, called
        stage = self._waiting_stage(total, cuts, score, found)
        if cuts and total >= policy.mql:
            reason = _say(
                "Weighted score {shown} reaches the MQL cut of {mql} (SQL from {cut})",
                "Gewogen score {shown} haalt de MQL-grens van {mql} (SQL vanaf {cut})",
                shown=total,
                mql=policy.mql,
                cut=policy.sql,
            )
        elif stage is Stage.MQL:
            reason = _say(
                "Reached the scoring model's MQL threshold with {pts} points",
                "MQL-drempel van het scoremodel bereikt met {pts} punten",
                pts=score.points if score is not None else 0,
            )
        elif confident and total >= policy.mql:
            reason = _say(
                "Weighted score {shown} reaches the MQL cut of {mql}, but the lead has not "
                "engaged yet: a good fit alone is not an MQL",
                "Gewogen score {shown} haalt de MQL-grens van {mql}, maar de lead heeft nog "
                "geen interesse getoond: alleen een goede fit is geen MQL",
                shown=total,
                mql=policy.mql,
            )
        else:
            reason = _say(
                "Weighted score {shown} is below the MQL cut of {mql}: not sales-ready "
                "yet, not lost",
                "Gewogen score {shown} ligt onder de MQL-grens van {mql}: nog niet klaar "
                "voor sales, niet verloren",
                shown=total,
                mql=policy.mql,
            )
        if not confident:
            reason = _say(
                "Confidence {pct} is below {need}: too little is known to decide",
                "Zekerheid {pct} ligt onder {need}: te weinig bekend om te beslissen",
                pct=_Percent(confidence),
                need=_Percent(policy.min_confidence),
            )
            return Decision.RESEARCH, stage, reason
        return Decision.NURTURE, stage, reason

    def _call_now_reason(
        self,
        total: float,
        confident: bool,
        score: Score | None,
        assessment: Assessment | None,
        found: _Findings,
    ) -> Text | None:
        """Why the lead is an SQL to call now, or ``None`` when it is not."""
        policy = self.policy
        if score is not None and score.stage is Stage.SQL:
            return _say(
                "Reached the scoring model's SQL threshold: {pts} points (SQL from {sql})",
                "SQL-drempel van het scoremodel bereikt: {pts} punten (SQL vanaf {sql})",
                pts=score.points,
                sql=self._model_sql(),
            )
        if assessment is not None and assessment.passed:
            name, rule = assessment.framework, assessment.rule
            return Text(
                f"{name} qualified: {rule.get('en')}", f"{name} gekwalificeerd: {rule.get('nl')}"
            )
        if confident and total >= policy.sql:
            return _say(
                "Weighted score {shown} reaches the SQL cut of {cut}",
                "Gewogen score {shown} haalt de SQL-grens van {cut}",
                shown=total,
                cut=policy.sql,
            )
        if found.intent:
            labels = [_intent_label(kind) for kind in found.intent]
            return Text(
                "Showed buying intent: " + " and ".join(t.get("en") for t in labels),
                "Koopintentie getoond: " + " en ".join(t.get("nl") for t in labels),
            )
        return None

    def _waiting_stage(
        self, total: float, confident: bool, score: Score | None, found: _Findings
    ) -> Stage:
        """MQL or NEW for a lead that is not called now.

        MQL when the weighted score reaches the MQL cut with enough confidence, or the
        model says MQL; a lead held back by an explicit "no" also stays an MQL when the
        model says SQL or it showed buying intent.
        """
        if confident and total >= self.policy.mql:
            return Stage.MQL
        if score is not None and score.stage in (Stage.MQL, Stage.SQL):
            return Stage.MQL
        return Stage.MQL if found.intent else Stage.NEW

    def _model_sql(self) -> float:
        return self.model.thresholds.sql if self.model is not None else 0

    def _follow_up(
        self,
        decision: Decision,
        stage: Stage,
        moment: dt.datetime | None,
        since: dt.datetime | None,
        found: _Findings,
    ) -> FollowUp:
        policy = self.policy
        if decision is Decision.CALL_NOW:
            minutes = policy.call_within_minutes
            due = _due(since, minutes)
            task = _say(
                "Notify the owner now and call this lead within {shown} minutes",
                "Laat het de eigenaar direct weten en bel deze lead binnen {shown} minuten op",
                shown=minutes,
            )
            if due is not None and moment is not None and since is not None and due < moment:
                task = _say(
                    "Overdue: call this lead at once (it crossed the line at {since}; the "
                    "{shown}-minute deadline has passed)",
                    "Te laat: bel deze lead direct (over de grens op {since}; de termijn van "
                    "{shown} minuten is verstreken)",
                    since=Text(format_datetime(since, "en"), format_datetime(since, "nl")),
                    shown=minutes,
                )
            return FollowUp(task, notify=True, within_minutes=minutes, due=due, since=since)
        if decision is Decision.NURTURE:
            track = policy.mql_track if stage is Stage.MQL else policy.new_track
            task = Text(
                f"Add to the nurture track '{track}'; qualify again when new signals arrive",
                f"Zet de lead in de nurture-flow '{TRACKS_NL.get(track, track)}'; beoordeel "
                "opnieuw zodra er nieuwe signalen zijn",
            )
            return FollowUp(task, track=track)
        if decision is Decision.RESEARCH:
            return FollowUp(
                Text(
                    "Complete the lead's data (company, role) and ask the open questions "
                    "before deciding",
                    "Vul de gegevens van de lead aan (bedrijf, functie) en stel de open vragen "
                    "voordat je beslist",
                )
            )
        first = found.knock_outs[0].text
        return FollowUp(
            Text(
                f"No sales follow-up ({first.get('en')})",
                f"Geen salesopvolging ({first.get('nl')})",
            )
        )


TRACKS_NL = {
    "awareness": "bewustwording",
    "consideration": "overweging",
    "decision": "beslissing",
    "reactivation": "heractivering",
    "onboarding": "onboarding",
}
"""The default nurture tracks as Dutch names them (a track of your own keeps its name)."""


@attrs.frozen
class _Percent:
    """A fraction to show as a percentage in a :func:`_say` sentence."""

    fraction: float


def _say(en: str, nl: str, **values: float | Text | _Percent) -> Text:
    """Both languages of one sentence, numbers written the way each language writes them."""

    def shown(value: float | Text | _Percent, lang: str) -> str:
        if isinstance(value, Text):
            return value.get(lang)
        if isinstance(value, _Percent):
            return format_percent(value.fraction, lang)
        return format_points(value) if lang == "en" else format_number(value, lang)

    return Text(
        en.format(**{key: shown(value, "en") for key, value in values.items()}),
        nl.format(**{key: shown(value, "nl") for key, value in values.items()}),
    )
