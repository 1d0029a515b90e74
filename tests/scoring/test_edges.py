"""Sharp edges: odd values never crash scoring; bad models fail when built, naming the rule."""

from __future__ import annotations

import datetime as dt
import linecache
import time
import traceback
from pathlib import Path

import attrs
import pytest

from leadqual.exceptions import ConfigError, LeadError, LeadqualError
from leadqual.io import dump_model, load_model
from leadqual.lead import Company, Event, Lead
from leadqual.scoring import (
    AllOf,
    Between,
    Condition,
    Contains,
    CustomRule,
    EndsWith,
    Equals,
    EventMatch,
    Glob,
    Group,
    Known,
    Not,
    OneOf,
    Rule,
    ScoringModel,
    StartsWith,
    Thresholds,
    starter_model,
)
from leadqual.scoring._reference import interpret

AT = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
PRICING = ScoringModel([Rule("p", 5, event=EventMatch("page_view", Glob("url", "/pricing*")))])


def views(*urls: str) -> Lead:
    """A lead with one page view per URL."""
    return Lead("L", events=tuple(Event("page_view", AT, {"url": url}) for url in urls))


class TestOddValues:
    """Values that used to crash inside scoring."""

    @pytest.mark.parametrize("bad", ["http://[", "https://[x]/pricing"])
    def test_unparsable_url_does_not_match(self, bad: str) -> None:
        """A URL urlsplit refuses matches nothing, in whichever order it comes."""
        assert PRICING.score(views(bad)).points == 0
        assert PRICING.score(views(bad, "/pricing")).points == 5
        assert PRICING.score(views("/pricing", bad)).points == 5
        assert [entry.points for entry in PRICING.score(views(bad, "/pricing")).ledger] == [5]

    def test_one_of_on_an_object(self) -> None:
        """one_of on an attribute or property holding a table is false, not a TypeError."""
        model = ScoringModel([Rule("o", 5, when=OneOf("attributes.x", ["a", "b"]))])
        assert model.score(Lead("L", attributes={"x": {"k": "v"}})).points == 0
        event = ScoringModel([Rule("o", 5, event=EventMatch("x", OneOf("p", ["a"])))])
        lead = Lead("L", events=(Event("x", AT, {"p": {"k": [1]}}),))
        assert event.score(lead).points == 0

    def test_nul_in_model_name(self) -> None:
        """A model name never reaches generated code: a NUL in it scores fine."""
        model = ScoringModel([Rule("o", 5, when=Known("email"))], name="a\x00b")
        assert model.score(Lead("L", email="a@b.nl")).points == 5

    def test_integers_beyond_str_limit(self) -> None:
        """Integers past 4,300 digits work as bounds; a lead refuses them at its place."""
        big = 10**5000
        for condition, expected in (
            (Between("attributes.x", min=big), 0),
            (Between("attributes.x", max=big), 5),
            (Equals("attributes.x", big), 0),
        ):
            model = ScoringModel([Rule("o", 5, when=condition)])
            assert model.score(Lead("L", attributes={"x": 3})).points == expected
        # A lead's own values are bounded when it is built (issue 17): a clear LeadError
        # naming the property, never a failure later in scoring, explain or JSON output.
        with pytest.raises(LeadError, match=r"properties\.n: .*4300 digits"):
            Event("x", AT, {"n": big}, id="E")

    def test_evil_int_subclass_bound(self) -> None:
        """An int subclass whose repr is code is used as its value, never as source."""

        class Evil(int):
            def __repr__(self) -> str:
                return "__import__('os').system('echo pwned')"

        model = ScoringModel([Rule("r", 1, when=Between("company.employees", min=Evil(10)))])
        assert "pwned" not in model.compile().source
        assert model.score(Lead("L")).points == 0

    def test_numpy_like_float_bound(self) -> None:
        """A float subclass (numpy.float64 is one) is a plain float in the plan."""

        class Float64(float):
            pass

        model = ScoringModel([Rule("r", 1, when=Between("attributes.x", min=Float64(1.5)))])
        assert model.score(Lead("L", attributes={"x": 2})).points == 1


