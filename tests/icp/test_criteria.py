"""Each ICP criterion and exclusion on its own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import attrs
import pytest

from leadqual import Company, ConfigError, Lead
from leadqual.icp import (
    CompanySize,
    CustomCriterion,
    DepartmentCriterion,
    ExcludeCountries,
    ExcludeDomains,
    ExcludeIndustries,
    ExcludeSeniority,
    Geography,
    IndustryCriterion,
    Match,
    PainPoints,
    SeniorityCriterion,
    Technology,
)
from leadqual.icp._evidence import render
from leadqual.titles import Department, Seniority

if TYPE_CHECKING:
    from collections.abc import Callable


def company(**fields: object) -> Lead:
    """A lead whose company has the given fields."""
    return Lead("L-1", company=Company(**fields))  # type: ignore[arg-type]


class TestCompanySize:
    """``CompanySize``: ranges, soft margins, employees or revenue."""

    size = CompanySize(min_employees=50, max_employees=500, margin=0.2)

    @pytest.mark.parametrize(
        ("employees", "match", "credit"),
        [
            (50, Match.MATCH, 1.0),
            (500, Match.MATCH, 1.0),
            (180, Match.MATCH, 1.0),
            (49, Match.NEAR_MISS, 0.9),
            (45, Match.NEAR_MISS, 0.5),
            (40, Match.MISMATCH, 0.0),
            (550, Match.NEAR_MISS, 0.5),
            (600, Match.MISMATCH, 0.0),
            (5, Match.MISMATCH, 0.0),
        ],
    )
    def test_employees(self, employees: int, match: Match, credit: float) -> None:
        """Inside is a match; within the margin a near miss whose credit falls linearly."""
        found = self.size.evaluate(company(employees=employees))
        assert found.match is match
        assert found.credit == pytest.approx(credit)

    def test_without_margin_a_near_miss_is_a_mismatch(self) -> None:
        """With no margin, 49 against a minimum of 50 is simply outside."""
        strict = CompanySize(min_employees=50)
        assert strict.evaluate(company(employees=49)).match is Match.MISMATCH

    def test_unknown_size(self) -> None:
        """No head count and no revenue is unknown, never a mismatch."""
        assert self.size.evaluate(company(name="Acme")).match is Match.UNKNOWN

    def test_revenue_dimension_used_when_employees_unknown(self) -> None:
        """Revenue bounds apply when only the revenue is known."""
        by_revenue = CompanySize(min_employees=50, min_revenue=5_000_000)
        assert by_revenue.evaluate(company(annual_revenue=24e6)).match is Match.MATCH

    def test_better_dimension_counts(self) -> None:
        """A small team with a large revenue fits when either dimension fits."""
        either = CompanySize(min_employees=50, min_revenue=5_000_000)
        found = either.evaluate(company(employees=10, annual_revenue=9e6))
        assert found.match is Match.MATCH
        assert found.observed == {"employees": 10, "annual_revenue": 9e6}

    def test_revenue_bound_ignores_employees_only_data(self) -> None:
        """Employees are not used when only revenue bounds are set."""
        revenue_only = CompanySize(max_revenue=1e6)
        assert revenue_only.evaluate(company(employees=10)).match is Match.UNKNOWN

    @pytest.mark.parametrize(
        "fields",
        [
            {},
            {"min_employees": 10, "max_employees": 5},
            {"min_employees": -1},
            {"min_employees": 10, "margin": 1.0},
            {"min_employees": 10, "weight": -2},
        ],
    )
    def test_invalid(self, fields: dict[str, float]) -> None:
        """Empty, inverted or negative bounds and bad margins are ConfigErrors."""
        with pytest.raises(ConfigError, match=r"expected"):
            CompanySize(**fields)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("combine", "match"), [("any", Match.MATCH), ("all", Match.MISMATCH), (None, Match.MATCH)]
    )
    def test_combine(self, combine: Literal["any", "all"] | None, match: Match) -> None:
        """'any' (default): the better dimension counts; 'all': both must fit."""
        bounds = CompanySize(min_employees=50, max_employees=500, min_revenue=5e6, max_revenue=5e7)
        size = bounds if combine is None else attrs.evolve(bounds, combine=combine)
        assert size.evaluate(company(employees=10_000, annual_revenue=4e7)).match is match

    def test_combine_must_be_any_or_all(self) -> None:
        """Another word is a ConfigError at ``combine``."""
        with pytest.raises(ConfigError) as caught:
            CompanySize(min_employees=1, combine="both")  # type: ignore[arg-type]
        assert caught.value.place == "combine"

    @pytest.mark.parametrize(
        ("fields", "place"),
        [
            ({"min_employees": -1}, "min_employees"),
            ({"min_employees": 10, "max_employees": 5}, "min_employees"),
            ({"min_employees": 10, "margin": 1.0}, "margin"),
            ({"min_employees": 10, "weight": -2}, "weight"),
        ],
    )
    def test_invalid_names_its_place(self, fields: dict[str, float], place: str) -> None:
        """A bad field is a ConfigError whose ``place`` is the field, not a bare ValueError."""
        with pytest.raises(ConfigError) as caught:
            CompanySize(**fields)  # type: ignore[arg-type]
        assert caught.value.place == place


class TestSizeBands:
    """``CompanySize`` on a band kept by a CRM import (``attributes.employees_band``)."""

    size = CompanySize(min_employees=50, max_employees=500)

    @staticmethod
    def banded(**attributes: str) -> Lead:
        """A lead whose size is known only as a band."""
        return Lead("HS-1", attributes=attributes)

    @pytest.mark.parametrize(
        ("band", "match", "credit"),
        [
            ("51-200", Match.MATCH, 1.0),  # wholly inside
            ("50 - 500", Match.MATCH, 1.0),  # the edges count as inside
            ("201-1000", Match.NEAR_MISS, 0.5),  # one end in, the other far out
            ("11-50", Match.NEAR_MISS, 0.5),
            ("1000+", Match.MISMATCH, 0.0),  # wholly above
            ("1-10", Match.MISMATCH, 0.0),  # wholly below
            ("201+", Match.NEAR_MISS, 0.5),  # open upward: its top end is outside
            ("1.000-5.000", Match.MISMATCH, 0.0),  # Dutch thousands separators
        ],
    )
    def test_employees_band(self, band: str, match: Match, credit: float) -> None:
        """Inside matches, partly inside is a near miss with half credit, outside a mismatch."""
        found = self.size.evaluate(self.banded(employees_band=band))
        assert found.match is match
        assert found.credit == pytest.approx(credit)

    def test_margin_softens_a_band_just_outside(self) -> None:
        """A band just below the minimum earns the mean of its ends' margin credits."""
        soft = CompanySize(min_employees=50, margin=0.2)
        found = soft.evaluate(self.banded(employees_band="40-49"))
        assert found.match is Match.NEAR_MISS
        assert found.credit == pytest.approx((0.0 + 0.9) / 2)

    def test_open_band_inside_an_open_range(self) -> None:
        """``1000+`` against "at least 500" is wholly inside."""
        at_least = CompanySize(min_employees=500)
        assert at_least.evaluate(self.banded(employees_band="1000+")).match is Match.MATCH

    def test_revenue_band(self) -> None:
        """Revenue bands with currency signs and M/k suffixes are read too."""
        revenue = CompanySize(min_revenue=1e6, max_revenue=50e6)
        assert revenue.evaluate(self.banded(annual_revenue_band="€1M-€5M")).match is Match.MATCH
        assert revenue.evaluate(self.banded(annual_revenue_band="€100k-€500k")).match is (
            Match.MISMATCH
        )

    def test_number_wins_over_band(self) -> None:
        """A known head count is used; the band is only a fallback."""
        lead = Lead("HS-2", company=Company(employees=10), attributes={"employees_band": "51-200"})
        found = self.size.evaluate(lead)
        assert (found.match, found.observed) == (Match.MISMATCH, {"employees": 10})

    def test_evidence_shows_the_band(self) -> None:
        """The observed size is the band's ends, rendered as a range in both languages."""
        found = self.size.evaluate(self.banded(employees_band="201-1000"))
        assert found.observed == {"employees": [201.0, 1000.0]}
        assert render(found.observed, "en") == "201-1,000 employees"
        assert render(found.observed, "nl") == "201-1.000 medewerkers"

    @pytest.mark.parametrize("band", ["veel", "200-51", "", "-"])
    def test_unreadable_band_is_unknown(self, band: str) -> None:
        """A band that cannot be read says nothing: unknown, never a mismatch."""
        assert self.size.evaluate(self.banded(employees_band=band)).match is Match.UNKNOWN

    def test_no_size_at_all_is_unknown(self) -> None:
        """Neither a number nor a band is unknown."""
        assert self.size.evaluate(Lead("HS-3")).match is Match.UNKNOWN


