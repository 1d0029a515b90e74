r"""Read and write files of leads: ``.jsonl``, ``.json`` and ``.csv`` (optionally ``.gz``).

Two ways to read:

- :func:`read_leads` is lenient. It yields one row per input record, in input order:
  :class:`Loaded` (the lead) or :class:`Rejected` (line number, reason, raw text). It never
  stops on a bad row and never drops one silently, so a batch job can score the good rows
  and report the bad ones.
- :func:`load_leads` is strict. It yields leads and raises :class:`~leadqual.LeadError`
  (``line 17: events[2].at: ...``) at the first bad row.

Reading streams: JSONL and CSV are read line by line, so a file of a million leads is
never held in memory at once. A ``.json`` document is parsed whole (JSON has no record
boundaries), so prefer JSONL for large files. ``-`` means standard input, which needs an
explicit ``format``. The formats are described in ``docs/leads.md``.

>>> import io
>>> text = '{"id": "L-1"}\n\n{"id": "L-2", "created_at": "2026-11-18"}\n'
>>> for row in read_leads(io.StringIO(text), format="jsonl"):
...     print(row)
line 1: L-1
line 3: created_at: timestamp '2026-11-18' has no time zone; ...
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import itertools
import json
import os
import re
import sys
import zlib
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal, TypeAlias

import attrs

from leadqual._convert import unstructure
from leadqual._core.text import lone_surrogate
from leadqual._fast_lead import fast_lead_line
from leadqual._time import resolve_timezone
from leadqual.exceptions import InputFileError, LeadError, LeadqualError
from leadqual.io._files import parse_problem
from leadqual.io._ids import FirstLines
from leadqual.io._mapping import LeadMapping, Plan, auto_number, load_mapping
from leadqual.lead import Company, Lead

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Generator, Iterable, Iterator

    _Records: TypeAlias = Generator["_Record", None, "int | None"]

__all__ = [
    "FORMATS",
    "Format",
    "Loaded",
    "Rejected",
    "Row",
    "load_leads",
    "read_leads",
    "resolve_mapping",
    "write_leads",
]

Format: TypeAlias = Literal["jsonl", "json", "csv"]
"""A file format of leads."""

FORMATS: Final[dict[str, Format]] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
}
"""File suffixes leadqual reads, and the format each one means (``.gz`` may follow)."""

_STDIO = "-"


@attrs.frozen
class Loaded:
    """A row that became a lead.

    Attributes:
        line: the physical line (1-based) where the record starts.
        lead: the lead.
    """

    line: int
    lead: Lead

    def __str__(self) -> str:
        return f"line {self.line}: {self.lead.id}"


@attrs.frozen
class Rejected:
    """A row that could not become a lead, and why.

    Attributes:
        line: the physical line (1-based) where the record starts.
        reason: every problem, each with its place (``events[2].at: ...``), joined by
            ``"; "``. In a JSON array the element comes first (``[3]: id: ...``).
        raw: the record's text as it was in the file, for a rejects file or a fix-up.

    ``str(rejected)`` is the message a user sees, ``line 17: events[2].at: ...``;
    ``leadqual.unstructure(rejected)`` is a plain dict for a rejects JSONL file.
    """

    line: int
    reason: str
    raw: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


Row: TypeAlias = Loaded | Rejected
"""What :func:`read_leads` yields for each input record."""

Source: TypeAlias = str | os.PathLike[str] | IO[str]
"""Where leads are read from: a path, ``"-"`` for standard input, or a text stream."""


@attrs.frozen
class _Record:
    # One record as found in the file, before it is turned into a lead: either a parsed
    # mapping (``value``; the lead itself when the fast way built it at once) or the
    # reason it could not even be parsed (``error``).
    line: int
    raw: str
    value: object = None
    error: str | None = None
    label: str = ""


# --- opening ---------------------------------------------------------------------------


def _format_of(source: Source, fmt: str | None) -> Format:
    if fmt is not None:
        if fmt not in FORMATS.values():
            allowed = ", ".join(sorted(set(FORMATS.values())))
            msg = f"unknown format {fmt!r}: expected one of {allowed}"
            raise InputFileError(msg)
        return fmt  # type: ignore[return-value]  # checked just above
    if isinstance(source, str | os.PathLike) and os.fspath(source) != _STDIO:
        path = Path(source)
        suffixes = [s.lower() for s in path.suffixes]
        if suffixes and suffixes[-1] == ".gz":
            suffixes.pop()
        if suffixes and suffixes[-1] in FORMATS:
            return FORMATS[suffixes[-1]]
        known = ", ".join(FORMATS)
        msg = f"{path}: unsupported file type; expected one of {known} (optionally + .gz)"
        raise InputFileError(msg)
    msg = "reading a stream or standard input needs an explicit format: 'jsonl', 'json' or 'csv'"
    raise InputFileError(msg)


@contextlib.contextmanager
def _open_text(source: Source) -> Iterator[IO[str]]:
    # Undecodable bytes become surrogate escapes instead of aborting the whole read; the
    # record that holds them is rejected on its own (see _utf8_problem).
    options: dict[str, Any] = {
        "encoding": "utf-8-sig",
        "errors": "surrogateescape",
        "newline": "",
    }
    if not isinstance(source, str | os.PathLike):
        yield source
        return
    if os.fspath(source) == _STDIO:
        stdin = io.TextIOWrapper(sys.stdin.buffer, **options)
        try:
            yield stdin
        finally:
            stdin.detach()  # standard input belongs to the caller; never close it
        return
    path = Path(source)
    try:
        stream: IO[str] = (
            gzip.open(path, "rt", **options)  # noqa: SIM115 - closed by the with below
            if path.suffix.lower() == ".gz"
            else path.open(**options)
        )
    except OSError as exc:
        msg = f"{path}: cannot read: {exc.strerror or exc}"
        raise InputFileError(msg) from exc
    with stream:
        yield stream


def _lines(stream: IO[str], name: str) -> Generator[str, None, None]:
    try:
        first = True
        for line in stream:
            # A byte-order mark survives when the caller opened the stream themselves.
            yield line.removeprefix("\ufeff") if first else line
            first = False
    except (OSError, EOFError, zlib.error) as exc:  # a corrupt or truncated .gz file
        msg = f"{name}: cannot read: {exc}"
        raise InputFileError(msg) from exc


def _name(source: Source) -> str:
    if isinstance(source, str | os.PathLike):
        text = os.fspath(source)
        return "<stdin>" if text == _STDIO else text
    return str(getattr(source, "name", "<stream>"))


# --- JSON Lines ------------------------------------------------------------------------


def _jsonl_records(
    lines: Iterable[str], zone: dt.tzinfo | None = None, start: int = 1
) -> Iterator[_Record]:
    for number, line in enumerate(lines, start=start):
        raw = line.rstrip("\r\n")
        if not raw.strip():
            continue
        # The fast way first: the lead built at once when the text is well formed (see
        # fast_lead_line). Anything else is decoded again by the strict decoder and
        # structured the full way, which gives the same lead or the exact error.
        lead = fast_lead_line(raw, zone)
        if lead is not None:
            yield _Record(number, raw, lead)
            continue
        try:
            value = _DECODER.decode(raw)
        except json.JSONDecodeError as exc:
            yield _Record(number, raw, error=f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except (ValueError, RecursionError) as exc:
            yield _Record(number, raw, error=f"invalid JSON: {parse_problem(exc)}")
            continue
        yield _Record(number, raw, value)


# --- JSON ------------------------------------------------------------------------------

_SPACE = re.compile(r"[ \t\n\r]*")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # JSON allows a key twice and json keeps the last silently; a record that says two
    # things about one field is rejected instead.
    table = dict(pairs)
    if len(table) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                msg = f"duplicate key {key!r} in one object"
                raise ValueError(msg)
            seen.add(key)
    return table


_DECODER = json.JSONDecoder(object_pairs_hook=_unique_keys)


class _Cursor:
    """Walks a JSON document and knows the line number of any position it reaches."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._pos = 0
        self._line = 1

    def skip(self, pos: int) -> int:
        match = _SPACE.match(self.text, pos)
        return match.end() if match else pos

    def line(self, pos: int) -> int:
        # Positions only move forward, so counting from the last one keeps this linear.
        self._line += self.text.count("\n", self._pos, pos)
        self._pos = pos
        return self._line

    def peek(self, pos: int) -> str:
        return self.text[pos : pos + 1]

    def error(self, pos: int, problem: str) -> _Record:
        line = self.line(max(pos, self._pos))
        # The whole physical line around the mistake is what a person needs to see.
        begin = self.text.rfind("\n", 0, pos) + 1
        newline = self.text.find("\n", pos)
        raw = self.text[begin:] if newline < 0 else self.text[begin:newline]
        return _Record(line, raw.rstrip("\r"), error=f"invalid JSON: {problem}")


