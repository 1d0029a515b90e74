r"""A separate activity (events) file joined to the leads by id or e-mail.

CRMs often export contacts and their activity apart: one row per e-mail open, page view
or form. :func:`join_activity` reads such a file (CSV, delimiter sniffed) into events
and adds each lead's events to it as the leads stream past. The activity file is held
in memory (it is keyed by lead); the leads are not.

Columns: ``id`` or ``email`` (the key; ``Record ID``/``Email`` work too), ``type``,
``at``, an optional ``event_id``, and any other column becomes an event property.

>>> import io
>>> from leadqual.io import Loaded, read_leads
>>> leads = read_leads(io.StringIO("id,email\nL-1,a@b.nl\nL-2,c@d.nl\n"), format="csv")
>>> at = "2026-11-20T09:12:00+01:00"
>>> activity = io.StringIO(f"email;type;at;url\nA@b.nl;page_view;{at};/prijzen\n")
>>> for row in join_activity(leads, activity, by="email"):
...     print(row, [event.type for event in row.lead.events] if isinstance(row, Loaded) else "")
line 2: L-1 ['page_view']
line 3: L-2 []
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

import attrs

from leadqual.exceptions import InputFileError, LeadqualError
from leadqual.io._leads import Loaded, Rejected
from leadqual.lead import Event

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from leadqual.io._leads import Row

__all__ = ["join_activity"]

_KEYS = {"id": ("id", "record id", "lead id", "contact id"), "email": ("email", "e-mail")}


def _read_activity(
    source: str | os.PathLike[str] | IO[str], by: Literal["id", "email"]
) -> dict[str, list[Event]]:
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            with path.open(encoding="utf-8-sig", newline="") as stream:
                return _events_by_key(stream, by, str(path))
        except OSError as exc:
            msg = f"{path}: cannot read: {exc.strerror or exc}"
            raise InputFileError(msg) from exc
    return _events_by_key(source, by, "<activity>")


def _events_by_key(stream: IO[str], by: str, name: str) -> dict[str, list[Event]]:
    first = stream.readline()
    delimiter = max((",", ";", "\t"), key=first.count)
    header = [cell.strip() for cell in next(csv.reader([first], delimiter=delimiter), [])]
    folded = [cell.casefold() for cell in header]
    key_index = next((folded.index(k) for k in _KEYS[by] if k in folded), None)
    missing = [c for c in ("type", "at") if c not in folded]
    if key_index is None or missing:
        need = [f"'{by}'"] if key_index is None else []
        need += [repr(c) for c in missing]
        msg = f"{name}: line 1: the activity file needs the columns {', '.join(need)}"
        raise InputFileError(msg)
    events: dict[str, list[Event]] = {}
    problems: list[str] = []
    for number, cells in enumerate(csv.reader(stream, delimiter=delimiter), start=2):
        if not any(cell.strip() for cell in cells):
            continue
        record = dict(zip(folded, (cell.strip() for cell in cells), strict=False))
        key = cells[key_index].strip() if key_index < len(cells) else ""
        properties = {
            original: record[column]
            for original, column in zip(header, folded, strict=False)
            if column not in {*_KEYS[by], "type", "at", "event_id"} and record.get(column)
        }
        data: dict[str, Any] = {"type": record.get("type", ""), "at": record.get("at", "")}
        if properties:
            data["properties"] = properties
        if record.get("event_id"):
            data["id"] = record["event_id"]
        try:
            from leadqual._convert import structure  # noqa: PLC0415 - converter imports lead

            event = structure(data, Event)
        except LeadqualError as exc:
            problems.append(f"line {number}: {exc}")
            continue
        events.setdefault(key.casefold() if by == "email" else key, []).append(event)
    if problems:
        msg = f"{name}: " + "; ".join(problems[:20])
        raise InputFileError(msg, errors=problems)
    return events


def join_activity(
    rows: Iterable[Row],
    activity: str | os.PathLike[str] | IO[str],
    *,
    by: Literal["id", "email"] = "id",
) -> Iterator[Row]:
    """Add the events of an activity file to each lead, matched by ``id`` or ``email``.

    ``rows`` come from :func:`~leadqual.io.read_leads`; rejected rows pass through.
    E-mail addresses match ignoring case. A bad activity row makes the whole activity
    file an :class:`~leadqual.InputFileError` listing the lines, so no event is lost
    silently.
    """
    events = _read_activity(activity, by)
    for row in rows:
        if isinstance(row, Rejected):
            yield row
            continue
        key = row.lead.id if by == "id" else (row.lead.email or "").casefold()
        extra = events.get(key, ())
        if extra:
            lead = attrs.evolve(row.lead, events=(*row.lead.events, *extra))
            yield Loaded(row.line, lead)
        else:
            yield row