class TestIndustryCriterion:
    """``IndustryCriterion``: names with synonyms and SBI/NACE prefixes."""

    want = IndustryCriterion(industries=("software",), codes=("28",))

    @pytest.mark.parametrize(
        ("fields", "match"),
        [
            ({"industry": "SaaS"}, Match.MATCH),
            ({"industry": "Software"}, Match.MATCH),
            ({"industry_code": "62.01"}, Match.MATCH),
            ({"industry_code": "58.29"}, Match.MATCH),
            ({"industry_code": "2822"}, Match.MATCH),
            ({"industry": "Machinebouw"}, Match.MATCH),
            ({"industry_code": "63.11"}, Match.NEAR_MISS),
            ({"industry": "Metaal"}, Match.NEAR_MISS),
            ({"industry": "Horeca"}, Match.MISMATCH),
            ({"industry_code": "4711"}, Match.MISMATCH),
            ({"industry": "Basket weaving"}, Match.UNKNOWN),
            ({"industry": "Basket weaving", "industry_code": "4711"}, Match.MISMATCH),
            ({"industry": "Computer Software"}, Match.MATCH),
            ({"industry": "Information Technology and Services"}, Match.NEAR_MISS),
            ({}, Match.UNKNOWN),
            ({"industry_code": "not a code"}, Match.UNKNOWN),
        ],
    )
    def test_lead_industries(self, fields: dict[str, str], match: Match) -> None:
        """Names, synonyms and code prefixes match; same NACE section is a near miss."""
        assert self.want.evaluate(company(**fields)).match is match

    def test_unknown_name_is_unknown_with_evidence(self) -> None:
        """A name the table does not know is unknown, never a mismatch; it stays in the evidence."""
        fit = self.want.evaluate(company(industry="Basket weaving"))
        assert (fit.match, fit.credit, fit.observed) == (
            Match.UNKNOWN,
            0.0,
            {"industry": "Basket weaving"},
        )
        assert "Basket weaving, not recognised" in fit.explain()

    def test_software_publishing_is_software_not_media(self) -> None:
        """SBI 58.2 (software publishing) is software; 58.1 (books, newspapers) is media."""
        media = IndustryCriterion(industries=("media",), near_credit=0.0)
        assert media.evaluate(company(industry_code="58.29")).match is Match.MISMATCH
        assert media.evaluate(company(industry_code="58.13")).match is Match.MATCH

    def test_section_letter(self) -> None:
        """A section letter covers every division in it."""
        manufacturing = IndustryCriterion(codes=("C",))
        assert manufacturing.evaluate(company(industry_code="25.62")).match is Match.MATCH
        assert manufacturing.evaluate(company(industry="construction")).match is Match.MISMATCH

    def test_custom_name_matches_itself(self) -> None:
        """A name outside the built-in table matches only that name (any case)."""
        custom = IndustryCriterion(industries=("Drone services",))
        assert custom.evaluate(company(industry="drone Services")).match is Match.MATCH

    def test_no_near_miss_when_disabled(self) -> None:
        """``near_credit=0`` turns same-section near misses into mismatches."""
        strict = IndustryCriterion(codes=("62",), near_credit=0.0)
        assert strict.evaluate(company(industry_code="6311")).match is Match.MISMATCH

    def test_invalid(self) -> None:
        """An empty criterion and a malformed code are refused."""
        with pytest.raises(ValueError, match="at least one"):
            IndustryCriterion()
        with pytest.raises(ValueError, match="not an SBI/NACE code"):
            IndustryCriterion(codes=("6x",))