def _json_records(text: str) -> Iterator[_Record]:
    cursor = _Cursor(text.removeprefix("\ufeff"))
    pos = cursor.skip(0)
    if cursor.peek(pos) == "[":
        end = yield from _array(cursor, pos, "")
    elif cursor.peek(pos) == "{":
        end = yield from _object(cursor, pos)
    elif not cursor.peek(pos):
        return  # an empty file holds no leads
    else:
        yield cursor.error(pos, "expected an array of leads, a lead or {'leads': [...]}")
        return
    if end is not None and cursor.skip(end) < len(cursor.text):
        yield cursor.error(cursor.skip(end), "unexpected text after the JSON document")


def _array(cursor: _Cursor, pos: int, label: str) -> _Records:
    """Yield the array's elements; return the position after it, or None on bad syntax."""
    pos = cursor.skip(pos + 1)
    if cursor.peek(pos) == "]":
        return pos + 1
    index = 0
    while True:
        end = yield from _value(cursor, pos, f"{label}[{index}]")
        if end is None:
            return None
        pos = cursor.skip(end)
        if cursor.peek(pos) == ",":
            pos, index = cursor.skip(pos + 1), index + 1
        elif cursor.peek(pos) == "]":
            return pos + 1
        else:
            yield cursor.error(pos, "expected ',' or ']' after an array element")
            return None


