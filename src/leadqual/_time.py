"""Timezone-aware timestamps: parsing and the default-zone policy."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Final

from leadqual._lang import shown as shown_value
from leadqual.exceptions import TimestampError

__all__ = ["parse_timestamp", "resolve_timezone"]


def resolve_timezone(zone: dt.tzinfo | str | None) -> dt.tzinfo | None:
    """Turn an IANA name such as ``"Europe/Amsterdam"`` into a ``tzinfo``.

    >>> resolve_timezone("Europe/Amsterdam")
    zoneinfo.ZoneInfo(key='Europe/Amsterdam')
    >>> resolve_timezone(None) is None
    True
    """
    if zone is None or isinstance(zone, dt.tzinfo):
        return zone
    try:
        return zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        msg = f"unknown time zone {zone!r}: expected an IANA name such as 'Europe/Amsterdam'"
        raise TimestampError(msg) from exc


def parse_timestamp(value: object, default_timezone: dt.tzinfo | None = None) -> dt.datetime:
    """Parse an ISO-8601 string (or accept a datetime) and insist on a time zone.

    A naive value gets ``default_timezone`` when one is given, and is an error otherwise:
    guessing the zone would silently shift every recency window by hours. The result
    then carries the zone's UTC offset at that moment, not the zone itself; a time the
    clocks skip at the start of daylight saving time is an error.

    >>> parse_timestamp("2026-11-20T09:12:00+01:00").isoformat()
    '2026-11-20T09:12:00+01:00'
    >>> parse_timestamp("2026-11-20T08:12:00Z").isoformat()
    '2026-11-20T08:12:00+00:00'
    >>> parse_timestamp("2026-11-20T09:12:00")
    Traceback (most recent call last):
    ...
    leadqual.exceptions.TimestampError: timestamp '2026-11-20T09:12:00' has no time zone; ...
    >>> parse_timestamp("2026-07-01T09:00:00", resolve_timezone("Europe/Amsterdam")).isoformat()
    '2026-07-01T09:00:00+02:00'
    """
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, str):
        try:
            stamp = dt.datetime.fromisoformat(value.strip())
        except ValueError as exc:
            msg = (
                f"cannot parse {value!r}: expected an ISO-8601 timestamp "
                "like '2026-11-20T09:12:00+01:00'"
            )
            raise TimestampError(msg) from exc
    else:
        msg = f"expected an ISO-8601 timestamp string, got {shown_value(value)}"
        raise TimestampError(msg)
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        if default_timezone is None:
            shown = value if isinstance(value, str) else stamp.isoformat()
            msg = (
                f"timestamp {shown!r} has no time zone; add an offset such as '+01:00' "
                "or pass a default time zone (e.g. 'Europe/Amsterdam')"
            )
            raise TimestampError(msg)
        stamp = _in_zone(stamp, default_timezone, value)
    if stamp.year in _EDGE_YEARS:
        try:
            stamp.astimezone(dt.UTC)
        except OverflowError:
            shown = value if isinstance(value, str) else stamp.isoformat()
            msg = (
                f"timestamp {shown!r} is out of range: in UTC it falls outside the years 1 to 9999"
            )
            raise TimestampError(msg) from None
    return stamp


_EDGE_YEARS: Final = frozenset({dt.MINYEAR, dt.MAXYEAR})
"""Years in which a time-zone offset can push the UTC time off the calendar."""


def _in_zone(naive: dt.datetime, zone: dt.tzinfo, value: object) -> dt.datetime:
    """The wall-clock time ``naive`` in ``zone``, as a fixed UTC offset.

    A fixed offset keeps arithmetic in elapsed time and survives a trip through JSON
    (``isoformat`` cannot carry ``fold``). A time the clocks skip (the spring-forward
    gap) does not exist and is an error; a time they pass twice (fall back) is the
    first of the two.
    """
    stamp = naive.replace(tzinfo=zone, fold=0)
    offset = stamp.utcoffset()
    if offset is None:
        return stamp
    try:
        back = stamp.astimezone(dt.UTC).astimezone(zone)
    except OverflowError:
        back = stamp  # at the ends of the calendar there is no DST to check
    if back.replace(tzinfo=None) != naive.replace(tzinfo=None, fold=0):
        shown = value if isinstance(value, str) else naive.isoformat()
        msg = (
            f"timestamp {shown!r} does not exist in {zone}: the clocks skip it "
            "(daylight saving time); add an offset such as '+01:00'"
        )
        raise TimestampError(msg)
    return stamp.replace(tzinfo=dt.timezone(offset))


def resolve_as_of(as_of: dt.datetime | str | None) -> dt.datetime | None:
    """An ``as_of`` argument as an aware datetime (``None`` stays ``None``).

    Text and datetimes go through :func:`parse_timestamp` (a zone becomes its fixed
    offset), and a bad one is a ``TimestampError`` naming ``as_of``.

    >>> resolve_as_of("2026-11-26T09:00:00+01:00").isoformat()
    '2026-11-26T09:00:00+01:00'
    """
    if as_of is None:
        return None
    try:
        return parse_timestamp(as_of)
    except TimestampError as exc:
        msg = f"as_of: {exc}"
        raise TimestampError(msg) from None
