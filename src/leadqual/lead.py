"""The lead, its company and what it did: immutable value objects.

A missing value is ``None`` (or an empty collection) and means *unknown*, never "no".
Every scorer reports unknown data as unknown instead of scoring it as a mismatch.

>>> import leadqual as lq
>>> lead = lq.Lead.from_mapping({
...     "id": "L-1", "email": "m.jansen@vdberg-metaal.nl",
...     "company": {"name": "Van den Berg Metaal", "employees": 180, "country": "nl"},
...     "events": [{"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"}],
... })
>>> lead.company.country, lead.events[0].type, lead.email_domain
('NL', 'demo_requested', 'vdberg-metaal.nl')
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, TypeAlias, TypeVar

import attrs

from leadqual._core.text import lone_surrogate
from leadqual._lang import shown
from leadqual.exceptions import LeadError, TimestampError
from leadqual.stage import Reason, Stage

__all__ = [
    "Answer",
    "Company",
    "Event",
    "FrozenDict",
    "FrozenList",
    "Identifier",
    "JSONValue",
    "Lead",
    "Outcome",
    "StageChange",
    "thaw",
]

JSONValue: TypeAlias = str | int | float | bool | list["JSONValue"] | dict[str, "JSONValue"] | None
"""A value that plain JSON can carry: event properties and custom attributes."""

Identifier: TypeAlias = Annotated[str, "leadqual.identifier"]
"""An identity (lead, event, account): text; files may also give a whole number."""

Answer: TypeAlias = bool | float | str
"""An answer to a framework criterion: yes/no, a level from 0 to 1, or a named option."""


_ISO_ALPHA2 = 2

MAX_TEXT: int = 1_000
"""The most characters a named text field may hold (a job title, a name, an e-mail address).

Free text from a form or CRM is short; a megabyte "job title" is an accident or an
attack, and would make every evaluator that reads it slow.
"""

MAX_JSON_TEXT: int = 100_000
"""The most characters one text in ``attributes``, ``properties`` or ``answers`` may hold."""

MAX_DEPTH: int = 64
"""How deeply lists and tables may nest in ``attributes`` and ``properties``."""

MAX_DIGITS: int = 4_300
"""The most decimal digits a whole number in a lead may have.