def _skip_value(text: str, pos: int) -> int | None:
    # Where a JSON value ends, found without converting its numbers (the usual reason a
    # valid value cannot be built is an integer of thousands of digits) and, for a value
    # nested too deeply for any decoder, by matching its brackets without recursion.
    try:
        return int(_SKIPPER.raw_decode(text, pos)[1])
    except RecursionError:
        return _matching_bracket(text, pos)
    except ValueError:
        return None


_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_CLOSING = {"[": "]", "{": "}"}


def _matching_bracket(text: str, pos: int) -> int | None:
    """The position after the bracket closing the one at ``pos``; strings are skipped.

    Only the nesting is checked: the value is rejected anyway, and reading goes on after
    it. ``None`` when the brackets never balance (the document is cut off).
    """
    stack: list[str] = []
    for match in _TOKEN.finditer(text, pos):
        token = match.group()
        if token[0] == '"':
            if not stack:
                return None
            continue
        if token in _CLOSING:
            stack.append(_CLOSING[token])
        elif not stack or stack.pop() != token:
            return None
        if not stack:
            return match.end()
    return None


_SKIPPER = json.JSONDecoder(parse_int=len)
_CHECKER = json.JSONDecoder(parse_int=len, object_pairs_hook=_unique_keys)


def _wrapper_end(text: str, start: int) -> int | None:
    # The rest of the wrapper is metadata; it still has to be valid JSON.
    try:
        return int(_CHECKER.raw_decode(text, start)[1])
    except RecursionError:
        # Too deep for the decoder, though each lead in it was handled.
        return _matching_bracket(text, start)


def _object(cursor: _Cursor, start: int) -> _Records:
    """A single lead, or a ``{"leads": [...]}`` wrapper whose other keys are metadata."""
    text = cursor.text
    pos = cursor.skip(start + 1)
    try:
        while cursor.peek(pos) not in {"}", ""}:
            key, pos = _DECODER.raw_decode(text, pos)
            pos = cursor.skip(pos)
            if cursor.peek(pos) != ":":
                break  # not valid JSON: the full decode below reports it
            pos = cursor.skip(pos + 1)
            if key == "leads" and cursor.peek(pos) == "[":
                end = yield from _array(cursor, pos, "leads")
                if end is None:
                    return None
                return _wrapper_end(text, start)
            _, pos = _DECODER.raw_decode(text, pos)
            pos = cursor.skip(pos)
            if cursor.peek(pos) == ",":
                pos = cursor.skip(pos + 1)
    except (ValueError, RecursionError):
        pass  # reported with its position by the full decode below
    return (yield from _value(cursor, start))


def _value(cursor: _Cursor, pos: int, label: str = "") -> _Records:
    """Yield the record of the JSON value at ``pos``; return the position after it.

    Bad syntax yields the error and returns None. Valid syntax that is no Python value
    yields a rejected record and goes on after it when its end can be found without
    building the value.
    """
    text = cursor.text
    try:
        value, end = _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        yield cursor.error(exc.pos, exc.msg)
        return None
    except (ValueError, RecursionError) as exc:
        problem = f"invalid JSON: {parse_problem(exc)}"
        skipped = _skip_value(text, pos)
        if skipped is None:
            named = f"{label}: {problem}" if label else problem
            yield attrs.evolve(cursor.error(pos, ""), error=named)
            return None
        yield _Record(cursor.line(pos), text[pos:skipped], error=problem, label=label)
        return skipped
    yield _Record(cursor.line(pos), text[pos:end], value, label=label)
    return end


