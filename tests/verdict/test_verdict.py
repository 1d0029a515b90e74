"""Tests for ``leadqual.verdict._verdict``: what a verdict says and how it serializes."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest

import leadqual as lq
from leadqual.frameworks import BANT
from leadqual.icp import ICP, ExcludeSeniority, Geography
from leadqual.verdict import Decision, FollowUp, Policy, Qualifier, SignalPatterns
from leadqual.verdict._verdict import signal_kind

AS_OF = "2026-11-21T14:30:00+01:00"
QUALIFIER = Qualifier(model=lq.starter_model(), framework=BANT)
AT = dt.datetime(2026, 11, 20, 9, 12, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def lead(*events: lq.Event, **fields: object) -> lq.Lead:
    """A lead with these events and fields."""
    return lq.Lead("L-1", events=events, **fields)  # type: ignore[arg-type]


def view(url: str, at: dt.datetime = AT) -> lq.Event:
    """A page view of ``url``."""
    return lq.Event("page_view", at, {"url": url})


DEMO = lq.Event("demo_requested", AT + dt.timedelta(days=1))
CASE = lq.Event("content_download", AT, {"content_type": "case_study", "topic": "manufacturing"})


class TestDecision:
    """Decision: labels in both languages."""

    def test_labels(self) -> None:
        """Every decision has an English and a Dutch label."""
        assert {d.label("en") for d in Decision} == {
            "call now",
            "nurture",
            "research first",
            "disqualify",
        }
        assert Decision.RESEARCH.label("nl") == "eerst uitzoeken"


class TestVerdict:
    """Verdict: reasons, questions, explain, JSON."""

    def test_reasons_in_both_languages(self) -> None:
        """The same reasons exist in English and Dutch, decision first."""
        verdict = QUALIFIER.qualify(lead(DEMO, view("/pricing")), AS_OF)
        en, nl = verdict.reasons("en"), verdict.reasons("nl")
        assert len(en) == len(nl) > 1
        assert "+25 demo requested" in en
        assert "+25 demo aangevraagd" in nl
        assert "BANT: nog geen antwoorden (niet meegeteld, niet als 0)" in nl

    def test_unknown_language(self) -> None:
        """Another language falls back to English, as every framework text does."""
        verdict = QUALIFIER.qualify(lead(DEMO, first_name="Anna"), AS_OF)
        assert verdict.reasons("fr") == verdict.reasons("en")
        assert verdict.opening_line("fr") == verdict.opening_line("en")
        assert verdict.explain("de") == verdict.explain("en")

    def test_part_lookup(self) -> None:
        """``part(name)`` finds a part; an unknown name is a KeyError."""
        verdict = QUALIFIER.qualify(lead(DEMO), AS_OF)
        assert verdict.part("engagement").score == 25
        assert verdict.part("framework").known is False
        with pytest.raises(KeyError, match="fit"):
            verdict.part("fit")

    def test_next_questions(self) -> None:
        """The framework's questions, in either language, limited on request."""
        verdict = QUALIFIER.qualify(lead(answers={"need": "urgent"}), AS_OF)
        assert len(verdict.next_questions("nl", limit=2)) == 2
        assert verdict.next_questions("en")[0] == verdict.questions[0].text.en

    def test_explain(self) -> None:
        """The explanation shows decision, parts, reasons, next step and opening line."""
        verdict = QUALIFIER.qualify(
            lead(DEMO, view("/pricing"), answers={"need": "urgent", "authority": "decision_maker"}),
            AS_OF,
        )
        text = verdict.explain("nl")
        assert text.splitlines()[0].startswith("L-1: nu bellen (Sales Qualified Lead (SQL))")
        # The demo request at 09:12 made it an SQL: by 14:30 the call is overdue.
        assert "Te laat: bel deze lead direct (over de grens op 21 november, 09:12 uur" in text
        assert "(uiterlijk 21 november, 10:12 uur)" in text
        assert verdict.overdue
        assert 'Openingszin: "Goedemiddag, ik zie dat u gisteren onze prijzen heeft bekeken' in text
        assert "Volgende vraag: Is er budget" in text
        english = verdict.explain("en")
        assert "BANT: 100 x " in english
        assert "Ask next: Is there a budget" in english

    def test_explain_unknown_part(self) -> None:
        """An unknown part is shown as left out."""
        assert "BANT: unknown, left out" in QUALIFIER.qualify(lead(), AS_OF).explain()

    def test_json(self) -> None:
        """A verdict unstructures to plain JSON: enums as values, times as ISO strings."""
        verdict = QUALIFIER.qualify(lead(DEMO, CASE, first_name="Marieke"), AS_OF)
        data = json.loads(json.dumps(lq.unstructure(verdict)))
        assert data["decision"] == "call_now"
        assert data["stage"] == "sql"
        assert data["as_of"] == "2026-11-21T14:30:00+01:00"
        assert data["parts"][0]["label"] == {"en": "Engagement", "nl": "Engagement"}
        assert data["signals"][0]["type"] == "demo_requested"
        assert lq.structure(data, type(verdict)) == verdict


