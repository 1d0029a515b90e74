"""Fuzzing findings inside the scoring kernel, fixed by issue 16's rewrite; kept as regressions.

A test still marked strict xfail names a finding the kernel has not fixed yet: when it
passes, the strict mark fails the run, and whoever fixed it removes the mark. Outside scoring
the CLI already turns each of these into one rejected row (see ``TestScoreFailures``).
"""

from __future__ import annotations

import contextlib

import attrs
import pytest

import leadqual as lq
from leadqual.scoring import Rule
from leadqual.scoring._conditions import AllOf, Condition, Equals, OneOf

AS_OF = "2026-11-26T09:00:00+01:00"


def _works_or_refuses(model: lq.ScoringModel, lead: lq.Lead) -> None:
    with contextlib.suppress(lq.LeadqualError):
        model.score(lead, as_of=AS_OF)


class TestKernelFindings:
    """Crashes outside ``LeadqualError`` at first score."""

    def test_url_that_urlsplit_refuses(self) -> None:
        """A page view whose URL is not parseable (``http://[``) scores or is refused."""
        event = {"type": "page_view", "at": "2026-11-20T09:12:00+01:00"}
        lead = lq.Lead.from_mapping(
            {"id": "L-1", "events": [{**event, "properties": {"url": "http://["}}]}
        )
        _works_or_refuses(lq.starter_model(), lead)

    def test_one_of_over_an_object(self) -> None:
        """``one_of`` on an attribute holding a table scores or is refused."""
        rule = Rule("object", 5, when=OneOf("attributes.x", ["a", "b"]))
        model = attrs.evolve(lq.starter_model(), rules=(*lq.starter_model().rules, rule))
        _works_or_refuses(model, lq.Lead("L-1", attributes={"x": {"a": 1}}))

    def test_nul_in_the_model_name(self) -> None:
        """A model named with a NUL character scores or is refused."""
        model = attrs.evolve(lq.starter_model(), name="a\x00b")
        _works_or_refuses(model, lq.Lead("L-1"))

    def test_all_of_nested_200_deep(self) -> None:
        """A condition nested 200 deep from Python scores or is refused (when built)."""
        condition: Condition = Equals("job_title", "ceo")
        for _ in range(200):
            condition = AllOf([condition])
        with pytest.raises(lq.LeadqualError, match="nest"):
            attrs.evolve(lq.starter_model(), rules=(Rule("deep", 5, when=condition),))