# --- CSV -------------------------------------------------------------------------------

_LEAD_COLUMNS: Final = frozenset(
    {"id", "email", "first_name", "last_name", "job_title", "phone", "source", "created_at"}
)
_COMPANY_COLUMNS: Final = frozenset(field.name for field in attrs.fields(Company))
_PREFIXES: Final = ("company.", "answers.", "attributes.")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _int(text: str, column: str) -> int:
    try:
        return int(text)
    except ValueError:
        limit = sys.get_int_max_str_digits()
        msg = f"{column}: a number has more than {limit} digits"
        raise ValueError(msg) from None


def _number(text: str, column: str, *, whole: bool) -> int | float:
    if _INTEGER.fullmatch(text):
        return _int(text, column)
    if not whole and _NUMBER.fullmatch(text):
        return float(text)
    expected = "a whole number such as 180" if whole else "a number such as 24000000 or 2.4e7"
    msg = f"{column}: expected {expected} (no units or thousands separators), got {text!r}"
    raise ValueError(msg)


def _answer(text: str, column: str) -> bool | int | float | str:
    lowered = text.lower()
    if lowered in {"true", "false"}:
        return lowered == "true"
    if _NUMBER.fullmatch(text):
        return _int(text, column) if _INTEGER.fullmatch(text) else float(text)
    return text


def _attribute(text: str, column: str) -> object:
    if text[0] not in "[{":
        number = auto_number(text)
        return text if number is None else number
    return _json_cell(
        text, column, f"a cell starting with '{text[0]}' must be a JSON list or object"
    )


def _events(text: str) -> object:
    return _json_cell(text, "events", "expected a JSON array of events")


def _json_cell(text: str, column: str, expected: str) -> object:
    # A cell holding JSON; ValueError names the column and what it should have held.
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"{column}: {expected} ({exc.msg} at column {exc.colno})"
        raise ValueError(msg) from None
    except (ValueError, RecursionError) as exc:
        msg = f"{column}: invalid JSON: {parse_problem(exc)}"
        raise ValueError(msg) from None


def _check_header(header: list[str]) -> list[str]:
    columns = [cell.strip().removeprefix("\ufeff") for cell in header]
    problems: list[str] = []
    seen: set[str] = set()
    for column in columns:
        if not column:
            continue  # a trailing separator (Excel): fine while its cells stay empty
        if column in seen:
            problems.append(f"column {column!r} appears twice")
        seen.add(column)
        if column in _LEAD_COLUMNS or column == "events":
            continue
        prefix, _, field = column.partition(".")
        if f"{prefix}." in _PREFIXES and field:
            if prefix == "company" and field not in _COMPANY_COLUMNS:
                known = ", ".join(sorted(_COMPANY_COLUMNS))
                problems.append(f"unknown column {column!r}: company fields are {known}")
            continue
        problems.append(f"unknown column {column!r}; put custom data in 'attributes.{column}'")
    if "id" not in seen:
        problems.append("no 'id' column; every lead needs an id")
    if problems:
        msg = "line 1: " + "; ".join(problems)
        raise InputFileError(msg, errors=problems)
    return columns


def _cell(column: str, text: str) -> tuple[tuple[str, ...], object]:  # noqa: PLR0911 - one per kind
    """Where the cell's value goes in the lead mapping, and the value itself."""
    if column == "events":
        return ("events",), _events(text)
    prefix, _, field = column.partition(".")
    if prefix == "answers":
        return ("answers", field), _answer(text, column)
    if prefix == "attributes":
        return ("attributes", field), _attribute(text, column)
    if prefix == "company":
        if field == "employees":
            return ("company", field), _number(text, column, whole=True)
        if field == "annual_revenue":
            return ("company", field), _number(text, column, whole=False)
        if field == "technologies":
            items = [item.strip() for item in text.split(";")]
            return ("company", field), [item for item in items if item]
        return ("company", field), text
    return (column,), text


