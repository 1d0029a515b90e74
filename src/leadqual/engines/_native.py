r"""Canonical form: the JSON-lines records an engine may read without the Python parser.

A record is in *canonical form* when the text itself proves that
:meth:`leadqual.Lead.from_mapping` would accept it unchanged: every value already as a
:class:`~leadqual.Lead` holds it. Then an engine may read it with its own JSON and regex
functions straight into the layout's tables; every other record goes through
:func:`leadqual.io.read_leads`, whose rejects and reasons are the Python path's. The
definition is a regular grammar (written here as regular expressions, in the syntax
Rust's ``regex`` and RE2 share), so an engine checks it per record, vectorized:

- the record is one JSON object whose keys come in the order leadqual writes them
  (:func:`leadqual.io.write_leads`): ``id``, ``email``, ``first_name``, ``last_name``,
  ``job_title``, ``phone``, ``source``, ``created_at``, ``company``, ``events``,
  ``answers``, ``attributes``, ``owner`` (each but ``id`` optional, none ``null``). A
  fixed order rules out unknown and repeated keys without a parser; ``stage``,
  ``stage_history`` and ``outcome`` take the Python path.
- no string holds an escape (``\\``) or a control character, and none is longer than
  :data:`MAX_RUN` characters, so every text is exactly the characters between its
  quotes and no text limit of the lead can be exceeded;
- named texts (ids, names, types) start and end with a character Python's
  ``str.strip`` keeps, so stripping changes nothing and none is blank;
- timestamps are ``YYYY-MM-DDTHH:MM:SS[.fff|.ffffff](Z|±HH:MM)`` (an engine still
  checks the day exists in its month);
- ``company`` holds its keys in field order: ``name``, ``domain`` (lower-case-able
  letters, digits, dots and dashes, not starting with ``www.``), ``employees`` (a whole
  number of at most 15 digits), ``annual_revenue`` (a non-negative number of at most 15
  digits before the point, no exponent), ``industry``, ``industry_code``, ``country``
  (two ASCII letters), ``technologies`` (a list of texts), ``account_id``;
- each event is ``{"type": …, "at": …[, "properties": {…}][, "id": …]}``;
  ``properties`` and ``attributes`` are flat tables of texts, numbers (at most 15
  digits before the point, no exponent), ``true``, ``false``, ``null`` and lists of
  texts; ``answers`` a flat table of texts, numbers, ``true`` and ``false``; an engine
  checks their keys are distinct;
- ``email`` is ASCII (its domain is then lower-cased alike everywhere).

An engine also sends to Python a record with two different copies of one event id at
one instant (canonical order then looks past the time to pick one) and a record whose
attribute or property value has another kind than its column (the Python path scores
such a lead itself).
"""

from __future__ import annotations

__all__ = [
    "EVENT_AT",
    "EVENT_HEAD",
    "EVENT_ID",
    "EVENT_LOOKALIKE",
    "EVENT_PLAIN_PATTERN",
    "EVENT_PROPERTIES",
    "EVENT_TYPE",
    "EVENTS_ARRAY",
    "HEAD",
    "OBJECT",
    "OWNER",
    "KEYS",
    "TOKEN",
    "plain_key",
    "table",
    "value_of",
    "ANSWER_PAIR",
    "ATTRIBUTE_FIELDS",
    "COMPANY",
    "COMPANY_FIELDS",
    "EVENT",
    "LEAD",
    "LEAD_TEXT_FIELDS",
    "MAX_RUN",
    "NUMBER",
    "PAIR",
    "TEXT",
    "TIMESTAMP",
    "TIMESTAMP_FORMAT",
    "supported",
]

MAX_RUN = 1000
"""No record in canonical form has this many characters in a row without a quote."""

