r"""Mapping files: how the columns of a CRM export become lead JSON.

A :class:`LeadMapping` says, per column, which lead path the cell goes to and how its
text is read (numbers with a decimal comma, day-first dates, lists, country names,
picklist values); which cells mean "unknown"; what to do with columns it does not name;
and which columns become events. The presets of :mod:`leadqual.io.presets` are mappings
too. Files are TOML (or JSON/YAML) with the shape of :class:`LeadMapping`;
``leadqual schema mapping`` prints their JSON Schema.

>>> mapping = LeadMapping(
...     columns={
...         "Record ID": Column("id"),
...         "Aantal medewerkers": Column("company.employees", type="integer"),
...         "Land": Column("company.country", type="country"),
...     },
...     decimal=",",
... )
>>> plan = mapping.plan(["Record ID", "Aantal medewerkers", "Land"])
>>> plan.convert(["HS-1", "1.200", "België"], line=2)
({'id': 'HS-1', 'company': {'employees': 1200, 'country': 'BE'}}, [])
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import attrs

from leadqual._convert import Scalar, structure_config
from leadqual._core.paths import split_path
from leadqual._numbers import parse_band
from leadqual._suggest import suggest
from leadqual._time import parse_timestamp, resolve_timezone
from leadqual.exceptions import ConfigError, InputFileError, LeadqualError
from leadqual.io._files import read_into
from leadqual.regions import country_from_name

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

__all__ = [
    "Column",
    "ColumnEvent",
    "LeadMapping",
    "Plan",
    "load_mapping",
    "mapping_schema",
    "parse_path",
]

ValueType: TypeAlias = Literal[
    "text", "integer", "number", "date", "list", "boolean", "country", "auto"
]
"""How a cell's text is read (see :class:`Column`)."""

PLACEHOLDERS: Final = ("Select", "NA", "N/A", "n.v.t.", "nvt", "-", "--", "null", "None", "nan")
"""Cell texts that mean "unknown" unless a mapping says otherwise (empty cells always do)."""

_LEAD_FIELDS: Final = frozenset(
    {
        "id",
        "email",
        "first_name",
        "last_name",
        "job_title",
        "phone",
        "source",
        "created_at",
        "owner",
        "stage",
    }
)
_COMPANY_FIELDS: Final = frozenset(
    {
        "name",
        "domain",
        "employees",
        "annual_revenue",
        "industry",
        "industry_code",
        "country",
        "technologies",
        "account_id",
    }
)
_OUTCOME_FIELDS: Final = frozenset({"status", "at", "amount", "reason"})
_TYPES_BY_PATH: Final[dict[tuple[str, ...], ValueType]] = {
    ("created_at",): "date",
    ("company", "employees"): "integer",
    ("company", "annual_revenue"): "number",
    ("company", "country"): "country",
    ("company", "technologies"): "list",
    ("outcome", "at"): "date",
    ("outcome", "amount"): "number",
}

# By-name columns under these read numbers as numbers (SPEC §3, the generic preset).
_AUTO_HEADS: Final = frozenset({"answers", "attributes"})

_BANDED: Final = frozenset({("company", "employees"), ("company", "annual_revenue")})

# One key: in brackets and double quotes, or bare after a dot (the last group).
_SEGMENT = re.compile(r'\["((?:[^"\\]|\\.)*)"\]|\.?([A-Za-z_][A-Za-z0-9_ -]*)')


def parse_path(path: str) -> tuple[str, ...]:
    r"""The keys of a lead path: ``company.employees``, ``attributes["emp.var.rate"]``.

    A key holding dots (or anything but letters, digits, ``_``, ``-`` and spaces) is
    written in brackets and double quotes. Raises :class:`~leadqual.ConfigError` for a
    path that is not a lead field, an ``answers``/``attributes`` key or an
    ``outcome`` field.

    >>> parse_path('attributes["emp.var.rate"]')
    ('attributes', 'emp.var.rate')
    >>> parse_path("company.employees")
    ('company', 'employees')
    >>> parse_path("company.employes")
    Traceback (most recent call last):
    ...
    leadqual.exceptions.ConfigError: 'company.employes': unknown company field ...
    """
    keys = split_path(path, _SEGMENT)
    if isinstance(keys, int):
        msg = f'{path!r}: not a lead path; write keys with dots as attributes["a.b"]'
        raise ConfigError(msg)
    _check_path(path, tuple(keys))
    return tuple(keys)


