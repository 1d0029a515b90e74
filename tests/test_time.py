"""Timestamps: parsing and the default-zone policy."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest

import leadqual as lq
from leadqual._time import parse_timestamp
from leadqual.io import load_leads, write_leads

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


class TestParseTimestamp:
    """parse_timestamp with a default zone."""

    def test_naive_gets_the_fixed_offset_of_the_zone(self) -> None:
        """Summer and winter times get +02:00 and +01:00, as fixed offsets."""
        summer = parse_timestamp("2026-07-01T09:00:00", AMS)
        winter = parse_timestamp("2026-12-01T09:00:00", AMS)
        assert summer.isoformat() == "2026-07-01T09:00:00+02:00"
        assert winter.isoformat() == "2026-12-01T09:00:00+01:00"
        assert isinstance(summer.tzinfo, dt.timezone)

    def test_time_in_the_spring_gap_is_an_error(self) -> None:
        """02:30 on the last Sunday of March does not exist in Amsterdam."""
        with pytest.raises(lq.TimestampError, match="'2026-03-29T02:30:00' does not exist"):
            parse_timestamp("2026-03-29T02:30:00", AMS)

    def test_ambiguous_time_is_the_first(self) -> None:
        """02:30 on the last Sunday of October happens twice; the first (CEST) is taken."""
        stamp = parse_timestamp("2026-10-25T02:30:00", AMS)
        assert stamp.isoformat() == "2026-10-25T02:30:00+02:00"

    def test_aware_values_are_kept(self) -> None:
        """An explicit offset, or an aware datetime, is returned as given."""
        aware = dt.datetime(2026, 10, 25, 2, 30, tzinfo=AMS, fold=1)
        assert parse_timestamp(aware, AMS) is aware
        assert parse_timestamp("2026-10-25T02:30:00+01:00", AMS).utcoffset() == dt.timedelta(
            hours=1
        )

    def test_ends_of_the_calendar(self) -> None:
        """Year 1 and year 9999 in a zone with an offset do not overflow."""
        tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")
        assert parse_timestamp("0001-01-01T00:00:00", tokyo).year == 1
        assert parse_timestamp("9999-12-31T23:59:59", AMS).year == 9999


class TestRoundTrip:
    """Leads with naive timestamps and a default zone."""

    def test_lead_to_json_to_lead_across_fall_back(self) -> None:
        """Lead -> JSON -> Lead is the identity for times the clocks pass twice."""
        lead = lq.Lead.from_mapping(
            {"id": "L", "events": [{"type": "x", "at": "2026-10-25T02:30:00"}]},
            default_timezone="Europe/Amsterdam",
        )
        out = io.StringIO()
        write_leads([lead], out)
        assert list(load_leads(io.StringIO(out.getvalue()), format="jsonl")) == [lead]
