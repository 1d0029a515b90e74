"""Conditions over lead fields and event properties, and how they compile.

Every condition is data (a ``Tagged`` variant written as ``{kind = "...", ...}``) and
knows how to render itself as one Python expression. The scoring engine joins those
expressions into one generated function per model, the way attrs generates ``__init__``:
every literal in the generated source comes from validated model data through
``repr()`` or is a constant handed over by name, never raw user text.

String comparisons are case-insensitive (``casefold``). A condition on an unknown value
is false; ``known``/``unknown`` test for presence. A list value (technologies, pain
points) matches when any element matches.

Unknown is not "no": ``not`` holds only when its condition is *known* to be false, so
``Not(Equals("company.country", "NL"))`` is false for a lead whose country is unknown.
Each condition therefore also renders ``false_source``, an expression that is true when
it fails on known data (Kleene's three-valued logic: ``all`` fails as soon as one part
fails, ``any`` only when every part fails).
"""

from __future__ import annotations

import fnmatch
import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar
from urllib.parse import urlsplit

import attrs

from leadqual._convert import Scalar, Tagged
from leadqual._freemail import is_free_email_domain
from leadqual._lang import shown
from leadqual.exceptions import ConfigError

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


class Source:
    """Collects the constants a generated expression refers to by name."""

    __slots__ = ("constants", "texts")

    def __init__(self) -> None:
        self.constants: dict[str, object] = {}
        # Event properties read once per event-type branch, as folded text (see `prelude`).
        self.texts: dict[str, str] = {}

    def constant(self, value: object) -> str:
        """Hand ``value`` to the generated code under a fresh name and return the name."""
        name = f"_c{len(self.constants)}"
        self.constants[name] = value
        return name

    def event_text(self, field: str) -> str:
        """The variable holding event property ``field`` casefolded, or ``None`` if no str.

        The property is read (and a URL reduced to its path) once per event, in the
        branch's prelude, however many conditions test it.
        """
        name = self.texts.get(field)
        if name is None:
            name = self.texts[field] = f"_f{len(self.texts)}"
        return name

    def prelude(self, indent: int) -> list[str]:
        """Statements binding every ``event_text`` variable asked for since the last call."""
        pad = " " * indent
        lines = []
        for field, name in self.texts.items():
            fold = "_url_fold(_v)" if field == "url" else "_v.casefold()"
            read = field_source(field, subject="event")
            lines.append(f"{pad}{name} = {fold} if (_v := {read}).__class__ is str else None")
        self.texts = {}
        return lines


# Lead fields a condition may name, and the expression that reads each from `lead`.
_LEAD_FIELDS: dict[str, str] = {
    "id": "lead.id",
    "email": "lead.email",
    "email_domain": "lead.email_domain",
    "first_name": "lead.first_name",
    "last_name": "lead.last_name",
    "job_title": "lead.job_title",
    "phone": "lead.phone",
    "source": "lead.source",
    "company.name": "lead.company.name",
    "company.domain": "lead.company.domain",
    "company.employees": "lead.company.employees",
    "company.annual_revenue": "lead.company.annual_revenue",
    "company.industry": "lead.company.industry",
    "company.industry_code": "lead.company.industry_code",
    "company.country": "lead.company.country",
    "company.technologies": "lead.company.technologies",
    "company.account_id": "lead.company.account_id",
}
_IDENTIFIER = re.compile(r"^[A-Za-z0-9_.:-]+$")


def lead_fields() -> tuple[str, ...]:
    """The lead fields conditions can name (plus ``attributes.<key>``/``answers.<key>``).

    >>> "company.employees" in lead_fields()
    True
    """
    return tuple(_LEAD_FIELDS)


def field_source(field: str, *, subject: str) -> str:
    """The expression reading ``field`` from a lead or from an event's properties."""
    if subject == "event":
        return f"props.get({field!r})"
    if field in _LEAD_FIELDS:
        return _LEAD_FIELDS[field]
    for mapping in ("attributes", "answers"):
        key = field.removeprefix(mapping + ".")
        if key != field and key:
            return f"lead.{mapping}.get({key!r})"
    allowed = ", ".join([*_LEAD_FIELDS, "attributes.<key>", "answers.<key>"])
    detail = f"unknown lead field {field!r}; expected one of {allowed}"
    raise ConfigError.at(place="field", detail=detail)