def _check_path(path: str, keys: tuple[str, ...]) -> None:
    head = keys[0] if keys else ""
    if len(keys) == 1 and head in _LEAD_FIELDS:
        return
    if len(keys) == 2 and head in {"answers", "attributes"}:  # noqa: PLR2004 - key and field
        return
    known: frozenset[str] | None = None
    if head == "company":
        known = _COMPANY_FIELDS
    elif head == "outcome":
        known = _OUTCOME_FIELDS
    if known is not None and len(keys) == 2 and keys[1] in known:  # noqa: PLR2004
        return
    if known is not None:
        hint = suggest(keys[-1], known)
        msg = f"{path!r}: unknown {head} field{hint}; {head} fields are {', '.join(sorted(known))}"
        raise ConfigError(msg)
    fields = sorted({*_LEAD_FIELDS, "company.*", "answers.*", "attributes.*", "outcome.*"})
    hint = suggest(head, _LEAD_FIELDS)
    msg = f"{path!r}: not a lead path{hint}; expected one of {', '.join(fields)}"
    raise ConfigError(msg)


@attrs.frozen
class Column:
    """Where one column goes and how its cells are read.

    Attributes:
        to: the lead path (``email``, ``company.employees``, ``answers.timeline``,
            ``attributes["emp.var.rate"]``, ``outcome.status``); empty to ignore the column.
        type: ``text``; ``integer`` and ``number`` (with the mapping's decimal mark and
            thousands separators); ``date`` (the mapping's ``date_formats`` or ISO 8601);
            ``list`` (split on ``split``); ``boolean`` (yes/no, ja/nee, true/false, 1/0);
            ``country`` (a code or a name in English, Dutch, French or German); ``auto``
            (a number when it reads as one, text otherwise). Default: by the path
            (``company.employees`` is an integer, ``created_at`` a date), else text.
        values: a picklist: cell text (matched ignoring case) → the value to store; an
            empty string means unknown. Applied before ``type``.
        split: the list separator for ``type = "list"``.
    """

    to: str = ""
    type: ValueType | None = None
    values: dict[str, Scalar] = attrs.field(factory=dict)
    split: str = ";"


@attrs.frozen
class ColumnEvent:
    """An event made from columns: a cell that is filled means the event happened.

    Attributes:
        type: the event type (``form_submitted``, ``page_view``, ...).
        column: the column whose filled cell makes the event; its text goes into the
            event's properties under ``property``.
        at: the column with the event's time; without it, or when empty, the lead's
            ``created_at`` is used, and without that no event is made.
        property: the property name for the cell's text (``form``, ``url``); empty to
            leave it out.
        optional: a header without these columns makes no such events (presets use
            this); by default a missing column is an error in the header.
    """

    type: str
    column: str
    at: str = ""
    property: str = ""
    optional: bool = False


@attrs.frozen
class LeadMapping:
    """How the columns of an export become leads.

    Attributes:
        columns: column name (exactly as in the header) → :class:`Column`.
        unknown: what a column that ``columns`` does not name does: ``error`` (the
            header is refused, listing every such column), ``attributes`` (it goes to
            ``attributes`` under its own name, read as ``auto``) or ``ignore``.
        by_name: a column named like a lead path (``email``, ``company.employees``,
            ``answers.budget``) goes there without being listed.
        row_ids: without an ``id`` column, the row's line number is the id.
        placeholders: cell texts meaning unknown, matched ignoring case (empty cells
            always are).
        decimal: the decimal mark, ``.`` or ``,`` (Dutch ``1.200,50``); the other one is
            a thousands separator.
        date_formats: ``strptime`` formats tried in order (``%d-%m-%Y %H:%M``); ISO 8601
            is always tried last.
        timezone: the zone of times without an offset (``Europe/Amsterdam``).
        delimiter: the CSV delimiter; empty to sniff ``,``, ``;`` or tab from the header.
        events: events made from columns (:class:`ColumnEvent`).
    """

    columns: dict[str, Column] = attrs.field(factory=dict)
    unknown: Literal["error", "attributes", "ignore"] = "error"
    by_name: bool = False
    row_ids: bool = False
    placeholders: tuple[str, ...] = PLACEHOLDERS
    decimal: Literal[".", ","] = "."
    date_formats: tuple[str, ...] = ()
    timezone: str = ""
    delimiter: str = ""
    events: tuple[ColumnEvent, ...] = ()

    def plan(self, header: Sequence[str], *, zone: dt.tzinfo | None = None) -> Plan:
        """Check a header against the mapping; raises ``InputFileError`` listing all problems.

        ``zone`` is for times without an offset when the mapping names no ``timezone``.
        """
        return Plan.build(self, header, zone=zone)