class TestGeography:
    """``Geography``: countries, regions, near countries."""

    def test_region_and_country(self) -> None:
        """A country inside a wanted region matches, one outside does not."""
        geo = Geography(countries=("fr",), regions=("benelux",))
        assert geo.countries == ("FR",)
        assert geo.evaluate(company(country="LU")).match is Match.MATCH
        assert geo.evaluate(company(country="FR")).match is Match.MATCH
        assert geo.evaluate(company(country="DE")).match is Match.MISMATCH
        assert geo.evaluate(company()).match is Match.UNKNOWN

    def test_near(self) -> None:
        """Near countries and regions earn the near credit."""
        geo = Geography(countries=("NL",), near_regions=("dach",), near_credit=0.25)
        found = geo.evaluate(company(country="AT"))
        assert (found.match, found.credit) == (Match.NEAR_MISS, 0.25)

    def test_invalid(self) -> None:
        """Unknown regions and malformed countries are refused with their place."""
        with pytest.raises(ValueError, match="regions: unknown region 'atlantis'"):
            Geography(regions=("atlantis",))
        with pytest.raises(ValueError, match="countries: expected ISO country codes"):
            Geography(countries=("NLD",))

    @pytest.mark.parametrize("code", ["XX", "NLD", "N1", ""])
    def test_non_iso_codes_are_refused(self, code: str) -> None:
        """Two letters are not enough: the code must exist in ISO 3166."""
        with pytest.raises(ConfigError) as caught:
            Geography(countries=(code,))
        assert caught.value.place == "countries"

    def test_uk_and_el_are_aliases(self) -> None:
        """UK and EL (EU usage) mean GB and GR, in the ICP and on the lead."""
        geo = Geography(countries=("uk", "EL"))
        assert geo.countries == ("GB", "GR")
        assert geo.evaluate(company(country="GB")).match is Match.MATCH
        assert geo.evaluate(company(country="UK")).match is Match.MATCH
        assert geo.evaluate(company(country="GR")).match is Match.MATCH