# --- runtime helpers the generated code calls -------------------------------------------


def _fold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


@functools.lru_cache(maxsize=4096)
def url_path(url: str) -> str:
    """The path (and query) of a URL, so ``https://x.nl/pricing?a=1`` matches ``/pricing*``."""
    if "://" not in url:
        return url
    parts = urlsplit(url)
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def _values(value: object) -> tuple[object, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple | frozenset | set):
        return tuple(_fold(item) for item in value if item is not None)
    return (_fold(value),)


def _any_text(value: object, test: Callable[[str], bool]) -> bool:
    return any(isinstance(item, str) and test(item) for item in _values(value))


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if value.__class__ is int:
        return value  # exact; comparing a huge int with a float bound cannot overflow
    try:
        return value if math.isfinite(value) else None
    except OverflowError:  # an int subclass too large for a float
        return None


@functools.lru_cache(maxsize=4096)
def _url_fold(url: str) -> str:
    return url_path(url).casefold()


RUNTIME: Mapping[str, object] = {
    "_url_fold": _url_fold,
    "_values": _values,
    "_any_text": _any_text,
    "_number": _number,
    "_url_path": url_path,
    "_is_free": is_free_email_domain,
}


def _subject_value(field: str, subject: str) -> str:
    read = field_source(field, subject=subject)
    if subject == "event" and field == "url":
        # Page views often carry absolute URLs; rules are written against paths.
        return f"_url_path(_u) if (_u := {read}).__class__ is str else _u"
    return read


def _text_test(
    src: Source,
    field: str,
    subject: str,
    fast: Callable[[str], str],
    slow: Callable[[str], str],
) -> str:
    """``fast(folded)`` when the value is one string (the hot case), else ``slow(value)``.

    Both must mean the same for a string: ``slow`` goes through ``_values`` and handles
    lists and unknowns. A value that is no plain ``str`` is read again in the slow path;
    URL normalisation only ever applies to strings, so that read is the raw property.
    """
    if subject == "event":
        folded = src.event_text(field)
        raw = field_source(field, subject=subject)
        return f"(({fast(folded)}) if {folded} is not None else ({slow(raw)}))"
    read = field_source(field, subject=subject)
    return f"(({fast('_v.casefold()')}) if (_v := {read}).__class__ is str else ({slow('_v')}))"


# --- the condition family ---------------------------------------------------------------


class Condition(Tagged):
    """A test on a lead (fields) or on an event (its properties).

    Subclasses render themselves with ``source(src, subject)``, where ``subject`` is
    ``"lead"`` or ``"event"``; ``known_source`` and ``false_source`` let ``not`` tell
    "known to be false" from "unknown".
    """

    __slots__ = ()

    def source(self, src: Source, subject: str) -> str:
        """A Python expression that is true when the condition holds."""
        raise NotImplementedError

    def known_source(self, src: Source, subject: str) -> str:
        """A Python expression that is true when the data the condition reads is known.

        The default, ``"True"``, suits conditions that decide on known data whatever
        the lead holds (presence tests).
        """
        del src, subject
        return "True"

    def false_source(self, src: Source, subject: str) -> str:
        """A Python expression that is true when the condition is known not to hold."""
        known = self.known_source(src, subject)
        if known == "True":
            return f"(not {self.source(src, subject)})"
        return f"({known} and not {self.source(src, subject)})"


class _FieldCondition(Condition):
    # A condition on one field: known when that field has a value (not an empty list).
    __slots__ = ()
    field: str

    def known_source(self, src: Source, subject: str) -> str:
        del src
        return f"bool(_values({field_source(self.field, subject=subject)}))"


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

    def source(self, src: Source, subject: str) -> str:
        target = src.constant(_fold(self.value))
        return _text_test(
            src,
            self.field,
            subject,
            lambda text: f"{text} == {target}",
            lambda value: f"{target} in _values({value})",
        )


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

    def source(self, src: Source, subject: str) -> str:
        targets = src.constant(frozenset(_fold(value) for value in self.values))
        return _text_test(
            src,
            self.field,
            subject,
            lambda text: f"{text} in {targets}",
            lambda value: f"not {targets}.isdisjoint(_values({value}))",
        )


