"""The scoring model as data: rules, groups, decay, thresholds, the fit × engagement matrix.

Everything here is a frozen value that round-trips through TOML/JSON exactly. The model
is compiled on first use (see ``_compile``) and then scored many times.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from leadqual._convert import Tagged, code_only
from leadqual.exceptions import ConfigError
from leadqual.icp import ICP
from leadqual.scoring._conditions import Condition, Source
from leadqual.typing import RuleFunction

if TYPE_CHECKING:
    from leadqual.lead import Lead
    from leadqual.scoring._compile import CompiledModel
    from leadqual.scoring._score import Score

__all__ = [
    "CustomRule",
    "Decay",
    "EventMatch",
    "ExponentialDecay",
    "FitPoints",
    "Group",
    "LinearDecay",
    "Matrix",
    "Rule",
    "ScoringModel",
    "Thresholds",
    "parse_period",
]

_PERIOD = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_period(text: str) -> dt.timedelta:
    """A period such as ``"1d"``, ``"12h"``, ``"30m"``, ``"2w"`` or ``"90s"``.

    >>> parse_period("1d")
    datetime.timedelta(days=1)
    """
    match = _PERIOD.match(text) if isinstance(text, str) else None
    if match is None or float(match.group(1)) <= 0:
        msg = f"expected a positive period like '1d', '12h', '30m', '2w', got {text!r}"
        raise ConfigError(msg)
    return dt.timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])


def _name(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"{attribute.name}: expected a non-empty name, got {value!r}"
        raise ConfigError(msg)


def _finite(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        msg = f"{attribute.name}: expected a finite number, got {value!r}"
        raise ConfigError(msg)


def _positive(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _finite(_instance, attribute, value)
    if value is not None and value <= 0:  # type: ignore[operator]
        msg = f"{attribute.name}: expected a number above 0, got {value!r}"
        raise ConfigError(msg)


def _fraction(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _finite(_instance, attribute, value)
    if not 0 <= value <= 1:  # type: ignore[operator]
        msg = f"{attribute.name}: expected a number from 0 to 1, got {value!r}"
        raise ConfigError(msg)


def _period(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    try:
        parse_period(value)  # type: ignore[arg-type]
    except ConfigError as exc:
        msg = f"{attribute.name}: {exc}"
        raise ConfigError(msg) from None


def _labels(value: object) -> Mapping[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(
        isinstance(key, str) and isinstance(text, str) for key, text in value.items()
    ):
        msg = f"labels: expected a table of language code to text, got {value!r}"
        raise ConfigError(msg)
    return dict(value)


class Decay(Tagged):
    """How an event's points fade with its age (``as_of - event.at``)."""

    __slots__ = ()

    def factor(self, age_days: float) -> float:
        """The multiplier for an event ``age_days`` old, from ``floor`` to 1."""
        raise NotImplementedError


@attrs.frozen
class ExponentialDecay(Decay):
    """Points halve every ``half_life_days``, never below ``floor`` (a fraction).

    >>> ExponentialDecay(half_life_days=30).factor(30)
    0.5
    """

    kind: ClassVar[str] = "exponential"
    half_life_days: float = attrs.field(validator=_positive)
    floor: float = attrs.field(default=0, validator=_fraction)

    def factor(self, age_days: float) -> float:
        """See :class:`Decay`."""
        if age_days <= 0:
            return 1.0
        return max(self.floor, 0.5 ** (age_days / self.half_life_days))  # type: ignore[no-any-return]


@attrs.frozen
class LinearDecay(Decay):
    """Points fall in a straight line to ``floor`` over ``over_days``.

    >>> LinearDecay(over_days=100, floor=0.2).factor(50)
    0.5
    """

    kind: ClassVar[str] = "linear"
    over_days: float = attrs.field(validator=_positive)
    floor: float = attrs.field(default=0, validator=_fraction)

    def factor(self, age_days: float) -> float:
        """See :class:`Decay`."""
        if age_days <= 0:
            return 1.0
        return max(self.floor, 1.0 - age_days / self.over_days)


