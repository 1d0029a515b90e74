"""Conditions over lead fields and event properties, and the plan nodes they produce.

Every condition is data (a ``Tagged`` variant written as ``{kind = "...", ...}``) and
turns into a predicate of the engine-neutral plan (``_plan``) with ``plan(subject)``;
backends render the plan, conditions never write source text.

String comparisons are case-insensitive (``casefold``). A condition on an unknown value
is false; ``known``/``unknown`` test for presence. A list value (technologies, pain
points) matches when any element matches.

Unknown is not "no": ``not`` holds only when its condition is *known* to be false, so
``Not(Equals("company.country", "NL"))`` is false for a lead whose country is unknown
(Kleene's three-valued logic: ``all`` fails as soon as one part fails, ``any`` only when
every part fails).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, ClassVar, Final, TypeVar

import attrs

from leadqual._convert import Scalar, Tagged
from leadqual._core.names import product_key
from leadqual._lang import shown
from leadqual.exceptions import ConfigError
from leadqual.industries import industry_names
from leadqual.scoring import _plan as nodes
from leadqual.titles import title_names

__all__ = [
    "AllOf",
    "AnyOf",
    "Between",
    "Condition",
    "Contains",
    "EndsWith",
    "Equals",
    "FreeEmail",
    "Glob",
    "Known",
    "Not",
    "OneOf",
    "StartsWith",
    "Unknown",
    "condition_problems",
    "lead_fields",
]


# Lead fields a condition may name: the attribute path on a lead, and the kind of value.
_LEAD_FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "id": (("id",), "text"),
    "email": (("email",), "text"),
    "email_domain": (("email_domain",), "text"),
    "first_name": (("first_name",), "text"),
    "last_name": (("last_name",), "text"),
    "job_title": (("job_title",), "text"),
    "phone": (("phone",), "text"),
    "source": (("source",), "text"),
    "company.name": (("company", "name"), "text"),
    "company.domain": (("company", "domain"), "text"),
    "company.employees": (("company", "employees"), "number"),
    "company.annual_revenue": (("company", "annual_revenue"), "number"),
    "company.industry": (("company", "industry"), "text"),
    "company.industry_code": (("company", "industry_code"), "text"),
    "company.country": (("company", "country"), "text"),
    "company.technologies": (("company", "technologies"), "text"),
    "company.account_id": (("company", "account_id"), "text"),
}

T = TypeVar("T")

MAX_DEPTH = 32
"""How deeply ``all``/``any``/``not`` may nest: far beyond a readable rule, and shallow
enough for every backend (generated code, SQL) to handle."""


def lead_fields() -> tuple[str, ...]:
    """The lead fields conditions can name (plus ``attributes.<key>``/``answers.<key>``).

    >>> "company.employees" in lead_fields()
    True
    """
    return tuple(_LEAD_FIELDS)


def field_kind(field: str) -> str | None:
    """``"text"`` or ``"number"`` for a built-in lead field; ``None`` when not fixed."""
    entry = _LEAD_FIELDS.get(field)
    return None if entry is None else entry[1]


def field_value(field: str, subject: str) -> nodes.Value:
    """The plan value reading ``field`` from a lead or from an event's properties.

    An event's ``url`` property is read as its path (rules are written against paths,
    page views often carry absolute URLs).
    """
    if subject == "event":
        read = nodes.Field("event", (field,))
        return nodes.UrlPath(read) if field == "url" else read
    if field in _LEAD_FIELDS:
        read = nodes.Field("lead", _LEAD_FIELDS[field][0])
        # Technologies match as in the ICP: "Exact Online" is "exact-online".
        return nodes.ProductKey(read) if field == "company.technologies" else read
    for mapping in ("attributes", "answers"):
        key = field.removeprefix(mapping + ".")
        if key != field and key:
            return nodes.Field("lead", (mapping, key))
    allowed = ", ".join([*_LEAD_FIELDS, "attributes.<key>", "answers.<key>"])
    detail = f"unknown lead field {field!r}; expected one of {allowed}"
    raise ConfigError.at(place="field", detail=detail)


# --- the condition family ---------------------------------------------------------------


def _reduced(read: nodes.Value, value: T) -> T:
    # What a value is compared as: a product key for technologies, else itself.
    if isinstance(read, nodes.ProductKey) and isinstance(value, str):
        return product_key(value)  # type: ignore[return-value]
    return value


def _equal_options(read: nodes.Value, values: Iterable[Scalar]) -> tuple[Scalar, ...]:
    # Equality options as compared: technologies by product key; an industry by every
    # name the built-in table gives it (English, Dutch, synonyms), as the ICP reads it.
    # A job title by every spelling of the same post ("CEO", "Chief Executive Officer").
    path = read.path if isinstance(read, nodes.Field) and read.subject == "lead" else ()
    names = {("company", "industry"): industry_names, ("job_title",): title_names}.get(path)
    options: list[Scalar] = []
    for value in values:
        plain = _reduced(read, nodes.plain(value))
        if names is not None and isinstance(plain, str):
            options.extend(names(plain))
        else:
            options.append(plain)
    return tuple(options)  # not deduplicated: true and 1 are different options


class Condition(Tagged):
    """A test on a lead (fields) or on an event (its properties).

    Subclasses turn themselves into a plan predicate with ``plan(subject)``, where
    ``subject`` is ``"lead"`` or ``"event"``.
    """

    __slots__ = ()

    def plan(self, subject: str) -> nodes.Predicate:
        """The engine-neutral predicate this condition means (see ``_plan``)."""
        raise NotImplementedError


class _FieldCondition(Condition):
    # A condition on one field.
    __slots__ = ()
    field: str


def _non_empty(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        detail = f"expected a non-empty string, got {value!r}"
        raise ConfigError.at(place=attribute.name, detail=detail)


def _scalar_problem(value: object) -> str | None:
    if isinstance(value, str | bool | int) or (isinstance(value, float) and math.isfinite(value)):
        return None
    return f"expected text, a number or true/false, got {shown(value)}"


def _scalar(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    problem = _scalar_problem(value)
    if problem is not None:
        raise ConfigError.at(place=attribute.name, detail=problem)


@attrs.frozen
class Equals(_FieldCondition):
    """The field equals ``value`` (strings case-insensitively; lists: any element).

    >>> Equals("company.country", "NL")
    Equals(field='company.country', value='NL')
    """

    kind: ClassVar[str] = "equals"
    field: str = attrs.field(validator=_non_empty)
    value: Scalar = attrs.field(validator=_scalar)

    def plan(self, subject: str) -> nodes.Predicate:
        """See :class:`Condition`."""
        read = field_value(self.field, subject)
        return nodes.Equal(read, _equal_options(read, (self.value,)))


# Typed converters (not bare ``tuple``) so mypy users can pass lists.
def _options(value: Iterable[Scalar]) -> tuple[Scalar, ...]:
    return tuple(value)


def _domains(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _some(_instance: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    # "one of nothing" never matches: always a mistake, and an empty list would not
    # survive a model file (empty lists are left out when writing).
    if not value:
        raise ConfigError.at(place=attribute.name, detail="expected at least one value")
    for index, item in enumerate(value):
        problem = _scalar_problem(item)
        if problem is not None:
            raise ConfigError.at(place=f"{attribute.name}[{index}]", detail=problem)


@attrs.frozen
class OneOf(_FieldCondition):
    """The field equals one of ``values`` (case-insensitive for strings)."""

    kind: ClassVar[str] = "one_of"
    field: str = attrs.field(validator=_non_empty)
    values: tuple[Scalar, ...] = attrs.field(converter=_options, validator=_some)

    def plan(self, subject: str) -> nodes.Predicate:
        """See :class:`Condition`."""
        read = field_value(self.field, subject)
        return nodes.Equal(read, _equal_options(read, self.values))


_JOB_TITLE: Final = nodes.Field("lead", ("job_title",))


@attrs.frozen
class _TextCondition(_FieldCondition):
    # A case-insensitive test of text against one value; `op` names the plan's test.
    op: ClassVar[str]
    field: str = attrs.field(validator=_non_empty)
    value: str = attrs.field(validator=_non_empty)

    def plan(self, subject: str) -> nodes.Predicate:
        """See :class:`Condition`."""
        read = field_value(self.field, subject)
        needle = _reduced(read, str(self.value).casefold())
        if read == _JOB_TITLE:
            # Every spelling of the same title, as equality does: "CEO" and its words.
            spellings = dict.fromkeys(name.casefold() for name in title_names(needle))
            if len(spellings) > 1:
                parts = tuple(nodes.Text(read, self.op, name) for name in spellings)  # type: ignore[arg-type]
                return nodes.Or(parts)
        return nodes.Text(read, self.op, needle)  # type: ignore[arg-type]


@attrs.frozen
class Contains(_TextCondition):
    """The text contains ``value`` (case-insensitive); for lists, an element contains it."""

    kind: ClassVar[str] = "contains"
    op: ClassVar[str] = "contains"


@attrs.frozen
class StartsWith(_TextCondition):
    """The text starts with ``value`` (case-insensitive)."""

    kind: ClassVar[str] = "starts_with"
    op: ClassVar[str] = "prefix"


@attrs.frozen
class EndsWith(_TextCondition):
    """The text ends with ``value`` (case-insensitive)."""

    kind: ClassVar[str] = "ends_with"
    op: ClassVar[str] = "suffix"


@attrs.frozen
class Glob(_FieldCondition):
    """Shell-style pattern, case-insensitive: ``*`` any text, ``?`` one character.

    No regular expressions: globs cover URLs and titles and cannot backtrack badly.

    >>> Glob("url", "/pricing*")
    Glob(field='url', pattern='/pricing*')
    """

    kind: ClassVar[str] = "glob"
    field: str = attrs.field(validator=_non_empty)
    pattern: str = attrs.field(validator=_non_empty)

    def plan(self, subject: str) -> nodes.Predicate:
        """See :class:`Condition`."""
        return nodes.Glob(field_value(self.field, subject), str(self.pattern).casefold())


def _bound(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # The bound is written into generated code with repr(): inf/nan/text would not run.
    if value is None:
        return
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and not math.isfinite(value))
    ):
        detail = f"expected a finite number, got {value!r}"
        raise ConfigError.at(place=attribute.name, detail=detail)


def _check_range(instance: Between, attribute: attrs.Attribute[Any], value: object) -> None:
    _bound(instance, attribute, value)
    if instance.min is None and instance.max is None:
        raise ConfigError.at(place="min", detail="expected 'min', 'max' or both")
    if instance.min is not None and instance.max is not None and instance.min > instance.max:
        detail = f"min {instance.min!r} is above max {instance.max!r}"
        raise ConfigError.at(place="max", detail=detail)


@attrs.frozen
class Between(_FieldCondition):
    """A number within ``[min, max]`` (either bound may be left out).

    >>> Between("company.employees", min=50, max=500)
    Between(field='company.employees', min=50, max=500)
    """

    kind: ClassVar[str] = "between"
    field: str = attrs.field(validator=_non_empty)
    min: float | None = attrs.field(default=None, validator=_bound)
    max: float | None = attrs.field(default=None, validator=_check_range)

    def plan(self, subject: str) -> nodes.Predicate:
        """See :class:`Condition`."""
        if subject == "lead" and field_kind(self.field) == "text":
            detail = f"{self.field} holds text, so a range on it can never hold"
            raise ConfigError.at(place="field", detail=detail)
        low = None if self.min is None else nodes.plain(self.min)
        high = None if self.max is None else nodes.plain(self.max)
        return nodes.Range(field_value(self.field, subject), low, high)  # type: ignore[arg-type]


@attrs.frozen
class Known(Condition):
    """The field has a value (not unknown, not an empty list)."""

    kind: ClassVar[str] = "known"
    field: str = attrs.field(validator=_non_empty)

    def plan(self, subject: str) -> nodes.Predicate:
        """See :class:`Condition`."""
        return nodes.Present(field_value(self.field, subject))


@attrs.frozen
class Unknown(Condition):
    """The field has no value."""

    kind: ClassVar[str] = "unknown"
    field: str = attrs.field(validator=_non_empty)

    def plan(self, subject: str) -> nodes.Predicate:
        """See :class:`Condition`."""
        return nodes.Not(nodes.Present(field_value(self.field, subject)))


@attrs.frozen
class FreeEmail(Condition):
    """The lead's e-mail address is at a free provider (gmail.com, ziggo.nl, …).

    ``extra`` adds domains to the bundled list.
    """

    kind: ClassVar[str] = "free_email"
    extra: tuple[str, ...] = attrs.field(default=(), converter=_domains)

    def plan(self, subject: str) -> nodes.Predicate:
        """See :class:`Condition`."""
        if subject != "lead":
            msg = "free_email: only applies to the lead, not to event properties"
            raise ConfigError(msg)
        extra = frozenset(str(domain).casefold() for domain in self.extra)
        return nodes.FreeDomain(nodes.Field("lead", ("email_domain",)), extra)


def _conditions(value: object) -> tuple[Condition, ...]:
    if not isinstance(value, list | tuple):
        detail = f"expected a list of conditions, got {value!r}"
        raise ConfigError.at(place="conditions", detail=detail)
    items: tuple[object, ...] = tuple(value)
    if not items:
        raise ConfigError.at(place="conditions", detail="expected at least one condition")
    for index, item in enumerate(items):
        if not isinstance(item, Condition):
            detail = f"expected a condition, got {type(item).__name__}"
            raise ConfigError.at(place=f"conditions[{index}]", detail=detail)
    return items  # type: ignore[return-value]  # each item checked just above


class _Combination(Condition):
    # `all` and `any` differ only in the plan connective they produce.
    __slots__ = ()
    conditions: tuple[Condition, ...]
    connective: ClassVar[type[nodes.And | nodes.Or]]

    def plan(self, subject: str) -> nodes.Predicate:
        """See :class:`Condition`."""
        return self.connective(tuple(part.plan(subject) for part in self.conditions))


@attrs.frozen
class AllOf(_Combination):
    """Every condition holds (known to fail as soon as one part is known to fail)."""

    kind: ClassVar[str] = "all"
    connective: ClassVar[type[nodes.And | nodes.Or]] = nodes.And
    conditions: tuple[Condition, ...] = attrs.field(converter=_conditions)


@attrs.frozen
class AnyOf(_Combination):
    """At least one condition holds (known to fail only when every part is)."""

    kind: ClassVar[str] = "any"
    connective: ClassVar[type[nodes.And | nodes.Or]] = nodes.Or
    conditions: tuple[Condition, ...] = attrs.field(converter=_conditions)


@attrs.frozen
class Not(Condition):
    """The condition is known not to hold; unknown data makes ``not`` false as well.

    Unknown is not "no": a lead whose country is unknown is not "not Dutch". Test for
    absence with :class:`Unknown`; ``Not(Known(f))`` is the same as ``Unknown(f)``.

    >>> Not(Equals("company.country", "NL"))
    Not(condition=Equals(field='company.country', value='NL'))
    """

    kind: ClassVar[str] = "not"
    condition: Condition

    def plan(self, subject: str) -> nodes.Predicate:
        """See :class:`Condition`."""
        return nodes.Not(self.condition.plan(subject))


def condition_problems(condition: Condition, subject: str) -> list[tuple[str, str]]:
    """Every problem planning ``condition`` would meet, with its place inside it.

    Places are relative: ``conditions[0].field`` for the first part of an ``all``.
    Walks without recursion, so even absurdly deep nesting is reported, not crashed on.

    >>> condition_problems(Not(AllOf([Equals("title", "x")])), "lead")[0][0]
    'condition.conditions[0].field'
    """
    found: list[tuple[str, str]] = []
    stack: list[tuple[str, int, object]] = [("", 0, condition)]
    while stack:
        base, depth, node = stack.pop()
        if depth > MAX_DEPTH:
            detail = f"conditions nest more than {MAX_DEPTH} deep; split the rule"
            found.append((base, detail))
            continue
        if isinstance(node, AllOf | AnyOf):
            stack.extend(
                (_inner(base, f"conditions[{index}]"), depth + 1, part)
                for index, part in reversed(list(enumerate(node.conditions)))
            )
            continue
        if isinstance(node, Not):
            stack.append((_inner(base, "condition"), depth + 1, node.condition))
            continue
        if not isinstance(node, Condition):
            found.append((base, f"expected a condition, got {type(node).__name__}"))
            continue
        try:
            node.plan(subject)
        except ConfigError as exc:
            found.append((_inner(base, exc.place or ""), exc.detail or str(exc)))
    return found


def _inner(base: str, place: str) -> str:
    if not base:
        return place
    return f"{base}.{place}" if place else base
