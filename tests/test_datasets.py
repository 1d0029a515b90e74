"""Tests for leadqual.datasets: the synthetic lead generator and the bundled sample."""

from __future__ import annotations

import collections
import datetime as dt
import importlib.resources
import io
import random
import statistics

import pytest

import leadqual as lq
from leadqual.datasets import (
    AMSTERDAM,
    DEFAULT_AS_OF,
    SyntheticLead,
    build_sample,
    generate,
    generate_leads,
    sample_leads,
)
from leadqual.io import load_leads, write_leads

FREE_MAIL = {"gmail.com", "hotmail.com", "ziggo.nl", "kpnmail.nl", "planet.nl", "home.nl"}


@pytest.fixture(scope="module")
def population() -> list[SyntheticLead]:
    """Enough leads for stable proportions, generated once for the module."""
    return list(generate(4000, seed=11))


class TestGenerate:
    """generate / generate_leads: deterministic, realistic, with signal."""

    def test_same_seed_same_leads(self) -> None:
        """The same arguments give equal leads; another seed gives other leads."""
        assert list(generate(50, seed=5)) == list(generate(50, seed=5))
        assert list(generate_leads(50, seed=5)) != list(generate_leads(50, seed=6))

    def test_prefix_does_not_depend_on_n(self) -> None:
        """The first k leads are the same whether 10 or 100 are asked for."""
        assert list(generate(10, seed=3)) == list(generate(100, seed=3))[:10]

    def test_independent_of_global_random_state(self) -> None:
        """The global random module neither influences nor is disturbed by generation."""
        random.seed(1)
        first = list(generate_leads(20, seed=2))
        state = random.getstate()
        random.seed(99)
        second = list(generate_leads(20, seed=2))
        random.seed(1)
        list(generate_leads(20, seed=2))
        assert first == second
        assert random.getstate() == state

    def test_times_are_aware_and_within_the_window(self, population: list[SyntheticLead]) -> None:
        """Leads were created in the 180 days before as_of; events fall between the two."""
        for item in population:
            lead = item.lead
            assert lead.created_at is not None
            assert DEFAULT_AS_OF - dt.timedelta(days=181) <= lead.created_at < DEFAULT_AS_OF
            for event in lead.events:
                assert lead.created_at <= event.at < DEFAULT_AS_OF
                assert event.at.tzinfo is AMSTERDAM

    def test_mostly_business_hours(self, population: list[SyntheticLead]) -> None:
        """Most events happen on weekdays between 8:00 and 18:00 in Amsterdam."""
        stamps = [event.at for item in population for event in item.lead.events]
        working = [at for at in stamps if at.weekday() < 5 and 8 <= at.hour < 18]
        assert 0.8 < len(working) / len(stamps) < 0.97

    def test_countries_and_languages(self, population: list[SyntheticLead]) -> None:
        """Dutch companies dominate, Belgian ones follow; titles come in Dutch and English."""
        countries = collections.Counter(item.lead.company.country for item in population)
        ranked = [code for code, _ in countries.most_common() if code is not None]
        assert ranked[:2] == ["NL", "BE"]
        assert {"DE", "GB", "FR", "US"} <= set(ranked)
        titles = {item.lead.job_title for item in population}
        assert {"CEO", "Directeur", "Eigenaar", "Inkoper", "Hoofd Inkoop", "Student"} <= titles
        assert {"Operations Manager", "Marketing Specialist", "Stagiair"} <= titles
        names = [item.lead.company.name or "" for item in population]
        assert any(name.endswith(" B.V.") for name in names)

    def test_companies(self, population: list[SyntheticLead]) -> None:
        """Sizes span 1 to 50,000 (log-normal), revenue grows with size, SBI codes present."""
        companies = [item.lead.company for item in population]
        sizes = [c.employees for c in companies if c.employees is not None]
        assert min(sizes) >= 1
        assert max(sizes) <= 50_000
        assert statistics.median(sizes) < statistics.mean(sizes)  # a long right tail
        small = [c.annual_revenue for c in companies if c.annual_revenue and c.employees == 5]
        large = [
            c.annual_revenue for c in companies if c.annual_revenue and (c.employees or 0) > 500
        ]
        assert statistics.median(large) > 20 * statistics.median(small)
        assert {"software", "manufacturing", "logistics", "government"} <= {
            c.industry for c in companies
        }
        assert ("manufacturing", "25.62") in {(c.industry, c.industry_code) for c in companies}
        assert any(c == lq.Company() for c in companies)  # some leads have no company data

    def test_emails_domains_and_free_mail(self, population: list[SyntheticLead]) -> None:
        """Business addresses use the company domain; some use (Dutch) free providers."""
        leads = [item.lead for item in population]
        domains = collections.Counter(lead.email_domain for lead in leads)
        assert set(domains) >= FREE_MAIL
        business = [
            lead for lead in leads if lead.company.domain and lead.email_domain not in FREE_MAIL
        ]
        matching = [lead for lead in business if lead.email_domain == lead.company.domain]
        assert len(matching) > 0.6 * len(business)

    def test_events_and_answers(self, population: list[SyntheticLead]) -> None:
        """All standard event types occur, some with ids and duplicates; BANT answers too."""
        events = [event for item in population for event in item.lead.events]
        assert {event.type for event in events} == {
            "page_view", "content_download", "webinar_registered", "demo_requested",
            "pricing_requested", "email_open", "email_click", "form_submitted",
        }  # fmt: skip
        urls = {str(event.properties.get("url")) for event in events}
        assert {"/", "/pricing"} <= urls
        assert any(url.startswith("/blog/") for url in urls)
        assert any(url.startswith("/cases/") for url in urls)
        kinds = {event.properties.get("content_type") for event in events}
        assert {"case_study", "whitepaper", "ebook", "checklist"} <= kinds
        ids = collections.Counter(event.id for event in events if event.id is not None)
        assert ids
        assert any(count > 1 for count in ids.values())
        answered = [item.lead.answers for item in population if item.lead.answers]
        assert 0.05 < len(answered) / len(population) < 0.5
        budgets = {answers.get("budget") for answers in answered}
        assert {"approved", "allocated", "planned", "none"} <= budgets

    def test_behaviour_carries_signal(self, population: list[SyntheticLead]) -> None:
        """About 13% convert, and converters do more: more events, more demo requests."""
        rate = statistics.mean(item.converted for item in population)
        assert 0.08 < rate < 0.2

        def demo(item: SyntheticLead) -> bool:
            return any(event.type == "demo_requested" for event in item.lead.events)

        won = [item for item in population if item.converted]
        lost = [item for item in population if not item.converted]
        assert statistics.mean(map(demo, won)) > 1.5 * statistics.mean(map(demo, lost))
        assert statistics.mean(len(i.lead.events) for i in won) > statistics.mean(
            len(i.lead.events) for i in lost
        )
        assert statistics.mean(i.propensity for i in won) > statistics.mean(
            i.propensity for i in lost
        )

    def test_events_per_lead(self) -> None:
        """events_per_lead sets the average number of events."""
        for wanted in (4, 20):
            leads = list(generate_leads(1500, seed=1, events_per_lead=wanted))
            mean = statistics.mean(len(lead.events) for lead in leads)
            assert wanted * 0.85 < mean < wanted * 1.25, (wanted, mean)

    def test_options(self) -> None:
        """as_of and id_prefix shape the data; bad arguments are refused."""
        as_of = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
        lead = next(generate_leads(1, as_of=as_of, id_prefix="X-"))
        assert lead.id == "X-000001"
        assert lead.created_at is not None
        assert lead.created_at < as_of
        with pytest.raises(ValueError, match="timezone-aware"):
            generate(1, as_of=dt.datetime(2025, 3, 1))  # noqa: DTZ001 - the point of the test
        with pytest.raises(ValueError, match="of at least 0"):
            generate(-1)

    def test_generated_leads_survive_a_file(self) -> None:
        """Generated leads are valid data: written and read back they are equal."""
        leads = list(generate_leads(200, seed=4))
        out = io.StringIO()
        write_leads(leads, out)
        out.seek(0)
        assert list(load_leads(out, format="jsonl")) == leads


