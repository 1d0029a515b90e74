"""The plan: what a scoring model means, as a small frozen tree every backend renders.

A :class:`~leadqual.scoring.ScoringModel` compiles to one :class:`Plan`. Conditions
produce plan nodes and never source text; the Python backend (``_compile``) renders the
plan to generated code, the reference interpreter (``_reference``) walks it slowly and
obviously, and later backends (polars, SQL, Spark) render the same nodes. Every node is
a frozen, picklable value holding plain ``str``/``int``/``float``/``bool`` data only
(subclasses such as numpy scalars are turned into the plain type when the plan is made).

Values (what a predicate reads):

``Field(subject, path)``
    ``subject`` is ``"lead"`` or ``"event"``. On a lead, ``path`` is an attribute chain
    (``("company", "employees")``) or a mapping key (``("attributes", "visits")``,
    ``("answers", "budget")``); on an event, ``path`` is one property key (``("url",)``).
``ProductKey(value)``
    Each text item reduced to its letters and digits, casefolded (the ICP's key for
    technologies: "Exact Online" and "exact-online" are one product); other items
    unchanged. Options and needles tested against it are reduced the same way.
``UrlPath(value)``
    An absolute URL (text holding ``://``) reduced to its path and query
    (``https://x.nl/pricing?a=1`` → ``/pricing?a=1``); other text unchanged; text that
    is no valid URL reads as unknown; a non-text value passes through.

A value is *present* when it is not ``None`` and, for a list, holds an element that is
not ``None``. Its *items* are the list's elements that are not ``None``, or the value
itself. Text is compared casefolded.

Predicates (three-valued: true, false or unknown, as in Kleene's logic):

``Equal(value, options)``
    An item equals one of ``options``: text case-insensitively, numbers numerically,
    ``true``/``false`` only to booleans; objects never. Unknown when not present.
``Text(value, op, needle)``
    A text item ``contains``/``prefix``/``suffix``/``equal`` the casefolded ``needle``.
    Unknown when not present.
``Glob(value, pattern)``
    A text item matches the casefolded shell pattern (``*``, ``?``, ``[...]``).
``Range(value, min, max)``
    The value is one finite number (not a boolean) within ``[min, max]``; ``None``
    leaves a side open. Unknown when not present; false for a list or text.
``Present(value)``
    The value is present. Never unknown.
``FreeDomain(value, extra)``
    The e-mail domain is at a bundled free provider or in ``extra`` (casefolded).
``And(parts)`` / ``Or(parts)`` / ``Not(part)``
    Kleene's connectives: ``And`` is false as soon as one part is false, ``Or`` true as
    soon as one part is true, ``Not`` swaps true and false and keeps unknown. A
    predicate *holds* only when it is true.

Rules and the model:

``EventFilter(type, where)``
    Events of ``type`` (``None``: any type) for which ``where`` holds (``None``: all).
``DecayCurve(shape, days, floor)``
    ``"exponential"`` halves every ``days``; ``"linear"`` falls to ``floor`` over
    ``days``; never below ``floor``; the factor is 1 for an age of 0 or less.
``RuleNode``
    A field rule (``event`` is ``None``) adds ``points`` once when ``when`` holds. An
    event rule counts the effective events its filter accepts, for leads where ``when``
    holds, in canonical order: those at least ``reference - within_seconds`` late,
    then at most one per ``once_per_seconds`` of elapsed time (the earliest first),
    then the first ``max_count``; each adds ``points`` times its decay factor (by age
    in days at the reference moment), rounded to the 1/1024 grid.
``CustomNode``
    A rule written in Python: ``function(lead, as_of)`` returns its points.
``GroupNode`` / ``ThresholdNode`` / ``MatrixNode`` / ``FitNode``
    Group caps, stage thresholds, the fit × engagement label and ICP fit points.
``Plan``
    All of the above, in model order; caps apply per group, then to the total.

The *effective events* are those at or before ``as_of`` (all when there is none), each
event id once (the copy first in canonical order); the *reference moment* is ``as_of``,
or else the latest of the effective events' times and ``created_at``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

import attrs

if TYPE_CHECKING:
    from leadqual.icp import ICP
    from leadqual.lead import Lead
    from leadqual.scoring._model import ScoringModel

__all__ = [
    "And",
    "CustomNode",
    "DecayCurve",
    "Equal",
    "EventFilter",
    "Field",
    "FitNode",
    "FreeDomain",
    "Glob",
    "GroupNode",
    "MatrixNode",
    "Not",
    "Or",
    "Plan",
    "Predicate",
    "Present",
    "ProductKey",
    "Range",
    "RuleNode",
    "Text",
    "ThresholdNode",
    "UrlPath",
    "Value",
    "build_plan",
    "decay_factor",
    "first_field",
    "plain",
]

Scalar = str | int | float | bool


def plain(value: Scalar) -> Scalar:
    """The plain ``str``/``int``/``float``/``bool`` behind a subclass (numpy, IntEnum…).

    >>> type(plain(True)), plain(3.0)
    (<class 'bool'>, 3.0)
    """
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


@attrs.frozen
class Field:
    """A field of the lead or a property of the event being tested."""

    subject: Literal["lead", "event"]
    path: tuple[str, ...]

    @property
    def name(self) -> str:
        """The field as written in a model (``company.employees``, ``url``)."""
        return ".".join(self.path)


@attrs.frozen
class _Reading:
    # A field read another way; it keeps the field's name.
    value: Field

    @property
    def name(self) -> str:
        """The field as written in a model."""
        return self.value.name


@attrs.frozen
class UrlPath(_Reading):
    """An absolute URL read as its path and query."""


@attrs.frozen
class ProductKey(_Reading):
    """Text items reduced to the ICP's product key (letters and digits, casefolded)."""