class TestFollowUp:
    """FollowUp: the speed-to-lead deadline and the nurture track."""

    def test_call_within_the_hour(self) -> None:
        """An SQL: notify at once, call within 60 minutes of as_of."""
        answers = {"budget": "approved", "authority": "decision_maker", "need": "urgent"}
        verdict = QUALIFIER.qualify(lead(DEMO, answers=answers), AS_OF)
        follow_up = verdict.follow_up
        assert verdict.decision is Decision.CALL_NOW
        assert follow_up.notify
        assert follow_up.within == dt.timedelta(minutes=60)
        assert follow_up.due == dt.datetime.fromisoformat(AS_OF) + dt.timedelta(hours=1)
        assert follow_up.describe("en").startswith("Notify the owner now and call this lead")

    def test_no_due_without_as_of(self) -> None:
        """Without as_of there is a period but no due time: the clock is never read."""
        answers = {"budget": "approved", "authority": "decision_maker", "need": "urgent"}
        follow_up = QUALIFIER.qualify(lead(answers=answers)).follow_up
        assert follow_up.within_minutes == 60
        assert follow_up.due is None

    def test_nurture_track(self) -> None:
        """A nurtured lead gets a track and no deadline."""
        at = dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC)
        verdict = Qualifier(model=lq.starter_model(), policy=Policy(intent_events=())).qualify(
            lead(*(lq.Event("demo_requested", at),) * 2), AS_OF
        )
        assert verdict.decision is Decision.NURTURE
        assert verdict.follow_up == FollowUp(verdict.follow_up.task, track="consideration")
        assert verdict.follow_up.within is None
        assert "'overweging'" in verdict.follow_up.describe("nl")


