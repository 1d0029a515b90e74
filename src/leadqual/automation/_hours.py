"""Business hours: when an SLA clock runs, and the due time it gives.

``"mon-fri 09:00-17:00"`` in a time zone, with closed days, and optionally the Dutch
public holidays (New Year, Good Friday, Easter Monday, King's Day, Liberation Day,
Ascension, Whit Monday, Christmas; the Easter-based ones computed per year).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable

import attrs

from leadqual.exceptions import ConfigError

__all__ = ["BusinessHours", "dutch_holidays", "easter"]

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPEC = re.compile(
    r"^\s*(\w{3})(?:\s*-\s*(\w{3}))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$"
)


def easter(year: int) -> dt.date:
    """Easter Sunday (Gregorian; the anonymous algorithm).

    >>> easter(2026), easter(2027)
    (datetime.date(2026, 4, 5), datetime.date(2027, 3, 28))
    """
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def dutch_holidays(year: int) -> frozenset[dt.date]:
    """Dutch public holidays most offices close on (Liberation Day every year).

    King's Day moves to the 26th when the 27th of April is a Sunday.

    >>> sorted(d.isoformat() for d in dutch_holidays(2026))[:4]
    ['2026-01-01', '2026-04-03', '2026-04-05', '2026-04-06']
    """
    sunday = easter(year)
    kings = dt.date(year, 4, 27)
    if kings.weekday() == 6:  # noqa: PLR2004 - Sunday
        kings = dt.date(year, 4, 26)
    offsets = (-2, 0, 1, 39, 49, 50)  # Good Friday .. Whit Monday
    fixed = (
        dt.date(year, 1, 1),
        kings,
        dt.date(year, 5, 5),
        dt.date(year, 12, 25),
        dt.date(year, 12, 26),
    )
    return frozenset((*fixed, *(sunday + dt.timedelta(days=o) for o in offsets)))


@attrs.frozen
class BusinessHours:
    """Opening hours per weekday in one zone, with closed days.

    >>> hours = BusinessHours.parse("mon-fri 09:00-17:00", "Europe/Amsterdam", holidays="nl")
    >>> friday_late = dt.datetime(2026, 11, 20, 16, 30, tzinfo=dt.UTC)  # 17:30 in Amsterdam
    >>> hours.due(friday_late, dt.timedelta(minutes=60)).isoformat()
    '2026-11-23T10:00:00+01:00'
    >>> hours.due(dt.datetime(2026, 4, 3, 10, tzinfo=dt.UTC), dt.timedelta(minutes=60)).date()
    datetime.date(2026, 4, 7)
    """

    days: frozenset[int]
    opens: dt.time
    closes: dt.time
    zone: dt.tzinfo
    closed: frozenset[dt.date] = frozenset()
    holidays: str | None = None

    @classmethod
    def parse(
        cls,
        text: str,
        zone: str | dt.tzinfo = "UTC",
        *,
        closed: Iterable[dt.date] = (),
        holidays: str | None = None,
    ) -> BusinessHours:
        """From ``"mon-fri 09:00-17:00"``; ``holidays="nl"`` closes Dutch public holidays."""
        match = _SPEC.match(text.lower())
        if match is None or match.group(1) not in _DAYS or (match.group(2) or "mon") not in _DAYS:
            raise ConfigError.at(
                place="handoff.business_hours",
                detail=f"expected like 'mon-fri 09:00-17:00', got {text!r}",
            )
        first = _DAYS.index(match.group(1))
        last = _DAYS.index(match.group(2)) if match.group(2) else first
        days = (
            frozenset(range(first, last + 1))
            if first <= last
            else frozenset((*range(first, 7), *range(last + 1)))
        )
        try:
            opens = dt.time(int(match.group(3)), int(match.group(4)))
            closes = dt.time(int(match.group(5)), int(match.group(6)))
        except ValueError as exc:
            raise ConfigError.at(place="handoff.business_hours", detail=str(exc)) from exc
        if closes <= opens:
            raise ConfigError.at(
                place="handoff.business_hours", detail="closing time is before opening time"
            )
        if holidays not in {None, "nl"}:
            raise ConfigError.at(
                place="handoff.holidays", detail=f"expected 'nl', got {holidays!r}"
            )
        if isinstance(zone, str):
            try:
                zone = zoneinfo.ZoneInfo(zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
                raise ConfigError.at(
                    place="handoff.timezone", detail=f"unknown time zone {zone!r}"
                ) from exc
        return cls(days, opens, closes, zone, frozenset(closed), holidays)

    def is_open_day(self, day: dt.date) -> bool:
        """Whether the office opens on ``day``."""
        if day.weekday() not in self.days or day in self.closed:
            return False
        return not (self.holidays == "nl" and day in dutch_holidays(day.year))

    def due(self, start: dt.datetime, sla: dt.timedelta) -> dt.datetime:
        """``start`` plus ``sla`` of open time, in the business zone."""
        local = start.astimezone(self.zone)
        left = sla
        day = local.date()
        for _ in range(3700):  # ten years of days: enough for any SLA
            if self.is_open_day(day):
                opens = dt.datetime.combine(day, self.opens, self.zone)
                closes = dt.datetime.combine(day, self.closes, self.zone)
                begin = max(opens, local)
                if begin < closes:
                    if begin + left <= closes:
                        return begin + left
                    left -= closes - begin
            day += dt.timedelta(days=1)
        msg = "handoff.business_hours: no open time within ten years"  # pragma: no cover
        raise ConfigError(msg)  # pragma: no cover
