"""Fuzzing leads: mutated real leads, Python-built leads and edge moments, small budget.

The large budget (100,000 leads) is ``benchmarks/fuzz.py``; both use ``fuzz_harness``.
Every case must work or raise a ``LeadqualError``, survive ``lead -> JSON -> lead``
and take under a second.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import zoneinfo

from hypothesis import given, settings
from hypothesis import strategies as st

import fuzz_harness as fh
import leadqual as lq
from lead_strategies import leads
from leadqual.lead import _domain

BASES = fh.base_leads(20)
ZONES = st.sampled_from(
    [zoneinfo.ZoneInfo(name) for name in ("Europe/Amsterdam", "America/New_York", "Asia/Kolkata")]
    + [dt.UTC, dt.timezone(dt.timedelta(hours=-23, minutes=-59))]
)
ANY_MOMENT = st.datetimes(timezones=ZONES)
"""Aware datetimes over the whole calendar, in zones with DST gaps and folds too."""


def _problems(found: list[fh.Finding]) -> list[str]:
    return [f"{f.kind} ({f.owner}): {f.error} in {f.case}" for f in found]


class TestMutatedLeads:
    """Real leads (the bundled sample, the generator) with random damage."""

    @settings(max_examples=150)
    @given(st.randoms(use_true_random=False), st.sampled_from(BASES))
    def test_mutated_lead_works_or_is_a_leadqual_error(
        self, rng: random.Random, base: dict[str, object]
    ) -> None:
        """Whatever the damage, the lead loads and scores or is refused with a LeadqualError."""
        assert _problems(fh.check_mapping(fh.mutate(rng, base))) == []

    def test_hostile_values_in_many_places_of_one_lead(self) -> None:
        """300 of the (place, hostile value) pairs of a sample lead, each on its own."""
        base = BASES[1]
        pairs = [(path, value) for path in fh._paths(base)[1:] for value in fh.HOSTILE]
        found: list[fh.Finding] = []
        for path, value in random.Random(17).sample(pairs, 300):  # noqa: S311 - reproducible
            mapping = copy.deepcopy(base)
            parent = fh._get(mapping, path[:-1])
            parent[path[-1]] = value
            found.extend(f for f in fh.check_mapping(mapping) if f.owner != "issue 16")
        assert _problems(found) == []


class TestPythonLeads:
    """Leads built from Python values rather than parsed."""

    @given(leads)
    def test_any_lead_round_trips_and_evaluates(self, lead: lq.Lead) -> None:
        """Any lead survives JSON and every evaluator."""
        assert _problems(fh.check_lead(lead)) == []

    @given(ANY_MOMENT, ANY_MOMENT, ANY_MOMENT)
    def test_any_moment_in_any_zone(
        self, created: dt.datetime, at: dt.datetime, as_of: dt.datetime
    ) -> None:
        """Timestamps anywhere in the calendar, zoned or not, as fields and as ``as_of``."""

        def build() -> lq.Lead:
            event = lq.Event("demo_requested", at)
            return lq.Lead("L-1", created_at=created, events=[event], answers={"need": True})

        found = fh.check_built(build, repr((created, at, as_of)), (as_of, None))
        assert _problems(found) == []

    @given(st.text(max_size=30))
    def test_domain_normalises_to_itself(self, text: str) -> None:
        """A normalised domain normalises to itself, so it round-trips."""
        try:
            once = _domain(text)
        except lq.LeadError:
            return
        assert once is None or _domain(once) == once