class TestTechnology:
    """``Technology``: any or all, names compared loosely."""

    def test_any(self) -> None:
        """One wanted technology in use is enough for ``any``."""
        tech = Technology(technologies=("Exact Online", "AFAS"))
        assert tech.evaluate(company(technologies=["exact-online"])).match is Match.MATCH
        assert tech.evaluate(company(technologies=["SAP"])).match is Match.MISMATCH

    def test_all_partial_is_near_miss(self) -> None:
        """``all`` earns the share found."""
        tech = Technology(technologies=("a", "b", "c", "d"), mode="all")
        found = tech.evaluate(company(technologies=["A", "c"]))
        assert (found.match, found.credit) == (Match.NEAR_MISS, 0.5)

    def test_no_technologies_is_unknown(self) -> None:
        """An empty technology list means unknown."""
        assert Technology(technologies=("x",)).evaluate(company()).match is Match.UNKNOWN

    def test_invalid_mode(self) -> None:
        """Only 'any' and 'all' are modes."""
        with pytest.raises(ValueError, match="'any' or 'all'"):
            Technology(technologies=("x",), mode="some")  # type: ignore[arg-type]


class TestPainPoints:
    """``PainPoints`` read from lead attributes."""

    pains = PainPoints(pain_points=("manual planning", "stock errors"))

    def test_found_in_own_words(self) -> None:
        """A wanted pain inside the lead's longer phrase is found."""
        lead = Lead("L-1", attributes={"pain_points": ["Too much manual planning!"]})
        assert self.pains.evaluate(lead).match is Match.MATCH

    def test_single_string(self) -> None:
        """A single string is read as one pain point."""
        lead = Lead("L-1", attributes={"pain_points": "billing"})
        assert self.pains.evaluate(lead).match is Match.MISMATCH

    def test_missing_is_unknown(self) -> None:
        """No pain points recorded is unknown."""
        assert self.pains.evaluate(Lead("L-1")).match is Match.UNKNOWN
        assert self.pains.evaluate(Lead("L-1", attributes={"pain_points": []})).match is (
            Match.UNKNOWN
        )

    @pytest.mark.parametrize(
        ("wanted", "said", "match"),
        [
            ("email overload", "AI", Match.MISMATCH),
            ("stock errors", "to", Match.MISMATCH),
            ("manual planning", "plan", Match.MISMATCH),
            ("manual planning", "Manual-planning", Match.MATCH),
            ("voorraad fouten", "Te veel VOORRAAD FOUTEN", Match.MATCH),
            ("coördinatie", "slechte coordinatie", Match.MATCH),
            ("stock errors", "errors stock", Match.MISMATCH),
        ],
    )
    def test_whole_words_only(self, wanted: str, said: str, match: Match) -> None:
        """Pain points match as a run of whole words, not as a substring of a word."""
        pains = PainPoints(pain_points=(wanted,))
        assert pains.evaluate(Lead("L-1", attributes={"pain_points": [said]})).match is match

    def test_other_attribute(self) -> None:
        """The attribute to read is configurable."""
        pains = PainPoints(pain_points=("churn",), attribute="uitdagingen")
        lead = Lead("L-1", attributes={"uitdagingen": ["Churn"]})
        assert pains.evaluate(lead).match is Match.MATCH