class _TextCondition(_FieldCondition):
    # A case-insensitive test of text against one value; `test` is the expression with
    # {t} for the folded text and {needle} for the folded value.
    __slots__ = ()
    value: str
    test: ClassVar[str]

    def source(self, src: Source, subject: str) -> str:
        needle = src.constant(self.value.casefold())

        def on(text: str) -> str:
            return self.test.format(t=text, needle=needle)

        return _text_test(
            src,
            self.field,
            subject,
            on,
            lambda value: f"_any_text({value}, lambda t: {on('t')})",
        )


@attrs.frozen
class Contains(_TextCondition):
    """The text contains ``value`` (case-insensitive); for lists, an element contains it."""

    kind: ClassVar[str] = "contains"
    test: ClassVar[str] = "{needle} in {t}"
    field: str = attrs.field(validator=_non_empty)
    value: str = attrs.field(validator=_non_empty)


@attrs.frozen
class StartsWith(_TextCondition):
    """The text starts with ``value`` (case-insensitive)."""

    kind: ClassVar[str] = "starts_with"
    test: ClassVar[str] = "{t}.startswith({needle})"
    field: str = attrs.field(validator=_non_empty)
    value: str = attrs.field(validator=_non_empty)


@attrs.frozen
class EndsWith(_TextCondition):
    """The text ends with ``value`` (case-insensitive)."""

    kind: ClassVar[str] = "ends_with"
    test: ClassVar[str] = "{t}.endswith({needle})"
    field: str = attrs.field(validator=_non_empty)
    value: str = attrs.field(validator=_non_empty)


def _glob_inline(pattern: str, src: Source, text: str) -> str:
    """The glob as an expression on the folded string ``text``: string methods when it can."""
    folded = pattern.casefold()
    body = folded.strip("*")
    if any(char in body for char in "*?["):
        return f"{src.constant(_glob_test(pattern))}({text}) is not None"
    needle = src.constant(body)
    starts, ends = folded.startswith("*"), folded.endswith("*")
    if starts and ends:
        return f"{needle} in {text}"
    if ends:
        return f"{text}.startswith({needle})"
    if starts:
        return f"{text}.endswith({needle})"
    return f"{text} == {needle}"


def _glob_test(pattern: str) -> Callable[[str], bool]:
    folded = pattern.casefold()
    body = folded.strip("*")
    if not any(char in body for char in "*?["):
        # The common shapes need no regular expression at all.
        starts, ends = folded.startswith("*"), folded.endswith("*")
        if starts and ends:
            return lambda text: body in text
        if ends:
            return lambda text: text.startswith(body)
        if starts:
            return lambda text: text.endswith(body)
        return lambda text: text == body
    # fnmatch's translation cannot backtrack catastrophically (CPython >= 3.9 emits
    # atomic-style groups for runs of '*'), and the pattern is user data, not a regex.
    return re.compile(fnmatch.translate(folded), re.DOTALL).match  # type: ignore[return-value]


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

    def source(self, src: Source, subject: str) -> str:
        test = src.constant(_glob_test(self.pattern))
        value = _subject_value(self.field, subject)
        if subject == "event":
            # The hot path: one string property, read and folded once per event; a list
            # property (tags) matches when an element does, as everywhere else.
            text = src.event_text(self.field)
            inline = _glob_inline(self.pattern, src, text)
            return f"(({inline}) if {text} is not None else _any_text({value}, {test}))"
        return f"_any_text({value}, {test})"


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

    def source(self, src: Source, subject: str) -> str:
        value = _subject_value(self.field, subject)
        checks = ["(_n := _number(" + value + ")) is not None"]
        if self.min is not None:
            checks.append(f"_n >= {self.min!r}")
        if self.max is not None:
            checks.append(f"_n <= {self.max!r}")
        del src
        return "(" + " and ".join(checks) + ")"