def _csv_mapping(columns: list[str], cells: list[str]) -> tuple[dict[str, Any], list[str]]:
    mapping: dict[str, Any] = {}
    problems: list[str] = []
    for index, (column, cell) in enumerate(zip(columns, cells, strict=True), start=1):
        text = cell.strip()
        if not text:
            continue  # an empty cell is unknown
        if not column:
            problems.append(f"column {index} has no name in the header, but holds {text!r}")
            continue
        try:
            place, value = _cell(column, text)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        target = mapping
        for part in place[:-1]:
            target = target.setdefault(part, {})
        target[place[-1]] = value
    return mapping, problems


def _sniff(lines: Iterator[str]) -> tuple[str, Iterator[str]]:
    # The header tells the delimiter: whichever of , ; and tab it holds most of.
    first = next(lines, None)
    if first is None:
        return ",", iter(())
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return (best if counts[best] else ","), itertools.chain([first], lines)


def _csv_records(  # noqa: C901, PLR0912 - one reader for plain and mapped CSV
    lines: Iterable[str], mapping: LeadMapping | None = None, zone: dt.tzinfo | None = None
) -> Iterator[_Record]:
    delimiter = ","
    plan: Plan | None = None
    if mapping is not None:
        delimiter = mapping.delimiter
        if not delimiter:
            delimiter, lines = _sniff(iter(lines))
    consumed: list[str] = []
    line_count = 0

    def tracked() -> Iterator[str]:
        # csv.reader pulls exactly the lines of one record at a time, so what was pulled
        # since the last record is that record's raw text, and its first line number.
        nonlocal line_count
        for line in lines:
            line_count += 1
            consumed.append(line)
            yield line

    reader = csv.reader(tracked(), strict=True, delimiter=delimiter)
    columns: list[str] | None = None
    while True:
        start = line_count + 1
        consumed.clear()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raw = "".join(consumed).rstrip("\r\n")
            if columns is None:
                msg = f"line {start}: cannot read the CSV header: {exc}"
                raise InputFileError(msg) from exc
            yield _Record(start, raw, error=f"invalid CSV: {exc}")
            continue
        raw = "".join(consumed).rstrip("\r\n")
        if not any(cell.strip() for cell in cells):
            continue  # blank lines and all-empty rows carry no lead
        if columns is None:
            if mapping is not None:
                plan = mapping.plan(cells, zone=zone)
                columns = list(plan.header)
            else:
                columns = _check_header(cells)
            continue
        if len(cells) != len(columns):
            problem = f"expected {len(columns)} cells as in the header, got {len(cells)}"
            yield _Record(start, raw, error=problem)
            continue
        if plan is not None:
            value, problems = plan.convert(cells, line=start)
        else:
            value, problems = _csv_mapping(columns, cells)
        yield _Record(start, raw, value, error="; ".join(problems) or None)


# --- rows ------------------------------------------------------------------------------


def _utf8_problem(raw: str) -> str | None:
    at = lone_surrogate(raw)
    if at is None:
        return None
    byte = ord(raw[at]) - 0xDC00
    return f"not UTF-8 text: byte 0x{byte:02x} at column {at + 1}"


def _printable(raw: str) -> str:
    # Undecodable bytes (surrogate escapes) cannot be written back as UTF-8 text.
    return raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@attrs.frozen
class _Built:
    # A record that became a lead, before the check for an id seen earlier.
    line: int
    prefix: str
    raw: str
    lead: Lead

    def settled(self, first: int) -> Row:
        if first == self.line:
            return Loaded(self.line, self.lead)
        return duplicate_id(self.line, self.prefix, self.raw, self.lead.id, first)


def duplicate_id(line: int, prefix: str, raw: str, lead_id: str, first: int) -> Rejected:
    """The row on ``line`` rejected: its lead id was first seen on line ``first``."""
    reason = f"id: duplicate lead id {lead_id!r} (first seen on line {first})"
    return Rejected(line, prefix + reason, raw)


def jsonl_chunks(
    source: Source,
    *,
    format: Format | None = None,  # noqa: A002 - as in read_leads
    size: int = 256,
) -> Generator[tuple[int, list[str]], None, None]:
    """JSON Lines input as ``(first line number, lines)`` chunks of ``size`` raw lines.

    For reading in parallel (``score --jobs``): each chunk goes through
    :func:`chunk_rows`, then :func:`first_ids` settles repeated ids in input order, so the
    rows are :func:`read_leads`'s exactly. The file and format are checked when this is
    called (as :func:`read_leads` does); anything but JSON Lines is an
    :class:`~leadqual.InputFileError`.
    """
    fmt = _format_of(source, format)
    if fmt != "jsonl":
        msg = f"reading in parallel takes JSON Lines; this input is {fmt}"
        raise InputFileError(msg)
    _check_file(source)
    return _chunks(source, size)


