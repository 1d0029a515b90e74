"""Conditions over lead fields and event properties."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given

from leadqual._core.urls import url_path
from leadqual.exceptions import ConfigError
from leadqual.lead import Company, Event, Lead
from leadqual.scoring import (
    AllOf,
    AnyOf,
    Between,
    Condition,
    Contains,
    EndsWith,
    Equals,
    EventMatch,
    FreeEmail,
    Glob,
    Known,
    Not,
    OneOf,
    Rule,
    ScoringModel,
    StartsWith,
    Unknown,
    lead_fields,
)
from leadqual.scoring._reference import truth as plan_truth
from strategies import lead_conditions, leads

AT = dt.datetime(2026, 11, 20, 9, 12, tzinfo=dt.UTC)
LEAD = Lead(
    "L-1",
    email="M.Jansen@VDBerg-Metaal.nl",
    job_title="Head of Operations",
    company=Company(
        name="Van den Berg Metaal",
        employees=180,
        country="nl",
        industry="Manufacturing",
        technologies=("Exact-Online", "HubSpot"),
    ),
    attributes={"budget": 25000, "pain_points": ["planning", "Stock"]},
)


def holds(condition: Condition, lead: Lead = LEAD) -> bool:
    """Whether ``condition`` holds for ``lead``, by scoring a one-rule model."""
    return ScoringModel([Rule("r", 1, when=condition)]).score(lead).points == 1


def event_holds(condition: Condition, **properties: object) -> bool:
    """Whether ``condition`` holds for one event with ``properties``."""
    model = ScoringModel([Rule("r", 1, event=EventMatch("page_view", condition))])
    lead = Lead("L-1", events=(Event("page_view", AT, properties),))
    return model.score(lead).points == 1


class TestEquals:
    """Equals."""

    def test_case_insensitive(self) -> None:
        """Text compares case-insensitively, on both sides."""
        assert holds(Equals("company.industry", "MANUFACTURING"))
        assert not holds(Equals("company.industry", "retail"))

    def test_list_any_element(self) -> None:
        """A list field matches when any element equals the value."""
        assert holds(Equals("company.technologies", "hubspot"))
        assert holds(Equals("attributes.pain_points", "stock"))

    def test_numbers(self) -> None:
        """Numbers compare by value (180 == 180.0)."""
        assert holds(Equals("company.employees", 180.0))
        assert not holds(Equals("company.employees", 181))

    def test_unknown_is_false(self) -> None:
        """An unknown field never equals anything."""
        assert not holds(Equals("job_title", "ceo"), Lead("L-2"))

    def test_empty_field_name_rejected(self) -> None:
        """A blank field name is a ConfigError naming the field attribute."""
        with pytest.raises(ConfigError, match="field: expected a non-empty string"):
            Equals(" ", "x")


class TestOneOf:
    """OneOf."""

    def test_matches_any(self) -> None:
        """The field may equal any of the values, case-insensitively."""
        assert holds(OneOf("company.country", ["be", "NL"]))
        assert not holds(OneOf("company.country", ["DE", "FR"]))

    def test_empty_rejected(self) -> None:
        """An empty list of values is an error, not a rule that never matches."""
        with pytest.raises(ConfigError, match="values: expected at least one value"):
            OneOf("company.country", [])


class TestTextConditions:
    """TextConditions."""

    def test_contains(self) -> None:
        """Contains is case-insensitive."""
        assert holds(Contains("job_title", "OPERATIONS"))
        assert not holds(Contains("job_title", "student"))

    def test_starts_and_ends_with(self) -> None:
        """Prefix and suffix tests are case-insensitive."""
        assert holds(StartsWith("job_title", "head"))
        assert holds(EndsWith("email", "@vdberg-metaal.NL"))
        assert not holds(StartsWith("job_title", "operations"))

    def test_glob(self) -> None:
        """Globs use * and ? and match the whole text."""
        assert holds(Glob("job_title", "head of *"))
        assert holds(Glob("job_title", "h??d*"))
        assert holds(Glob("company.name", "*BERG*"))
        assert not holds(Glob("job_title", "of*"))

    def test_text_on_number_is_false(self) -> None:
        """Text tests never match a number."""
        assert not holds(Contains("company.employees", "18"))


class TestBetween:
    """Between."""

    @pytest.mark.parametrize(
        ("low", "high", "expected"),
        [(50, 500, True), (180, 180, True), (181, None, False), (None, 179, False)],
    )
    def test_bounds_inclusive(self, low: float | None, high: float | None, expected: bool) -> None:
        """Both bounds are inclusive and either may be left out."""
        assert holds(Between("company.employees", min=low, max=high)) is expected

    def test_attribute_numbers(self) -> None:
        """Custom attributes can be ranged too."""
        assert holds(Between("attributes.budget", min=10000))

    def test_unknown_is_false(self) -> None:
        """An unknown number is in no range."""
        assert not holds(Between("company.employees", max=10_000), Lead("L-2"))

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({}, "expected 'min', 'max' or both"),
            ({"min": 10, "max": 5}, "min 10 is above max 5"),
            ({"min": float("inf")}, "min: expected a finite number"),
            ({"max": "5"}, "max: expected a finite number"),
        ],
    )
    def test_invalid(self, kwargs: dict[str, object], message: str) -> None:
        """Missing, crossed and non-finite bounds are ConfigErrors."""
        with pytest.raises(ConfigError, match=message):
            Between("company.employees", **kwargs)  # type: ignore[arg-type]


class TestKnownUnknown:
    """KnownUnknown."""

    def test_known(self) -> None:
        """Known is true for a value and false for None or an empty list."""
        assert holds(Known("job_title"))
        assert not holds(Known("phone"))
        assert not holds(Known("company.technologies"), Lead("L-2"))

    def test_unknown(self) -> None:
        """Unknown is the opposite of known."""
        assert holds(Unknown("phone"))
        assert not holds(Unknown("company.employees"))


class TestFreeEmail:
    """FreeEmail."""

    @pytest.mark.parametrize(
        "domain", ["gmail.com", "ziggo.nl", "kpnmail.nl", "planet.nl", "home.nl", "hetnet.nl"]
    )
    def test_free_providers(self, domain: str) -> None:
        """International and Dutch free providers are detected."""
        assert holds(FreeEmail(), Lead("L-2", email=f"kim@{domain.upper()}"))

    def test_company_domain(self) -> None:
        """A company domain is not free; an unknown address is not free either."""
        assert not holds(FreeEmail())
        assert not holds(FreeEmail(), Lead("L-2"))

    def test_extra_domains(self) -> None:
        """``extra`` adds domains to the bundled list."""
        assert holds(FreeEmail(extra=("VDBerg-Metaal.nl",)))

    def test_not_on_events(self) -> None:
        """free_email on event properties is a ConfigError naming the rule's place."""
        with pytest.raises(ConfigError, match=r"rules\[0\]\.event\.where: free_email: only"):
            ScoringModel([Rule("r", 1, event=EventMatch("x", FreeEmail()))])