class TestOpeningLine:
    """Verdict.opening_line: personal, from known facts only."""

    def test_article_example(self) -> None:
        """Pricing yesterday, a demo today: each fact has its own time, in order."""
        verdict = QUALIFIER.qualify(lead(view("/pricing"), DEMO), AS_OF)
        assert verdict.opening_line("en") == (
            "Good afternoon, I see that yesterday you looked at our pricing, "
            "and today you asked for a demo."
        )
        assert verdict.opening_line("nl") == (
            "Goedemiddag, ik zie dat u gisteren onze prijzen heeft bekeken "
            "en vandaag een demo heeft aangevraagd."
        )

    def test_article_lead_names_the_case_study_topic(self) -> None:
        """SPEC's lead (pricing page, case study on manufacturing, demo): the topic is named."""
        case = lq.Event(
            "content_download",
            AT,
            {"content_type": "case_study", "topic": "efficiency in manufacturing"},
        )
        verdict = QUALIFIER.qualify(lead(view("/pricing"), case, DEMO), AS_OF)
        assert verdict.opening_line("en") == (
            "Good afternoon, I see that yesterday you downloaded our case study on efficiency "
            "in manufacturing, and today you asked for a demo."
        )
        assert verdict.opening_line("nl") == (
            "Goedemiddag, ik zie dat u gisteren onze klantcase over efficiency in manufacturing "
            "heeft gedownload en vandaag een demo heeft aangevraagd."
        )

    def test_pricing_tips_blog_is_no_pricing_visit(self) -> None:
        """/blog/pricing-tips is a blog post; /tarieven is a pricing page; both configurable."""
        verdict = QUALIFIER.qualify(lead(view("/blog/pricing-tips")), AS_OF)
        assert (
            verdict.opening_line("en") == "Good afternoon, I see that yesterday you read our blog."
        )
        custom = attrs.evolve(QUALIFIER, signals=SignalPatterns(pricing=("/kosten",)))
        assert custom.qualify(lead(view("/kosten")), AS_OF).signal_kinds == ("pricing_page",)
        assert custom.qualify(lead(view("/pricing")), AS_OF).signal_kinds == ()

    def test_greeting_in_the_leads_zone(self) -> None:
        """The greeting follows the lead's own clock (the offset of its events)."""
        tokyo = dt.timezone(dt.timedelta(hours=9))
        event = lq.Event("demo_requested", dt.datetime(2026, 11, 21, 20, 0, tzinfo=tokyo))
        verdict = QUALIFIER.qualify(lead(event), "2026-11-21T12:30:00+00:00")
        assert (verdict.opening_line("nl") or "").startswith("Goedenavond, ")
        assert (verdict.opening_line("en") or "").startswith("Good evening, ")

    def test_ebook_article(self) -> None:
        """Dutch possessives follow the noun: ons e-book, onze whitepaper."""
        ebook = lq.Event("content_download", AT, {"content_type": "ebook"})
        line = QUALIFIER.qualify(lead(ebook), AS_OF).opening_line("nl")
        assert line == "Goedemiddag, ik zie dat u gisteren ons e-book heeft gedownload."

    def test_case_study_topic_name_and_pain(self) -> None:
        """A download names its topic; a first name greets; a known pain point asks."""
        verdict = QUALIFIER.qualify(
            lead(CASE, first_name="Marieke", attributes={"pain_points": ["manual planning"]}),
            "2026-11-25T10:00:00+01:00",
        )
        assert verdict.opening_line("nl") == (
            "Goedemorgen Marieke, ik zie dat u 5 dagen geleden onze klantcase over "
            "industrie heeft gedownload. Is manual planning de uitdaging waar u nu mee "
            "bezig bent?"
        )
        assert verdict.opening_line("en") == (
            "Good morning Marieke, I see that 5 days ago you downloaded our case study on "
            "manufacturing. Is manual planning the challenge you are working on right now?"
        )

    def test_dates(self) -> None:
        """Older events, or no as_of, are named by date."""
        webinar = lq.Event("webinar_registered", AT)
        old = QUALIFIER.qualify(lead(webinar), "2026-12-20T10:00:00+01:00")
        assert (
            old.opening_line("nl")
            == "Goedemorgen, ik zie dat u zich op 20 november voor ons webinar heeft aangemeld."
        )
        assert QUALIFIER.qualify(lead(webinar)).opening_line("en") == (
            "Hello, I see that on 20 November you signed up for our webinar."
        )

    def test_nothing_specific(self) -> None:
        """No telling event: no line (a generic opener is what the rep should avoid)."""
        verdict = QUALIFIER.qualify(lead(view("/"), first_name="Kim"), AS_OF)
        assert verdict.opening_line("en") is None
        assert verdict.signals == ()

    def test_none_when_disqualified(self) -> None:
        """A disqualified lead gets no sales call, so no opening line either."""
        student = Qualifier(
            model=lq.starter_model(),
            icp=ICP(criteria=(Geography(regions=("benelux",)),), exclusions=(ExcludeSeniority(),)),
        )
        verdict = student.qualify(lead(DEMO, view("/pricing"), job_title="Student"), AS_OF)
        assert verdict.decision is Decision.DISQUALIFY
        assert verdict.signals
        assert verdict.opening_line("en") is None
        assert verdict.opening_line("nl") is None
        assert "Opening line" not in verdict.explain()

    def test_future_events_ignored(self) -> None:
        """Events after as_of are not mentioned."""
        verdict = QUALIFIER.qualify(lead(DEMO), "2026-11-20T10:00:00+01:00")
        assert verdict.opening_line() is None

    @pytest.mark.parametrize(
        ("event", "kind"),
        [
            (lq.Event("pricing_requested", AT), "pricing_request"),
            (lq.Event("form_submitted", AT), "form"),
            (view("/blog/why-crm"), "blog"),
            (view("/nl/prijzen"), "pricing_page"),
            (lq.Event("email_open", AT), None),
            (lq.Event("page_view", AT), None),
        ],
    )
    def test_signal_kinds(self, event: lq.Event, kind: str | None) -> None:
        """Which events are buying signals."""
        assert signal_kind(event) == kind

    def test_content_variants(self) -> None:
        """Titles are quoted, plain content types named, nothing is made up."""
        titled = lq.Event("content_download", AT, {"title": "ERP in 5 stappen"})
        plain = lq.Event("content_download", AT, {"content_type": "whitepaper"})
        bare = lq.Event("content_download", AT)
        lines = [QUALIFIER.qualify(lead(e)).opening_line("en") for e in (titled, plain, bare)]
        assert lines == [
            'Hello, I see that on 20 November you downloaded "ERP in 5 stappen".',
            "Hello, I see that on 20 November you downloaded our whitepaper.",
            "Hello, I see that on 20 November you downloaded our content.",
        ]