def _chunks(source: Source, size: int) -> Generator[tuple[int, list[str]], None, None]:
    with _open_text(source) as stream:
        lines = _lines(stream, _name(source))
        try:
            start = 1
            while chunk := list(itertools.islice(lines, size)):
                yield start, chunk
                start += len(chunk)
        finally:
            lines.close()


def chunk_rows(start: int, lines: list[str], zone: dt.tzinfo | None) -> list[Rejected | _Built]:
    """One chunk's rows (its first line numbered ``start``), before the duplicate-id check."""
    return list(_built(_jsonl_records(lines, zone, start), zone, strict=False))


def first_ids() -> FirstLines:
    """The duplicate-id index :func:`read_leads` uses (the same bounds)."""
    return FirstLines(in_memory=_MEMORY, batch=_BATCH)


def _rows(
    records: Iterable[_Record],
    zone: dt.tzinfo | None,
    *,
    allow_duplicate_ids: bool,
    strict: bool = False,
) -> Iterator[Row]:
    built = _built(records, zone, strict=strict)
    if allow_duplicate_ids:
        for row in built:
            yield row if isinstance(row, Rejected) else Loaded(row.line, row.lead)
        return
    # Memory stays flat however many leads a file holds: past 4,096 ids the index moves
    # to a temporary SQLite file and rows are settled a batch at a time.
    index = first_ids()
    pending: list[Rejected | _Built] = []
    try:
        while True:
            try:
                item = next(built, None)
            except LeadError:
                yield from _settle(index, pending)  # load_leads: every row before the bad one
                raise
            if item is None:
                break
            if not index.spilled:
                yield from _settle(index, [item])
                continue
            pending.append(item)
            if len(pending) >= _BATCH:
                yield from _settle(index, pending)
                pending = []
        yield from _settle(index, pending)
    finally:
        index.close()


_MEMORY = 4_096
"""How many lead ids the duplicate check keeps in a dict before it spills to a file."""

_BATCH = 512
"""How many rows wait to be settled together once the id index has spilled."""


def _settle(index: FirstLines, rows: list[Rejected | _Built]) -> list[Row]:
    """Rows in input order, each built lead checked against the ids seen before it."""
    built = [row for row in rows if isinstance(row, _Built)]
    lines = iter(index.first_many([(row.lead.id, row.line) for row in built]))
    return [row if isinstance(row, Rejected) else row.settled(next(lines)) for row in rows]


def _built(
    records: Iterable[_Record], zone: dt.tzinfo | None, *, strict: bool
) -> Iterator[Rejected | _Built]:
    for record in records:
        prefix = f"{record.label}: " if record.label else ""
        problem = _utf8_problem(record.raw) or record.error
        if problem is not None:
            yield Rejected(record.line, prefix + problem, _printable(record.raw))
            continue
        try:
            lead = _structure(record.value, zone)
        except RecursionError:
            # A value nested close to the interpreter's limit parses but cannot be checked.
            if strict:
                msg = f"line {record.line}: {prefix}nested too deeply"
                raise LeadError(msg) from None
            yield Rejected(record.line, prefix + "nested too deeply", record.raw)
            continue
        except LeadqualError as exc:
            if strict:
                # Keep the class (a TimestampError stays one) and each problem's place.
                raised = type(exc) if isinstance(exc, LeadError) else LeadError
                errors = [f"line {record.line}: {prefix}{error}" for error in exc.errors]
                raise raised("; ".join(errors), errors=errors) from None
            yield Rejected(record.line, prefix + "; ".join(exc.errors), record.raw)
            continue
        yield _Built(record.line, prefix, record.raw, lead)


def _structure(value: object, zone: dt.tzinfo | None) -> Lead:
    if isinstance(value, Lead):
        return value  # built by the fast way in _jsonl_records
    if not isinstance(value, dict):
        kind = "null" if value is None else type(value).__name__
        msg = f"expected a JSON object (a lead), got {kind}"
        raise LeadError(msg)
    # Lead.from_mapping strips its own "invalid lead: " prefix off each error.
    return Lead.from_mapping(value, default_timezone=zone)


