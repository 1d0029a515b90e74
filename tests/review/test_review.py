"""review() and compare(): what a quarterly model review reports."""

from __future__ import annotations

import datetime as dt

import pytest

import leadqual as lq
from leadqual.review import compare, review, review_to_data
from leadqual.scoring import Equals, EventMatch, Rule, ScoringModel

T0 = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


def crm(n: int = 400) -> list[lq.Lead]:
    """Leads from two sources; 'fair' converts far better than its points say."""
    leads = []
    for k in range(n):
        source = "fair" if k % 4 == 0 else "web"
        demo = k % 3 == 0
        chance = (k * 7919) % 100
        won = chance < (70 if source == "fair" else 15) + (20 if demo else 0)
        lost_reason = ["budget", "competitor", None][k % 3]
        outcome: dict[str, object] = (
            {"status": "won"} if won else {"status": "lost", "reason": lost_reason}
        )
        if lost_reason is None and not won:
            outcome = {"status": "lost"}
        events = [{"type": "demo_requested", "at": T0.isoformat()}] if demo else []
        leads.append(
            lq.Lead.from_mapping(
                {
                    "id": f"L-{k}",
                    "source": source,
                    "job_title": "Student" if k % 5 == 0 else "Manager",
                    "events": events,
                    "outcome": outcome,
                }
            )
        )
    return leads


MODEL = ScoringModel(
    [
        Rule("demo", 25, event=EventMatch("demo_requested")),
        Rule("fair", 5, when=Equals("source", "fair")),
        Rule("student", -20, when=Equals("job_title", "student")),
        Rule("never", 10, when=Equals("source", "radio")),
    ],
    thresholds=lq.Thresholds(sql=20),
    name="test",
)


class TestReview:
    """review: one model on leads with outcomes."""

    def test_headline_numbers(self) -> None:
        """AUC, leads, positives and conversion, as the SPEC's JSON keys."""
        found = review(MODEL, crm())
        data = review_to_data(found)
        assert {"auc", "leads", "positives", "rules"} <= set(data)
        assert data["leads"] == 400
        assert data["positives"] == sum(1 for lead in crm() if lead.outcome and lead.outcome.won)
        assert 0.5 < data["auc"] <= 1
        keys = {"rule", "fires", "conversion_fired", "conversion_not_fired", "lift", "flag"}
        assert all(keys <= set(rule) for rule in data["rules"])

    def test_deciles_and_bands_cover_every_lead(self) -> None:
        """Deciles and calibration bands each hold every lead once."""
        found = review(MODEL, crm())
        assert sum(d.leads for d in found.deciles) == 400
        assert sum(b.leads for b in found.calibration) == 400
        assert found.deciles[-1].captured == pytest.approx(1.0)
        assert [d.decile for d in found.deciles] == list(range(1, 11))

    def test_rule_flags(self) -> None:
        """A student penalty where students convert at the average: no signal; unused: never."""
        rules = {r.rule: r for r in review(MODEL, crm()).rules}
        assert rules["never"].flag == "never_fires"
        assert rules["student"].flag in {"no_signal", "wrong_way"}
        assert rules["demo"].flag is None
        assert rules["demo"].lift is not None
        assert rules["demo"].lift > 1

    def test_suggests_concrete_points(self) -> None:
        """The fair is worth far more than 5 points: raise it, with numbers, in both languages."""
        found = review(MODEL, crm())
        fair = next(r for r in found.rules if r.rule == "fair")
        assert fair.suggested_points is not None
        assert fair.suggested_points > 15
        assert any(s.startswith("raise rule 'fair' from 5 to ") for s in found.suggestions)
        dutch = review(MODEL, crm(), lang="nl")
        assert any(s.startswith("verhoog regel 'fair' van 5 naar ") for s in dutch.suggestions)

    def test_segments(self) -> None:
        """Win rates per source, with a suggestion naming the rule that covers the segment."""
        found = review(MODEL, crm())
        fair = next(s for s in found.segments if s.field == "source" and s.value == "fair")
        assert fair.leads == 100
        assert fair.win_rate > fair.expected
        assert fair.suggestion is not None
        assert "rule 'fair' from 5" in fair.suggestion

    def test_high_score_losses_by_reason(self) -> None:
        """High scorers that were lost, grouped by the feedback reason (and none given)."""
        found = review(MODEL, crm())
        reasons = {loss.reason: loss for loss in found.losses}
        assert set(reasons) <= {"budget", "competitor", "unknown"}
        assert sum(loss.leads for loss in found.losses) <= found.high_scores - found.high_score_won
        assert sum(loss.share for loss in found.losses) == pytest.approx(1.0)
        assert reasons["budget"].label == "No budget"

    def test_as_of_the_decision(self) -> None:
        """Events after the decision do not count: the demo after the SQL move earns nothing."""
        late = lq.Lead.from_mapping(
            {
                "id": "a",
                "events": [{"type": "demo_requested", "at": "2026-06-10T09:00:00+00:00"}],
                "stage_history": [{"stage": "sql", "at": "2026-06-05T09:00:00+00:00"}],
                "outcome": {"status": "won"},
            }
        )
        rest = lq.Lead("b")
        decided = review(MODEL, [late, rest])
        assert next(r for r in decided.rules if r.rule == "demo").fires == 0
        leaky = review(MODEL, [late, rest], as_of=None)
        assert next(r for r in leaky.rules if r.rule == "demo").fires == 1

    def test_bad_input(self) -> None:
        """No leads, or outcomes that do not match the leads, are ConfigErrors."""
        with pytest.raises(lq.ConfigError):
            review(MODEL, [])
        with pytest.raises(lq.ConfigError, match="1 outcomes for 2 leads"):
            review(MODEL, [lq.Lead("a"), lq.Lead("b")], [True])


class TestCompare:
    """compare: two models side by side."""

    def test_side_by_side(self) -> None:
        """Two models on the same leads: both reviews and the SQLs they disagree on."""
        better = ScoringModel(
            [*MODEL.rules[:1], Rule("fair", 40, when=Equals("source", "fair"))],
            thresholds=lq.Thresholds(sql=20),
            name="better",
        )
        both = compare(MODEL, better, crm())
        assert both.auc_difference is not None
        assert both.auc_difference > 0
        count, conversion = both.only_b
        assert count > 0
        assert conversion is not None
        assert conversion > 0.5
        assert review_to_data(both)["b"]["model"] == "better"
