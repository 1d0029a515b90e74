"""Learn a readable integer points table from outcomes: :class:`Calibrator`.

The recipe: candidate rules (from the data and from a given model), each lead's features
computed by the scoring engine itself as the lead stood at its decision time, an L1 path
of a logistic regression to pick at most ``max_rules`` of them (optionally with
monotonic cut points), an L2 refit on those, and points rounded to integers on a stated
scale: ``100`` points means ``sql_probability``, and every ``points_to_double_odds``
points double the odds.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from leadqual.exceptions import ConfigError
from leadqual.review._candidates import BASE_RULE, Candidate, candidates, normal_path
from leadqual.review._outcome import decision_time, outcomes
from leadqual.review._stats import logit, sigmoid
from leadqual.scoring import Group, Rule, ScoringModel, Thresholds

if TYPE_CHECKING:
    from leadqual.lead import Lead
    from leadqual.review._solver import Array

__all__ = ["AsOf", "Calibrator", "ThresholdAdvice", "features", "recommend_threshold", "score_at"]

AsOf = dt.datetime | str | None
"""When to score each lead: ``"decision"`` (its decision time), a moment, or ``None``."""


def _moment(lead: Lead, as_of: AsOf) -> dt.datetime | str | None:
    if as_of == "decision":
        return decision_time(lead)
    return as_of


def score_at(model: ScoringModel, leads: Sequence[Lead], as_of: AsOf = "decision") -> list[float]:
    """Each lead's points, scored as of its decision time (or the moment given).

    >>> import leadqual as lq
    >>> score_at(lq.starter_model(), [lq.Lead("a", job_title="Student")])
    [-20]
    """
    return [model.score(lead, as_of=_moment(lead, as_of)).points for lead in leads]


def _probe(rules: Sequence[Rule], model: ScoringModel | None) -> ScoringModel:
    names = {rule.group_name for rule in rules} | {"fit", "engagement"}
    decays = {g.name: g.decay for g in model.groups} if model is not None else {}
    groups = [Group(name, decay=decays.get(name)) for name in sorted(names)]
    return ScoringModel(rules, groups=groups, name="candidates")


def features(
    rules: Sequence[Rule],
    leads: Sequence[Lead],
    *,
    as_of: AsOf = "decision",
    model: ScoringModel | None = None,
) -> Array:
    """The feature matrix: each rule's points (with 1 point per match) for each lead.

    Computed by scoring the rules as one model, so a feature is exactly what the rule
    gives in the ledger (counts, limits, windows and decay included).
    """
    import numpy as np  # noqa: PLC0415 - the learn extra is optional

    probe = _probe(rules, model)
    column = {rule.name: k for k, rule in enumerate(rules)}
    x = np.zeros((len(leads), len(rules)))
    for i, lead in enumerate(leads):
        for entry in probe.score(lead, as_of=_moment(lead, as_of)).ledger:
            k = column.get(entry.rule)
            if k is not None:
                x[i, k] += entry.points
    return x


def _distinct_columns(x: Array) -> list[int]:
    """Column 0 (the base) and every column that is neither constant nor a copy.

    A copy is a column equal to an earlier one or to its complement (``1 - column``,
    which the base makes redundant): the model's own rule wins over the data's twin.
    """
    seen: set[bytes] = set()
    kept = [0]
    for k in range(1, x.shape[1]):
        column = x[:, k]
        if column.std() == 0:
            continue
        key, complement = column.tobytes(), (1.0 - column).tobytes()
        if key in seen or complement in seen:
            continue
        seen.add(key)
        kept.append(k)
    return kept


@attrs.frozen
class ThresholdAdvice:
    """A recommended SQL line and what it means on the leads it was chosen on.

    Attributes:
        points: the line (a lead at or above it is an SQL).
        rejection_rate: the share of leads below it.
        per_week: leads at or above it per week (``None`` without creation dates).
        conversion_above: the observed conversion of the leads at or above it.
    """

    points: float
    rejection_rate: float
    per_week: float | None
    conversion_above: float | None


def _weeks(leads: Sequence[Lead]) -> float | None:
    created = [lead.created_at for lead in leads if lead.created_at is not None]
    if len(created) < 2:  # noqa: PLR2004 - a span needs two moments
        return None
    span = (max(created) - min(created)).total_seconds() / (7 * 86400)
    return max(span, 1.0)


def recommend_threshold(
    points: Sequence[float],
    leads: Sequence[Lead],
    won: Sequence[bool] | None = None,
    *,
    rejection_rate: float | None = None,
    capacity_per_week: float | None = None,
) -> ThresholdAdvice:
    """The SQL line for a target rejection rate or a sales capacity (leads per week).

    With ``rejection_rate`` the line leaves that share of leads below it; with
    ``capacity_per_week`` it passes at most that many leads a week (the weeks are the
    span of the leads' ``created_at``). With both, the stricter line wins.

    >>> import leadqual as lq
    >>> leads = [lq.Lead(str(k)) for k in range(10)]
    >>> recommend_threshold(list(range(10)), leads, rejection_rate=0.7).points
    7
    """
    if rejection_rate is None and capacity_per_week is None:
        msg = "give a rejection_rate or a capacity_per_week"
        raise ConfigError(msg)
    if rejection_rate is not None and not 0 <= rejection_rate < 1:
        detail = f"expected a share from 0 to 1 (exclusive), got {rejection_rate!r}"
        raise ConfigError.at(place="rejection_rate", detail=detail)
    ordered = sorted(points)
    n = len(ordered)
    if n == 0:
        raise ConfigError.at(place="leads", detail="no leads to choose a line on")
    weeks = _weeks(leads)
    keep = n
    if rejection_rate is not None:
        keep = min(keep, n - math.ceil(rejection_rate * n))
    if capacity_per_week is not None:
        if weeks is None:
            detail = "a capacity needs leads with created_at to count weeks"
            raise ConfigError.at(place="capacity_per_week", detail=detail)
        keep = min(keep, math.floor(capacity_per_week * weeks))
    keep = max(keep, 1)
    line = ordered[n - keep]
    # ties: every lead on the line passes, so move up past ties when that overshoots
    above = [p for p in ordered if p >= line]
    if len(above) > keep:
        higher = [p for p in ordered if p > line]
        if higher:
            line = higher[0]
    passing = [k for k, p in enumerate(points) if p >= line]
    conversion = None
    if won is not None and passing:
        conversion = sum(1 for k in passing if won[k]) / len(passing)
    return ThresholdAdvice(
        points=line,
        rejection_rate=1 - len(passing) / n,
        per_week=None if weeks is None else len(passing) / weeks,
        conversion_above=conversion,
    )


def _probability(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not isinstance(value, int | float) or not 0 < value < 1:
        detail = f"expected a probability between 0 and 1, got {value!r}"
        raise ConfigError.at(place=attribute.name, detail=detail)


def _optional_probability(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:  # noqa: ANN401 - an attrs validator
    if value is not None:
        _probability(instance, attribute, value)


def _positive(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
        raise ConfigError.at(
            place=attribute.name, detail=f"expected a positive number, got {value!r}"
        )


def _paths(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _monotone(value: object) -> str:
    if value not in {"auto", "none"}:
        raise ConfigError.at(place="monotone", detail=f"expected 'auto' or 'none', got {value!r}")
    return str(value)


@attrs.frozen
class Calibrator:
    """Learns an integer points table from leads and their outcomes.

    scikit-learn manners: the constructor only stores parameters; :meth:`fit` returns a
    new :class:`~leadqual.scoring.ScoringModel` (an ordinary, editable model whose
    ``description`` states its scale) and changes nothing.

    Args:
        model: a model whose rules join the candidates (its knock-outs are kept as
            they are); the learned points replace its points.
        max_rules: at most this many rules in the result, the starting points included.
        sql_probability: the conversion probability that 100 points (the SQL line) means.
        mql_probability: the probability of the MQL line (``None``: no MQL line).
        points_to_double_odds: points that double a lead's odds of converting.
        monotone: ``"auto"`` holds the points of a number's cut points to one direction
            (the direction of its correlation with the outcome); ``"none"`` lets them
            go up and down.
        min_support: a bin must hold this share of the leads (or, from 1, this many).
        bins: quantile bins per number.
        max_levels: categories of one field with their own rule, at most.
        l2: ridge penalty of the refit (per lead).
        exclude: lead paths (globs allowed) never to learn from. The outcome's path is
            always excluded.
        as_of: ``"decision"`` scores each lead as it stood at its decision time
            (:func:`~leadqual.review.decision_time`); or a fixed moment; or ``None``.
        rejection_rate: place the SQL line (100) so that this share of the leads falls
            below it, instead of at ``sql_probability``.
        capacity_per_week: place the SQL line so that at most this many leads a week
            reach it.
        name: the learned model's name.

    >>> import leadqual as lq
    >>> leads = [lq.Lead(str(k), source="fair" if k % 3 else "web") for k in range(60)]
    >>> won = [k % 3 == 0 and k % 2 == 0 or k % 10 == 1 for k in range(60)]
    >>> learned = Calibrator(min_support=5).fit(leads, won)
    >>> [(rule.name, rule.points) for rule in learned.rules]
    [('base', 111), ('source_fair', -73)]
    >>> learned.thresholds.sql, learned.thresholds.mql
    (100, 60)
    """

    model: ScoringModel | None = None
    max_rules: int = 60
    sql_probability: float = attrs.field(default=0.5, validator=_probability)
    mql_probability: float | None = attrs.field(default=0.2, validator=_optional_probability)
    points_to_double_odds: float = attrs.field(default=20.0, validator=_positive)
    monotone: str = attrs.field(default="auto", converter=_monotone)
    min_support: float = attrs.field(default=0.01, validator=_positive)
    bins: int = 20
    max_levels: int = 20
    l2: float = 1e-3
    exclude: tuple[str, ...] = attrs.field(default=(), converter=_paths)
    as_of: AsOf = "decision"
    rejection_rate: float | None = None
    capacity_per_week: float | None = None
    name: str = "learned"

    def fit(self, leads: Sequence[Lead], outcome: Sequence[bool] | str = "outcome") -> ScoringModel:
        """Learn the points table from ``leads`` and their outcomes.

        Args:
            leads: the leads (a sequence: they are read more than once).
            outcome: one bool per lead, or a lead path (``"outcome"``,
                ``"attributes.Converted"``; see :func:`~leadqual.review.is_won`).
        """
        import numpy as np  # noqa: PLC0415 - the learn extra is optional

        from leadqual.review._solver import fit_logistic, lasso_path  # noqa: PLC0415

        leads = list(leads)
        exclude = list(self.exclude)
        if isinstance(outcome, str):
            won = outcomes(leads, outcome)
            exclude.append(normal_path(outcome))
            if outcome == "outcome":
                exclude.append("outcome*")
        else:
            won = [bool(v) for v in outcome]
        if len(won) != len(leads):
            detail = f"{len(won)} outcomes for {len(leads)} leads"
            raise ConfigError.at(place="outcome", detail=detail)
        positives = sum(won)
        if positives in {0, len(won)}:
            detail = "needs leads of both outcomes (won and not won)"
            raise ConfigError.at(place="outcome", detail=detail)
        found = candidates(
            leads,
            model=self.model,
            exclude=exclude,
            min_support=self.min_support,
            bins=self.bins,
            max_levels=self.max_levels,
        )
        x = features([c.rule for c in found], leads, as_of=self.as_of, model=self.model)
        y = np.array(won, dtype=float)
        columns = _distinct_columns(x)
        found = [found[k] for k in columns]
        x = x[:, columns]
        signs = self._signs(found, x, y)
        passed = self._passed_through()
        budget = max(0, self.max_rules - 1 - len(passed))
        support = lasso_path(x, y, budget=budget, l2=self.l2, signs=signs)
        chosen = [k for k in range(len(found)) if support[k]]
        w = fit_logistic(x[:, chosen], y, l2=self.l2, signs=signs[chosen])
        return self._model([found[k] for k in chosen], w, x[:, chosen], y, leads, passed)

    def _signs(self, found: Sequence[Candidate], x: Array, y: Array) -> Array:
        import numpy as np  # noqa: PLC0415

        signs = np.zeros(len(found))
        if self.monotone == "none":
            return signs
        by_field: dict[str, list[int]] = {}
        for k, candidate in enumerate(found):
            if candidate.kind == "at_least":
                by_field.setdefault(candidate.field, []).append(k)
        for ks in by_field.values():
            step = x[:, ks].sum(axis=1)  # the bin index (unknown values in the lowest)
            if step.std() == 0:
                continue
            direction = np.corrcoef(step, y)[0, 1]
            signs[ks] = 1.0 if direction >= 0 else -1.0
        return signs

    def _passed_through(self) -> list[Rule]:
        if self.model is None:
            return []
        return [rule for rule in self.model.rules if isinstance(rule, Rule) and rule.knock_out]

    def _model(  # noqa: PLR0917 - the pieces of the result
        self,
        chosen: Sequence[Candidate],
        w: Array,
        x: Array,
        y: Array,
        leads: Sequence[Lead],
        passed: Sequence[Rule],
    ) -> ScoringModel:
        scale = self.points_to_double_odds / math.log(2)
        anchor = logit(self.sql_probability)
        points = [round(scale * float(weight)) for weight in w]
        points[0] = round(100 + scale * (float(w[0]) - anchor))
        shift = 0
        probability = self.sql_probability
        if self.rejection_rate is not None or self.capacity_per_week is not None:
            totals = [float(v) for v in x @ [float(p) for p in points]]
            advice = recommend_threshold(
                totals,
                leads,
                [bool(v) for v in y],
                rejection_rate=self.rejection_rate,
                capacity_per_week=self.capacity_per_week,
            )
            shift = round(100 - advice.points)
            probability = sigmoid(anchor - shift / scale)
        points[0] += shift
        rules = [
            attrs.evolve(candidate.rule, points=p)
            for candidate, p in zip(chosen, points, strict=True)
            if p != 0 or candidate.rule.name == BASE_RULE
        ]
        mql = None
        if self.mql_probability is not None and self.mql_probability < probability:
            mql = round(100 + scale * (logit(self.mql_probability) - logit(probability)))
        groups = {rule.group_name for rule in rules} | {"fit", "engagement"}
        decays = {g.name: g.decay for g in self.model.groups} if self.model is not None else {}
        won = int(y.sum())
        description = (
            f"Learned by leadqual from {len(leads)} leads ({won} won). Scale: 100 points "
            f"means a {probability:.1%} chance to convert; every "
            f"{self.points_to_double_odds:g} points double the odds"
            + (f"; {mql} points means {self.mql_probability:.1%}." if mql is not None else ".")
        )
        return ScoringModel(
            [*rules, *passed],
            groups=[Group(name, decay=decays.get(name)) for name in sorted(groups)],
            thresholds=Thresholds(sql=100, mql=mql),
            name=self.name,
            description=description,
        )
