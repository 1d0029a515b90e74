"""The scoring model as data: rules, groups, decay, thresholds, the fit × engagement matrix.

Everything here is a frozen value that round-trips through TOML/JSON exactly. The model
is compiled on first use (see ``_compile``) and then scored many times.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from leadqual._convert import Tagged, code_only
from leadqual._lang import shown
from leadqual.exceptions import ConfigError
from leadqual.icp import ICP
from leadqual.scoring._conditions import Condition, condition_problems
from leadqual.scoring._plan import MatrixNode, decay_factor
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

MAX_POINTS = 1e9
"""The largest size of rule points, caps and thresholds: far beyond any real score, and
small enough that sums, the 1/1024 grid and decay never overflow."""

MAX_DAYS = 36500
"""The longest ``within_days`` and ``once_per`` period: a hundred years."""


def parse_period(text: str) -> dt.timedelta:
    """A period such as ``"1d"``, ``"12h"``, ``"30m"``, ``"2w"`` or ``"90s"``.

    At most a hundred years (:data:`MAX_DAYS`).

    >>> parse_period("1d")
    datetime.timedelta(days=1)
    """
    match = _PERIOD.match(text) if isinstance(text, str) else None
    if match is None or float(match.group(1)) <= 0:
        msg = f"expected a positive period like '1d', '12h', '30m', '2w', got {text!r}"
        raise ConfigError(msg)
    seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if seconds > MAX_DAYS * 86400:
        msg = f"expected a period of at most {MAX_DAYS} days, got {text!r}"
        raise ConfigError(msg)
    return dt.timedelta(seconds=seconds)


# Each check returns what is wrong with a value, or None; `_check` runs a class's checks
# together so that one error lists every problem, each under its own field name.


def _shown(value: object) -> str:
    return shown(value)


def _number_problem(value: object, *, limit: float | None = MAX_POINTS) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"expected a number, got {_shown(value)}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"expected a finite number, got {value!r}"
    if limit is not None and abs(value) > limit:
        return f"expected a number from {-limit:g} to {limit:g}, got {_shown(value)}"
    return None


def _optional_number(value: object) -> str | None:
    return None if value is None else _number_problem(value)


def _positive_problem(value: object, *, limit: float | None = None) -> str | None:
    problem = _number_problem(value, limit=None)
    if problem is not None:
        return problem
    if value <= 0 or (limit is not None and value > limit):  # type: ignore[operator]
        most = "" if limit is None else f" and at most {limit:g}"
        return f"expected a number above 0{most}, got {_shown(value)}"
    return None


def _fraction_problem(value: object) -> str | None:
    problem = _number_problem(value, limit=None)
    if problem is None and not 0 <= value <= 1:  # type: ignore[operator]
        return f"expected a number from 0 to 1, got {value!r}"
    return problem


def _name_problem(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"expected a non-empty name, got {value!r}"
    return None


def _check(checks: Iterable[tuple[str, str | None]]) -> None:
    """Raise one ConfigError naming every field whose check found a problem."""
    problems = [(place, detail) for place, detail in checks if detail is not None]
    if not problems:
        return
    if len(problems) == 1:
        place, detail = problems[0]
        raise ConfigError.at(place=place, detail=detail)
    lines = [f"{place}: {detail}" for place, detail in problems]
    raise ConfigError("; ".join(lines), errors=lines)


def _labels(value: object) -> Mapping[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(
        isinstance(key, str) and isinstance(text, str) for key, text in value.items()
    ):
        detail = f"expected a table of language code to text, got {value!r}"
        raise ConfigError.at(place="labels", detail=detail)
    return dict(value)


class Decay(Tagged):
    """How an event's points fade with its age (``as_of - event.at``)."""

    __slots__ = ()

    def factor(self, age_days: float) -> float:
        """The multiplier for an event ``age_days`` old, from ``floor`` to 1."""
        raise NotImplementedError


