"""Timestamps: parsing and the default-zone policy."""

from __future__ import annotations

import datetime as dt
import io
import json
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
        """Year 1 and year 9999 parse while their UTC time stays on the calendar."""
        tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")
        assert parse_timestamp("0001-01-02T00:00:00", tokyo).year == 1
        assert parse_timestamp("9999-12-31T23:59:59", AMS).year == 9999
        assert parse_timestamp("9999-12-31T23:59:59+00:00").year == 9999

    @pytest.mark.parametrize(
        ("text", "zone"),
        [
            ("9999-12-31T23:59:59-23:59", None),
            ("0001-01-01T00:00:00+14:00", None),
            ("0001-01-01T00:00:00", zoneinfo.ZoneInfo("Asia/Tokyo")),
            ("9999-12-31T23:30:00", zoneinfo.ZoneInfo("America/New_York")),
        ],
    )
    def test_off_the_calendar_in_utc_is_refused(self, text: str, zone: dt.tzinfo | None) -> None:
        """An offset that pushes the UTC time before year 1 or past 9999 is a TimestampError.

        Accepting it crashed later steps (UTC conversion in the engines and the store)
        with an OverflowError that lost the whole batch.
        """
        with pytest.raises(lq.TimestampError, match="out of range: in UTC it falls outside"):
            parse_timestamp(text, zone)

    def test_off_the_calendar_rejects_only_its_row_on_every_path(self) -> None:
        """The fast lead parser and the full path agree: that row is rejected at its place."""
        lines: list[dict[str, object]] = [
            {"id": "G", "events": [{"type": "page_view", "at": "9999-12-31T23:59:59-23:59"}]},
            {"id": "K", "created_at": "0001-01-01T00:00:00+14:00"},
            {"id": "OK", "events": [{"type": "page_view", "at": "2026-11-20T09:12:00+01:00"}]},
        ]
        text = "".join(json.dumps(line) + "\n" for line in lines)
        rows = list(lq.io.read_leads(io.StringIO(text), format="jsonl"))
        assert [type(row).__name__ for row in rows] == ["Rejected", "Rejected", "Loaded"]
        assert isinstance(rows[0], lq.io.Rejected)
        assert isinstance(rows[1], lq.io.Rejected)
        assert rows[0].reason.startswith("events[0].at: timestamp '9999-12-31T23:59:59-23:59'")
        assert rows[1].reason.startswith("created_at: timestamp '0001-01-01T00:00:00+14:00'")
        with pytest.raises(lq.TimestampError, match=r"events\[0\]\.at: .*out of range"):
            lq.Lead.from_mapping(lines[0])


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
