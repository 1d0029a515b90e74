"""Found trying the verdict as a new user would: MQLs, negative engagement, follow-up."""

from __future__ import annotations

import datetime as dt

import leadqual as lq
from leadqual.frameworks import BANT
from leadqual.icp import ICP, CompanySize, ExcludeDomains, Geography, IndustryCriterion
from leadqual.scoring import EventMatch, Rule, ScoringModel, Thresholds
from leadqual.verdict import Decision, Qualifier

AS_OF = "2026-12-01T10:00:00+01:00"
ICP_ = ICP(
    criteria=(
        CompanySize(min_employees=50),
        IndustryCriterion(industries=("software",)),
        Geography(regions=("benelux",)),
    )
)
PERFECT = {"employees": 500, "industry": "software", "country": "NL"}


def lead(*events: tuple[str, str], **fields: object) -> lq.Lead:
    """A lead with (type, at) events."""
    return lq.Lead.from_mapping(
        {"id": "L-1", "events": [{"type": t, "at": at} for t, at in events], **fields}
    )


class TestInterest:
    """A perfect fit that did nothing is not an MQL."""

    def test_fit_alone_is_not_an_mql(self) -> None:
        """Perfect ICP fit, zero engagement: NEW, with the reason said."""
        qualifier = Qualifier(model=lq.starter_model(), icp=ICP_)
        verdict = qualifier.qualify(lead(company=PERFECT), AS_OF)
        assert verdict.part("fit").score == 100
        assert verdict.stage is lq.Stage.NEW
        assert "a good fit alone is not an MQL" in verdict.reasons()[0]
        assert "alleen een goede fit is geen MQL" in verdict.reasons("nl")[0]

    def test_fit_and_some_engagement_is_an_mql(self) -> None:
        """The same fit with a blog read is an MQL."""
        qualifier = Qualifier(model=lq.starter_model(), icp=ICP_)
        views = [
            {
                "type": "page_view",
                "at": "2026-11-30T10:00:00+01:00",
                "properties": {"url": "/blog/a"},
            }
        ]
        verdict = qualifier.qualify(
            lq.Lead.from_mapping({"id": "L-1", "company": PERFECT, "events": views}), AS_OF
        )
        assert verdict.stage is lq.Stage.MQL


class TestNegativeEngagement:
    """Negative engagement lowers the verdict."""

    def test_lowers_the_score(self) -> None:
        """An unsubscribe scores below no engagement at all; the score stays >= 0."""
        model = ScoringModel(
            [
                Rule("webinar", 40, event=EventMatch("webinar_registered")),
                Rule("unsubscribed", -60, event=EventMatch("unsubscribed")),
            ],
            thresholds=Thresholds(sql=100, mql=40),
        )
        qualifier = Qualifier(model=model, icp=ICP_)
        webinar = ("webinar_registered", "2026-11-30T10:00:00+01:00")
        unsubscribed = ("unsubscribed", "2026-11-30T11:00:00+01:00")
        plain = qualifier.qualify(lead(company=PERFECT), AS_OF)
        negative = qualifier.qualify(lead(webinar, unsubscribed, company=PERFECT), AS_OF)
        assert negative.part("engagement").score == -20
        assert 0 <= negative.score < plain.score
        assert sum(part.contribution for part in negative.parts) == negative.score
        only = Qualifier(model=model).qualify(lead(unsubscribed), AS_OF)
        assert only.score == 0
        assert sum(part.contribution for part in only.parts) == 0


class TestFollowUp:
    """The follow-up runs from the crossing event."""

    def test_due_from_the_crossing(self) -> None:
        """A demo request from ten days ago is overdue, not 'within 60 minutes' from now."""
        qualifier = Qualifier(model=lq.starter_model())
        verdict = qualifier.qualify(lead(("demo_requested", "2026-11-21T14:02:00+01:00")), AS_OF)
        assert verdict.follow_up.since == dt.datetime.fromisoformat("2026-11-21T14:02:00+01:00")
        assert verdict.follow_up.due == dt.datetime.fromisoformat("2026-11-21T15:02:00+01:00")
        assert verdict.overdue
        assert verdict.follow_up.task.get("en").startswith("Overdue: call this lead at once")

    def test_crossing_is_the_event_that_crossed(self) -> None:
        """Points that add up: the event that took the model over 100 is the crossing."""
        model = lq.starter_model()
        events = [("content_download", f"2026-11-2{d}T10:00:00+01:00") for d in range(1, 4)]
        views = [
            {
                "type": "page_view",
                "at": f"2026-11-2{d}T09:00:00+01:00",
                "properties": {"url": "/pricing"},
            }
            for d in range(1, 8)
        ]
        data = {"id": "L-1", "events": views + [{"type": t, "at": at} for t, at in events]}
        verdict = Qualifier(model=model, policy=lq.verdict.Policy(intent_events=())).qualify(
            lq.Lead.from_mapping(data), "2026-11-30T10:00:00+01:00"
        )
        assert verdict.decision is Decision.CALL_NOW
        assert verdict.follow_up.since == dt.datetime.fromisoformat("2026-11-25T09:00:00+01:00")

    def test_not_overdue_within_the_hour(self) -> None:
        """Qualified within the hour of the crossing: not overdue."""
        verdict = Qualifier(model=lq.starter_model()).qualify(
            lead(("demo_requested", "2026-12-01T09:30:00+01:00")), AS_OF
        )
        assert not verdict.overdue
        assert verdict.follow_up.task.get("nl").startswith("Laat het de eigenaar direct weten")


class TestAcceptance:
    """The issue's acceptance cases for the verdict."""

    def test_budget_not_yet_approved(self) -> None:
        """Budget not approved, urgent need, decision maker: no disqualification; ask budget."""
        answers = {
            "budget": "allocated",
            "need": "urgent",
            "authority": "decision_maker",
            "timeline": "within_3_months",
        }
        verdict = Qualifier(model=lq.starter_model(), framework=BANT).qualify(
            lead(answers=answers), AS_OF
        )
        assert verdict.decision is Decision.CALL_NOW
        assert verdict.questions[0].key == "budget"
        assert verdict.next_questions()[0] == (
            "Has that budget been formally approved, or does it still need sign-off?"
        )
        assert verdict.next_questions("nl")[0].startswith("Is dat budget formeel goedgekeurd")

    def test_disqualified_gets_no_questions(self) -> None:
        """A knocked-out lead gets no questions and no opening line."""
        icp = ICP(criteria=ICP_.criteria, exclusions=(ExcludeDomains(domains=("rival.nl",)),))
        verdict = Qualifier(model=lq.starter_model(), icp=icp, framework=BANT).qualify(
            lead(("demo_requested", "2026-12-01T09:30:00+01:00"), email="x@rival.nl"), AS_OF
        )
        assert verdict.decision is Decision.DISQUALIFY
        assert verdict.questions == ()
        assert verdict.opening_line() is None
