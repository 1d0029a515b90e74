"""The article's case: engagement outweighs a perfect profile that did nothing.

A CEO of a large software company (perfect fit) who only viewed the home page must rank
below a manager of a smaller manufacturer (reasonable fit) who viewed pricing,
downloaded a case study and requested a demo. The model is the article's starter table
plus up to 30 fit points from the ICP (``FitPoints``), scored by the real engine.
"""

from __future__ import annotations

from pathlib import Path

import attrs

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
from leadqual.scoring import FitPoints

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

FIT_POINTS = 30  # a fit group worth up to 30 points on top of engagement
MODEL = attrs.evolve(lq.starter_model(), fit=FitPoints(ICP_ARTICLE, FIT_POINTS))
AS_OF = "2026-11-26T09:00:00+01:00"


def total(lead: lq.Lead) -> float:
    """The model's points for ``lead``."""
    return MODEL.score(lead, as_of=AS_OF).points


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
        assert total(CEO) == 30
        assert MODEL.score(MANAGER, as_of=AS_OF).engagement == 50

    def test_fit_points_in_the_ledger(self) -> None:
        """The fit contribution is one ledger entry with the ICP grade as evidence."""
        score = MODEL.score(CEO, as_of=AS_OF)
        (entry,) = [entry for entry in score.ledger if entry.rule == "icp_fit"]
        assert entry.points == 30
        assert entry.group == "fit"
        assert entry.evidence.value == {"grade": "A", "score": 100.0, "coverage": 1.0}
        assert score.icp_fit is not None
        assert score.icp_fit.grade is Grade.A
        assert sum(item.points for item in score.ledger) == score.points
        assert "fit met het ICP (ideaal klantprofiel)" in score.explain("nl")

    def test_knock_out_disqualifies(self) -> None:
        """An ICP exclusion (a student) disqualifies the lead whatever its points."""
        student = attrs.evolve(MANAGER, job_title="Student bedrijfskunde")
        score = MODEL.score(student, as_of=AS_OF)
        assert score.stage is lq.Stage.DISQUALIFIED
        assert score.knocked_out == ("icp_fit",)

    def test_model_with_fit_round_trips(self, tmp_path: Path) -> None:
        """A model with fit points is written and read back equal."""
        path = tmp_path / "model.toml"
        lq.dump_model(MODEL, path)
        assert lq.load_model(path) == MODEL

    def test_fit_points_are_not_ignored(self) -> None:
        """The same behaviour from a better-fitting lead scores higher: fit counts."""
        engaged_ceo = lq.Lead("ceo2", job_title="CEO", company=CEO.company, events=MANAGER.events)
        assert total(engaged_ceo) > total(MANAGER)