class TestSeniorityAndDepartment:
    """``SeniorityCriterion`` and ``DepartmentCriterion`` read the job title."""

    def test_seniority(self) -> None:
        """Wanted levels match, near levels near-miss, others mismatch, no title unknown."""
        want = SeniorityCriterion(levels=("owner", "c_level"), near_levels=("director",))
        assert want.levels == (Seniority.OWNER, Seniority.C_LEVEL)
        assert want.evaluate(Lead("L", job_title="DGA")).match is Match.MATCH
        assert want.evaluate(Lead("L", job_title="Directeur Inkoop")).match is Match.NEAR_MISS
        assert want.evaluate(Lead("L", job_title="Inkoper")).match is Match.MISMATCH
        assert want.evaluate(Lead("L")).match is Match.UNKNOWN
        assert want.evaluate(Lead("L", job_title="Ninja")).match is Match.UNKNOWN

    def test_department(self) -> None:
        """Departments read from the title."""
        want = DepartmentCriterion(departments=(Department.OPERATIONS,), near_departments=("it",))
        assert want.evaluate(Lead("L", job_title="Hoofd Productie")).match is Match.MATCH
        assert want.evaluate(Lead("L", job_title="IT Manager")).match is Match.NEAR_MISS
        assert want.evaluate(Lead("L", job_title="Marketeer")).match is Match.MISMATCH

    def test_invalid_levels(self) -> None:
        """Unknown level names and empty lists are refused."""
        with pytest.raises(ValueError, match="expected one of 'owner'"):
            SeniorityCriterion(levels=("boss",))
        with pytest.raises(ValueError, match="at least one"):
            DepartmentCriterion()


def _constant(result: float | None) -> Callable[[Lead], float | None]:
    return lambda _lead: result