Python refuses to print or parse longer integers (``sys.get_int_max_str_digits``), so
such a number could be read from Python but never written out or explained.
"""

_INT_LIMIT = 10**MAX_DIGITS

# Codes in common use that ISO 3166 spells differently: the EU's own country codes and
# many CRMs write UK for the United Kingdom and EL for Greece.
_COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}

_Code = TypeVar("_Code", Stage, Reason)


def _too_large(value: float) -> bool:
    # A whole number past MAX_DIGITS breaks printing, JSON and every explanation later.
    return isinstance(value, int) and not -_INT_LIMIT < value < _INT_LIMIT


def _too_large_detail(value: object) -> str:
    return f"expected a number of at most {MAX_DIGITS} digits, got {shown(value)}"


def _utf8_problem(text: str) -> str | None:
    # A lone surrogate ("\udc80", from a JSON escape) is a str but cannot be written out.
    at = lone_surrogate(text)
    if at is None:
        return None
    return f"not valid Unicode text: lone surrogate {text[at]!r} at {at + 1}"


def _check_text(text: str, place: str, limit: int = MAX_TEXT) -> None:
    if len(text) > limit:
        detail = f"text of {len(text)} characters is too long: at most {limit} allowed"
        raise LeadError.at(place=place, detail=detail)
    problem = _utf8_problem(text)
    if problem is not None:
        raise LeadError.at(place=place, detail=problem)


def _finite(value: float) -> bool:
    # Every int is finite; math.isfinite would overflow on one past 1e308.
    return isinstance(value, int) or math.isfinite(value)


def _check_json(value: object, place: str, depth: int = 0) -> None:  # noqa: C901
    if isinstance(value, str):
        _check_text(value, place, MAX_JSON_TEXT)
        return
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if _too_large(value):
            raise LeadError.at(place=place, detail=_too_large_detail(value))
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise LeadError.at(place=place, detail=f"expected a finite number, got {value!r}")
        return
    if isinstance(value, list | tuple | Mapping) and depth >= MAX_DEPTH:
        detail = f"nested more than {MAX_DEPTH} levels deep"
        raise LeadError.at(place=place, detail=detail)
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_json(item, f"{place}[{index}]", depth + 1)
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise LeadError.at(place=place, detail=f"expected string keys, got {shown(key)}")
            _check_text(key, place)
            _check_json(item, f"{place}.{key}", depth + 1)
        return
    detail = (
        f"expected a JSON value (text, number, true/false, list, table), got {type(value).__name__}"
    )
    raise LeadError.at(place=place, detail=detail)


def _immutable(self: object, *_args: object, **_kwargs: object) -> Any:  # noqa: ANN401
    msg = f"{type(self).__name__} is part of a frozen lead and cannot be changed"
    raise TypeError(msg)


class FrozenList(list):  # type: ignore[type-arg]
    """A list inside a lead's attributes or event properties: reads like a list, never changes.

    Still a ``list`` (``isinstance``, ``==``, ``json.dumps`` work as before).

    >>> lead = Lead("L-1", attributes={"pains": ["cost"]})
    >>> lead.attributes["pains"] == ["cost"], isinstance(lead.attributes["pains"], list)
    (True, True)
    >>> lead.attributes["pains"].append("time")
    Traceback (most recent call last):
    ...
    TypeError: FrozenList is part of a frozen lead and cannot be changed
    """

    __slots__ = ()
    append = extend = insert = remove = pop = clear = sort = reverse = _immutable
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _immutable

    def __reduce__(self) -> tuple[type, tuple[list[Any]]]:
        return FrozenList, (list(self),)


class FrozenDict(dict):  # type: ignore[type-arg]
    """A table inside a lead's attributes or event properties: a ``dict`` that never changes."""

    __slots__ = ()
    pop = popitem = clear = update = setdefault = _immutable
    __setitem__ = __delitem__ = __ior__ = _immutable

    def __reduce__(self) -> tuple[type, tuple[dict[Any, Any]]]:
        return FrozenDict, (dict(self),)