Value = Field | UrlPath | ProductKey


@attrs.frozen
class Equal:
    """An item of ``value`` equals one of ``options``."""

    value: Value
    options: tuple[Scalar, ...]


@attrs.frozen
class Text:
    """A text item of ``value`` passes ``op`` against ``needle`` (casefolded)."""

    value: Value
    op: Literal["contains", "prefix", "suffix", "equal"]
    needle: str


@attrs.frozen
class Glob:
    """A text item of ``value`` matches the casefolded shell ``pattern``."""

    value: Value
    pattern: str


@attrs.frozen
class Range:
    """The value is one finite number within ``[min, max]``."""

    value: Value
    min: int | float | None
    max: int | float | None


@attrs.frozen
class Present:
    """The value is present."""

    value: Value


@attrs.frozen
class FreeDomain:
    """The e-mail domain is at a free provider or in ``extra``."""

    value: Value
    extra: frozenset[str] = frozenset()


@attrs.frozen
class And:
    """Every part holds (Kleene)."""

    parts: tuple[Predicate, ...]


@attrs.frozen
class Or:
    """Some part holds (Kleene)."""

    parts: tuple[Predicate, ...]


@attrs.frozen
class Not:
    """The part is known to be false."""

    part: Predicate


Predicate = Equal | Text | Glob | Range | Present | FreeDomain | And | Or | Not


@attrs.frozen
class EventFilter:
    """Which events a rule counts."""

    type: str | None
    where: Predicate | None = None


@attrs.frozen
class DecayCurve:
    """How points fade with an event's age in days."""

    shape: Literal["exponential", "linear"]
    days: float
    floor: float

    def factor(self, age_days: float) -> float:
        """The multiplier for an event ``age_days`` old."""
        return decay_factor(self.shape, self.days, self.floor, age_days)


def decay_factor(shape: str, days: float, floor: float, age_days: float) -> float:
    """The decay multiplier, from ``floor`` to 1 (see :class:`DecayCurve`).

    >>> decay_factor("exponential", 30, 0, 30), decay_factor("linear", 100, 0.2, 50)
    (0.5, 0.5)
    """
    if age_days <= 0:
        return 1.0
    if shape == "exponential":
        return max(floor, float(0.5 ** (age_days / days)))
    return max(floor, 1.0 - age_days / days)


@attrs.frozen
class RuleNode:
    """One data rule: its points, what it matches and what limits it."""

    index: int
    name: str
    group: str
    points: int | float
    when: Predicate | None
    event: EventFilter | None
    max_count: int | None = None
    once_per_seconds: float | None = None
    within_seconds: float | None = None
    decay: DecayCurve | None = None
    knock_out: bool = False
    label: str = ""
    evidence: str | None = None  # the field shown in a field rule's ledger entry


@attrs.frozen
class CustomNode:
    """A rule written in Python."""

    index: int
    name: str
    group: str
    function: Callable[..., object] = attrs.field(eq=False)
    label: str = ""


@attrs.frozen
class GroupNode:
    """A score group and its caps (on the 1/1024 grid)."""

    name: str
    min: int | float | None = None
    max: int | float | None = None


@attrs.frozen
class ThresholdNode:
    """Points (and per-group minimums) for SQL and MQL."""

    sql: int | float
    mql: int | float | None
    sql_groups: tuple[tuple[str, int | float], ...] = ()
    mql_groups: tuple[tuple[str, int | float], ...] = ()


@attrs.frozen
class MatrixNode:
    """The fit × engagement label's groups and cut-offs."""

    fit_group: str
    engagement_group: str
    fit_cutoffs: tuple[float, float, float]
    engagement_cutoffs: tuple[float, float, float]

    def label(self, fit: float, engagement: float) -> str:
        """The cell (``A1`` … ``D4``) for the two group sums."""
        letter = "ABCD"[sum(fit < cut for cut in self.fit_cutoffs)]
        digit = "1234"[sum(engagement < cut for cut in self.engagement_cutoffs)]
        return letter + digit


@attrs.frozen
class FitNode:
    """Points for the lead's fit with an ICP (evaluated in Python by every backend)."""

    icp: ICP
    points: int | float
    group: str
    prior: float
    knock_out: bool
    label: str
    name: str = "icp_fit"