def read_leads(
    source: Source,
    *,
    default_timezone: dt.tzinfo | str | None = None,
    format: Format | None = None,  # noqa: A002 - the natural name, as in the CLI's --format
    allow_duplicate_ids: bool = False,
    preset: str | None = None,
    mapping: LeadMapping | str | os.PathLike[str] | None = None,
) -> Iterator[Row]:
    r"""Read leads leniently: one :class:`Loaded` or :class:`Rejected` per record, in order.

    Args:
        source: a path (``.jsonl``, ``.ndjson``, ``.json``, ``.csv``, each optionally
            ``.gz``), ``"-"`` for standard input, or an open text stream.
        default_timezone: zone for naive timestamps (``"Europe/Amsterdam"`` or a
            ``tzinfo``); without it a naive timestamp rejects its row.
        format: ``"jsonl"``, ``"json"`` or ``"csv"``; required for ``"-"`` and streams,
            otherwise it overrides the suffix.
        allow_duplicate_ids: by default a lead whose id appeared earlier in the same
            input is rejected (``id: duplicate lead id 'L-1' (first seen on line 3)``),
            so that one person is never scored twice; the first occurrence is loaded.
        preset: a CRM export preset (``hubspot``, ``salesforce``, ``xeducation``,
            ``generic``; see :mod:`leadqual.io.presets`): the file is a CSV export read
            through that mapping.
        mapping: a :class:`~leadqual.io.LeadMapping` or the path of a mapping file, for
            exports no preset fits. With a preset or mapping the CSV delimiter is
            sniffed (``,``, ``;`` or tab) unless the mapping gives one, and a bad cell
            rejects its row naming the column: ``line 7: column 'Aantal medewerkers'
            (company.employees): expected a number ...``.

    Blank lines are skipped and are not rows. A problem with the input as a whole (missing
    file, unknown suffix, bad CSV header, unreadable gzip) raises
    :class:`~leadqual.InputFileError`; the file and format are checked when this is
    called, the contents while iterating.

    >>> import io
    >>> csv_text = "id,company.employees\nL-1,180\nL-2,180 employees\n"
    >>> [str(row) for row in read_leads(io.StringIO(csv_text), format="csv")]
    ['line 2: L-1', "line 3: company.employees: expected a whole number such as 180 ..."]
    """
    return _open(
        source,
        default_timezone,
        format,
        allow_duplicate_ids=allow_duplicate_ids,
        mapping=resolve_mapping(preset, mapping),
    )


def resolve_mapping(
    preset: str | None, mapping: LeadMapping | str | os.PathLike[str] | None
) -> LeadMapping | None:
    """The mapping a ``preset`` name or ``mapping`` (object or file) stands for, if any.

    Commands that read leads pass their ``--preset``/``--mapping`` options here.

    >>> resolve_mapping("generic", None).by_name
    True
    >>> resolve_mapping(None, None) is None
    True
    """
    if preset is not None and mapping is not None:
        msg = "give a preset or a mapping, not both"
        raise InputFileError(msg)
    if preset is not None:
        from leadqual.io.presets import preset as builtin  # noqa: PLC0415 - on demand

        return builtin(preset)
    if mapping is None or isinstance(mapping, LeadMapping):
        return mapping
    return load_mapping(Path(mapping))


def _open(
    source: Source,
    default_timezone: dt.tzinfo | str | None,
    format: Format | None,  # noqa: A002 - as in read_leads
    *,
    allow_duplicate_ids: bool,
    strict: bool = False,
    mapping: LeadMapping | None = None,
) -> Iterator[Row]:
    # Checks the file and format now; the contents are read while iterating.
    if mapping is not None and format is None and not _named_csv(source):
        format = "csv"  # noqa: A001 - a CRM export is a CSV file, whatever its suffix
    fmt = _format_of(source, format)
    if mapping is not None and fmt != "csv":
        msg = "a preset or mapping reads CSV exports; this input is " + fmt
        raise InputFileError(msg)
    zone = resolve_timezone(default_timezone)
    if mapping is not None and zone is None and mapping.timezone:
        zone = resolve_timezone(mapping.timezone)
    _check_file(source)
    return _read(
        source, fmt, zone, allow_duplicate_ids=allow_duplicate_ids, strict=strict, mapping=mapping
    )


def _check_file(source: Source) -> None:
    if isinstance(source, str | os.PathLike) and os.fspath(source) != _STDIO:
        path = Path(source)
        if not path.is_file():
            problem = "no such file" if not path.exists() else "not a file"
            msg = f"{path}: cannot read: {problem}"
            raise InputFileError(msg)


