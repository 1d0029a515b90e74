"""Follow-up tasks as iCalendar (RFC 5545): a VTODO per task, optionally a VEVENT slot.

Uses the ``icalendar`` package (``pip install 'leadqual[ical]'``), imported when a
calendar is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from leadqual.exceptions import ConfigError

__all__ = ["CallTask", "tasks_to_ical"]


@attrs.frozen
class CallTask:
    """A follow-up task: call ``lead_id`` before ``due``; ``key`` makes its UID stable."""

    key: str
    lead_id: str
    due: dt.datetime
    summary: str
    description: str = ""
    owner_email: str | None = None
    created: dt.datetime | None = None


def _icalendar() -> Any:  # noqa: ANN401 - an optional module without stubs
    try:
        import icalendar  # noqa: PLC0415 - optional dependency
    except ImportError as exc:
        msg = "iCalendar output needs the icalendar package: pip install 'leadqual[ical]'"
        raise ConfigError(msg) from exc
    return icalendar


def tasks_to_ical(
    tasks: Iterable[CallTask], *, stamp: dt.datetime, slot: dt.timedelta | None = None
) -> bytes:
    """The tasks as one calendar: a VTODO each, and a VEVENT call slot when ``slot`` is set.

    ``stamp`` is the DTSTAMP (when the calendar was made: passed in, never the clock).
    UIDs come from the hand-off's key, so importing the file again updates the tasks.
    Times are written in UTC, which every calendar reads the same way.
    """
    ical = _icalendar()
    calendar = ical.Calendar()
    calendar.add("prodid", "-//leadqual//speed to lead//EN")
    calendar.add("version", "2.0")
    for task in tasks:
        todo = ical.Todo()
        todo.add("uid", f"{task.key}@leadqual")
        todo.add("dtstamp", stamp.astimezone(dt.UTC))
        todo.add("summary", task.summary)
        if task.description:
            todo.add("description", task.description)
        todo.add("due", task.due.astimezone(dt.UTC))
        if task.created is not None:
            todo.add("dtstart", task.created.astimezone(dt.UTC))
        todo.add("status", "NEEDS-ACTION")
        todo.add("priority", 1)
        if task.owner_email:
            todo.add("organizer", f"mailto:{task.owner_email}")
        calendar.add_component(todo)
        if slot is not None:
            event = ical.Event()
            event.add("uid", f"{task.key}-call@leadqual")
            event.add("dtstamp", stamp.astimezone(dt.UTC))
            event.add("summary", task.summary)
            event.add("dtstart", (task.due - slot).astimezone(dt.UTC))
            event.add("dtend", task.due.astimezone(dt.UTC))
            calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