class TestCombinators:
    """Combinators."""

    def test_all_any_not(self) -> None:
        """all/any/not combine conditions as and/or/not."""
        head = Contains("job_title", "head")
        student = Contains("job_title", "student")
        assert holds(AllOf([head, Known("email")]))
        assert not holds(AllOf([head, student]))
        assert holds(AnyOf([student, head]))
        assert not holds(AnyOf([student]))
        assert holds(Not(student))

    def test_empty_rejected(self) -> None:
        """all/any need at least one condition."""
        with pytest.raises(ConfigError, match="at least one condition"):
            AllOf([])


def truth(condition: Condition, lead: Lead) -> bool | None:
    """The reference three-valued meaning: ``None`` when the answer depends on unknowns."""
    if isinstance(condition, AllOf | AnyOf):
        parts = [truth(part, lead) for part in condition.conditions]
        decisive, other = (False, True) if isinstance(condition, AllOf) else (True, False)
        if decisive in parts:
            return decisive
        return None if None in parts else other
    if isinstance(condition, Not):
        inner = truth(condition.condition, lead)
        return None if inner is None else not inner
    if isinstance(condition, Known | Unknown):
        return holds(condition, lead)
    if isinstance(condition, FreeEmail):
        known = lead.email_domain is not None
    else:
        known = holds(Known(condition.field), lead)  # type: ignore[attr-defined]
    return holds(condition, lead) if known else None


NOT_DUTCH = Not(Equals("company.country", "NL"))
NO_DATA = Lead("L-2")
GERMAN = Lead("L-3", company=Company(country="DE"), email="jan@gmail.com")