def _named_csv(source: Source) -> bool:
    if not isinstance(source, str | os.PathLike) or os.fspath(source) == _STDIO:
        return False
    suffixes = [s.lower() for s in Path(source).suffixes]
    return bool(suffixes) and suffixes[-1] in {".csv", ".gz"}


def _read(
    source: Source,
    fmt: Format,
    zone: dt.tzinfo | None,
    *,
    allow_duplicate_ids: bool,
    strict: bool,
    mapping: LeadMapping | None = None,
) -> Iterator[Row]:
    with _open_text(source) as stream:
        lines = _lines(stream, _name(source))
        records: Iterable[_Record]
        if fmt == "jsonl":
            records = _jsonl_records(lines, zone)
        elif fmt == "csv":
            records = _csv_records(lines, mapping, zone)
        else:
            records = _json_records("".join(lines))
        try:
            yield from _rows(records, zone, allow_duplicate_ids=allow_duplicate_ids, strict=strict)
        finally:
            # Closed now, with the file: a traceback that holds these frames may outlive
            # the read (load_leads raising) and would finalize them at exit otherwise.
            lines.close()


def load_leads(
    source: Source,
    *,
    default_timezone: dt.tzinfo | str | None = None,
    format: Format | None = None,  # noqa: A002 - the natural name, as in the CLI's --format
    preset: str | None = None,
    mapping: LeadMapping | str | os.PathLike[str] | None = None,
) -> Iterator[Lead]:
    r"""Read leads strictly: an iterator of leads that raises at the first bad row.

    Same sources and options as :func:`read_leads`. A bad row raises
    :class:`~leadqual.LeadError` whose message starts with its line,
    ``line 17: events[2].at: ...`` (a :class:`~leadqual.TimestampError` when every
    problem in the row is a timestamp); use :func:`read_leads` to keep going past bad rows.

    >>> import io
    >>> text = '{"id": "L-1"}\n{"id": "L-2", "company": {"employees": "many"}}\n'
    >>> leads = load_leads(io.StringIO(text), format="jsonl")
    >>> next(leads).id
    'L-1'
    >>> next(leads)
    Traceback (most recent call last):
    ...
    leadqual.exceptions.LeadError: line 2: company.employees: expected a whole number, got 'many'
    """
    rows = _open(
        source,
        default_timezone,
        format,
        allow_duplicate_ids=False,
        strict=True,
        mapping=resolve_mapping(preset, mapping),
    )
    return _strict(rows)


def _strict(rows: Iterable[Row]) -> Iterator[Lead]:
    for row in rows:
        if isinstance(row, Rejected):
            raise LeadError(str(row))
        yield row.lead


def write_leads(leads: Iterable[Lead], target: str | os.PathLike[str] | IO[str]) -> int:
    r"""Write leads as JSON Lines (``.jsonl``/``.ndjson``, optionally ``.gz``); return the count.

    Each line is ``json.dumps(leadqual.unstructure(lead))``: unknown fields are left out,
    timestamps keep their offset, non-ASCII text is written as UTF-8. ``"-"`` writes to
    standard output. Reading the file back gives equal leads.

    >>> import io
    >>> out = io.StringIO()
    >>> write_leads([Lead("L-1", job_title="Inkoper")], out)
    1
    >>> out.getvalue()
    '{"id": "L-1", "job_title": "Inkoper"}\n'
    """
    if not isinstance(target, str | os.PathLike):
        return _write(leads, target.write)
    if os.fspath(target) == _STDIO:
        return _write(leads, sys.stdout.write)
    path = Path(target)
    suffixes = [s.lower() for s in path.suffixes]
    gz = bool(suffixes) and suffixes[-1] == ".gz"
    if (suffixes[-2:-1] if gz else suffixes[-1:]) not in ([".jsonl"], [".ndjson"]):
        msg = f"{path}: leads are written as JSON Lines; use a .jsonl or .jsonl.gz file"
        raise InputFileError(msg)
    try:
        opened: IO[str] = (
            gzip.open(path, "wt", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed below
            if gz
            else path.open("w", encoding="utf-8", newline="\n")
        )
        with opened as stream:
            return _write(leads, stream.write)
    except OSError as exc:
        msg = f"{path}: cannot write: {exc.strerror or exc}"
        raise InputFileError(msg) from exc


def _write(leads: Iterable[Lead], write: Callable[[str], object]) -> int:
    count = 0
    for lead in leads:
        write(json.dumps(unstructure(lead), ensure_ascii=False) + "\n")
        count += 1
    return count