_Target: TypeAlias = tuple[tuple[str, ...], ValueType, Column]


@attrs.frozen
class Plan:
    """A mapping applied to one header: converts the rows under it."""

    mapping: LeadMapping
    header: tuple[str, ...]
    targets: tuple[_Target | None, ...]
    events: tuple[tuple[ColumnEvent, int, int | None], ...]
    placeholders: frozenset[str]
    zone: dt.tzinfo | None

    @classmethod
    def build(  # noqa: C901 - every header problem, listed at once
        cls, mapping: LeadMapping, header: Sequence[str], *, zone: dt.tzinfo | None = None
    ) -> Plan:
        """The plan for ``header``; see :meth:`LeadMapping.plan`."""
        names = tuple(cell.strip().removeprefix("\ufeff") for cell in header)
        problems: list[str] = []
        targets: list[_Target | None] = []
        unknown: list[str] = []
        seen: set[str] = set()
        event_columns = {e.column for e in mapping.events} | {e.at for e in mapping.events}
        for name in names:
            if name and name in seen:
                problems.append(f"column {name!r} appears twice")
            seen.add(name)
            target = _target(mapping, name, event_columns, unknown, problems)
            targets.append(target)
        if unknown:
            shown = ", ".join(repr(name) for name in unknown)
            problems.append(
                f"unknown columns {shown}: name each under [columns] in the mapping "
                f'(e.g. [columns.{_toml_key(unknown[0])}] to = "attributes.{unknown[0]}", '
                'or to = "" to ignore it), or set unknown = "attributes" (or "ignore")'
            )
        paths = {t[0] for t in targets if t is not None}
        if ("id",) not in paths and not mapping.row_ids:
            problems.append("no column maps to 'id'; map one, or set row_ids = true")
        events = []
        for event in mapping.events:
            if event.optional and (
                event.column not in names or (event.at and event.at not in names)
            ):
                continue
            if event.column not in names:
                problems.append(f"event {event.type!r}: no column {event.column!r}")
                continue
            at = names.index(event.at) if event.at in names else None
            if event.at and at is None:
                problems.append(f"event {event.type!r}: no column {event.at!r}")
                continue
            events.append((event, names.index(event.column), at))
        if problems:
            msg = "line 1: " + "; ".join(problems)
            raise InputFileError(msg, errors=problems)
        if zone is None and mapping.timezone:
            try:
                zone = resolve_timezone(mapping.timezone)
            except LeadqualError as exc:
                raise ConfigError.at(place="timezone", detail=str(exc)) from None
        return cls(
            mapping,
            names,
            tuple(targets),
            tuple(events),
            frozenset(p.casefold() for p in mapping.placeholders),
            zone,
        )

    def convert(self, cells: Sequence[str], *, line: int) -> tuple[dict[str, Any], list[str]]:
        """One row → (the lead mapping, the problems, each naming its column)."""
        lead: dict[str, Any] = {}
        problems: list[str] = []
        for name, target, cell in zip(self.header, self.targets, cells, strict=True):
            text = cell.strip()
            if not text or text.casefold() in self.placeholders:
                continue
            if target is None:
                if not name:
                    problems.append(f"a column without a name holds {text!r}")
                continue
            path, kind, column = target
            if path in _BANDED and parse_band(text) is not None:
                # A band such as "51-200" or "1000+" is kept as written (see docs/crm-exports.md).
                lead.setdefault("attributes", {})[f"{path[1]}_band"] = text
                continue
            try:
                value = self._value(text, kind, column)
            except ValueError as exc:
                problems.append(f"column {name!r} ({_show(path)}): {exc}")
                continue
            if value is None:
                continue
            place = lead
            for key in path[:-1]:
                place = place.setdefault(key, {})
            place[path[-1]] = value
        if "id" not in lead and self.mapping.row_ids:
            lead["id"] = str(line)
        self._events(cells, lead, problems)
        return lead, problems

    def _events(self, cells: Sequence[str], lead: dict[str, Any], problems: list[str]) -> None:
        for event, index, at_index in self.events:
            text = cells[index].strip()
            if not text or text.casefold() in self.placeholders:
                continue
            at_text = cells[at_index].strip() if at_index is not None else ""
            try:
                at = self._date(at_text) if at_text else lead.get("created_at")
            except ValueError as exc:
                problems.append(f"column {event.at!r} (event {event.type}): {exc}")
                continue
            if at is None:
                continue
            made: dict[str, Any] = {"type": event.type, "at": at}
            if event.property:
                made["properties"] = {event.property: text}
            lead.setdefault("events", []).append(made)

    def _value(self, text: str, kind: ValueType, column: Column) -> object:
        if column.values:
            mapped = _pick(column.values, text)
            if mapped is not None:
                return None if mapped == "" else mapped
        reader = _READERS[kind]
        return reader(self, text, column)

    def _number(self, text: str) -> int | float:
        return _parse_number(text, self.mapping.decimal)

    def _date(self, text: str) -> str:
        for fmt in self.mapping.date_formats:
            try:
                naive = dt.datetime.strptime(text, fmt)  # noqa: DTZ007 - the zone comes next
            except ValueError:
                continue
            return _stamp(naive, self.zone)
        try:
            return _stamp(text, self.zone)
        except ValueError:
            formats = ", ".join(repr(f) for f in self.mapping.date_formats) or "ISO 8601"
            msg = f"expected a date as {formats}, got {text!r}"
            raise ValueError(msg) from None