class TestBuildTimeProblems:
    """Models that could never work fail when built, naming the rule."""

    def test_deep_nesting(self) -> None:
        """all() nested 200 deep is a ConfigError at build, not a RecursionError later."""
        condition: Condition = Known("email")
        for _ in range(200):
            condition = AllOf([condition])
        with pytest.raises(ConfigError, match=r"rules\[0\]\.when.*nest more than"):
            ScoringModel([Rule("deep", 1, when=condition)])

    def test_range_on_text_field(self) -> None:
        """A range on a text field can never hold: reported with the rule's place."""
        with pytest.raises(ConfigError, match=r"rules\[0\]\.when\.field: job_title holds text"):
            ScoringModel([Rule("r", 1, when=Between("job_title", min=1))])

    def test_default_group_missing(self) -> None:
        """An event rule without group, in a model without 'engagement', says why."""
        with pytest.raises(ConfigError, match="event rules to 'engagement'"):
            ScoringModel([Rule("r", 1, event=EventMatch("x"))], groups=[Group("fit")])

    def test_many_invalid_conditions_report_fast(self) -> None:
        """1,000 rules with deep invalid conditions are reported in well under a second."""
        bad: Condition = Equals("nope", "x")
        for _ in range(30):
            bad = Not(bad)
        start = time.perf_counter()
        with pytest.raises(ConfigError) as caught:
            ScoringModel([Rule(f"r{i}", 1, when=bad) for i in range(1000)])
        assert time.perf_counter() - start < 5
        assert len(caught.value.errors) == 1000

    def test_many_rules_compile_in_chunks(self) -> None:
        """Thousands of rules render as many small functions, and score correctly."""
        count = 1000
        rules = [Rule(f"f{i}", 1, when=Equals("attributes.x", f"v{i}")) for i in range(count)]
        rules += [
            Rule(f"e{i}", 1, event=EventMatch("x", Equals("p", f"v{i}"))) for i in range(count)
        ]
        model = ScoringModel(rules)
        compiled = model.compile()
        assert compiled.source.count("\ndef ") >= 2 * count // 200
        lead = Lead("L", attributes={"x": "v7"}, events=(Event("x", AT, {"p": "v999"}),))
        score = model.score(lead)
        assert score.points == 2
        assert [entry.rule for entry in score.ledger] == ["f7", "e999"]


class TestTotals:
    """Sums stay exact or are refused."""

    def test_beyond_exact_sums(self) -> None:
        """Points past what a float sums exactly are a LeadError naming the lead."""
        model = ScoringModel([Rule("r", 1e9, event=EventMatch("x"))], thresholds=Thresholds(1e9))
        events = tuple(Event("x", AT + dt.timedelta(seconds=i), {}) for i in range(2000))
        with pytest.raises(LeadError, match="lead 'L'"):
            model.score(Lead("L", events=events))


class TestGeneratedCode:
    """Generated code is readable in tracebacks."""

    def test_traceback_shows_the_line(self) -> None:
        """A custom rule's error passes through code registered in linecache."""
        model = ScoringModel([Rule("r", 1, when=Known("email"))])
        compiled = model.compile()
        filename = compiled._fast.__code__.co_filename
        assert linecache.getline(filename, 1).startswith("def _score(")

    def test_custom_rule_error_is_leadqual(self) -> None:
        """A custom rule returning text is a LeadqualError with a readable traceback."""
        model = ScoringModel([CustomRule("c", lambda _lead, _at: "ten")])  # type: ignore[arg-type]
        with pytest.raises(LeadqualError) as caught:
            model.score(Lead("L"))
        assert "custom rule 'c'" in "".join(traceback.format_exception(caught.value))


class TestNormalisation:
    """Rules match names the way the ICP does."""

    @pytest.mark.parametrize(
        "condition",
        [
            Equals("company.technologies", "exact-online"),
            OneOf("company.technologies", ["ExactOnline", "sap"]),
            Contains("company.technologies", "exact online"),
        ],
    )
    def test_technology_spelling(self, condition: Condition) -> None:
        """A rule for 'exact-online' fires for a company using "Exact Online"."""
        model = ScoringModel([Rule("r", 5, when=condition)])
        lead = Lead("L", company=Company(technologies=("Exact Online", "HubSpot")))
        assert model.score(lead).points == 5
        assert model.score(Lead("L", company=Company(technologies=("SAP B1",)))).points == 0

    @pytest.mark.parametrize(
        ("condition", "industry", "points"),
        [
            (Equals("company.industry", "manufacturing"), "Machinebouw", 5),
            (Equals("company.industry", "Industrie"), "manufacturing", 5),
            (OneOf("company.industry", ["horeca", "software"]), "Hospitality", 5),
            (Equals("company.industry", "manufacturing"), "Horeca", 0),
            (Equals("company.industry", "basket weaving"), "Basket Weaving", 5),
            (Equals("company.industry", "basket weaving"), "Machinebouw", 0),
        ],
    )
    def test_industry_synonyms(self, condition: Condition, industry: str, points: int) -> None:
        """An industry rule fires for every name the ICP's table gives that industry."""
        model = ScoringModel([Rule("r", 5, when=condition)])
        lead = Lead("L", company=Company(industry=industry))
        assert model.score(lead).points == points
        assert interpret(model.compile().plan, lead, None).points == points