WS = r"[ \t]*"
STRING = r'"[^"\\\x00-\x1f]*"'
# Python's str.strip removes exactly these (every character whose isspace() is true).
_SPACE = (
    r"\x09-\x0d\x1c-\x20\x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
)
_EDGE = rf'[^"\\\x00-\x1f{_SPACE}]'  # a character strip keeps, no quote, no backslash
TEXT = rf'"{_EDGE}(?:[^"\\\x00-\x1f]*{_EDGE})?"'
"""A named text: non-blank, nothing to strip, no escape."""
_ASCII_EDGE = r"[!#-\[\]-~]"
ASCII_TEXT = rf'"{_ASCII_EDGE}(?:[ !#-\[\]-~]*{_ASCII_EDGE})?"'
TIMESTAMP = (
    r'"[1-8][0-9]{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])'
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{3}(?:[0-9]{3})?)?"
    r'(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"'
)
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S%.f%#z"
"""The strptime format that reads a :data:`TIMESTAMP` (without its quotes)."""
WHOLE = r"(?:0|[1-9][0-9]{0,14})"
NUMBER = rf"(?:-?{WHOLE}\.[0-9]{{1,17}}|0|-?[1-9][0-9]{{0,14}})"
"""A JSON number every engine reads as the same float64: no exponent, 15 digits at most,
and not ``-0`` (an integer zero in Python, ``-0.0`` in a float parser).

The decimal form comes first: regex engines take the first alternative that matches, so
an unanchored search (:func:`value_of`) would otherwise stop ``1.5`` after its ``1``."""
TEXTS = rf"\[{WS}(?:{STRING}(?:{WS},{WS}{STRING})*)?{WS}\]"
SCALAR = rf"(?:{STRING}|{NUMBER}|true|false|null|{TEXTS})"
PAIR = rf"{STRING}{WS}:{WS}{SCALAR}"
"""One key and value of a flat table: text, number, true, false, null or a list of texts."""
FLAT = rf"\{{{WS}(?:{PAIR}(?:{WS},{WS}{PAIR})*)?{WS}\}}"
ANSWER_PAIR = rf"{STRING}{WS}:{WS}(?:{STRING}|{NUMBER}|true|false)"
"""One answer: a text, a number, true or false (``null`` is no answer: Python refuses it)."""
ANSWERS = rf"\{{{WS}(?:{ANSWER_PAIR}(?:{WS},{WS}{ANSWER_PAIR})*)?{WS}\}}"


def _member(key: str, value: str) -> str:
    return rf'"{key}"{WS}:{WS}{value}'


def _optional_members(members: list[tuple[str, str]]) -> str:
    # Keys in this order, each optional, commas between: one alternative per first key.
    options = []
    for first in range(len(members)):
        rest = "".join(rf"(?:{WS},{WS}{_member(*member)})?" for member in members[first + 1 :])
        options.append(_member(*members[first]) + rest)
    return rf"\{{{WS}(?:" + "|".join(options) + rf")?{WS}\}}"


LEAD_TEXT_FIELDS = ("email", "first_name", "last_name", "job_title", "phone", "source")
COMPANY_FIELDS: dict[str, str] = {
    "name": TEXT,
    "domain": r'"[A-Za-z0-9][A-Za-z0-9.-]*"',
    "employees": WHOLE,
    "annual_revenue": rf"{WHOLE}(?:\.[0-9]{{1,17}})?",
    "industry": TEXT,
    "industry_code": TEXT,
    "country": r'"[A-Za-z]{2}"',
    "technologies": TEXTS,
    "account_id": TEXT,
}
"""Each company key in field order, and the value it may have in canonical form."""
COMPANY = _optional_members(list(COMPANY_FIELDS.items()))
ATTRIBUTE_FIELDS = ("attributes",)


def _event(group: str) -> str:
    # One event; with group "(" its type, at, properties and id are captured.
    def value(pattern: str) -> str:
        return f"{group}{pattern})"

    return (
        rf"\{{{WS}{_member('type', value(TEXT))}{WS},{WS}{_member('at', value(TIMESTAMP))}"
        rf"(?:{WS},{WS}{_member('properties', value(FLAT))})?"
        rf"(?:{WS},{WS}{_member('id', value(TEXT))})?{WS}\}}"
    )


EVENT = _event("(")
"""One event; groups 1 to 4: type, at, properties, id (with their quotes)."""
_EVENT_PLAIN = _event("(?:")
EVENTS = rf"\[{WS}(?:{_EVENT_PLAIN}(?:{WS},{WS}{_EVENT_PLAIN})*)?{WS}\]"


def _group(name: str, value: str) -> str:
    return rf"(?:{WS},{WS}{_member(name, f'(?P<{name}>{value})')})?"


_HEAD = (
    rf"^{WS}\{{{WS}{_member('id', f'(?P<id>{TEXT})')}"
    + _group("email", ASCII_TEXT)
    + "".join(_group(name, TEXT) for name in LEAD_TEXT_FIELDS[1:])
    + _group("created_at", TIMESTAMP)
)
LEAD = (
    _HEAD
    + _group("company", COMPANY)
    + _group("events", EVENTS)
    + _group("answers", ANSWERS)
    + _group("attributes", FLAT)
    + _group("owner", TEXT)
    + rf"{WS}\}}{WS}$"
)
"""A whole record in canonical form; named groups hold each top-level value's text."""