class _SpanDecay(Decay):
    # A built-in decay: down to ``floor`` over a positive number of days, the field
    # that ``_span`` names; ``decay_factor`` computes it for every backend.
    __slots__ = ()
    _span: ClassVar[str]
    floor: float

    def __attrs_post_init__(self) -> None:
        days = getattr(self, self._span)
        _check([(self._span, _positive_problem(days)), ("floor", _fraction_problem(self.floor))])

    def factor(self, age_days: float) -> float:
        """See :class:`Decay`."""
        return decay_factor(self.kind, getattr(self, self._span), self.floor, age_days)


@attrs.frozen
class ExponentialDecay(_SpanDecay):
    """Points halve every ``half_life_days``, never below ``floor`` (a fraction).

    >>> ExponentialDecay(half_life_days=30).factor(30)
    0.5
    """

    kind: ClassVar[str] = "exponential"
    _span: ClassVar[str] = "half_life_days"
    half_life_days: float
    floor: float = 0


@attrs.frozen
class LinearDecay(_SpanDecay):
    """Points fall in a straight line to ``floor`` over ``over_days``.

    >>> LinearDecay(over_days=100, floor=0.2).factor(50)
    0.5
    """

    kind: ClassVar[str] = "linear"
    _span: ClassVar[str] = "over_days"
    over_days: float
    floor: float = 0


@attrs.frozen
class EventMatch:
    """Which events a rule counts: a type (``"*"`` for any) and conditions on properties.

    >>> from leadqual.scoring import Glob
    >>> EventMatch("page_view", Glob("url", "/pricing*"))
    EventMatch(type='page_view', where=Glob(field='url', pattern='/pricing*'))
    """

    type: str
    where: Condition | None = None

    def __attrs_post_init__(self) -> None:
        _check([("type", _name_problem(self.type))])


