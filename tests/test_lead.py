"""Lead, Company and Event: validation with places, time zones, round trip."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from leadqual import Lead, LeadError, unstructure
from strategies import leads


class TestFromMapping:
    """Lead.from_mapping."""

    def test_event_place(self) -> None:
        """A bad event timestamp names events[2].at."""
        events = [{"type": "x", "at": "2026-01-01T00:00:00Z"}] * 2 + [{"type": "x", "at": "soon"}]
        with pytest.raises(LeadError, match=r"events\[2\]\.at: cannot parse 'soon'"):
            Lead.from_mapping({"id": "L", "events": events})

    def test_company_place(self) -> None:
        """A text head count names company.employees."""
        with pytest.raises(
            LeadError, match=r"company\.employees: expected an integer, got str '180'"
        ):
            Lead.from_mapping({"id": "L", "company": {"employees": "180"}})

    def test_naive_rejected_unless_default(self) -> None:
        """Naive timestamps need default_timezone."""
        data = {"id": "L", "events": [{"type": "x", "at": "2026-01-01T10:00:00"}]}
        with pytest.raises(LeadError, match="has no time zone"):
            Lead.from_mapping(data)
        lead = Lead.from_mapping(data, default_timezone="Europe/Amsterdam")
        assert lead.events[0].at.isoformat() == "2026-01-01T10:00:00+01:00"

    def test_company_type(self) -> None:
        """A plain dict as company is rejected with its place."""
        with pytest.raises(LeadError, match="company: expected a Company"):
            Lead("L", company={"employees": 3})  # type: ignore[arg-type]

    @given(leads())
    def test_round_trip(self, lead: Lead) -> None:
        """Lead -> unstructure -> JSON -> from_mapping is the identity."""
        assert Lead.from_mapping(json.loads(json.dumps(unstructure(lead)))) == lead