@attrs.frozen
class Plan:
    """A whole model, ready for any backend."""

    name: str
    rules: tuple[RuleNode | CustomNode, ...]
    groups: tuple[GroupNode, ...]
    thresholds: ThresholdNode
    matrix: MatrixNode | None = None
    min_total: int | float | None = None
    max_total: int | float | None = None
    fit: FitNode | None = None
    future_tolerance_seconds: float = 0.0
    """Events up to this long after ``as_of`` still count; later ones are ignored and
    counted (``Score.ignored_future``). Zero unless the model sets ``future_tolerance``."""

    def group_names(self) -> tuple[str, ...]:
        """The groups' names, in model order."""
        return tuple(group.name for group in self.groups)


def first_field(predicate: Predicate | None) -> str | None:
    """The first field a predicate reads, depth first (shown as a rule's evidence).

    >>> first_field(Not(Present(Field("lead", ("job_title",)))))
    'job_title'
    """
    stack: list[Predicate] = [] if predicate is None else [predicate]
    while stack:
        node = stack.pop()
        if isinstance(node, And | Or):
            stack.extend(reversed(node.parts))
        elif isinstance(node, Not):
            stack.append(node.part)
        else:
            return node.value.name
    return None


def read_lead(lead: Lead, path: tuple[str, ...]) -> object:
    """The value at ``path`` on a lead (``None`` when unknown)."""
    head = path[0]
    if head in ("attributes", "answers") and len(path) == 2:  # noqa: PLR2004 - mapping, key
        mapping: object = getattr(lead, head)
        return mapping.get(path[1])  # type: ignore[attr-defined]
    value: object = lead
    for part in path:
        value = getattr(value, part, None)
    return value


def build_plan(model: ScoringModel) -> Plan:
    """The plan of a model whose rules and groups were validated when it was built."""
    from leadqual.scoring._compile import quantize  # noqa: PLC0415 - cycle
    from leadqual.scoring._model import (  # noqa: PLC0415 - cycle
        FIT_RULE,
        CustomRule,
        ExponentialDecay,
        parse_period,
    )

    def grid(value: float | None) -> int | float | None:
        return None if value is None else quantize(plain(value))  # type: ignore[arg-type]

    def curve(decay: object) -> DecayCurve | None:
        if decay is None:
            return None
        if isinstance(decay, ExponentialDecay):
            return DecayCurve("exponential", float(decay.half_life_days), float(decay.floor))
        return DecayCurve("linear", float(decay.over_days), float(decay.floor))  # type: ignore[attr-defined]

    groups = {group.name: group for group in model.groups}
    rules: list[RuleNode | CustomNode] = []
    for index, rule in enumerate(model.rules):
        if isinstance(rule, CustomRule):
            rules.append(CustomNode(index, rule.name, rule.group_name, rule.function, rule.label()))
            continue
        event = None
        decay = None
        if rule.event is not None:
            where = None if rule.event.where is None else rule.event.where.plan("event")
            kind = None if rule.event.type == "*" else str(rule.event.type)
            event = EventFilter(kind, where)
            decay = curve(rule.decay if rule.decay is not None else groups[rule.group_name].decay)
        when = None if rule.when is None else rule.when.plan("lead")
        rules.append(
            RuleNode(
                index,
                str(rule.name),
                rule.group_name,
                grid(rule.points),  # type: ignore[arg-type]
                when,
                event,
                max_count=None if rule.max_count is None else int(rule.max_count),
                once_per_seconds=(
                    None if rule.once_per is None else parse_period(rule.once_per).total_seconds()
                ),
                within_seconds=(
                    None if rule.within_days is None else float(rule.within_days) * 86400.0
                ),
                decay=decay,
                knock_out=bool(rule.knock_out),
                label=rule.label(),
                evidence=first_field(when),
            )
        )
    thresholds = model.thresholds
    matrix = model.matrix
    fit = model.fit
    return Plan(
        name=model.name,
        rules=tuple(rules),
        groups=tuple(GroupNode(g.name, grid(g.min), grid(g.max)) for g in model.groups),
        thresholds=ThresholdNode(
            plain(thresholds.sql),  # type: ignore[arg-type]
            None if thresholds.mql is None else plain(thresholds.mql),  # type: ignore[arg-type]
            tuple((k, plain(v)) for k, v in thresholds.sql_groups.items()),  # type: ignore[misc]
            tuple((k, plain(v)) for k, v in thresholds.mql_groups.items()),  # type: ignore[misc]
        ),
        matrix=None
        if matrix is None
        else MatrixNode(
            matrix.fit_group,
            matrix.engagement_group,
            tuple(plain(c) for c in matrix.fit_cutoffs),  # type: ignore[arg-type]
            tuple(plain(c) for c in matrix.engagement_cutoffs),  # type: ignore[arg-type]
        ),
        min_total=grid(model.min_total),
        max_total=grid(model.max_total),
        fit=None
        if fit is None
        else FitNode(
            fit.icp,
            plain(fit.points),  # type: ignore[arg-type]
            fit.group,
            float(fit.prior),
            bool(fit.knock_out),
            fit.label(),
            FIT_RULE,
        ),
        future_tolerance_seconds=0.0
        if model.future_tolerance is None
        else parse_period(model.future_tolerance).total_seconds(),
    )