def _max_count_problem(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return f"expected a whole number of at least 1, got {value!r}"
    return None


def _period_problem(value: object) -> str | None:
    if value is None:
        return None
    try:
        parse_period(value)  # type: ignore[arg-type]
    except ConfigError as exc:
        return str(exc)
    return None


def _rule_problems(rule: Rule) -> Iterator[tuple[str, str | None]]:
    yield "name", _name_problem(rule.name)
    yield "points", _number_problem(rule.points)
    yield "max_count", _max_count_problem(rule.max_count)
    yield "once_per", _period_problem(rule.once_per)
    if rule.within_days is not None:
        yield "within_days", _positive_problem(rule.within_days, limit=MAX_DAYS)
    if rule.group is not None:
        yield "group", _name_problem(rule.group)
    knock_out: object = rule.knock_out
    if not isinstance(knock_out, bool):
        yield "knock_out", f"expected true or false, got {knock_out!r}"
    if rule.event is None and rule.when is None:
        yield "event", "expected 'event', 'when' or both"
    if rule.event is None:
        per_event = {
            "max_count": rule.max_count,
            "once_per": rule.once_per,
            "within_days": rule.within_days,
            "decay": rule.decay,
        }
        for key, value in per_event.items():
            if value is not None:
                yield key, "only applies to event rules"


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

    name: str
    points: float
    event: EventMatch | None = None
    when: Condition | None = None
    group: str | None = None
    max_count: int | None = None
    once_per: str | None = None
    within_days: float | None = None
    decay: Decay | None = None
    knock_out: bool = False
    labels: Mapping[str, str] = attrs.field(factory=dict, converter=_labels, hash=False)

    def __attrs_post_init__(self) -> None:
        _check(_rule_problems(self))

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

    name: str
    function: RuleFunction = attrs.field(eq=False)
    group: str | None = None
    labels: Mapping[str, str] = attrs.field(factory=dict, converter=_labels, hash=False)

    def __attrs_post_init__(self) -> None:
        _check(
            [
                ("name", _name_problem(self.name)),
                ("function", None if callable(self.function) else "expected a function"),
                ("group", None if self.group is None else _name_problem(self.group)),
            ]
        )

    @property
    def group_name(self) -> str:
        """The group this rule adds to; ``"fit"`` unless given."""
        return self.group if self.group is not None else "fit"

    def label(self, lang: str = "en") -> str:
        """The rule's human name in ``lang``."""
        return self.labels.get(lang) or self.labels.get("en") or self.name.replace("_", " ")


@attrs.frozen
class Group:
    """A named part of the score (``fit``, ``engagement``, a product line…).

    ``min``/``max`` cap the group's sum; the cut shows in the ledger as a cap entry.
    ``decay`` applies to the group's event rules that have none of their own.
    """

    name: str
    min: float | None = None
    max: float | None = None
    decay: Decay | None = None
    labels: Mapping[str, str] = attrs.field(factory=dict, converter=_labels, hash=False)

    def __attrs_post_init__(self) -> None:
        checks = [
            ("name", _name_problem(self.name)),
            ("min", _optional_number(self.min)),
            ("max", _optional_number(self.max)),
        ]
        _check(checks)
        if self.min is not None and self.max is not None and self.min > self.max:
            detail = f"min {self.min!r} is above max {self.max!r}"
            raise ConfigError.at(place="max", detail=detail)

    def label(self, lang: str = "en") -> str:
        """The group's human name in ``lang``."""
        return self.labels.get(lang) or self.labels.get("en") or self.name


def _requirements(value: object) -> Mapping[str, float]:
    # Checked in Thresholds.__attrs_post_init__ with the field's name.
    if value is None:
        return {}
    return dict(value) if isinstance(value, Mapping) else value  # type: ignore[return-value]


def _requirement_problems(name: str, value: object) -> Iterator[tuple[str, str | None]]:
    if not isinstance(value, Mapping):
        yield name, f"expected a table of group name to minimum points, got {value!r}"
        return
    for group, need in value.items():
        if not isinstance(group, str):
            yield name, f"expected group names as keys, got {group!r}"
        else:
            yield f"{name}[{group!r}]", _number_problem(need)


@attrs.frozen
class Thresholds:
    """Points at which a lead becomes an MQL or an SQL.

    ``sql_groups``/``mql_groups`` add per-group minimums ("fit ≥ 20 and engagement ≥ 40").

    >>> Thresholds(sql=100, mql=40, sql_groups={"fit": 20}).sql_groups
    {'fit': 20}
    """

    sql: float = 100
    mql: float | None = None
    sql_groups: Mapping[str, float] = attrs.field(factory=dict, converter=_requirements, hash=False)
    mql_groups: Mapping[str, float] = attrs.field(factory=dict, converter=_requirements, hash=False)

    def __attrs_post_init__(self) -> None:
        _check(
            [
                ("sql", _number_problem(self.sql)),
                ("mql", _optional_number(self.mql)),
                *_requirement_problems("sql_groups", self.sql_groups),
                *_requirement_problems("mql_groups", self.mql_groups),
            ]
        )
        if self.mql is not None and self.mql > self.sql:
            detail = f"mql {self.mql!r} is above sql {self.sql!r}"
            raise ConfigError.at(place="mql", detail=detail)


def _cutoffs(value: object) -> tuple[float, float, float]:
    # Checked in Matrix.__attrs_post_init__ with the field's name.
    return tuple(value) if isinstance(value, list | tuple) else value  # type: ignore[return-value]


def _cutoff_problem(value: object) -> str | None:
    items = value if isinstance(value, tuple) else ()
    numbers = [item for item in items if _number_problem(item) is None]
    if len(numbers) != len(items) or len(items) != 3 or numbers != sorted(numbers, reverse=True):  # noqa: PLR2004
        return f"expected three descending cut-offs (for A/1, B/2, C/3), got {value!r}"
    return None


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

    def __attrs_post_init__(self) -> None:
        _check(
            [
                ("fit_group", _name_problem(self.fit_group)),
                ("engagement_group", _name_problem(self.engagement_group)),
                ("fit_cutoffs", _cutoff_problem(self.fit_cutoffs)),
                ("engagement_cutoffs", _cutoff_problem(self.engagement_cutoffs)),
            ]
        )

    def label(self, fit: float, engagement: float) -> str:
        """The matrix cell for the given group sums."""
        cells = MatrixNode(
            self.fit_group, self.engagement_group, self.fit_cutoffs, self.engagement_cutoffs
        )
        return cells.label(fit, engagement)


def _rules(value: object) -> tuple[Rule | CustomRule, ...]:
    if not isinstance(value, list | tuple):
        detail = f"expected a list of rules, got {value!r}"
        raise ConfigError.at(place="rules", detail=detail)
    for index, rule in enumerate(value):
        if not isinstance(rule, Rule | CustomRule):
            detail = f"expected a Rule or CustomRule, got {type(rule).__name__}"
            raise ConfigError.at(place=f"rules[{index}]", detail=detail)
    return tuple(value)


def _groups(value: Iterable[Group]) -> tuple[Group, ...]:
    # Typed (not bare ``tuple``) so mypy users can pass a list or tuple of groups.
    return tuple(value)


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
    points: float = 100
    group: str = "fit"
    prior: float = 50
    knock_out: bool = True
    labels: Mapping[str, str] = attrs.field(factory=dict, converter=_labels, hash=False)

    def __attrs_post_init__(self) -> None:
        prior = _number_problem(self.prior, limit=None)
        if prior is None and not 0 <= self.prior <= 100:  # noqa: PLR2004 - a percentage
            prior = f"expected a number from 0 to 100, got {self.prior!r}"
        _check(
            [
                ("icp", None if isinstance(self.icp, ICP) else "expected an ICP"),
                ("points", _number_problem(self.points)),
                ("group", _name_problem(self.group)),
                ("prior", prior),
            ]
        )

    def label(self, lang: str = "en") -> str:
        """The contribution's human name in ``lang``."""
        default = _FIT_LABELS.get(lang, _FIT_LABELS["en"])
        return self.labels.get(lang) or self.labels.get("en") or default


FIT_RULE = "icp_fit"
"""The name fit points carry in the ledger."""

_FIT_LABELS = {
    "en": "fit with the ideal customer profile",
    "nl": "fit met het ICP (ideaal klantprofiel)",
}


def _default_groups() -> tuple[Group, ...]:
    return (Group("fit"), Group("engagement"))


@attrs.frozen
class RuleView:
    """What the model-level checks need of one rule; parts may be unknown (``None``).

    A model file whose rules do not all load is still checked for duplicate names,
    unknown groups and unknown fields in the rules (or parts of rules) that did.
    """

    index: int
    name: object
    group_name: object
    when: Condition | None = None
    where: Condition | None = None
    defaulted: bool = False  # the group is the default for the rule's kind

    @classmethod
    def of(cls, index: int, rule: Rule | CustomRule) -> RuleView:
        """The view of a fully built rule."""
        if isinstance(rule, CustomRule):
            return cls(index, rule.name, rule.group_name, defaulted=rule.group is None)
        where = rule.event.where if rule.event is not None else None
        return cls(index, rule.name, rule.group_name, rule.when, where, rule.group is None)


def rule_problems(rules: Iterable[RuleView], group_names: Sequence[str]) -> list[str]:
    """Duplicate rule names, unknown groups and unknown fields, each with its full place."""
    problems: list[str] = []
    known = set(group_names)
    names: set[object] = set()
    for rule in rules:
        base = f"rules[{rule.index}]"
        if isinstance(rule.name, str):
            if rule.name in names:
                problems.append(f"{base}.name: duplicate rule name {rule.name!r}")
            names.add(rule.name)
        for part, condition, subject in (
            ("when", rule.when, "lead"),
            ("event.where", rule.where, "event"),
        ):
            if condition is not None:
                problems.extend(
                    f"{_place(f'{base}.{part}', place)}: {detail}"
                    for place, detail in condition_problems(condition, subject)
                )
        if isinstance(rule.group_name, str) and rule.group_name not in known:
            allowed = ", ".join(group_names)
            default = ""
            if rule.defaulted:
                default = (
                    f" (a rule without 'group' adds to {rule.group_name!r}: event rules to "
                    "'engagement', field rules to 'fit'; declare that group or set 'group')"
                )
            problems.append(
                f"{base}.group: unknown group {rule.group_name!r}; expected one of {allowed}"
                + default
            )
    return problems


def _place(base: str, place: str) -> str:
    return f"{base}.{place}" if place else base


def _tolerance_problem(text: str | None) -> str | None:
    # A small period: a sender's clock running ahead, not a way to score the future.
    if text is None:
        return None
    try:
        tolerance = parse_period(text)
    except ConfigError as exc:
        return str(exc)
    if tolerance > dt.timedelta(days=1):
        return f"expected at most a day (a clock running ahead), got {text!r}"
    return None


def _model_problems(model: ScoringModel) -> list[str]:  # noqa: C901 - one pass, every problem
    problems: list[str] = [
        f"{place}: {detail}"
        for place, detail in (
            ("min_total", _optional_number(model.min_total)),
            ("max_total", _optional_number(model.max_total)),
            (
                "name",
                None if isinstance(model.name, str) else f"expected a string, got {model.name!r}",
            ),
            (
                "description",
                None
                if isinstance(model.description, str)
                else f"expected a string, got {model.description!r}",
            ),
        )
        if detail is not None
    ]
    items: tuple[object, ...] = model.groups
    for index, item in enumerate(items):
        if not isinstance(item, Group):
            problems.append(f"groups[{index}]: expected a Group, got {type(item).__name__}")
    if len(problems) > 0 and any(p.startswith("groups[") for p in problems):
        return problems
    group_names = [group.name for group in model.groups]
    known = set(group_names)
    seen: set[str] = set()
    for index, group in enumerate(model.groups):
        if group.name in seen:
            problems.append(f"groups[{index}].name: duplicate group {group.name!r}")
        seen.add(group.name)
    problems.extend(
        rule_problems((RuleView.of(k, rule) for k, rule in enumerate(model.rules)), group_names)
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
    tolerance = _tolerance_problem(model.future_tolerance)
    if tolerance is not None:
        problems.append(f"future_tolerance: {tolerance}")
    if (
        model.min_total is not None
        and model.max_total is not None
        and _number_problem(model.min_total) is None
        and _number_problem(model.max_total) is None
        and model.min_total > model.max_total
    ):
        problems.append(f"min_total: {model.min_total!r} is above max_total {model.max_total!r}")
    return problems


class _Cache(list):  # type: ignore[type-arg]
    """The compiled form of a model: pickles empty, so a model pickles as its data.

    Generated functions cannot cross processes; a loaded model compiles again from its
    plan on first use.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[type[_Cache], tuple[()]]:
        return _Cache, ()


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
    min_total: float | None = None
    max_total: float | None = None
    fit: FitPoints | None = None
    name: str = "model"
    description: str = ""
    future_tolerance: str | None = None
    """Events up to this period after ``as_of`` still count (``"5m"``): a sender whose
    clock runs a little ahead. Later events are ignored, and ``Score.ignored_future``
    counts them. At most a day; none by default."""
    # Holds the compiled form once built; a list so the frozen instance can fill it.
    _compiled: list[Any] = attrs.field(init=False, factory=_Cache, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = _model_problems(self)
        if problems:
            raise ConfigError("invalid scoring model: " + "; ".join(problems), errors=problems)

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