class TestSampleLeads:
    """sample_leads / build_sample: the bundled demo sample."""

    def test_bundled_file_is_what_the_code_builds(self) -> None:
        """The file in the package is exactly build_sample() written out: it cannot rot.

        If this fails after a change to the generator, run scripts/make_sample.py.
        """
        bundled = importlib.resources.files("leadqual").joinpath("data/sample_leads.jsonl")
        out = io.StringIO()
        write_leads(build_sample(), out)
        assert bundled.read_text(encoding="utf-8") == out.getvalue()
        assert sample_leads() == build_sample()

    def test_article_cases(self) -> None:
        """The four illustrative cases of the article are in the sample."""
        by_id = {lead.id: lead for lead in sample_leads()}
        ceo = by_id["L-1001"]
        assert ceo.job_title == "CEO"
        assert ceo.company.employees == 2500
        assert [(e.type, e.properties.get("url")) for e in ceo.events] == [("page_view", "/")]
        manager = by_id["L-1042"]
        assert manager.job_title == "Operations Manager"
        assert (manager.company.employees, manager.company.country) == (180, "NL")
        assert manager.company.industry == "manufacturing"
        done = {
            (e.type, e.properties.get("url") or e.properties.get("content_type"))
            for e in manager.events
        }
        assert {("page_view", "/pricing"), ("content_download", "case_study")} <= done
        assert ("demo_requested", None) in done
        student = by_id["L-1077"]
        assert student.job_title == "Student"
        assert student.email_domain == "gmail.com"
        assert student.events == ()
        assert student.company == lq.Company()
        assert by_id["L-1100"].company == lq.Company()

    def test_size_and_unique_ids(self) -> None:
        """About forty leads with unique ids, so the demo fits on a screen."""
        leads = sample_leads()
        assert 30 <= len(leads) <= 50
        assert len({lead.id for lead in leads}) == len(leads)
