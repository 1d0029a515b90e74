"""Tests for ``leadqual.verdict._qualifier``: how the Qualifier weighs and decides."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import leadqual as lq
from leadqual.frameworks import BANT, BUILT_INS, Framework
from leadqual.icp import (
    ICP,
    CompanySize,
    ExcludeDomains,
    ExcludeSeniority,
    Geography,
    IndustryCriterion,
    SeniorityCriterion,
)
from leadqual.scoring import EventMatch, Group, Rule, ScoringModel
from leadqual.verdict import Decision, EngagementScale, Policy, Qualifier, Weights
from strategies import leads

AS_OF = "2026-11-21T14:30:00+01:00"

# The article's ICP: larger software companies in the Benelux, senior people.
ARTICLE_ICP = ICP(
    criteria=(
        CompanySize(min_employees=200, margin=0.5, weight=2),
        IndustryCriterion(industries=("software",)),
        Geography(regions=("benelux",)),
        SeniorityCriterion(
            levels=("owner", "c_level", "vp", "director"), near_levels=("head", "manager")
        ),
    ),
    exclusions=(ExcludeSeniority(), ExcludeDomains(domains=("rival.nl",))),
)
FULL = Qualifier(model=lq.starter_model(), icp=ARTICLE_ICP, framework=BANT)

CEO = lq.Lead.from_mapping(
    {
        "id": "ceo",
        "job_title": "CEO",
        "company": {"employees": 2500, "industry": "software", "country": "NL"},
        "events": [
            {"type": "page_view", "at": "2026-11-20T09:00:00+01:00", "properties": {"url": "/"}}
        ],
    }
)
MANAGER = lq.Lead.from_mapping(
    {
        "id": "manager",
        "first_name": "Marieke",
        "job_title": "Operations Manager",
        "company": {"employees": 180, "industry": "manufacturing", "country": "NL"},
        "attributes": {"pain_points": ["manual planning"]},
        "events": [
            {"type": "page_view", "at": "2026-11-20T09:12:00+01:00",
             "properties": {"url": "/pricing"}},
            {"type": "content_download", "at": "2026-11-20T09:20:00+01:00",
             "properties": {"content_type": "case_study", "topic": "manufacturing"}},
            {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"},
        ],
    }
)  # fmt: skip


class TestQualifierConstruction:
    """Qualifier(...): stores and checks its parameters only."""

    def test_needs_a_component(self) -> None:
        """A qualifier without model, ICP or framework is a ConfigError."""
        with pytest.raises(lq.ConfigError, match="at least one of model, icp, framework"):
            Qualifier()

    def test_weights_not_all_zero(self) -> None:
        """The configured components need some weight."""
        with pytest.raises(lq.ConfigError, match="weight above 0"):
            Qualifier(framework=BANT, weights=Weights(framework=0))

    def test_unused_zero_weight_is_fine(self) -> None:
        """A zero weight of a component that is not configured does not matter."""
        assert Qualifier(framework=BANT, weights=Weights(fit=0, engagement=0)).framework == BANT

    @pytest.mark.parametrize("value", [-1, float("nan"), float("inf"), True])
    def test_bad_weight(self, value: float) -> None:
        """Weights are finite numbers of at least 0; the message names the weight."""
        with pytest.raises(lq.ConfigError, match=r"^fit: expected a number of at least 0"):
            Weights(fit=value)

    def test_policy_checks(self) -> None:
        """Cuts are 0-100 with mql <= sql; confidence 0-1; the deadline above 0."""
        with pytest.raises(lq.ConfigError, match=r"^sql: "):
            Policy(sql=101)
        with pytest.raises(lq.ConfigError, match=r"^mql: expected at most sql"):
            Policy(sql=30, mql=40)
        with pytest.raises(lq.ConfigError, match=r"^min_confidence: "):
            Policy(min_confidence=1.5)
        with pytest.raises(lq.ConfigError, match=r"^call_within_minutes: "):
            Policy(call_within_minutes=0)

    def test_intent_events_checks(self) -> None:
        """Intent events are a list of non-empty event types; lists become tuples."""
        with pytest.raises(lq.ConfigError, match=r"^intent_events: expected a list"):
            Policy(intent_events="demo_requested")
        with pytest.raises(lq.ConfigError, match=r"^intent_events\[1\]: expected a non-empty"):
            Policy(intent_events=["demo_requested", " "])
        assert Policy(intent_events=["trial_started"]).intent_events == ("trial_started",)

    def test_engagement_group_must_exist(self) -> None:
        """The engagement scale names a group of the model."""
        with pytest.raises(lq.ConfigError, match="no group 'intent'"):
            Qualifier(model=lq.starter_model(), engagement=EngagementScale(group="intent"))

    def test_full_needed_when_sql_threshold_is_not_positive(self) -> None:
        """With an SQL threshold of 0 the scale needs its own ``full``."""
        model = ScoringModel(
            [Rule("demo", 25, event=EventMatch("demo_requested"))],
            thresholds=lq.Thresholds(sql=0),
        )
        with pytest.raises(lq.ConfigError, match=r"engagement\.full"):
            Qualifier(model=model)
        assert Qualifier(model=model, engagement=EngagementScale(full=50)).model == model


class TestQualify:
    """Qualifier.qualify: the weighted score and the decision."""

    def test_article_case(self) -> None:
        """The idle perfect-fit CEO scores below the engaged reasonable-fit manager."""
        ceo, manager = FULL.qualify(CEO, AS_OF), FULL.qualify(MANAGER, AS_OF)
        assert ceo.part("fit").score == 100
        fit = manager.part("fit").score
        assert fit is not None
        assert fit < 100
        assert ceo.score < manager.score
        assert manager.part("engagement").score == 50

    def test_need_and_authority_without_budget(self) -> None:
        """Strong Need + Authority, budget unknown: not disqualified, budget asked next."""
        lead = lq.Lead("na", answers={"need": "urgent", "authority": "decision_maker"})
        verdict = FULL.qualify(lead, AS_OF)
        assert verdict.decision is not Decision.DISQUALIFY
        assert verdict.stage is not lq.Stage.DISQUALIFIED
        assert verdict.part("framework").score == 100
        assert verdict.questions[0].key == "budget"
        assert "budget" in verdict.next_questions("en")[0].lower()
        assert "budget" in verdict.next_questions("nl")[0].lower()

    def test_need_authority_and_demo_call_now(self) -> None:
        """Add a demo request to strong Need + Authority and the rep should call."""
        lead = lq.Lead(
            "nad",
            answers={"need": "urgent", "authority": "decision_maker"},
            events=(lq.Event("demo_requested", dt.datetime(2026, 11, 21, 13, tzinfo=dt.UTC)),),
        )
        verdict = Qualifier(model=lq.starter_model(), framework=BANT).qualify(lead, AS_OF)
        assert verdict.decision is Decision.CALL_NOW
        assert verdict.stage is lq.Stage.SQL

    @pytest.mark.parametrize(
        ("lead", "en", "nl"),
        [
            (
                lq.Lead("comp", email="spy@rival.nl"),
                "Competitor or excluded domain (rival.nl)",
                "Concurrent of uitgesloten domein (rival.nl)",
            ),
            (
                lq.Lead("stud", job_title="Student", events=MANAGER.events),
                "Seniority (Student or intern)",
                "Senioriteit (Student of stagiair)",
            ),
        ],
    )
    def test_icp_knock_out(self, lead: lq.Lead, en: str, nl: str) -> None:
        """An ICP knock-out disqualifies, with its reason in English and Dutch."""
        verdict = FULL.qualify(lead, AS_OF)
        assert verdict.decision is Decision.DISQUALIFY
        assert verdict.stage is lq.Stage.DISQUALIFIED
        assert [k.source for k in verdict.knock_outs] == ["icp"]
        assert en in verdict.knock_outs[0].describe("en")
        assert nl in verdict.knock_outs[0].describe("nl")
        assert en in verdict.reasons("en")[0]
        assert nl in verdict.reasons("nl")[0]
        assert nl in verdict.follow_up.describe("nl")

    def test_framework_knock_out(self) -> None:
        """An explicit "no" to a knock-out criterion disqualifies, naming the answer."""
        strict = attrs.evolve(BANT.criterion("budget"), knockout=True, veto=False)
        framework = attrs.evolve(BANT, criteria=(strict, *BANT.criteria[1:]))
        qualifier = Qualifier(model=lq.starter_model(), framework=framework)
        verdict = qualifier.qualify(lq.Lead("nb", answers={"budget": "none", "need": "urgent"}))
        assert verdict.decision is Decision.DISQUALIFY
        assert verdict.knock_outs[0].source == "framework"
        assert verdict.knock_outs[0].key == "budget"
        assert verdict.knock_outs[0].describe("nl") == (
            "Knock-out: bij BANT is Budget beantwoord met 'Geen budget'"
        )
        assert verdict.knock_outs[0].describe("en") == (
            "Knock-out: BANT Budget answered 'No budget'"
        )

    def test_no_budget_is_not_now(self) -> None:
        """BANT's explicit "no budget" is not now: nurture, not disqualified, no call."""
        answers = {"budget": "none", "need": "urgent", "authority": "decision_maker"}
        verdict = FULL.qualify(lq.Lead("nb", answers=answers, events=MANAGER.events), AS_OF)
        assert (verdict.decision, verdict.knock_outs) == (Decision.NURTURE, ())
        assert verdict.stage is lq.Stage.MQL
        assert verdict.reasons("nl")[0] == (
            "Nu even niet: bij BANT is Budget beantwoord met 'Geen budget'; in de nurture-flow "
            "tot dat verandert, niet bellen"
        )

    @pytest.mark.parametrize("framework", BUILT_INS, ids=lambda fw: fw.name)
    def test_no_need_is_never_a_call(self, framework: Framework) -> None:
        """An explicit "no need" is not a call, however good the rest and the events.

        Everything else at its best and a demo request: still nurture, not an SQL,
        and not disqualified either (needs change; people record "lost").
        """
        (key,) = {"need", "pain", "challenges"} & set(framework.keys)
        answers = {**dict.fromkeys(framework.keys, True), key: "none"}
        at = dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC)
        demos = tuple(lq.Event("demo_requested", at) for _ in range(4))
        for qualifier in (
            Qualifier(framework=framework),
            Qualifier(model=lq.starter_model(), icp=ARTICLE_ICP, framework=framework),
        ):
            verdict = qualifier.qualify(lq.Lead("x", answers=answers, events=demos), AS_OF)
            assert verdict.decision is Decision.NURTURE
            assert verdict.stage is not lq.Stage.SQL
            assert verdict.reasons("en")[0].startswith("Not now: ")

    def test_model_knock_out(self) -> None:
        """A knock-out rule of the scoring model disqualifies too."""
        model = ScoringModel(
            [Rule("rival", 0, when=lq.scoring.Equals("company.name", "Rival"), knock_out=True)]
        )
        lead = lq.Lead("r", company=lq.Company(name="Rival"))
        verdict = Qualifier(model=model).qualify(lead)
        assert verdict.decision is Decision.DISQUALIFY
        assert verdict.knock_outs[0].source == "model"
        assert "rival" in verdict.reasons("en")[0]

    def test_no_data_is_low_confidence_not_a_bad_verdict(self) -> None:
        """A lead with no data: unknown parts left out, low confidence, research first."""
        verdict = FULL.qualify(lq.Lead("empty"), AS_OF)
        assert verdict.confidence <= 0.25
        assert verdict.decision is Decision.RESEARCH
        assert verdict.stage is lq.Stage.NEW
        assert verdict.part("fit").score is None
        assert verdict.part("framework").score is None
        assert verdict.part("fit").contribution == 0
        assert not verdict.knock_outs

    def test_unknown_is_not_zero(self) -> None:
        """Unknown fit does not pull the score down: it is left out of the average."""
        lead = lq.Lead("x", events=MANAGER.events)
        with_icp = FULL.qualify(lead, AS_OF)
        without_icp = Qualifier(model=lq.starter_model(), framework=BANT).qualify(lead, AS_OF)
        assert with_icp.score == without_icp.score == 50

    def test_model_sql_calls_now(self) -> None:
        """Reaching the model's SQL threshold is an SQL whatever the weighted score."""
        at = dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC)
        demos = tuple(lq.Event("demo_requested", at) for _ in range(4))
        verdict = FULL.qualify(lq.Lead("hot", events=demos), AS_OF)
        assert verdict.decision is Decision.CALL_NOW
        assert verdict.points == 100
        assert "SQL threshold" in verdict.reasons("en")[0]

    def test_framework_passed_calls_now(self) -> None:
        """A framework that passed (BANT 3 of 4 met) makes an SQL."""
        answers = {"budget": "approved", "authority": "decision_maker", "need": "urgent"}
        verdict = Qualifier(framework=BANT).qualify(lq.Lead("b", answers=answers))
        assert verdict.decision is Decision.CALL_NOW
        assert verdict.reasons("nl")[0].startswith("BANT gekwalificeerd")

    def test_policy_cuts(self) -> None:
        """The cuts decide between SQL, MQL and new; never "lost"."""
        lead = lq.Lead("na", answers={"need": 0.5, "authority": 0.5})
        only = Qualifier(framework=BANT, policy=Policy(sql=60, mql=55))
        assert only.qualify(lead).score == 50
        assert only.qualify(lead).stage is lq.Stage.NEW
        assert only.qualify(lead).decision is Decision.NURTURE
        assert only.qualify(lead).follow_up.track == "awareness"
        lower = Qualifier(framework=BANT, policy=Policy(sql=60, mql=50))
        assert lower.qualify(lead).stage is lq.Stage.MQL
        assert lower.qualify(lead).follow_up.track == "consideration"
        lowest = Qualifier(framework=BANT, policy=Policy(sql=50, mql=50))
        assert lowest.qualify(lead).decision is Decision.CALL_NOW

    def test_demo_request_calls_now(self) -> None:
        """A demo request is buying intent: an SQL to call now, even on little data."""
        verdict = FULL.qualify(lq.Lead("d", events=MANAGER.events[-1:]), AS_OF)
        assert (verdict.decision, verdict.stage) == (Decision.CALL_NOW, lq.Stage.SQL)
        assert verdict.confidence < Policy().min_confidence
        assert verdict.reasons("en")[0] == "Showed buying intent: requested a demo"
        assert verdict.reasons("nl")[0] == "Koopintentie getoond: vroeg een demo aan"
        assert verdict.follow_up.within_minutes == 60

    def test_pricing_request_calls_now(self) -> None:
        """A pricing request is buying intent too; each kind is named once."""
        at = dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC)
        events = (lq.Event("pricing_requested", at),) * 2 + (lq.Event("demo_requested", at),)
        verdict = Qualifier(framework=BANT).qualify(lq.Lead("p", events=events), AS_OF)
        assert verdict.decision is Decision.CALL_NOW
        assert verdict.reasons("en")[0] == (
            "Showed buying intent: asked for pricing and requested a demo"
        )

    def test_intent_events_configurable(self) -> None:
        """The policy names the intent events; none turns the rule off."""
        at = dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC)
        demo = lq.Lead("d", events=(lq.Event("demo_requested", at),))
        trial = lq.Lead("t", events=(lq.Event("trial_started", at),))
        off = Qualifier(model=lq.starter_model(), policy=Policy(intent_events=()))
        assert off.qualify(demo, AS_OF).decision is Decision.NURTURE
        custom = Qualifier(
            model=lq.starter_model(), policy=Policy(intent_events=("trial_started",))
        )
        verdict = custom.qualify(trial, AS_OF)
        assert verdict.decision is Decision.CALL_NOW
        assert verdict.reasons("nl")[0] == "Koopintentie getoond: trial started"
        assert custom.qualify(demo, AS_OF).decision is Decision.NURTURE

    def test_intent_after_as_of_ignored(self) -> None:
        """A demo requested after as_of has not happened yet."""
        lead = lq.Lead("d", events=MANAGER.events[-1:])
        verdict = FULL.qualify(lead, "2026-11-21T14:00:00+01:00")
        assert verdict.decision is not Decision.CALL_NOW

    def test_knock_out_beats_intent(self) -> None:
        """A student who requested a demo is still disqualified."""
        lead = lq.Lead("s", job_title="Student", events=MANAGER.events)
        verdict = FULL.qualify(lead, AS_OF)
        assert verdict.decision is Decision.DISQUALIFY
        assert verdict.opening_line() is None

    def test_model_mql(self) -> None:
        """The model's MQL threshold makes an MQL even below the weighted MQL cut."""
        at = dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC)
        lead = lq.Lead("m", events=(lq.Event("demo_requested", at),) * 2)
        policy = Policy(mql=60, intent_events=())
        verdict = Qualifier(model=lq.starter_model(), policy=policy).qualify(lead)
        assert verdict.stage is lq.Stage.MQL
        assert "MQL threshold" in verdict.reasons("en")[0]

    def test_engagement_scale(self) -> None:
        """Engagement is points over ``full`` (default the SQL threshold), capped at 100."""
        at = dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC)
        lead = lq.Lead("e", events=(lq.Event("demo_requested", at),) * 2)
        assert Qualifier(model=lq.starter_model()).qualify(lead).score == 50
        scaled = Qualifier(model=lq.starter_model(), engagement=EngagementScale(full=40))
        assert scaled.qualify(lead).score == 100

    def test_engagement_group(self) -> None:
        """Another group can serve as engagement."""
        model = ScoringModel(
            [Rule("demo", 50, event=EventMatch("demo_requested"), group="intent")],
            groups=(Group("fit"), Group("intent")),
        )
        at = dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC)
        lead = lq.Lead("e", events=(lq.Event("demo_requested", at),))
        qualifier = Qualifier(model=model, engagement=EngagementScale(group="intent"))
        assert qualifier.qualify(lead).score == 50

    def test_bad_as_of(self) -> None:
        """A naive as_of is a TimestampError naming as_of."""
        with pytest.raises(lq.TimestampError, match=r"^as_of: "):
            FULL.qualify(CEO, "2026-11-21T14:30:00")

    def test_deterministic(self) -> None:
        """Same lead, same as_of: the same JSON, byte for byte."""
        first = json.dumps(lq.unstructure(FULL.qualify(MANAGER, AS_OF)), sort_keys=False)
        second = json.dumps(lq.unstructure(FULL.qualify(MANAGER, AS_OF)), sort_keys=False)
        assert first == second

    @given(lead=leads(), weights=st.builds(Weights, *[st.integers(0, 5)] * 3))
    def test_parts_add_up_exactly(self, lead: lq.Lead, weights: Weights) -> None:
        """The contributions add up exactly to the score, which stays within 0-100."""
        if weights.fit + weights.engagement + weights.framework == 0:
            weights = Weights()
        qualifier = Qualifier(lq.starter_model(), ARTICLE_ICP, BANT, weights=weights)
        verdict = qualifier.qualify(lead, "2027-01-01T00:00:00+00:00")
        assert sum(part.contribution for part in verdict.parts) == verdict.score
        assert 0 <= verdict.score <= 100
        assert all(part.contribution >= 0 for part in verdict.parts)
        assert 0 <= verdict.confidence <= 1
        assert all(
            part.contribution * 1024 == int(part.contribution * 1024) for part in verdict.parts
        )

    @given(lead=leads())
    def test_same_output_for_the_same_input(self, lead: lq.Lead) -> None:
        """Qualifying twice gives identical JSON, and the events' order does not matter."""
        as_of = "2027-01-01T00:00:00+00:00"
        first = json.dumps(lq.unstructure(FULL.qualify(lead, as_of)))
        assert json.dumps(lq.unstructure(FULL.qualify(lead, as_of))) == first
        shuffled = lq.Lead(
            lead.id,
            email=lead.email,
            job_title=lead.job_title,
            company=lead.company,
            events=tuple(reversed(lead.events)),
            attributes=lead.attributes,
        )
        again = FULL.qualify(shuffled, as_of)
        assert again.score == FULL.qualify(lead, as_of).score