def _stamp(value: str | dt.datetime, zone: dt.tzinfo | None) -> str:
    try:
        return parse_timestamp(value, zone).isoformat()
    except LeadqualError as exc:
        raise ValueError(str(exc)) from None


def _pick(values: dict[str, Scalar], text: str) -> object:
    if text in values:
        return values[text]
    folded = text.casefold()
    for key, value in values.items():
        if key.casefold() == folded:
            return value
    return None


_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_GROUPED = {
    ".": re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"),
    ",": re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?"),
}
_MAX_DIGITS: Final = 40


def _parse_number(text: str, decimal: str) -> int | float:
    """``1.200,50`` (decimal comma) or ``1,200.50``; currency signs and spaces dropped."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").strip("€$£")
    if len(cleaned) > _MAX_DIGITS:
        msg = f"expected a number, got {text!r}"
        raise ValueError(msg)
    thousands = "," if decimal == "." else "."
    if _GROUPED[decimal].fullmatch(cleaned):
        cleaned = cleaned.replace(thousands, "")
    if decimal == ",":
        cleaned = cleaned.replace(",", ".")  # a plain "2.5" stays the decimal it plainly is
    if not _PLAIN_NUMBER.fullmatch(cleaned):
        sep = "1.200,50" if decimal == "," else "1,200.50"
        msg = f"expected a number such as {sep}, got {text!r}"
        raise ValueError(msg)
    number = float(cleaned)
    if number.is_integer() and "e" not in cleaned.lower():
        return int(number)
    return number


def _read_text(_plan: Plan, text: str, _column: Column) -> object:
    return text


def _read_integer(plan: Plan, text: str, _column: Column) -> object:
    number = plan._number(text)  # noqa: SLF001 - one engine
    if not isinstance(number, int):
        msg = f"expected a whole number, got {text!r}"
        raise ValueError(msg)  # noqa: TRY004 - a bad cell, reported as its row's problem
    return number


def _read_number(plan: Plan, text: str, _column: Column) -> object:
    return plan._number(text)  # noqa: SLF001 - one engine


_AUTO_NUMBER: Final = {
    ".": re.compile(r"-?(?:0|[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*)(?:\.[0-9]+)?"),
    ",": re.compile(r"-?(?:0|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]*)(?:,[0-9]+)?"),
}
MAX_AUTO_DIGITS: Final = 15
"""Significant digits a cell may have and still be read as a number (a float keeps 15)."""


def auto_number(text: str, decimal: str = ".") -> int | float | None:
    """The number a cell plainly is, or ``None`` when it is text (an id, a code, a phone).

    A cell is a number only when reading it loses nothing: an optional ``-``, no leading
    zeros (``0123`` is a postcode; ``0.5`` is fine), no ``+`` (``+31612345678`` is a
    phone), no exponent, units or inner spaces (a currency sign before or after is
    dropped), at most 15 significant digits, and ``decimal`` as the decimal mark
    (thousands grouped with the other mark are allowed).

    >>> auto_number("5.0"), auto_number("2.50"), auto_number("1.200,5", ","), auto_number("0123")
    (5, 2.5, 1200.5, None)
    >>> auto_number("+31612345678"), auto_number("1234567890123456"), auto_number("1e5")
    (None, None, None)
    """
    text = text.strip("€$£").strip()  # an amount is a number: "€ 2.000.000"
    if not _AUTO_NUMBER[decimal].fullmatch(text):
        return None
    thousands = "," if decimal == "." else "."
    plain = text.replace(thousands, "").replace(decimal, ".")
    if len(plain.lstrip("-").replace(".", "").lstrip("0")) > MAX_AUTO_DIGITS:
        return None
    if "." not in plain:
        return int(plain)
    number = float(plain)
    # "5.0" is 5, as the mapping's number columns read it.
    return int(number) if number.is_integer() else number


def _read_auto(plan: Plan, text: str, _column: Column) -> object:
    number = auto_number(text, plan.mapping.decimal)
    return text if number is None else number


def _read_date(plan: Plan, text: str, _column: Column) -> object:
    return plan._date(text)  # noqa: SLF001 - one engine


def _read_list(plan: Plan, text: str, column: Column) -> object:
    items = [item.strip() for item in text.split(column.split or ";")]
    return [item for item in items if item and item.casefold() not in plan.placeholders]


_TRUE = frozenset({"yes", "y", "true", "1", "ja", "j", "waar", "oui", "wahr"})
_FALSE = frozenset({"no", "n", "false", "0", "nee", "onwaar", "non", "nein", "falsch"})


def _read_boolean(_plan: Plan, text: str, _column: Column) -> object:
    folded = text.casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    msg = f"expected yes or no (ja/nee, true/false, 1/0), got {text!r}"
    raise ValueError(msg)


def _read_country(_plan: Plan, text: str, _column: Column) -> object:
    code = country_from_name(text)
    if code is None:
        msg = f"unknown country {text!r}: use an ISO code (NL) or a name (Nederland, Belgium)"
        raise ValueError(msg)
    return code


_READERS = {
    "text": _read_text,
    "integer": _read_integer,
    "number": _read_number,
    "auto": _read_auto,
    "date": _read_date,
    "list": _read_list,
    "boolean": _read_boolean,
    "country": _read_country,
}


def _target(  # noqa: PLR0911 - one return per kind of column
    mapping: LeadMapping,
    name: str,
    event_columns: set[str],
    unknown: list[str],
    problems: list[str],
) -> _Target | None:
    column = mapping.columns.get(name)
    if column is None and mapping.by_name and name:
        try:
            path = parse_path(name)
        except ConfigError:
            pass
        else:
            return (
                path,
                _TYPES_BY_PATH.get(path, "text" if path[0] not in _AUTO_HEADS else "auto"),
                Column(name),
            )
    if column is None:
        if not name or name in event_columns or mapping.unknown == "ignore":
            return None
        if mapping.unknown == "attributes":
            return ("attributes", name), "auto", Column()
        unknown.append(name)
        return None
    if not column.to:
        return None
    try:
        path = parse_path(column.to)
    except ConfigError as exc:
        problems.append(f"columns.{_toml_key(name)}.to: {exc}")
        return None
    return path, column.type or _TYPES_BY_PATH.get(path, "text"), column


def _show(path: tuple[str, ...]) -> str:
    return ".".join(
        key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else f'["{key}"]' for key in path
    ).replace('.["', '["')


def _toml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else '"' + name.replace('"', '\\"') + '"'


def mapping_from_data(data: object) -> LeadMapping:
    """A mapping from plain data (a parsed TOML/JSON/YAML file); checks every path."""
    mapping = structure_config(data, LeadMapping, "mapping")
    problems: list[str] = []
    for name, column in mapping.columns.items():
        if column.to:
            try:
                parse_path(column.to)
            except ConfigError as exc:
                problems.append(f"columns.{_toml_key(name)}.to: {exc}")
    if problems:
        raise ConfigError("invalid mapping: " + "; ".join(problems), errors=problems)
    return mapping


def load_mapping(path: str | Path) -> LeadMapping:
    """Read a mapping file (``.toml``, ``.json``, ``.yaml``); ``ConfigError`` names each problem."""
    return read_into(path, mapping_from_data)


def mapping_schema() -> dict[str, Any]:
    """The JSON Schema of a mapping file (what ``leadqual schema mapping`` prints)."""
    from leadqual.scoring._schema import json_schema  # noqa: PLC0415 - only for the schema

    return json_schema(LeadMapping)
