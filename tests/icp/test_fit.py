"""``ICP.fit``: score, grade, coverage, knock-outs, explanations."""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import leadqual as lq
from leadqual.icp import (
    ICP,
    CompanySize,
    CustomCriterion,
    ExcludeDomains,
    ExcludeSeniority,
    Fit,
    Geography,
    Grade,
    Grading,
    IndustryCriterion,
    Match,
    SeniorityCriterion,
    Technology,
)

PROFILE = ICP(
    criteria=(
        CompanySize(min_employees=50, max_employees=1000, margin=0.2, weight=2),
        IndustryCriterion(industries=("software", "manufacturing")),
        Geography(regions=("benelux",), near_regions=("dach",)),
        Technology(technologies=("exact-online",)),
        SeniorityCriterion(levels=("owner", "c_level", "director"), near_levels=("head",)),
    ),
    exclusions=(ExcludeDomains(domains=("rival.nl",)), ExcludeSeniority()),
    name="Dutch mid-market",
)

FULL = lq.Lead(
    "L-1",
    job_title="Algemeen directeur",
    company=lq.Company(
        employees=180, industry="machinebouw", country="NL", technologies=["Exact Online"]
    ),
)


class TestFit:
    """Scores, coverage and grades."""

    def test_perfect_fit(self) -> None:
        """Every criterion matched: 100, grade A, full coverage, nothing unknown."""
        fit = PROFILE.fit(FULL)
        assert (fit.score, fit.grade, fit.coverage) == (100.0, Grade.A, 1.0)
        assert fit.unknown == ()
        assert not fit.knocked_out
        assert [item.match for item in fit.evidence] == [Match.MATCH] * 5

    def test_weights(self) -> None:
        """The score is the weighted share of credit: size weighs 2 of 6."""
        lead = lq.Lead(
            "L",
            job_title="CEO",
            company=lq.Company(
                employees=5, industry="software", country="NL", technologies=["exact online"]
            ),
        )
        assert PROFILE.fit(lead).score == pytest.approx(100 * 4 / 6, abs=0.01)

    def test_no_company_data_is_unknown_not_bad(self) -> None:
        """A lead with no data at all: score None, coverage 0, grade UNKNOWN."""
        fit = PROFILE.fit(lq.Lead("L-2"))
        assert fit.score is None
        assert fit.coverage == 0
        assert fit.grade is Grade.UNKNOWN
        assert len(fit.unknown) == 5
        assert all(item.match is Match.UNKNOWN for item in fit.evidence)

    def test_low_coverage_grades_unknown(self) -> None:
        """A perfect score on a sliver of the data is graded unknown, not A."""
        fit = PROFILE.fit(lq.Lead("L", company=lq.Company(country="NL")))
        assert fit.score == 100.0
        assert fit.coverage == pytest.approx(1 / 6, abs=1e-4)
        assert fit.grade is Grade.UNKNOWN

    def test_coverage_threshold_is_configurable(self) -> None:
        """Lowering ``min_coverage`` lets the same data be graded."""
        lenient = ICP(criteria=PROFILE.criteria, grading=Grading(min_coverage=0.1))
        assert lenient.fit(lq.Lead("L", company=lq.Company(country="NL"))).grade is Grade.A

    def test_knock_out_grades_f(self) -> None:
        """A competitor is graded F with score 0 whatever it matches."""
        fit = PROFILE.fit(attrs.evolve(FULL, email="spy@rival.nl"))
        assert (fit.score, fit.grade) == (0.0, Grade.F)
        assert fit.knocked_out
        assert fit.knockouts[0].observed == "rival.nl"
        assert fit.coverage == 1.0
        assert fit.estimate() == 0.0

    def test_student_knocked_out(self) -> None:
        """A student is knocked out by the default seniority exclusion."""
        assert PROFILE.fit(lq.Lead("L", job_title="Stagiair")).grade is Grade.F

    def test_near_miss_in_explanation(self) -> None:
        """49 employees against a minimum of 50 is a near miss, not a zero."""
        lead = lq.Lead("L", company=lq.Company(employees=49))
        [size, *_] = PROFILE.fit(lead).evidence
        assert size.match is Match.NEAR_MISS
        assert 0 < size.credit < 1

    def test_custom_criterion_in_profile(self) -> None:
        """Custom criteria take part like any other."""
        icp = ICP(criteria=(CustomCriterion("has phone", lambda lead: lead.phone is not None),))
        assert icp.fit(lq.Lead("L", phone="0201234567")).score == 100.0

    def test_needs_criteria(self) -> None:
        """An ICP without criteria, or with zero total weight, is a ConfigError at criteria."""
        with pytest.raises(lq.ConfigError, match="at least one criterion") as caught:
            ICP(criteria=())
        assert caught.value.place == "criteria"
        with pytest.raises(lq.ConfigError, match="weight above 0") as caught:
            ICP(criteria=(Geography(countries=("NL",), weight=0),))
        assert caught.value.place == "criteria"

    @pytest.mark.parametrize("prior", [-20, 100.5, 500, float("nan")])
    def test_estimate_prior_is_a_percentage(self, prior: float) -> None:
        """A prior outside 0-100 would give scores outside 0-100: it is refused."""
        fit = lq.icp.Fit(None, lq.icp.Grade.UNKNOWN, 0.0)
        with pytest.raises(lq.ConfigError, match="0 to 100") as caught:
            fit.estimate(prior)
        assert caught.value.place == "prior"


