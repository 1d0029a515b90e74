"""Lead, Company and Event: validation with places, time zones, round trip."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from typing import Any

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


class TestBounds:
    """What a lead may hold: bounded so that every evaluator stays fast and exact."""

    @pytest.mark.parametrize(
        ("build", "place"),
        [
            (lambda: lq.Company(employees=10**5000), "employees"),
            (lambda: lq.Company(annual_revenue=-(10**4300)), "annual_revenue"),
            (lambda: Lead("L", answers={"budget": 10**4300}), "answers"),
            (lambda: Lead("L", attributes={"x": [10**5000]}), "attributes.x[0]"),
            (
                lambda: lq.Event("x", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), {"n": 10**4300}),
                "properties.n",
            ),
        ],
    )
    def test_integers_beyond_4300_digits_refused(self, build: Any, place: str) -> None:
        """Python cannot print them, so they are refused at once, with their size."""
        with pytest.raises(LeadError, match=r"got a whole number of (4301|5001) digits") as info:
            build()
        assert info.value.place == place

    def test_integers_up_to_4300_digits_kept(self) -> None:
        """The largest allowed whole number is kept as is."""
        assert lq.Company(employees=10**4300 - 1).employees == 10**4300 - 1

    def test_a_huge_integer_of_the_wrong_type_is_described_not_printed(self) -> None:
        """An error about a 5,000-digit integer says its size instead of failing to print it."""
        with pytest.raises(LeadError, match="expected a string, got a whole number of 5001 digits"):
            Lead("L", email=10**5000)

    def test_a_ten_megabyte_job_title_refused_at_once(self) -> None:
        """Free text is capped: the error names the field, the size and the limit."""
        with pytest.raises(
            LeadError, match=r"job_title: text of 10000000 characters is too long: at most 1000"
        ):
            Lead("L", job_title="a" * 10_000_000)
        mapping = {"id": "L", "company": {"name": "x" * 1001}}
        with pytest.raises(LeadError, match=r"company.name: text of 1001 characters"):
            Lead.from_mapping(mapping)
        assert Lead("L", job_title="a" * 1000).job_title == "a" * 1000

    def test_long_texts_in_attributes_are_allowed_up_to_their_own_cap(self) -> None:
        """A note in the attributes may be long, but not without end."""
        assert Lead("L", attributes={"note": "a" * 100_000}).attributes["note"] == "a" * 100_000
        with pytest.raises(LeadError, match=r"attributes\.note: text of 100001 characters"):
            Lead("L", attributes={"note": "a" * 100_001})

    def test_nesting_in_attributes_is_bounded(self) -> None:
        """Lists and tables nest at most 64 deep."""
        deep: object = []
        for _ in range(64):
            deep = [deep]
        with pytest.raises(LeadError, match="nested more than 64 levels deep"):
            Lead("L", attributes={"x": deep})


class TestZonedTimes:
    """Times given with a ZoneInfo zone, from Python."""

    ZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")

    def test_time_in_the_dst_gap_refused(self) -> None:
        """02:30 on the last Sunday of March does not exist in Amsterdam."""
        gap = dt.datetime(2026, 3, 29, 2, 30, tzinfo=self.ZONE)
        with pytest.raises(
            TimestampError, match=r"created_at: .* does not exist in Europe/Amsterdam"
        ):
            Lead("L", created_at=gap)
        with pytest.raises(TimestampError, match="at: "):
            lq.Event("page_view", gap)

    @pytest.mark.parametrize("fold", [0, 1])
    def test_time_in_the_fold_keeps_its_instant_and_round_trips(self, fold: int) -> None:
        """Either 02:30 of the last Sunday of October becomes its own fixed offset."""
        given_at = dt.datetime(2026, 10, 25, 2, 30, tzinfo=self.ZONE, fold=fold)
        lead = Lead("L", created_at=given_at)
        assert lead.created_at is not None
        assert lead.created_at.utcoffset() == given_at.utcoffset()
        assert lead.created_at.astimezone(dt.UTC) == given_at.astimezone(dt.UTC)
        assert Lead.from_mapping(json.loads(json.dumps(unstructure(lead)))) == lead

    def test_offset_with_a_fraction_of_a_second_refused(self) -> None:
        """ISO-8601 text would drop it, so the lead could not be written back."""
        odd = dt.datetime(2026, 1, 1, tzinfo=dt.timezone(dt.timedelta(microseconds=1)))
        with pytest.raises(TimestampError, match="fraction of a second"):
            Lead("L", created_at=odd)

    @pytest.mark.parametrize(
        "domain", [" www.www.Acme.nl/x ", "http://https://acme.nl", "WWW. acme.nl"]
    )
    def test_domains_normalise_once_and_for_all(self, domain: str) -> None:
        """A normalised domain is already normal: the lead round-trips through JSON."""
        lead = Lead("L", company=lq.Company(domain=domain))
        assert lead.company.domain == "acme.nl"
        assert Lead.from_mapping(json.loads(json.dumps(unstructure(lead)))) == lead