@attrs.frozen
class Known(Condition):
    """The field has a value (not unknown, not an empty list)."""

    kind: ClassVar[str] = "known"
    field: str = attrs.field(validator=_non_empty)

    def source(self, src: Source, subject: str) -> str:
        del src
        return f"bool(_values({_subject_value(self.field, subject)}))"


@attrs.frozen
class Unknown(Condition):
    """The field has no value."""

    kind: ClassVar[str] = "unknown"
    field: str = attrs.field(validator=_non_empty)

    def source(self, src: Source, subject: str) -> str:
        del src
        return f"(not _values({_subject_value(self.field, subject)}))"


@attrs.frozen
class FreeEmail(Condition):
    """The lead's e-mail address is at a free provider (gmail.com, ziggo.nl, …).

    ``extra`` adds domains to the bundled list.
    """

    kind: ClassVar[str] = "free_email"
    extra: tuple[str, ...] = attrs.field(default=(), converter=_domains)

    def known_source(self, src: Source, subject: str) -> str:
        del src, subject
        return "(lead.email_domain is not None)"

    def source(self, src: Source, subject: str) -> str:
        if subject != "lead":
            msg = "free_email: only applies to the lead, not to event properties"
            raise ConfigError(msg)
        if not self.extra:
            return "_is_free(lead.email_domain)"
        extra = src.constant(frozenset(domain.casefold() for domain in self.extra))
        return f"(_is_free(_d := lead.email_domain) or _d in {extra})"


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
    # `all` and `any` differ only in how their parts are joined: `join` for holding,
    # `false_join` for being known to fail (three-valued logic, as `not` needs it).
    __slots__ = ()
    conditions: tuple[Condition, ...]
    join: ClassVar[str]
    false_join: ClassVar[str]

    def source(self, src: Source, subject: str) -> str:
        joined = f" {self.join} ".join(c.source(src, subject) for c in self.conditions)
        return f"({joined})"

    def known_source(self, src: Source, subject: str) -> str:
        return "(" + " or ".join(c.known_source(src, subject) for c in self.conditions) + ")"

    def false_source(self, src: Source, subject: str) -> str:
        parts = (c.false_source(src, subject) for c in self.conditions)
        return "(" + f" {self.false_join} ".join(parts) + ")"


@attrs.frozen
class AllOf(_Combination):
    """Every condition holds (known to fail as soon as one part is known to fail)."""

    kind: ClassVar[str] = "all"
    join: ClassVar[str] = "and"
    false_join: ClassVar[str] = "or"
    conditions: tuple[Condition, ...] = attrs.field(converter=_conditions)


@attrs.frozen
class AnyOf(_Combination):
    """At least one condition holds (known to fail only when every part is)."""

    kind: ClassVar[str] = "any"
    join: ClassVar[str] = "or"
    false_join: ClassVar[str] = "and"
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

    def source(self, src: Source, subject: str) -> str:
        return self.condition.false_source(src, subject)

    def known_source(self, src: Source, subject: str) -> str:
        return self.condition.known_source(src, subject)

    def false_source(self, src: Source, subject: str) -> str:
        # not(c) is known to fail exactly when c holds (which needs known data).
        return self.condition.source(src, subject)


def condition_problems(condition: Condition, subject: str) -> list[tuple[str, str]]:
    """Every problem rendering ``condition`` would meet, with its place inside it.

    Places are relative: ``conditions[0].field`` for the first part of an ``all``.

    >>> condition_problems(Not(AllOf([Equals("title", "x")])), "lead")[0][0]
    'condition.conditions[0].field'
    """
    found: list[tuple[str, str]] = []
    if isinstance(condition, AllOf | AnyOf):
        for index, part in enumerate(condition.conditions):
            found.extend(
                (_inner(f"conditions[{index}]", place), detail)
                for place, detail in condition_problems(part, subject)
            )
        return found
    if isinstance(condition, Not):
        return [
            (_inner("condition", place), detail)
            for place, detail in condition_problems(condition.condition, subject)
        ]
    try:
        condition.source(Source(), subject)
    except ConfigError as exc:
        found.append((exc.place or "", exc.detail or str(exc)))
    return found


def _inner(base: str, place: str) -> str:
    return f"{base}.{place}" if place else base