class TestNot:
    """Not: true only when its condition is known to be false."""

    def test_unknown_is_not_a_mismatch(self) -> None:
        """A lead whose country is unknown is not "not Dutch"; a German one is."""
        assert not holds(NOT_DUTCH, NO_DATA)
        assert holds(NOT_DUTCH, GERMAN)
        assert not holds(NOT_DUTCH)

    def test_empty_list_is_unknown(self) -> None:
        """An empty list of technologies is unknown, so "not using HubSpot" is false."""
        not_hubspot = Not(Equals("company.technologies", "hubspot"))
        assert not holds(not_hubspot, Lead("L-2", company=Company(technologies=())))
        assert holds(not_hubspot, Lead("L-2", company=Company(technologies=("exact",))))

    def test_known_and_unknown_stay_explicit(self) -> None:
        """Not(Known(f)) is Unknown(f) and Not(Unknown(f)) is Known(f)."""
        for lead in (LEAD, NO_DATA):
            assert holds(Not(Known("phone")), lead) == holds(Unknown("phone"), lead)
            assert holds(Not(Unknown("email")), lead) == holds(Known("email"), lead)

    def test_free_email(self) -> None:
        """Not free e-mail needs a known address: company address yes, none or gmail no."""
        assert holds(Not(FreeEmail()))
        assert not holds(Not(FreeEmail()), NO_DATA)
        assert not holds(Not(FreeEmail()), GERMAN)

    def test_all_fails_on_one_known_failure(self) -> None:
        """Not(all) holds when one part is known false, even if another is unknown."""
        dutch_and_big = AllOf([Equals("company.country", "NL"), Between("company.employees", 50)])
        assert holds(Not(dutch_and_big), GERMAN)
        assert not holds(Not(dutch_and_big), NO_DATA)
        assert not holds(Not(dutch_and_big), Lead("L-4", company=Company(employees=100)))

    def test_any_fails_only_when_every_part_does(self) -> None:
        """Not(any) needs every part known false; one unknown part leaves it false."""
        dutch_or_ceo = AnyOf([Equals("company.country", "NL"), Equals("job_title", "ceo")])
        assert not holds(Not(dutch_or_ceo), GERMAN)
        assert holds(Not(dutch_or_ceo), attrs.evolve(GERMAN, job_title="CTO"))
        assert not holds(Not(dutch_or_ceo), LEAD)

    def test_event_property(self) -> None:
        """On events, a missing property makes not() false, another value makes it true."""
        not_pricing = Not(Glob("url", "/pricing*"))
        assert not event_holds(not_pricing)
        assert event_holds(not_pricing, url="https://acme.nl/blog")
        assert not event_holds(not_pricing, url="/pricing")

    def test_known(self) -> None:
        """Kleene: all is false once a part is, any stays unknown while a part is unknown."""

        def value(condition: Condition, lead: Lead) -> bool | None:
            return plan_truth(condition.plan("lead"), lead)

        country, title = Equals("company.country", "NL"), Equals("job_title", "ceo")
        only_title = Lead("L-4", job_title="CTO")
        assert value(AllOf([country, title]), only_title) is False
        assert value(AnyOf([country, title]), only_title) is None
        assert value(Not(AllOf([country, title])), only_title) is True
        assert value(AllOf([country, title]), NO_DATA) is None
        assert value(Known("phone"), NO_DATA) is False
        assert value(FreeEmail(), NO_DATA) is None

    @given(lead_conditions(), leads())
    def test_three_valued_logic(self, condition: Condition, lead: Lead) -> None:
        """A condition holds exactly when its three-valued reference meaning is true."""
        assert holds(condition, lead) == (truth(condition, lead) is True)
        assert holds(Not(condition), lead) == (truth(condition, lead) is False)

    @given(lead_conditions(), leads())
    def test_double_negation(self, condition: Condition, lead: Lead) -> None:
        """Not(Not(c)) holds exactly when c does; c and Not(c) never both hold."""
        assert holds(Not(Not(condition)), lead) == holds(condition, lead)
        assert not (holds(condition, lead) and holds(Not(condition), lead))


class TestEventProperties:
    """EventProperties."""

    def test_url_absolute_matches_path(self) -> None:
        """Absolute URLs are matched by their path (and query)."""
        pricing = Glob("url", "/pricing*")
        assert event_holds(pricing, url="https://acme.nl/pricing?plan=pro")
        assert event_holds(pricing, url="/Pricing")
        assert not event_holds(pricing, url="https://acme.nl/blog/pricing")

    def test_url_path(self) -> None:
        """url_path keeps path and query and leaves relative URLs alone."""
        assert url_path("https://x.nl/pricing?a=1") == "/pricing?a=1"
        assert url_path("https://x.nl") == "/"
        assert url_path("/blog/x") == "/blog/x"

    def test_list_property_glob(self) -> None:
        """A list property matches a glob when one element does."""
        assert event_holds(Glob("tags", "*crm*"), tags=["CRM tools", "erp"])
        assert not event_holds(Glob("tags", "*crm*"), tags=["erp"])

    def test_missing_property(self) -> None:
        """A missing property is unknown: globs and equals are false."""
        assert not event_holds(Glob("url", "*"))
        assert event_holds(Unknown("url"))

    def test_numeric_property(self) -> None:
        """Numeric ranges work on event properties."""
        assert event_holds(Between("seconds", min=30), seconds=45)
        assert not event_holds(Between("seconds", min=30), seconds="45")


class TestLeadFields:
    """LeadFields."""

    def test_fields(self) -> None:
        """Every listed field compiles; others are rejected with the allowed list."""
        for field in lead_fields():
            ScoringModel([Rule("r", 1, when=Known(field))]).compile()
        with pytest.raises(
            ConfigError, match=r"rules\[0\]\.when\.field: unknown lead field 'title'"
        ):
            ScoringModel([Rule("r", 1, when=Known("title"))])
