"""Lead, Company and Event: validation with places, time zones, round trip."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

import leadqual as lq
from leadqual import Lead, LeadError, TimestampError, unstructure
from strategies import leads


class TestFromMapping:
    """Lead.from_mapping."""

    def test_event_place(self) -> None:
        """A bad event timestamp names events[2].at."""
        events = [{"type": "x", "at": "2026-01-01T00:00:00Z"}] * 2 + [{"type": "x", "at": "soon"}]
        with pytest.raises(TimestampError, match=r"events\[2\]\.at: cannot parse 'soon'"):
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
        with pytest.raises(TimestampError, match="has no time zone"):
            Lead.from_mapping(data)
        lead = Lead.from_mapping(data, default_timezone="Europe/Amsterdam")
        assert lead.events[0].at.isoformat() == "2026-01-01T10:00:00+01:00"

    def test_timestamp_errors_keep_every_place(self) -> None:
        """Several bad timestamps give one TimestampError listing each place."""
        data = {
            "id": "L",
            "created_at": "soon",
            "events": [{"type": "x", "at": "2026-01-01T10:00:00"}],
        }
        with pytest.raises(TimestampError) as caught:
            Lead.from_mapping(data)
        assert [error.split(":")[0] for error in caught.value.errors] == [
            "created_at",
            "events[0].at",
        ]

    def test_mixed_problems_are_a_plain_lead_error(self) -> None:
        """A timestamp problem next to another problem is a LeadError, not a TimestampError."""
        data = {
            "id": "L",
            "company": {"employees": "180"},
            "events": [{"type": "x", "at": "2026-01-01T10:00:00"}],
        }
        with pytest.raises(LeadError) as caught:
            Lead.from_mapping(data)
        assert type(caught.value) is LeadError
        assert len(caught.value.errors) == 2

    def test_other_problems_stay_lead_errors(self) -> None:
        """A non-timestamp problem alone is a LeadError and not a TimestampError."""
        with pytest.raises(LeadError) as caught:
            Lead.from_mapping({"id": "L", "company": {"employees": "180"}})
        assert not isinstance(caught.value, TimestampError)

    def test_company_type(self) -> None:
        """A plain dict as company is rejected with its place."""
        with pytest.raises(LeadError, match="company: expected a Company"):
            Lead("L", company={"employees": 3})  # type: ignore[arg-type]

    @given(leads())
    def test_round_trip(self, lead: Lead) -> None:
        """Lead -> unstructure -> JSON -> from_mapping is the identity."""
        assert Lead.from_mapping(json.loads(json.dumps(unstructure(lead)))) == lead


class TestLenientShapes:
    """What CRM exports send that still means one clear thing."""

    def test_null_means_not_given(self) -> None:
        """``null`` for company, events, answers, attributes, technologies is unknown."""
        lead = lq.Lead.from_mapping(
            {
                "id": "L-1",
                "company": None,
                "events": None,
                "answers": None,
                "attributes": None,
            }
        )
        assert lead == lq.Lead("L-1")
        company = lq.Lead.from_mapping({"id": "L-2", "company": {"technologies": None}}).company
        assert company.technologies == ()

    def test_whole_number_identities(self) -> None:
        """Numeric ids become text; booleans and fractions are still errors."""
        lead = lq.Lead.from_mapping(
            {
                "id": 1042,
                "company": {"account_id": 77},
                "events": [{"type": "x", "at": "2026-01-01T00:00:00Z", "id": 5}],
            }
        )
        assert (lead.id, lead.company.account_id, lead.events[0].id) == ("1042", "77", "5")
        for bad in (True, 1.5, None):
            with pytest.raises(lq.LeadError, match="id: expected an identifier"):
                lq.Lead.from_mapping({"id": bad})

    def test_null_for_a_required_field_is_still_an_error(self) -> None:
        """An event without a time stays rejected: null is not a default there."""
        with pytest.raises(lq.LeadError, match=r"events\[0\]\.at"):
            lq.Lead.from_mapping({"id": "L-1", "events": [{"type": "x", "at": None}]})
