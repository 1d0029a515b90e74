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
            LeadError, match=r"company\.employees: expected a whole number, got '180'"
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


class TestFrozen:
    """A lead's nested attributes and properties can be read but never changed."""

    def test_nested_values_cannot_be_mutated(self) -> None:
        """Lists and tables inside attributes and properties refuse changes."""
        lead = Lead.from_mapping(
            {
                "id": "L",
                "attributes": {"pain": ["x"], "meta": {"k": [1]}},
                "events": [
                    {"type": "x", "at": "2026-01-01T00:00:00Z", "properties": {"tags": ["a"]}}
                ],
            }
        )
        with pytest.raises(TypeError, match="frozen lead"):
            lead.attributes["pain"].append("mutated")  # type: ignore[union-attr]
        with pytest.raises(TypeError, match="frozen lead"):
            lead.attributes["meta"]["k"] = 2  # type: ignore[index, call-overload]
        with pytest.raises(TypeError, match="frozen lead"):
            lead.events[0].properties["tags"] += ["b"]  # type: ignore[index, operator]
        assert lead.attributes["pain"] == ["x"]

    def test_caller_data_does_not_leak_in(self) -> None:
        """Changing the caller's nested list later does not change the lead."""
        pains = ["x"]
        lead = Lead("L", attributes={"pain": pains})
        pains.append("y")
        assert lead.attributes["pain"] == ["x"]

    def test_plain_data_out(self) -> None:
        """Unstructuring gives plain lists and dicts, ready for json.dumps."""
        lead = Lead("L", attributes={"x": [{"a": [1]}]})
        plain = unstructure(lead)
        assert type(plain["attributes"]["x"]) is list
        assert type(plain["attributes"]["x"][0]) is dict
        assert json.loads(json.dumps(plain)) == {"id": "L", "attributes": {"x": [{"a": [1]}]}}


class TestText:
    """Text fields: Unicode that can be written out, and places in errors."""

    @pytest.mark.parametrize(
        "data",
        [
            {"id": "A\udc80"},
            {"id": "A", "job_title": "x\udc80"},
            {"id": "A", "attributes": {"k": ["\udc80"]}},
            {"id": "A", "answers": {"budget": "\udc80"}},
            {"id": "A", "company": {"technologies": ["sap\udc80"]}},
            {"id": "A", "events": [{"type": "x", "at": "2026-01-01T00:00:00Z", "id": "\udc80"}]},
        ],
    )
    def test_lone_surrogates_rejected(self, data: dict[str, object]) -> None:
        """A lone surrogate (from a JSON escape) is refused instead of crashing output."""
        with pytest.raises(LeadError, match=r"not valid Unicode text|expected true/false"):
            Lead.from_mapping(data)

    def test_lone_surrogate_from_python(self) -> None:
        """The constructors refuse it too, naming the field."""
        with pytest.raises(LeadError, match=r"^job_title: not valid Unicode text"):
            Lead("A", job_title="x\udc80")

    def test_non_text_names_its_field(self) -> None:
        """A number for an e-mail address names the field."""
        with pytest.raises(LeadError, match=r"^email: expected a string, got 5"):
            Lead("A", email=5)


class TestCompany:
    """Company fields from Python."""

    def test_head_count_is_whole(self) -> None:
        """1.5 employees is refused."""
        with pytest.raises(LeadError, match=r"^employees: expected a whole number, got 1.5"):
            lq.Company(employees=1.5)  # type: ignore[arg-type]

    @pytest.mark.parametrize(("given", "code"), [("uk", "GB"), ("EL", "GR"), ("nl", "NL")])
    def test_common_non_iso_country_codes(self, given: str, code: str) -> None:
        """UK and EL, common in CRMs and EU data, become GB and GR."""
        assert lq.Company(country=given).country == code

    def test_huge_revenue_does_not_overflow(self) -> None:
        """An integer past 1e308 is a number like any other, not an OverflowError."""
        assert lq.Company(annual_revenue=10**400).annual_revenue == 10**400
        lead = Lead.from_mapping({"id": "L", "company": {"annual_revenue": 10**400}})
        assert lead.company.annual_revenue == 10**400


class TestPickling:
    """Leads and scores travel to worker processes (multiprocessing, Spark)."""

    def test_lead_pickles_and_copies(self) -> None:
        """A lead with nested attributes survives pickle and deepcopy, still frozen."""
        import copy  # noqa: PLC0415 - only here
        import pickle  # noqa: PLC0415

        lead = lq.Lead.from_mapping(
            {
                "id": "L-1",
                "answers": {"budget": "approved"},
                "attributes": {"pains": ["cost", {"k": 1}]},
                "events": [{"type": "x", "at": "2026-01-01T00:00:00Z", "properties": {"a": [1]}}],
            }
        )
        for copied in (pickle.loads(pickle.dumps(lead)), copy.deepcopy(lead)):  # noqa: S301
            assert copied == lead
            pains = copied.attributes["pains"]
            assert isinstance(pains, list)
            with pytest.raises(TypeError, match="frozen"):
                pains.append("x")

    def test_score_pickles_with_its_ledger(self) -> None:
        """A score pickles with its ledger built, and explains the same afterwards."""
        import pickle  # noqa: PLC0415

        lead = lq.Lead.from_mapping(
            {"id": "L-1", "events": [{"type": "demo_requested", "at": "2026-01-01T00:00:00Z"}]}
        )
        score = lq.starter_model().score(lead)
        copied = pickle.loads(pickle.dumps(score))  # noqa: S301
        assert copied == score
        assert list(copied.ledger) == list(score.ledger)
        assert copied.explain("nl") == score.explain("nl")
