"""The fast way in for well-formed lead data: check plain values once, build without re-checking.

:func:`leadqual.Lead.from_mapping` structures through cattrs, and every ``Event`` runs
its converters and validators again: correct, with the exact place of every problem,
but it costs many times what ``json.loads`` of the same line does. :func:`fast_lead`
walks the plain data of one lead in one tight pass with the same rules and, when every
value is of the usual plain kind and passes, fills the frozen objects' slots directly.
:func:`fast_lead_line` does the same for one line of JSON text.

Neither ever decides that data is *bad*: whenever a value is unusual (another type, a
float head count, a repeated key, a stage history) or fails a check, they return
``None`` and the caller takes the full path, which gives the same lead or the exact
error message. ``tests/test_fast_parse.py`` checks on random valid and invalid data
that both paths agree.

>>> lead = fast_lead({"id": "L-1", "events": [{"type": "x", "at": "2026-01-01T00:00:00Z"}]})
>>> lead.events[0].at.isoformat()
'2026-01-01T00:00:00+00:00'
>>> fast_lead({"id": "L-1", "stage_history": [{"stage": "mql", "at": "2026-01-01"}]}) is None
True
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from typing import Any, Final

import attrs

from leadqual._core.text import encodable
from leadqual._time import _in_zone
from leadqual.lead import (
    _INT_LIMIT,
    MAX_DEPTH,
    MAX_JSON_TEXT,
    MAX_TEXT,
    Company,
    Event,
    FrozenDict,
    FrozenList,
    Lead,
    _country,
    _domain,
)
from leadqual.stage import Stage

__all__ = ["fast_lead", "fast_lead_line"]


class _Unusual(Exception):  # noqa: N818 - not an error: "take the full path"
    """Raised inside the fast path: the data needs the full path (for its result or error)."""


_UNUSUAL: Final = _Unusual()


def _setters(cls: type) -> dict[str, Any]:
    # The slots' own descriptors: setting through them skips the frozen __setattr__, the
    # converters and the validators, whose rules the walk has already applied.
    return {field.name: cls.__dict__[field.name].__set__ for field in attrs.fields(cls)}


_LEAD = _setters(Lead)
_COMPANY = _setters(Company)
_EVENT = _setters(Event)
_NEW = object.__new__
_TIMEZONE = dt.timezone
_PARSE = dt.datetime.fromisoformat
_EDGE_YEARS: Final = frozenset({dt.MINYEAR, dt.MAXYEAR})
_STAGES: Final = {stage.value: stage for stage in Stage}
_EV_TYPE, _EV_AT, _EV_PROPS, _EV_ID = (_EVENT[name] for name in ("type", "at", "properties", "id"))
_TEXT_FIELDS: Final = ("email", "first_name", "last_name", "job_title", "phone", "source", "owner")
_LEAD_TEXTS: Final = tuple((name, _LEAD[name]) for name in _TEXT_FIELDS)
_LEAD_KEYS: Final = frozenset(field.name for field in attrs.fields(Lead))
_COMPANY_KEYS: Final = frozenset(field.name for field in attrs.fields(Company))
_EVENT_KEYS: Final = frozenset(field.name for field in attrs.fields(Event))

# JSON objects as tuples of (key, value) pairs: as cheap as json.loads (whose dicts keep
# the last of two equal keys silently), and a repeated key shows as a table shorter than
# its pairs. A dict-building hook would cost a Python call per object.
_PAIRS = json.JSONDecoder(object_pairs_hook=tuple).decode


# --- leaves -----------------------------------------------------------------------------


def _text(value: object) -> str | None:
    # A text field: stripped, blank is unknown; at most MAX_TEXT characters.
    if value is None:
        return None
    if type(value) is not str or not encodable(value):
        raise _UNUSUAL
    text = value.strip()
    if not text:
        return None
    if len(text) > MAX_TEXT:
        raise _UNUSUAL
    return text


def _identity(value: object) -> str | None:
    # An optional identifier: text, or a whole number written as its decimal text.
    if type(value) is int:
        if not -_INT_LIMIT < value < _INT_LIMIT:
            raise _UNUSUAL
        return str(value)
    return _text(value)


def _lead_id(value: object) -> str:
    # Required, never stripped, not blank; a whole number is its decimal text.
    if type(value) is int:
        if not -_INT_LIMIT < value < _INT_LIMIT:
            raise _UNUSUAL
        return str(value)
    if type(value) is not str or len(value) > MAX_TEXT or not value.strip() or not encodable(value):
        raise _UNUSUAL
    return value


def _moment(value: object, zone: dt.tzinfo | None) -> dt.datetime:
    if type(value) is not str:
        raise _UNUSUAL
    stamp = _PARSE(value.strip())  # a ValueError takes the full path
    if stamp.year in _EDGE_YEARS:
        raise _UNUSUAL  # the offset may push it off the calendar: the full path says so
    return _zoned(stamp, zone, value)


def _zoned(stamp: dt.datetime, zone: dt.tzinfo | None, value: str) -> dt.datetime:
    tzinfo = stamp.tzinfo
    if tzinfo is None:
        if zone is None:
            raise _UNUSUAL
        stamp = _in_zone(stamp, zone, value)
        tzinfo = stamp.tzinfo
    if type(tzinfo) is not _TIMEZONE:
        raise _UNUSUAL
    offset = stamp.utcoffset()
    if offset is None or offset.microseconds:
        raise _UNUSUAL
    return stamp


def _amount(value: object, *, whole: bool) -> int | float | None:
    if value is None:
        return None
    kind = type(value)
    if kind is int:
        if not 0 <= value < _INT_LIMIT:  # type: ignore[operator]
            raise _UNUSUAL
        return value  # type: ignore[return-value]
    if kind is float and not whole and math.isfinite(value) and value >= 0:  # type: ignore[arg-type, operator]
        return value  # type: ignore[return-value]
    raise _UNUSUAL


def _code(value: object, check: Callable[[object], str | None]) -> str | None:
    if value is None:
        return None
    if type(value) is not str or not encodable(value):
        raise _UNUSUAL
    return check(value)  # a LeadError takes the full path


def _plain_domain(text: object) -> bool:
    # Already what _domain makes of it: lower case, no scheme, www. or path, no spaces.
    return (
        type(text) is str
        and text.isascii()
        and 0 < len(text) <= MAX_TEXT
        and "/" not in text
        and text.lower() == text
        and text.strip() == text
        and not text.startswith("www.")
    )


# --- tables -----------------------------------------------------------------------------

_KINDS: Final[set[str]] = set()
_COUNTRIES: Final[dict[str, str]] = {}  # exact text given -> the code _country makes of it
_NAMES: Final[set[str]] = set()
_REMEMBERED = 4_096


def _remember(seen: set[str], text: str) -> None:
    # Event types and keys repeat from lead to lead; only checked exact str values are
    # kept, and at most _REMEMBERED of them, so odd data cannot grow the set without end.
    if len(seen) < _REMEMBERED:
        seen.add(text)


def _open(value: object, pairs: bool) -> dict[Any, Any]:
    """The table ``value`` is: a dict, or with ``pairs`` a tuple of pairs with no key twice."""
    if pairs:
        if type(value) is not tuple:
            raise _UNUSUAL
        table = dict(value)
        if len(table) != len(value):
            raise _UNUSUAL  # a key written twice: the full path says which
        return table
    if type(value) is not dict:
        raise _UNUSUAL
    return value


def _key(key: object) -> None:
    if type(key) is not str:
        raise _UNUSUAL
    if key in _NAMES:
        return
    if len(key) > MAX_TEXT or not encodable(key):
        raise _UNUSUAL
    _remember(_NAMES, key)


def _json(value: object, depth: int, pairs: bool) -> object:
    """The frozen copy of one JSON value nested ``depth`` deep, checked as the lead checks it."""
    kind = type(value)
    if kind is str:
        if len(value) > MAX_JSON_TEXT or not encodable(value):  # type: ignore[arg-type]
            raise _UNUSUAL
        return value
    if kind is int:
        if not -_INT_LIMIT < value < _INT_LIMIT:
            raise _UNUSUAL
        return value
    if kind is float:
        if not math.isfinite(value):  # type: ignore[arg-type]
            raise _UNUSUAL
        return value
    if value is None or kind is bool:
        return value
    if depth >= MAX_DEPTH:
        raise _UNUSUAL
    if kind is list:
        return FrozenList([_json(item, depth + 1, pairs) for item in value])  # type: ignore[attr-defined]
    return _table(_open(value, pairs), depth, pairs)


def _table(table: dict[Any, Any], depth: int, pairs: bool) -> FrozenDict:
    nested = False
    for key, item in table.items():
        _key(key)
        kind = type(item)
        if kind is list or kind is tuple or kind is dict:
            nested = True
        else:
            _json(item, depth + 1, pairs)
    if not nested:
        return FrozenDict(table)
    return FrozenDict({key: _json(item, depth + 1, pairs) for key, item in table.items()})


def _mapping(value: object, pairs: bool) -> FrozenDict:
    if value is None:
        return FrozenDict()
    return _table(_open(value, pairs), 0, pairs)


def _answers(value: object, pairs: bool) -> FrozenDict:
    if value is None:
        return FrozenDict()
    table = _open(value, pairs)
    for key, answer in table.items():
        _key(key)
        kind = type(answer)
        if kind is str:
            if len(answer) > MAX_TEXT or not encodable(answer):
                raise _UNUSUAL
        elif kind is int:
            if not -_INT_LIMIT < answer < _INT_LIMIT:
                raise _UNUSUAL
        elif kind is float:
            if not math.isfinite(answer):
                raise _UNUSUAL
        elif kind is not bool:
            raise _UNUSUAL
    return FrozenDict(table)


def _technologies(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if type(value) is not list:
        raise _UNUSUAL
    for item in value:
        if type(item) is not str or len(item) > MAX_TEXT or not encodable(item):
            raise _UNUSUAL
    return tuple(value)


# --- the objects ------------------------------------------------------------------------


def _event_type(kind: object) -> str:
    if type(kind) is not str or len(kind) > MAX_TEXT or not kind.strip() or not encodable(kind):
        raise _UNUSUAL
    _remember(_KINDS, kind)
    return kind


def _event_table(raw: tuple[Any, ...], allowed: frozenset[str]) -> dict[Any, Any]:
    table = dict(raw)
    if len(table) != len(raw) or not allowed.issuperset(table):
        raise _UNUSUAL
    return table


def _events(value: object, zone: dt.tzinfo | None, pairs: bool) -> tuple[Event, ...]:  # noqa: C901, PLR0912, PLR0915 - one tight loop on purpose
    # The hot loop (twenty events a lead, millions of leads): the usual case inline,
    # anything else through the general helpers above.
    if type(value) is not list:
        raise _UNUSUAL
    built: list[Event] = []
    append = built.append
    allowed, kinds, names = _EVENT_KEYS, _KINDS, _NAMES
    parse, timezone, new, frozen = _PARSE, _TIMEZONE, _NEW, FrozenDict
    set_type, set_at, set_properties, set_id = _EV_TYPE, _EV_AT, _EV_PROPS, _EV_ID
    table_type = tuple if pairs else dict
    for raw in value:
        if type(raw) is not table_type:
            raise _UNUSUAL
        size = len(raw) if pairs else 0
        if size == 4:  # noqa: PLR2004 - the shape write_leads gives every event
            (k_type, kind), (k_at, at), (k_properties, properties), (k_id, ident) = raw
            if k_type != "type" or k_at != "at" or k_properties != "properties" or k_id != "id":
                item = _event_table(raw, allowed)  # type: ignore[arg-type]
                kind, at = item.get("type"), item.get("at")
                properties, ident = item.get("properties"), item.get("id")
        elif size == 3:  # noqa: PLR2004 - the same without an event id
            (k_type, kind), (k_at, at), (k_properties, properties) = raw
            ident = None
            if k_type != "type" or k_at != "at" or k_properties != "properties":
                item = _event_table(raw, allowed)  # type: ignore[arg-type]
                kind, at = item.get("type"), item.get("at")
                properties, ident = item.get("properties"), item.get("id")
        else:
            item = _event_table(raw, allowed) if pairs else raw  # type: ignore[arg-type, assignment]
            if not pairs and not allowed.issuperset(item):
                raise _UNUSUAL
            kind, at = item.get("type"), item.get("at")
            properties, ident = item.get("properties"), item.get("id")
        if type(kind) is not str or kind not in kinds:
            _event_type(kind)
        if type(at) is not str:
            raise _UNUSUAL
        stamp = parse(at)  # with spaces around: a ValueError, and the full path strips them
        if stamp.year in _EDGE_YEARS:
            raise _UNUSUAL  # the offset may push it off the calendar: the full path says so
        tzinfo = stamp.tzinfo
        if type(tzinfo) is not timezone or tzinfo.utcoffset(None).microseconds:
            stamp = _zoned(stamp, zone, at)
        event = new(Event)
        set_type(event, kind)
        set_at(event, stamp)
        if properties is None:
            set_properties(event, frozen())
        elif type(properties) is table_type:
            table = frozen(properties)
            if len(table) != len(properties):
                raise _UNUSUAL
            for key, text in table.items():
                if (
                    type(key) is not str
                    or key not in names
                    or type(text) is not str
                    or not text.isascii()
                    or len(text) > MAX_JSON_TEXT
                ):
                    table = _table(table, 0, pairs)
                    break
            set_properties(event, table)
        else:
            raise _UNUSUAL
        if ident is None:
            set_id(event, None)
        elif type(ident) is str and ident.isascii() and len(ident) <= MAX_TEXT:
            set_id(event, ident.strip() or None)
        else:
            set_id(event, _identity(ident))
        append(event)
    return tuple(built)


def _company(value: object, pairs: bool) -> Company:
    if value is None:
        return _NO_COMPANY
    table = _open(value, pairs)
    if not _COMPANY_KEYS.issuperset(table):
        raise _UNUSUAL
    get = table.get
    company = _NEW(Company)
    setters = _COMPANY
    setters["name"](company, _text(get("name")))
    domain = get("domain")
    setters["domain"](company, domain if _plain_domain(domain) else _code(domain, _domain))
    setters["employees"](company, _amount(get("employees"), whole=True))
    setters["annual_revenue"](company, _amount(get("annual_revenue"), whole=False))
    setters["industry"](company, _text(get("industry")))
    setters["industry_code"](company, _text(get("industry_code")))
    country = get("country")
    known = _COUNTRIES.get(country) if type(country) is str else None
    if known is None:
        known = _code(country, _country)
        if type(country) is str and known is not None and len(_COUNTRIES) < _REMEMBERED:
            _COUNTRIES[country] = known  # a handful of codes, from lead to lead
    setters["country"](company, known)
    setters["technologies"](company, _technologies(get("technologies")))
    setters["account_id"](company, _identity(get("account_id")))
    return company


def _unknown_company() -> Company:
    company = _NEW(Company)
    for setter in _COMPANY.values():
        setter(company, None)
    _COMPANY["technologies"](company, ())
    return company


# Immutable, so one instance serves every lead without a company (Company() runs every
# converter and validator, several microseconds).
_NO_COMPANY: Final = _unknown_company()
assert Company() == _NO_COMPANY  # noqa: S101 - a change to Company's defaults must show here


def _lead(obj: dict[str, Any], zone: dt.tzinfo | None, pairs: bool) -> Lead:
    if not _LEAD_KEYS.issuperset(obj):
        raise _UNUSUAL
    get = obj.get
    ident = _lead_id(get("id"))
    history = get("stage_history")
    if not (history is None or (type(history) is list and not history)) or (
        get("outcome") is not None
    ):
        raise _UNUSUAL  # CRM history is rare in bulk data: the full path builds it
    stage = get("stage")
    if stage is not None:
        stage = _STAGES.get(stage) if type(stage) is str else None
        if stage is None:
            raise _UNUSUAL
    lead = _NEW(Lead)
    setters = _LEAD
    setters["id"](lead, ident)
    for name, setter in _LEAD_TEXTS:
        text = get(name)
        if text is None:
            setter(lead, None)
        elif type(text) is str and text.isascii() and len(text) <= MAX_TEXT:
            setter(lead, text.strip() or None)
        else:
            setter(lead, _text(text))
    created = get("created_at")
    setters["created_at"](lead, None if created is None else _moment(created, zone))
    setters["company"](lead, _company(get("company"), pairs))
    events = get("events")
    setters["events"](lead, () if events is None else _events(events, zone, pairs))
    setters["answers"](lead, _answers(get("answers"), pairs))
    setters["attributes"](lead, _mapping(get("attributes"), pairs))
    setters["stage"](lead, stage)
    setters["stage_history"](lead, ())
    setters["outcome"](lead, None)
    return lead


_GIVE_UP = (_Unusual, ValueError, TypeError, OverflowError, RecursionError, ArithmeticError)


def _build(obj: object, zone: dt.tzinfo | None, pairs: bool) -> Lead | None:
    try:
        return _lead(_open(obj, pairs), zone, pairs)
    except _GIVE_UP:
        return None
    except Exception:  # noqa: BLE001 - a LeadError from _country/_domain: the full path says it
        return None


def fast_lead(obj: object, zone: dt.tzinfo | None = None) -> Lead | None:
    """The lead for well-formed plain data ``obj``, or ``None``: then take the full path.

    ``zone`` is the time zone for naive timestamps (already resolved), as in
    :func:`leadqual._convert.structure_lead`. Only exact ``dict``, ``list``, ``str``,
    ``int``, ``float``, ``bool`` and ``None`` values are taken; anything else (a
    datetime, a tuple, a numpy scalar, a ``str`` subclass) goes the full way.
    """
    return _build(obj, zone, pairs=False)


def fast_lead_line(text: str, zone: dt.tzinfo | None = None) -> Lead | None:
    """The lead that one line of JSON ``text`` writes, or ``None``: then take the full path.

    ``None`` also when the text is not valid JSON or writes a key twice in one object
    (``json.loads`` would keep the last silently; the full path refuses it).

    >>> text = '{"id": "L-1", "events": [{"type": "a", "at": "2026-01-01T00:00:00Z"}]}'
    >>> fast_lead_line(text).events[0].type
    'a'
    >>> fast_lead_line('{"id": "L-1", "id": "L-2"}') is None
    True
    """
    try:
        value = _PAIRS(text)
    except (ValueError, RecursionError):
        return None
    return _build(value, zone, pairs=True)