class TestGrading:
    """Grade cut-offs."""

    @pytest.mark.parametrize(
        ("score", "grade"),
        [
            (100, Grade.A),
            (80, Grade.A),
            (79.99, Grade.B),
            (60, Grade.B),
            (40, Grade.C),
            (39.9, Grade.D),
            (0, Grade.D),
            (None, Grade.UNKNOWN),
        ],
    )
    def test_default_cut_offs(self, score: float | None, grade: Grade) -> None:
        """A >= 80, B >= 60, C >= 40, D below; None is unknown."""
        assert Grading().grade(score, 1.0) is grade

    def test_custom_cut_offs(self) -> None:
        """Cut-offs are configurable."""
        assert Grading(a=90, b=70, c=50).grade(85, 1.0) is Grade.B

    @pytest.mark.parametrize(
        "fields", [{"a": 50, "b": 60}, {"c": -1}, {"a": 101}, {"min_coverage": 1.5}]
    )
    def test_invalid(self, fields: dict[str, float]) -> None:
        """Unordered or out-of-range cut-offs are refused."""
        with pytest.raises(ValueError, match="expected"):
            Grading(**fields)

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_labels(self, lang: str) -> None:
        """Every grade has a label in both languages."""
        assert all(grade.label(lang) for grade in Grade)


class TestExplain:
    """``Fit.explain`` in English and Dutch, and plain-JSON output."""

    def test_english(self) -> None:
        """The English report names score, grade, coverage and each criterion."""
        text = PROFILE.fit(lq.Lead("L", company=lq.Company(employees=49, country="BE"))).explain()
        # size 2 x 0.9 + location 1 x 1 over the 3 known weight units; half the weight known
        assert text.splitlines()[0] == "Fit 93.33/100, grade A (excellent fit), coverage 50%"
        assert "Company size: near miss (lead: 49 employees; ICP: 50-1,000 employees)" in text
        assert "Location: match (lead: BE; ICP: Benelux)" in text
        assert "Technology: unknown (no data; ICP: any of exact-online)" in text

    def test_dutch(self) -> None:
        """The Dutch report uses Dutch words and ICP."""
        text = PROFILE.fit(lq.Lead("L", company=lq.Company(employees=49, country="BE"))).explain(
            "nl"
        )
        assert text.splitlines()[0] == "Fit 93,33/100, klasse A (past uitstekend), dekking 50%"
        assert "Bedrijfsgrootte: net niet (lead: 49 medewerkers; ICP: 50-1.000 medewerkers)" in text
        assert "Senioriteit: onbekend (geen gegevens;" in text

    def test_knock_out_explained(self) -> None:
        """Knock-outs come first in the report."""
        text = PROFILE.fit(lq.Lead("L", email="a@rival.nl")).explain("nl")
        assert text.splitlines()[1] == "- Knock-out: Concurrent of uitgesloten domein (rival.nl)"

    def test_unstructures_to_plain_json(self) -> None:
        """``leadqual.unstructure(fit)`` is plain JSON and structures back equal."""
        fit = PROFILE.fit(lq.Lead("L", email="a@rival.nl", company=lq.Company(employees=3)))
        data = lq.unstructure(fit)
        assert json.loads(json.dumps(data)) == data
        assert data["grade"] == "F"
        assert data["evidence"][0]["match"] == "mismatch"
        assert lq.structure(data, Fit) == fit


leads = st.builds(
    lq.Lead,
    id=st.just("L"),
    job_title=st.sampled_from([None, "CEO", "Inkoper", "Hoofd ICT", "Ninja", "Stagiair"]),
    company=st.builds(
        lq.Company,
        employees=st.none() | st.integers(0, 5000),
        industry=st.sampled_from([None, "software", "horeca", "machinebouw", "bakery"]),
        country=st.sampled_from([None, "NL", "DE", "US"]),
        technologies=st.lists(st.sampled_from(["exact-online", "sap"]), max_size=2),
    ),
)


class TestFitProperties:
    """Properties over arbitrary leads."""

    @given(leads)
    def test_score_in_range(self, lead: lq.Lead) -> None:
        """Score is None or within 0-100; coverage within 0-1; estimate within 0-100."""
        fit = PROFILE.fit(lead)
        assert fit.score is None or 0 <= fit.score <= 100
        assert 0 <= fit.coverage <= 1
        assert 0 <= fit.estimate() <= 100

    @given(leads, st.integers(0, 4))
    def test_unknown_never_scores_below_mismatch(self, lead: lq.Lead, index: int) -> None:
        """Turning one criterion's evidence into unknown never lowers the score vs. a mismatch."""
        criterion = PROFILE.criteria[index]
        mismatch = CustomCriterion("x", lambda _lead: False, weight=criterion.weight)
        unknown = CustomCriterion("x", lambda _lead: None, weight=criterion.weight)
        others = PROFILE.criteria[:index] + PROFILE.criteria[index + 1 :]
        with_mismatch = ICP(criteria=(*others, mismatch)).fit(lead)
        with_unknown = ICP(criteria=(*others, unknown)).fit(lead)
        if with_unknown.score is not None:
            assert with_mismatch.score is not None
            assert with_unknown.score >= with_mismatch.score
        assert with_unknown.coverage <= with_mismatch.coverage

    @given(leads)
    def test_deterministic(self, lead: lq.Lead) -> None:
        """Same lead, same fit."""
        assert PROFILE.fit(lead) == PROFILE.fit(lead)