@attrs.frozen
class EventMatch:
    """Which events a rule counts: a type (``"*"`` for any) and conditions on properties.

    >>> from leadqual.scoring import Glob
    >>> EventMatch("page_view", Glob("url", "/pricing*"))
    EventMatch(type='page_view', where=Glob(field='url', pattern='/pricing*'))
    """

    type: str = attrs.field(validator=_name)
    where: Condition | None = None


def _max_count(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"{attribute.name}: expected a whole number of at least 1, got {value!r}"
        raise ConfigError(msg)


def _check_rule(rule: Rule, _attribute: attrs.Attribute[Any], _value: object) -> None:
    if rule.event is None and rule.when is None:
        msg = f"rule {rule.name!r}: expected 'event', 'when' or both"
        raise ConfigError(msg)
    if rule.event is None:
        per_event = {
            "max_count": rule.max_count,
            "once_per": rule.once_per,
            "within_days": rule.within_days,
            "decay": rule.decay,
        }
        used = [key for key, value in per_event.items() if value is not None]
        if used:
            msg = f"rule {rule.name!r}: {', '.join(used)} only apply to event rules"
            raise ConfigError(msg)


@attrs.frozen
class Rule:
    """Points for an attribute of the lead or for each matching event.

    A rule with ``event`` counts events (subject to ``max_count``, ``once_per``,
    ``within_days`` and ``decay``), and only for leads that satisfy ``when`` if given.
    A rule without ``event`` is a field rule: its points count once when ``when`` holds.

    Args:
        name: unique within the model; names the rule in every ledger entry.
        points: points per occurrence (negative for a penalty).
        event: which events count.
        when: condition on the lead's fields.
        group: the score group; default ``"engagement"`` for event rules and ``"fit"``
            for field rules.
        max_count: count at most this many matching events (``1`` = once).
        once_per: count at most one matching event per period (``"1d"``), so ten
            e-mail opens in a minute are one signal.
        within_days: only events of the last N days before ``as_of`` count.
        decay: how points fade with the event's age; default: the group's decay.
        knock_out: when the rule matches, the lead is disqualified whatever its points.
        labels: human names by language, e.g. ``{"en": "Demo requested",
            "nl": "Demo aangevraagd"}``.

    >>> from leadqual.scoring import EventMatch
    >>> Rule("demo", 25, event=EventMatch("demo_requested")).group_name
    'engagement'
    """

    name: str = attrs.field(validator=_name)
    points: float = attrs.field(validator=_finite)
    event: EventMatch | None = None
    when: Condition | None = None
    group: str | None = None
    max_count: int | None = attrs.field(default=None, validator=_max_count)
    once_per: str | None = attrs.field(default=None, validator=_period)
    within_days: float | None = attrs.field(default=None, validator=_positive)
    decay: Decay | None = None
    knock_out: bool = False
    labels: Mapping[str, str] = attrs.field(
        factory=dict, converter=_labels, validator=_check_rule, hash=False
    )

    @property
    def group_name(self) -> str:
        """The group this rule adds to (explicit, or the default for its kind)."""
        if self.group is not None:
            return self.group
        return "engagement" if self.event is not None else "fit"

    def label(self, lang: str = "en") -> str:
        """The rule's human name in ``lang``, falling back to English, then the name."""
        return self.labels.get(lang) or self.labels.get("en") or self.name.replace("_", " ")


@code_only
@attrs.frozen
class CustomRule:
    """A rule written in Python: ``function(lead, as_of)`` returns the points (0 = no match).

    Custom rules score like any other and appear in the ledger, but they exist only as
    code: :func:`leadqual.dump_model` refuses a model that holds one.

    >>> rule = CustomRule("long_title", lambda lead, as_of: 5 if lead.job_title else 0)
    >>> rule.group_name
    'fit'
    """

    name: str = attrs.field(validator=_name)
    function: RuleFunction = attrs.field(eq=False)
    group: str | None = None
    labels: Mapping[str, str] = attrs.field(factory=dict, converter=_labels, hash=False)

    @property
    def group_name(self) -> str:
        """The group this rule adds to; ``"fit"`` unless given."""
        return self.group if self.group is not None else "fit"

    def label(self, lang: str = "en") -> str:
        """The rule's human name in ``lang``."""
        return self.labels.get(lang) or self.labels.get("en") or self.name.replace("_", " ")


def _check_bounds(group: Group, _attribute: attrs.Attribute[Any], _value: object) -> None:
    if group.min is not None and group.max is not None and group.min > group.max:
        msg = f"group {group.name!r}: min {group.min!r} is above max {group.max!r}"
        raise ConfigError(msg)


@attrs.frozen
class Group:
    """A named part of the score (``fit``, ``engagement``, a product line…).

    ``min``/``max`` cap the group's sum; the cut shows in the ledger as a cap entry.
    ``decay`` applies to the group's event rules that have none of their own.
    """

    name: str = attrs.field(validator=_name)
    min: float | None = attrs.field(default=None, validator=_finite)
    max: float | None = attrs.field(default=None, validator=[_finite, _check_bounds])
    decay: Decay | None = None
    labels: Mapping[str, str] = attrs.field(factory=dict, converter=_labels, hash=False)

    def label(self, lang: str = "en") -> str:
        """The group's human name in ``lang``."""
        return self.labels.get(lang) or self.labels.get("en") or self.name


def _requirements(value: object) -> Mapping[str, float]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        msg = f"expected a table of group name to minimum points, got {value!r}"
        raise ConfigError(msg)
    return dict(value)


def _check_thresholds(t: Thresholds, _attribute: attrs.Attribute[Any], _value: object) -> None:
    if t.mql is not None and t.mql > t.sql:
        msg = f"thresholds: mql {t.mql!r} is above sql {t.sql!r}"
        raise ConfigError(msg)


@attrs.frozen
class Thresholds:
    """Points at which a lead becomes an MQL or an SQL.

    ``sql_groups``/``mql_groups`` add per-group minimums ("fit ≥ 20 and engagement ≥ 40").

    >>> Thresholds(sql=100, mql=40, sql_groups={"fit": 20}).sql_groups
    {'fit': 20}
    """

    sql: float = attrs.field(default=100, validator=_finite)
    mql: float | None = attrs.field(default=None, validator=_finite)
    sql_groups: Mapping[str, float] = attrs.field(factory=dict, converter=_requirements, hash=False)
    mql_groups: Mapping[str, float] = attrs.field(
        factory=dict, converter=_requirements, validator=_check_thresholds, hash=False
    )


def _cutoffs(value: object) -> tuple[float, float, float]:
    items = tuple(value) if isinstance(value, list | tuple) else ()
    numbers = [item for item in items if isinstance(item, int | float)]
    if len(numbers) != len(items) or len(items) != 3 or numbers != sorted(numbers, reverse=True):  # noqa: PLR2004
        msg = f"expected three descending cut-offs (for A/1, B/2, C/3), got {value!r}"
        raise ConfigError(msg)
    return (numbers[0], numbers[1], numbers[2])


@attrs.frozen
class Matrix:
    """The fit × engagement label (``A1`` best … ``D4``), as in HubSpot's lead matrix.

    Fit letters come from the ``fit_group`` sum (A at or above the first cut-off, D below
    the last); engagement digits from the ``engagement_group`` sum (1 = most engaged).

    >>> Matrix().label(fit=80, engagement=10)
    'A4'
    """

    fit_group: str = "fit"
    engagement_group: str = "engagement"
    fit_cutoffs: tuple[float, float, float] = attrs.field(default=(75, 50, 25), converter=_cutoffs)
    engagement_cutoffs: tuple[float, float, float] = attrs.field(
        default=(75, 50, 25), converter=_cutoffs
    )

    def label(self, fit: float, engagement: float) -> str:
        """The matrix cell for the given group sums."""
        letter = "ABCD"[sum(fit < cut for cut in self.fit_cutoffs)]
        digit = "1234"[sum(engagement < cut for cut in self.engagement_cutoffs)]
        return letter + digit


def _rules(value: object) -> tuple[Rule | CustomRule, ...]:
    if not isinstance(value, list | tuple):
        msg = f"rules: expected a list of rules, got {value!r}"
        raise ConfigError(msg)
    for index, rule in enumerate(value):
        if not isinstance(rule, Rule | CustomRule):
            msg = f"rules[{index}]: expected a Rule or CustomRule, got {type(rule).__name__}"
            raise ConfigError(msg)
    return tuple(value)


def _groups(value: Iterable[Group]) -> tuple[Group, ...]:
    # Typed (not bare ``tuple``) so mypy users can pass a list or tuple of groups.
    return tuple(value)


def _percent(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _finite(_instance, attribute, value)
    if not 0 <= value <= 100:  # type: ignore[operator]  # noqa: PLR2004 - a percentage
        msg = f"{attribute.name}: expected a number from 0 to 100, got {value!r}"
        raise ConfigError(msg)


@attrs.frozen
class FitPoints:
    """Points for how well the lead fits an Ideal Customer Profile.

    The lead earns ``points × fit / 100`` (to the nearest quarter point), where fit is
    the ICP's estimate with unknown criteria counted at ``prior`` (so missing data
    neither rewards nor punishes much).
    With ``knock_out`` (the default) an ICP exclusion, such as a competitor's domain or
    a student, disqualifies the lead whatever its points.

    >>> from leadqual.icp import ICP, CompanySize
    >>> fit = FitPoints(ICP(criteria=(CompanySize(min_employees=50, max_employees=500),)), 40)
    >>> fit.points, fit.group
    (40, 'fit')
    """

    icp: ICP
    points: float = attrs.field(default=100, validator=_finite)
    group: str = attrs.field(default="fit", validator=_name)
    prior: float = attrs.field(default=50, validator=_percent)
    knock_out: bool = True
    labels: Mapping[str, str] = attrs.field(factory=dict, converter=_labels, hash=False)

    def label(self, lang: str = "en") -> str:
        """The contribution's human name in ``lang``."""
        default = _FIT_LABELS.get(lang, _FIT_LABELS["en"])
        return self.labels.get(lang) or self.labels.get("en") or default


FIT_RULE = "icp_fit"
"""The name fit points carry in the ledger."""

_FIT_LABELS = {
    "en": "fit with the ideal customer profile",
    "nl": "match met het ideale klantprofiel",
}


def _default_groups() -> tuple[Group, ...]:
    return (Group("fit"), Group("engagement"))


def _condition_problems(rule: Rule | CustomRule, index: int) -> list[str]:
    # Rendering a condition checks its field names; doing it here reports a typo
    # ("title" for "job_title") when the model is built or loaded, with its place,
    # instead of at the first score call.
    if isinstance(rule, CustomRule):
        return []
    found = []
    parts = [("when", rule.when, "lead")]
    if rule.event is not None:
        parts.append(("event.where", rule.event.where, "event"))
    for place, condition, subject in parts:
        if condition is None:
            continue
        try:
            condition.source(Source(), subject)
        except ConfigError as exc:
            found.append(f"rules[{index}].{place}: {exc}")
    return found


def _check_model(  # noqa: C901 - one pass that reports every problem at once
    model: ScoringModel, _attribute: attrs.Attribute[Any], _value: object
) -> None:
    problems: list[str] = []
    group_names = [group.name for group in model.groups]
    known = set(group_names)
    seen: set[str] = set()
    for index, group in enumerate(model.groups):
        if group_names.count(group.name) > 1 and group.name in seen:
            problems.append(f"groups[{index}].name: duplicate group {group.name!r}")
        seen.add(group.name)
    names: set[str] = set()
    for index, rule in enumerate(model.rules):
        if rule.name in names:
            problems.append(f"rules[{index}].name: duplicate rule name {rule.name!r}")
        names.add(rule.name)
        problems.extend(_condition_problems(rule, index))
        if rule.group_name not in known:
            allowed = ", ".join(group_names)
            problems.append(
                f"rules[{index}].group: unknown group {rule.group_name!r}; "
                f"expected one of {allowed}"
            )
    for key in ("sql_groups", "mql_groups"):
        problems.extend(
            f"thresholds.{key}: unknown group {name!r}"
            for name in getattr(model.thresholds, key)
            if name not in known
        )
    if model.fit is not None and model.fit.group not in known:
        problems.append(f"fit.group: unknown group {model.fit.group!r}")
    if model.fit is not None and FIT_RULE in {rule.name for rule in model.rules}:
        problems.append(f"fit: the rule name {FIT_RULE!r} is reserved for fit points")
    if model.matrix is not None:
        problems.extend(
            f"matrix.{key}: unknown group {getattr(model.matrix, key)!r}"
            for key in ("fit_group", "engagement_group")
            if getattr(model.matrix, key) not in known
        )
    if (
        model.min_total is not None
        and model.max_total is not None
        and model.min_total > model.max_total
    ):
        problems.append(f"min_total {model.min_total!r} is above max_total {model.max_total!r}")
    if problems:
        raise ConfigError("invalid scoring model: " + "; ".join(problems), errors=problems)


@attrs.frozen
class ScoringModel:
    """A points model: rules in groups, caps, thresholds to stages. Compiled once.

    The constructor only stores and validates parameters; the first ``score`` call
    compiles the rules into one generated function, reused for every later lead.

    >>> import leadqual as lq
    >>> model = lq.starter_model()
    >>> lead = lq.Lead.from_mapping({"id": "L-1", "events": [
    ...     {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"}]})
    >>> score = model.score(lead, as_of="2026-11-26T12:00:00+01:00")
    >>> score.points, score.stage.value, [entry.points for entry in score.ledger]
    (25, 'new', [25])
    """

    rules: tuple[Rule | CustomRule, ...] = attrs.field(converter=_rules)
    groups: tuple[Group, ...] = attrs.field(factory=_default_groups, converter=_groups)
    thresholds: Thresholds = attrs.field(factory=Thresholds)
    matrix: Matrix | None = None
    min_total: float | None = attrs.field(default=None, validator=_finite)
    max_total: float | None = attrs.field(default=None, validator=_finite)
    fit: FitPoints | None = None
    name: str = "model"
    description: str = attrs.field(default="", validator=_check_model)
    # Holds the compiled form once built; a list so the frozen instance can fill it.
    _compiled: list[Any] = attrs.field(init=False, factory=list, eq=False, repr=False, hash=False)

    def compile(self) -> CompiledModel:
        """The compiled form, built on first use and cached (thread-safe enough: idempotent)."""
        if not self._compiled:
            from leadqual.scoring._compile import compile_model  # noqa: PLC0415 - cycle

            self._compiled.append(compile_model(self))
        compiled: CompiledModel = self._compiled[0]
        return compiled

    def score(self, lead: Lead, as_of: dt.datetime | str | None = None) -> Score:
        """Score one lead as of a moment (events after ``as_of`` are ignored).

        ``as_of`` is an aware datetime or ISO-8601 string. Without it, the latest event
        (or ``created_at``) of the lead is used, so the result never depends on the clock.
        """
        return self.compile().score(lead, as_of)

    def group(self, name: str) -> Group:
        """The group called ``name``."""
        for group in self.groups:
            if group.name == name:
                return group
        msg = f"unknown group {name!r}; expected one of {[g.name for g in self.groups]}"
        raise ConfigError(msg)