class TestEndsOfTheCalendar:
    """Timestamps near year 1 and year 9999."""

    def test_call_deadline_past_year_9999(self) -> None:
        """A demo in the calendar's last minute: no due time can exist, a TimestampError."""
        end = dt.datetime.max.replace(tzinfo=dt.UTC)
        last = lq.Event("demo_requested", end - dt.timedelta(minutes=1))
        with pytest.raises(lq.TimestampError, match=r"follow_up\.due: .* past the end of the"):
            QUALIFIER.qualify(lead(last), as_of=end)

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_event_on_the_first_day_in_a_far_zone_explains(self, lang: str) -> None:
        """An event at 0001-01-01 +23:59 has no date in UTC; the opening line still reads."""
        first = dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=23, minutes=59)))
        early = lq.Event("demo_requested", first)
        verdict = QUALIFIER.qualify(lead(early), as_of=AS_OF)
        assert verdict.explain(lang)
        line = verdict.opening_line(lang)
        assert line is not None
        assert ("1 januari" if lang == "nl" else "1 January") in line

    def test_knock_out_from_the_fit_part_of_the_model(self) -> None:
        """A knock-out that is no rule of the model (an ICP exclusion in its fit) is named."""
        from leadqual.scoring import FitPoints  # noqa: PLC0415

        profile = ICP(criteria=(Geography(regions=("benelux",)),), exclusions=(ExcludeSeniority(),))
        model = attrs.evolve(lq.starter_model(), fit=FitPoints(profile, 30))
        verdict = Qualifier(model=model).qualify(lead(DEMO, job_title="Student"), as_of=AS_OF)
        assert verdict.decision is Decision.DISQUALIFY
        assert verdict.explain("nl")


class TestUnparseableUrls:
    """A page view whose URL ``urlsplit`` refuses."""

    @pytest.mark.parametrize("url", ["http://[", "https://[x]/pricing"])
    def test_is_no_signal_and_no_crash(self, url: str) -> None:
        """The opening line and signals treat it as an unremarkable page, not a ValueError."""
        from leadqual.verdict._verdict import signal_kind  # noqa: PLC0415

        assert signal_kind(view(url)) is None
        verdict = Qualifier(framework=BANT).qualify(lead(view(url), DEMO), as_of=AS_OF)
        assert verdict.explain("nl")


class TestIgnoredFuture:
    """The verdict says how many events after as_of were ignored."""

    def test_counts_and_explains(self) -> None:
        """Two events after as_of: counted on the verdict and named in its explanation."""
        import datetime as dt  # noqa: PLC0415

        from leadqual import Event, Lead, Qualifier, starter_model  # noqa: PLC0415

        as_of = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
        lead = Lead(
            "L-1",
            events=(
                Event("demo_requested", as_of - dt.timedelta(hours=1)),
                Event("pricing_requested", as_of + dt.timedelta(minutes=1)),
                Event("webinar_registered", as_of + dt.timedelta(days=1)),
            ),
        )
        verdict = Qualifier(model=starter_model()).qualify(lead, as_of)
        assert verdict.ignored_future == 2
        assert "2 events after the scoring moment were ignored" in verdict.explain()
        assert "2 gebeurtenissen na het peilmoment zijn genegeerd" in verdict.explain("nl")
        assert Qualifier(model=starter_model()).qualify(lead).ignored_future == 0