class TestFutureEvents:
    """Events after as_of: ignored, counted, and a tolerance for clocks running ahead."""

    AS_OF = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)

    def _lead(self) -> Lead:
        at = self.AS_OF
        return Lead(
            "L-9",
            events=(
                Event("demo_requested", at - dt.timedelta(days=1), id="e1"),
                Event("webinar_registered", at + dt.timedelta(seconds=30), id="e2"),
                Event("webinar_registered", at + dt.timedelta(seconds=30), id="e2"),
                Event("demo_requested", at + dt.timedelta(days=2), id="e3"),
            ),
        )

    def test_ignored_events_are_counted(self) -> None:
        """Events after as_of are counted, each id once; explain says so in both languages."""
        score = starter_model().score(self._lead(), self.AS_OF)
        assert (score.points, score.ignored_future) == (25, 2)
        assert "2 events after the scoring moment were ignored" in score.explain()
        assert "2 gebeurtenissen na het peilmoment zijn genegeerd" in score.explain("nl")

    def test_tolerance_counts_a_clock_running_ahead(self) -> None:
        """With future_tolerance = "5m" the webinar 30 s "in the future" counts."""
        model = attrs.evolve(starter_model(), future_tolerance="5m")
        score = model.score(self._lead(), self.AS_OF)
        assert (score.points, score.ignored_future) == (30, 1)
        assert interpret(model.compile().plan, self._lead(), self.AS_OF).ignored_future == 1

    def test_nothing_ignored_without_as_of(self) -> None:
        """Without as_of nothing is in the future: the count is 0 and explain is unchanged."""
        score = starter_model().score(self._lead())
        assert score.ignored_future == 0
        assert "ignored" not in score.explain()

    @pytest.mark.parametrize("text", ["2d", "soon", "-5m"])
    def test_tolerance_is_small_and_a_period(self, text: str) -> None:
        """A tolerance over a day, or not a period, is refused when the model is built."""
        with pytest.raises(ConfigError, match="future_tolerance"):
            attrs.evolve(starter_model(), future_tolerance=text)

    def test_tolerance_round_trips_through_a_file(self, tmp_path: Path) -> None:
        """future_tolerance is written to and read from model files."""
        model = attrs.evolve(starter_model(), future_tolerance="5m")
        path = tmp_path / "m.toml"
        dump_model(model, path)
        assert load_model(path) == model

    @pytest.mark.parametrize(
        ("condition", "title", "points"),
        [
            (Equals("job_title", "CEO"), "Chief Executive Officer", 5),
            (Equals("job_title", "CEO"), "algemeen directeur", 5),
            (Equals("job_title", "Chief Executive Officer"), "ceo", 5),
            (Equals("job_title", "C.E.O."), "CEO", 5),
            (Equals("job_title", "CEO"), "CFO", 0),
            (Equals("job_title", "CEO"), "DGA", 0),  # an owner, not the same post
            (OneOf("job_title", ["CFO", "DGA"]), "Directeur-grootaandeelhouder", 5),
            (Contains("job_title", "CEO"), "Chief Executive Officer & Founder", 5),
            (Contains("job_title", "cfo"), "Interim Financieel Directeur", 5),
            (Contains("job_title", "CEO"), "Chief Financial Officer", 0),
            (StartsWith("job_title", "CTO"), "Chief Technology Officer, Benelux", 5),
            (EndsWith("job_title", "COO"), "Deputy Chief Operating Officer", 5),
            (Equals("job_title", "Hoofd Inkoop"), "hoofd inkoop", 5),
            (Equals("job_title", "Hoofd Inkoop"), "Inkoper", 0),
        ],
    )
    def test_title_spellings(self, condition: Condition, title: str, points: int) -> None:
        """A title rule fires for every spelling of the same post, in both backends."""
        model = ScoringModel([Rule("r", 5, when=condition)])
        lead = Lead("L", job_title=title)
        assert model.score(lead).points == points
        assert interpret(model.compile().plan, lead, None).points == points

    def test_title_rule_on_unknown_title_stays_unknown(self) -> None:
        """Expanding into several tests keeps a missing title unknown: ``not`` does not fire."""
        model = ScoringModel([Rule("r", 5, when=Not(Contains("job_title", "CEO")))])
        single = ScoringModel([Rule("r", 5, when=Not(Contains("job_title", "Inkoper")))])
        assert model.score(Lead("L")).points == single.score(Lead("L")).points == 0
        assert model.score(Lead("L", job_title="Inkoper")).points == 5
        assert model.score(Lead("L", job_title="Chief Executive Officer")).points == 0

    def test_event_property_named_job_title_is_plain_text(self) -> None:
        """Only the lead's title has spellings; an event property of that name is text."""
        rule = Rule("r", 5, event=EventMatch("form", Equals("job_title", "CEO")))
        model = ScoringModel([rule])
        spelled = Lead("L", events=(Event("form", AT, {"job_title": "Chief Executive Officer"}),))
        plain = Lead("L", events=(Event("form", AT, {"job_title": "ceo"}),))
        assert model.score(spelled, as_of=AT).points == 0
        assert model.score(plain, as_of=AT).points == 5