class TestCustomCriterion:
    """``CustomCriterion``: Python code as a criterion."""

    def test_results(self) -> None:
        """True/False, a fraction and None map to match, mismatch, near miss, unknown."""
        for result, match in [
            (True, Match.MATCH),
            (False, Match.MISMATCH),
            (0.3, Match.NEAR_MISS),
            (None, Match.UNKNOWN),
        ]:
            criterion = CustomCriterion("c", _constant(result))
            assert criterion.evaluate(Lead("L")).match is match

    def test_out_of_range_is_an_error(self) -> None:
        """A result outside 0-1 raises ConfigError naming the criterion."""
        criterion = CustomCriterion("broken", lambda _lead: 3)
        with pytest.raises(ConfigError, match="custom criterion 'broken'"):
            criterion.evaluate(Lead("L"))

    def test_needs_a_function(self) -> None:
        """A non-callable is refused."""
        with pytest.raises(TypeError, match="expected a function"):
            CustomCriterion("c", "os.system")  # type: ignore[arg-type]


class TestExclusions:
    """Knock-outs; unknown data never knocks out."""

    def test_domains(self) -> None:
        """Company domain, e-mail domain and subdomains are checked."""
        rival = ExcludeDomains(domains=("Rival.nl",))
        assert rival.check(company(domain="www.rival.nl")) == "rival.nl"
        assert rival.check(Lead("L", email="x@eu.rival.nl")) == "eu.rival.nl"
        assert rival.check(Lead("L", email="x@notrival.nl")) is None
        assert rival.check(Lead("L")) is None

    def test_countries(self) -> None:
        """Excluded countries and regions knock out; unknown country does not."""
        out = ExcludeCountries(countries=("us",), regions=("nordics",))
        assert out.check(company(country="US")) == "US"
        assert out.check(company(country="FI")) == "FI"
        assert out.check(company(country="NL")) is None
        assert out.check(company()) is None

    @pytest.mark.parametrize(
        "written",
        ["https://rival.nl", "http://www.Rival.NL/pricing", "WWW.rival.nl.", "jan@rival.nl"],
    )
    def test_domains_are_bare(self, written: str) -> None:
        """URLs, ``www.`` and e-mail addresses are stored and matched as the bare domain."""
        out = ExcludeDomains(domains=(written,))
        assert out.domains == ("rival.nl",)
        assert out.check(Lead("L", email="a@rival.nl")) == "rival.nl"

    @pytest.mark.parametrize("bad", ["rival", "not a domain", "https://"])
    def test_non_domains_are_refused(self, bad: str) -> None:
        """Text that is no domain name is a ConfigError naming ``domains``."""
        with pytest.raises(ConfigError, match="expected domain names") as caught:
            ExcludeDomains(domains=(bad,))
        assert caught.value.place == "domains"

    def test_countries_take_aliases(self) -> None:
        """UK excludes British companies, however the lead spells it (a lead's UK is GB)."""
        out = ExcludeCountries(countries=("UK",))
        assert out.check(company(country="GB")) == "GB"
        assert out.check(company(country="UK")) == "GB"

    def test_seniority_defaults_to_students(self) -> None:
        """By default students and interns are knocked out."""
        assert ExcludeSeniority().check(Lead("L", job_title="Stagiair")) == "student"
        assert ExcludeSeniority().check(Lead("L", job_title="CEO")) is None
        assert ExcludeSeniority().check(Lead("L")) is None

    def test_industries(self) -> None:
        """Excluded industries by name or code; near misses do not knock out."""
        out = ExcludeIndustries(codes=("84",))
        assert out.check(company(industry_code="84.11")) == "84.11"
        assert out.check(company(industry="overheid")) == "overheid"
        assert out.check(company(industry_code="85")) is None

    def test_empty_exclusions_are_refused(self) -> None:
        """An exclusion must list something."""
        with pytest.raises(ValueError, match="at least one"):
            ExcludeDomains()
        with pytest.raises(ValueError, match="at least one"):
            ExcludeCountries()