def supported(path: tuple[str, ...]) -> bool:
    """Whether a lead field the plan reads has a value in canonical form.

    >>> supported(("company", "employees")), supported(("stage",))
    (True, False)
    """
    if path in (("id",), ("email_domain",), ("owner",), *((name,) for name in LEAD_TEXT_FIELDS)):
        return True
    if len(path) == 2 and path[0] == "company":  # noqa: PLR2004 - company, field
        return path[1] in COMPANY_FIELDS
    return len(path) == 2 and path[0] in ("attributes", "answers")  # noqa: PLR2004 - table, key


# --- reading a record known to be in canonical form ----------------------------------------
# Cheap patterns, each correct only on a record that matched LEAD: in such a record no
# string holds a quote, and only the top-level values company, events, answers and
# attributes are tables or lists of tables, so a key found where these patterns look
# for it is the one meant.

HEAD = _HEAD
"""The record up to ``created_at``: its named groups hold those values' text."""
_CAPTURED = r'"([^"]*)"'  # a text of a checked record, its characters in group 1
OBJECT = r'\{(?:"[^"]*"|[^"{}])*\}'
"""A table holding no table (strings skipped whole)."""
EVENTS_ARRAY = rf'"events"{WS}:{WS}\[(?:"[^"]*"|[^"\[\]]|\[(?:"[^"]*"|[^"\[\]])*\])*\]'
"""The top-level events key and list: the first list after an ``events`` key.

No group: a capture makes a regex engine re-run a slower matcher over the whole list,
so an engine takes the first whole match (polars ``extract_all(...).list.first()``)."""
EVENT_PLAIN_PATTERN = rf'\{{{WS}"type"{WS}:(?:"[^"]*"|[^"{{}}]|{OBJECT})*\}}'
"""One event (no groups), found in the events list."""
EVENT_LOOKALIKE = rf'"(?:answers|attributes)"{WS}:{WS}\{{{WS}"type"{WS}:'
"""A top-level answers or attributes table whose first key is ``type``: in a checked
record the only tables outside the events list that :data:`EVENT_PLAIN_PATTERN` finds."""
OWNER = rf"{WS},{WS}" + _member("owner", _CAPTURED) + rf"{WS}\}}{WS}$"
EVENT_TYPE = rf"^\{{{WS}" + _member("type", _CAPTURED)
EVENT_AT = rf'^\{{{WS}"type"{WS}:{WS}"[^"]*"{WS},{WS}' + _member("at", _CAPTURED)
EVENT_HEAD = rf"^\{{{WS}" + _member("type", '"(?P<type>[^"]*)"') + rf"{WS},{WS}"
EVENT_HEAD += _member("at", '"(?P<at>[^"]*)"')
"""An event's type and time: named groups ``type`` and ``at`` (one pass for both)."""
EVENT_PROPERTIES = _member("properties", f"({OBJECT})")
EVENT_ID = rf"{WS},{WS}" + _member("id", _CAPTURED) + rf"{WS}\}}$"
TOKEN = rf'"[^"]*"(?:{WS}:)?'
"""Every string of a flat table in turn; a key is one that ends with a colon."""
KEYS = rf'(?:"[^"]*"{WS}[,\]}}][^"]*)*"[^"]*"{WS}:'
"""Counts (``count_matches``) at least as many matches as a flat table has keys.

Each match skips the value texts before a key whole, so from the table's first quote
every match ends at the colon after the next key; only when no key is left may a match
start inside a text and count one more. A table with at most one match then has
distinct keys without extracting them (as :data:`TOKEN` must).
"""


def table(key: str) -> str:
    """The top-level table ``key`` (``company``, ``answers``, ``attributes``): group 1."""
    return rf'"{key}"{WS}:{WS}({OBJECT})'


def plain_key(key: str) -> bool:
    """Whether :func:`value_of` can find ``key`` in a checked record.

    Its JSON text needs no escape, and it does not start with a character that may
    follow a string's closing quote.
    """
    return (
        bool(key)
        and not any(char in key for char in '"\\')
        and all(ord(char) >= 0x20 for char in key)  # noqa: PLR2004 - control characters
        and key[0] not in " \t,:}]"
    )


def value_of(key: str) -> str:
    """The value of ``key`` in a flat table (group 1), for a :func:`plain_key`."""
    literal = "".join(
        char if char.isalnum() or not char.isascii() else f"\\x{{{ord(char):x}}}" for char in key
    )
    return rf'[{{,]{WS}"{literal}"{WS}:{WS}({SCALAR})'
