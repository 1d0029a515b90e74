"""The article's case: engagement outweighs a perfect profile that did nothing.

A CEO of a large software company (perfect fit) who only viewed the home page must rank
below a manager of a smaller manufacturer (reasonable fit) who viewed pricing,
downloaded a case study and requested a demo. The scoring engine owns the real model;
here a tiny hand-written combination (the starter points table plus up to 30 fit
points from ``icp.fit``) shows the ICP side delivers what it needs.
"""

from __future__ import annotations

import pytest

import leadqual as lq
from leadqual.icp import (
    ICP,
    CompanySize,
    ExcludeSeniority,
    Geography,
    Grade,
    IndustryCriterion,
    SeniorityCriterion,
)

ICP_ARTICLE = ICP(
    criteria=(
        CompanySize(min_employees=200, margin=0.5, weight=2),
        IndustryCriterion(industries=("software",)),
        Geography(regions=("benelux",)),
        SeniorityCriterion(
            levels=("owner", "c_level", "vp", "director"), near_levels=("head", "manager")
        ),
    ),
    exclusions=(ExcludeSeniority(),),
)

# The starter table of the article, by event.
STARTER = {"demo_requested": 25, "pricing": 15, "case_study": 10, "webinar_registered": 5}
FIT_POINTS = 30  # a fit group worth up to 30 points on top of engagement


def engagement(lead: lq.Lead) -> int:
    """Starter-table points for a lead's events (hand-written stand-in for the model)."""
    points = 0
    for event in lead.events:
        if event.type == "demo_requested":
            points += STARTER["demo_requested"]
        elif event.type == "page_view" and event.properties.get("url") == "/pricing":
            points += STARTER["pricing"]
        elif event.properties.get("content_type") == "case_study":
            points += STARTER["case_study"]
    return points


def total(lead: lq.Lead) -> float:
    """Fit points (from the ICP score, unknown counted neutral) plus engagement."""
    return FIT_POINTS * ICP_ARTICLE.fit(lead).estimate() / 100 + engagement(lead)


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
        "job_title": "Operations Manager",
        "company": {"employees": 180, "industry": "manufacturing", "country": "NL"},
        "events": [
            {"type": "page_view", "at": "2026-11-20T09:12:00+01:00",
             "properties": {"url": "/pricing"}},
            {"type": "content_download", "at": "2026-11-20T09:20:00+01:00",
             "properties": {"content_type": "case_study"}},
            {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"},
        ],
    }
)  # fmt: skip


class TestArticleCase:
    """Fit alone prefers the CEO; fit plus behaviour prefers the engaged manager."""

    def test_ceo_is_the_perfect_fit(self) -> None:
        """The CEO fits perfectly; the manager fits reasonably (near misses, grade B/C)."""
        ceo, manager = ICP_ARTICLE.fit(CEO), ICP_ARTICLE.fit(MANAGER)
        assert (ceo.score, ceo.grade) == (100.0, Grade.A)
        assert manager.score is not None
        assert 50 <= manager.score < 100
        assert manager.grade in {Grade.B, Grade.C}

    def test_engaged_manager_ranks_above_idle_ceo(self) -> None:
        """With fit points included, the manager's behaviour puts them on top."""
        assert total(MANAGER) > total(CEO)
        assert total(CEO) == pytest.approx(30.0)
        assert engagement(MANAGER) == 50

    def test_fit_points_are_not_ignored(self) -> None:
        """The same behaviour from a better-fitting lead scores higher: fit counts."""
        engaged_ceo = lq.Lead("ceo2", job_title="CEO", company=CEO.company, events=MANAGER.events)
        assert total(engaged_ceo) > total(MANAGER)
