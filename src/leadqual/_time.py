"""Timezone-aware timestamps: parsing and the default-zone policy."""

from __future__ import annotations

import datetime as dt
import zoneinfo

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
    guessing the zone would silently shift every recency window by hours.

    >>> parse_timestamp("2026-11-20T09:12:00+01:00").isoformat()
    '2026-11-20T09:12:00+01:00'
    >>> parse_timestamp("2026-11-20T08:12:00Z").isoformat()
    '2026-11-20T08:12:00+00:00'
    >>> parse_timestamp("2026-11-20T09:12:00")
    Traceback (most recent call last):
    ...
    leadqual.exceptions.TimestampError: timestamp '2026-11-20T09:12:00' has no time zone; ...
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
        msg = f"expected an ISO-8601 timestamp string, got {type(value).__name__} {value!r}"
        raise TimestampError(msg)
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        if default_timezone is None:
            shown = value if isinstance(value, str) else stamp.isoformat()
            msg = (
                f"timestamp {shown!r} has no time zone; add an offset such as '+01:00' "
                "or pass a default time zone (e.g. 'Europe/Amsterdam')"
            )
            raise TimestampError(msg)
        stamp = stamp.replace(tzinfo=default_timezone)
    return stamp