def _frozen(value: object) -> Any:  # noqa: ANN401 - any JSON value
    if isinstance(value, Mapping):
        return FrozenDict({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return FrozenList(_frozen(item) for item in value)
    return value


def thaw(value: object) -> Any:  # noqa: ANN401 - any JSON value
    """Plain lists and dicts again from a lead's frozen attributes or properties.

    >>> thaw(Lead("L-1", attributes={"pains": ["cost"]}).attributes)
    {'pains': ['cost']}
    """
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(item) for item in value]
    return value


def _json_mapping(value: object, name: str) -> Mapping[str, JSONValue]:
    # A deep, frozen copy: the caller's data can change later without changing the lead,
    # nobody can mutate the lead through what it returns, and it still pickles (workers,
    # Spark) and copies like a dict.
    if value is None:
        return FrozenDict()
    if not isinstance(value, Mapping):
        raise LeadError.at(place=name, detail=f"expected a table, got {type(value).__name__}")
    _check_json(value, name)
    return FrozenDict({key: _frozen(item) for key, item in value.items()})


def _answers(value: object) -> Mapping[str, Answer]:
    if value is None:
        return FrozenDict()
    if not isinstance(value, Mapping):
        raise LeadError.at(place="answers", detail=f"expected a table, got {type(value).__name__}")
    for key, answer in value.items():
        ok = (
            isinstance(answer, str) and len(answer) <= MAX_TEXT and _utf8_problem(answer) is None
        ) or (isinstance(answer, bool | int | float) and _finite(answer) and not _too_large(answer))
        if (
            not isinstance(key, str)
            or len(key) > MAX_TEXT
            or _utf8_problem(key) is not None
            or not ok
        ):
            detail = (
                f"{shown(key)}: expected true/false, a number from 0 to 1 or an option name, "
                f"got {shown(answer)}"
            )
            raise LeadError.at(place="answers", detail=detail)
    return FrozenDict(value)


def _properties(value: object) -> Mapping[str, JSONValue]:
    return _json_mapping(value, "properties")


def _attributes(value: object) -> Mapping[str, JSONValue]:
    return _json_mapping(value, "attributes")


def _technologies(value: object) -> tuple[str, ...]:
    name = "technologies"
    if value is None:
        return ()
    if isinstance(value, str):
        # A lone string would otherwise be split into characters.
        return (value,)
    if not isinstance(value, Iterable) or isinstance(value, Mapping):
        raise LeadError.at(place=name, detail=f"expected a list of strings, got {shown(value)}")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise LeadError.at(place=name, detail=f"expected a list of strings, got {shown(item)}")
        _check_text(item, name)
    return items


def _text(value: object) -> Any:  # noqa: ANN401 - anything but text is left for _is_text
    # Blank strings in CRM exports mean "not filled in", which is unknown.
    if isinstance(value, str):
        return value.strip() or None
    return value


def _is_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # After _text: None or text. A converter cannot name its field; a validator can.
    if value is None:
        return
    if not isinstance(value, str):
        detail = f"expected a string, got {shown(value)}"
        raise LeadError.at(place=attribute.name, detail=detail)
    _check_text(value, attribute.name)


def _field_text(value: object, place: str) -> str | None:
    text = _text(value)
    if text is not None and not isinstance(text, str):
        detail = f"expected a string, got {shown(text)}"
        raise LeadError.at(place=place, detail=detail)
    return text


def _country(value: object) -> str | None:
    text = _field_text(value, "country")
    if text is None:
        return None
    if len(text) != _ISO_ALPHA2 or not text.isalpha() or not text.isascii():
        detail = f"expected a two-letter ISO 3166 country code such as 'NL', got {shown(value)}"
        raise LeadError.at(place="country", detail=detail)
    code = text.upper()
    return _COUNTRY_ALIASES.get(code, code)


def _domain(value: object) -> str | None:
    text = _field_text(value, "domain")
    if text is None:
        return None
    _check_text(text, "domain")
    # Until nothing changes, so that a normalised domain normalises to itself (a lead
    # read back from its own JSON is equal): "www.www.x" and "http://https://x" too.
    text = text.lower()
    while True:
        before = text
        text = text.strip().removeprefix("https://").removeprefix("http://").removeprefix("www.")
        if text == before:
            break
    return text.split("/", 1)[0].strip() or None


def _events(value: object) -> tuple[Event, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        detail = f"expected a list of events, got {shown(value)}"
        raise LeadError.at(place="events", detail=detail)
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, Event):
            detail = f"expected an Event, got {type(item).__name__}"
            raise LeadError.at(place=f"events[{index}]", detail=detail)
    return items


def _moment(value: object) -> Any:  # noqa: ANN401 - anything but a datetime is left for _aware
    """A zoned time as the fixed UTC offset it has at that moment, as parsing gives it.

    A fixed offset writes out and reads back as the same value (``isoformat`` cannot
    carry a zone or ``fold``, and PEP 495 makes a time in a DST fold unequal to its
    fixed-offset twin). A time in the DST gap, which the clocks skip, is left as it is
    for :func:`_aware` to refuse with the field's name.
    """
    if not isinstance(value, dt.datetime) or isinstance(value.tzinfo, dt.timezone | None):
        return value
    offset = value.utcoffset()
    if offset is None:
        return value
    try:
        back = value.astimezone(dt.UTC).astimezone(value.tzinfo)
    except OverflowError:
        back = value  # at the ends of the calendar there is no DST to check
    if back.replace(tzinfo=None, fold=0) != value.replace(tzinfo=None, fold=0):
        return value  # in the gap
    return value.replace(tzinfo=dt.timezone(offset), fold=0)


def _aware(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, dt.datetime):
        detail = f"expected a datetime, got {type(value).__name__}"
        raise TimestampError.at(place=attribute.name, detail=detail)
    offset = value.utcoffset()
    if value.tzinfo is None or offset is None:
        detail = f"timestamp {value.isoformat()!r} has no time zone"
        raise TimestampError.at(place=attribute.name, detail=detail)
    if not isinstance(value.tzinfo, dt.timezone):  # _moment left it: the DST gap
        detail = (
            f"timestamp {value.replace(tzinfo=None).isoformat()!r} does not exist in "
            f"{value.tzinfo}: the clocks skip it (daylight saving time)"
        )
        raise TimestampError.at(place=attribute.name, detail=detail)
    if offset % dt.timedelta(seconds=1):
        detail = (
            f"timestamp {value.isoformat()!r} has a UTC offset with a fraction of a second, "
            "which ISO-8601 text cannot hold"
        )
        raise TimestampError.at(place=attribute.name, detail=detail)


def _non_negative(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        detail = f"expected a number, got {shown(value)}"
        raise LeadError.at(place=attribute.name, detail=detail)
    if _too_large(value):
        raise LeadError.at(place=attribute.name, detail=_too_large_detail(value))
    if not _finite(value) or value < 0:
        detail = f"expected a number of at least 0, got {shown(value)}"
        raise LeadError.at(place=attribute.name, detail=detail)


def _head_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _non_negative(instance, attribute, value)
    if isinstance(value, float):
        detail = f"expected a whole number, got {shown(value)}"
        raise LeadError.at(place=attribute.name, detail=detail)


def _non_empty(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        detail = f"expected a non-empty string, got {shown(value)}"
        raise LeadError.at(place=attribute.name, detail=detail)
    _check_text(value, attribute.name)


@attrs.frozen
class Event:
    """Something a lead did, at a moment in time.

    Args:
        type: what happened, e.g. ``"page_view"``, ``"demo_requested"``.
        at: when; must carry a time zone.
        properties: details such as ``{"url": "/pricing"}``.
        id: optional identity. Copies of an event with the same id count once.

    >>> import datetime as dt
    >>> at = dt.datetime(2026, 11, 20, 9, 12, tzinfo=dt.UTC)
    >>> event = Event("page_view", at, {"url": "/pricing"})
    >>> event.properties["url"], event.id
    ('/pricing', None)
    """

    type: str = attrs.field(validator=_non_empty)
    at: dt.datetime = attrs.field(converter=_moment, validator=_aware)
    properties: Mapping[str, JSONValue] = attrs.field(
        factory=dict, converter=_properties, hash=False
    )
    id: Identifier | None = attrs.field(default=None, converter=_text, validator=_is_text)


@attrs.frozen
class Company:
    """The organisation a lead works for. Every field may be unknown (``None``/empty).

    Args:
        name: trading name.
        domain: web domain, normalised to lower case without ``www.``.
        employees: head count.
        annual_revenue: yearly revenue in the account currency (EUR by default).
        industry: industry name as the CRM knows it (``"manufacturing"``).
        industry_code: SBI / NACE code (``"62.01"`` or ``"6201"``).
        country: ISO 3166 alpha-2 code, upper-cased; ``UK`` and ``EL`` (the EU's codes)
            become ``GB`` and ``GR``.
        technologies: technologies in use (``"exact-online"``).
        account_id: CRM account identity; links contacts of one company.
    """

    name: str | None = attrs.field(default=None, converter=_text, validator=_is_text)
    domain: str | None = attrs.field(default=None, converter=_domain)
    employees: int | None = attrs.field(default=None, validator=_head_count)
    annual_revenue: float | None = attrs.field(default=None, validator=_non_negative)
    industry: str | None = attrs.field(default=None, converter=_text, validator=_is_text)
    industry_code: str | None = attrs.field(default=None, converter=_text, validator=_is_text)
    country: str | None = attrs.field(default=None, converter=_country)
    technologies: tuple[str, ...] = attrs.field(default=(), converter=_technologies)
    account_id: Identifier | None = attrs.field(default=None, converter=_text, validator=_is_text)


def _is_company(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # A plain dict would be stored as is and every company condition would then fail
    # deep inside scoring; Lead.from_mapping is the way in for plain data.
    if not isinstance(value, Company):
        detail = (
            f"expected a Company (use Lead.from_mapping for plain data), got {type(value).__name__}"
        )
        raise LeadError.at(place=attribute.name, detail=detail)


def _optional_member(kind: type[_Code], place: str, value: object) -> _Code | None:
    # A code is its value in any case, with spaces around; anything else names the codes.
    if value is None or isinstance(value, kind):
        return value
    if isinstance(value, str):
        try:
            return kind(value.strip().lower())
        except ValueError:
            pass
    allowed = ", ".join(member.value for member in kind)
    raise LeadError.at(place=place, detail=f"expected one of {allowed}, got {shown(value)}")


def _optional_stage(value: object) -> Stage | None:
    return _optional_member(Stage, "stage", value)


def _optional_reason(value: object) -> Reason | None:
    return _optional_member(Reason, "reason", value)


def _stage(value: object) -> Stage:
    stage = _optional_stage(value)
    if stage is None:
        raise LeadError.at(place="stage", detail="expected a stage, got None")
    return stage


def _optional_aware(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _aware(_instance, attribute, value)


@attrs.frozen
class StageChange:
    """One step in a lead's CRM history: it reached ``stage`` at ``at`` (set by ``by``).

    >>> import datetime as dt
    >>> change = StageChange("sql", dt.datetime(2026, 11, 21, 14, 5, tzinfo=dt.UTC), by="anna")
    >>> change.stage, change.by
    (<Stage.SQL: 'sql'>, 'anna')
    """

    stage: Stage = attrs.field(converter=_stage)
    at: dt.datetime = attrs.field(converter=_moment, validator=_aware)
    by: str | None = attrs.field(default=None, converter=_text, validator=_is_text)


def _status(value: object) -> str:
    text = value.strip().lower() if isinstance(value, str) else value
    if text not in ("won", "lost"):
        raise LeadError.at(place="status", detail=f"expected 'won' or 'lost', got {shown(value)}")
    return str(text)


@attrs.frozen
class Outcome:
    """How a lead ended: ``won`` (with an amount) or ``lost`` (with a reason).

    A lost outcome may carry any reason code; only ``competitor`` and ``no_interest``
    are *lost* in the lifecycle's sense, the others are "not now".

    >>> Outcome("won", amount=12000).won, Outcome("lost", reason="competitor").reason.label("nl")
    (True, 'Koos voor een concurrent')
    """

    status: str = attrs.field(converter=_status)
    at: dt.datetime | None = attrs.field(default=None, converter=_moment, validator=_optional_aware)
    amount: float | None = attrs.field(default=None)
    reason: Reason | None = attrs.field(default=None, converter=_optional_reason)

    @amount.validator
    def _check_amount(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            _non_negative(self, attribute, value)

    @property
    def won(self) -> bool:
        """Whether the lead was won."""
        return self.status == "won"


def _stage_history(value: object) -> tuple[StageChange, ...]:
    if isinstance(value, StageChange):
        value = (value,)
    if not isinstance(value, list | tuple):
        detail = f"expected a list of stage changes, got {type(value).__name__}"
        raise LeadError.at(place="stage_history", detail=detail)
    for index, item in enumerate(value):
        if not isinstance(item, StageChange):
            detail = f"expected a StageChange, got {type(item).__name__}"
            raise LeadError.at(place=f"stage_history[{index}]", detail=detail)
    return tuple(value)


def _is_outcome(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Outcome):
        kind = type(value).__name__
        detail = f"expected an Outcome (use Lead.from_mapping for plain data), got {kind}"
        raise LeadError.at(place=attribute.name, detail=detail)


@attrs.frozen
class Lead:
    """One person who may buy: who they are, where they work, what they did and said.

    Only ``id`` is required. Unknown is not "no": a lead without a company is a lead
    whose company is unknown.

    Args:
        id: your identity for the lead (CRM id, e-mail hash…).
        email: e-mail address; its domain feeds free-provider detection.
        first_name, last_name: the person's name.
        job_title: free text in any language ("Inkoper", "Head of Operations").
        phone: phone number as given.
        source: where the lead came from (``"webinar"``, ``"organic"``…).
        created_at: when the lead entered the funnel (aware datetime).
        company: the company; all-unknown by default.
        events: what the lead did, in any order.
        answers: what sales learned, keyed by framework criterion (``"budget"``).
        attributes: anything else, as plain JSON values (``"pain_points"``…).
        owner: the CRM owner (a name or e-mail address), if the lead has one.
        stage: the lead's current stage in the CRM, if known.
        stage_history: the CRM's stage changes, as given (any order).
        outcome: how the lead ended, if it did (``won``/``lost``).

    The CRM state (``owner``, ``stage``, ``stage_history``, ``outcome``) is ignored by
    the evaluators (fit, scoring, frameworks, the verdict); the lifecycle, the metrics
    and the review read it.
    """

    id: Identifier = attrs.field(validator=_non_empty)
    email: str | None = attrs.field(default=None, converter=_text, validator=_is_text)
    first_name: str | None = attrs.field(default=None, converter=_text, validator=_is_text)
    last_name: str | None = attrs.field(default=None, converter=_text, validator=_is_text)
    job_title: str | None = attrs.field(default=None, converter=_text, validator=_is_text)
    phone: str | None = attrs.field(default=None, converter=_text, validator=_is_text)
    source: str | None = attrs.field(default=None, converter=_text, validator=_is_text)
    created_at: dt.datetime | None = attrs.field(default=None, converter=_moment, validator=_aware)
    company: Company = attrs.field(factory=Company, validator=_is_company)
    events: tuple[Event, ...] = attrs.field(default=(), converter=_events)
    answers: Mapping[str, Answer] = attrs.field(factory=dict, converter=_answers, hash=False)
    attributes: Mapping[str, JSONValue] = attrs.field(
        factory=dict, converter=_attributes, hash=False
    )
    owner: str | None = attrs.field(default=None, converter=_text, validator=_is_text)
    stage: Stage | None = attrs.field(default=None, converter=_optional_stage)
    stage_history: tuple[StageChange, ...] = attrs.field(default=(), converter=_stage_history)
    outcome: Outcome | None = attrs.field(default=None, validator=_is_outcome)

    @property
    def email_domain(self) -> str | None:
        """The part of the e-mail address after ``@``, lower-cased; ``None`` if unknown.

        >>> Lead("L-1", email="Anna@Ziggo.NL").email_domain
        'ziggo.nl'
        """
        if self.email is None or "@" not in self.email:
            return None
        return self.email.rsplit("@", 1)[1].strip().lower() or None

    @classmethod
    def from_mapping(
        cls, obj: Mapping[str, Any], *, default_timezone: dt.tzinfo | str | None = None
    ) -> Lead:
        """Build a lead from the JSON shape of the spec (a ``dict`` from ``json.loads``).

        Timestamps are ISO-8601 strings; a naive one is a ``TimestampError`` unless
        ``default_timezone`` (a ``tzinfo`` or an IANA name) is given. Every problem is
        reported with its place, e.g. ``events[2].at: ...``.

        >>> Lead.from_mapping({"id": "L-2", "events": [{"type": "x", "at": "2026-01-01"}]})
        Traceback (most recent call last):
        ...
        leadqual.exceptions.TimestampError: invalid lead: events[0].at: timestamp '2026-01-01' ...
        """
        from leadqual._convert import structure_lead  # noqa: PLC0415 - converter imports this module

        return structure_lead(obj, default_timezone=default_timezone)
