"""Calibrator: a readable, ordinary model learned from outcomes."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import attrs
import pytest

import leadqual as lq
from leadqual import datasets
from leadqual.review import (
    BASE_RULE,
    Calibrator,
    candidates,
    features,
    recommend_threshold,
    roc_auc,
    score_at,
)
from leadqual.scoring import Between, Rule

pytest.importorskip("numpy")

T0 = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


@functools.cache
def synthetic() -> tuple[tuple[lq.Lead, ...], tuple[bool, ...]]:
    """5,000 generated leads and whether each converted."""
    made = list(datasets.generate(5000, seed=5))
    return tuple(s.lead for s in made), tuple(s.converted for s in made)


def visits(n: int) -> list[lq.Lead]:
    """Leads whose conversion rises with a numeric attribute; ``won`` set as an outcome."""
    leads = []
    for k in range(n):
        minutes = (k * 37) % 100
        won = (k * 7919) % 100 < 10 + 0.7 * minutes
        outcome = lq.lead.Outcome("won") if won else None
        attributes: dict[str, lq.lead.JSONValue] = {"plan": ["a", "b", "c", "d"][k % 4]}
        if k % 10:
            attributes["minutes"] = minutes
        leads.append(lq.Lead(f"L-{k}", attributes=attributes, outcome=outcome))
    return leads


class TestCandidates:
    """candidates and features: what the calibrator may learn from."""

    def test_kinds(self) -> None:
        """Categories, the rare rest, unknown, cut points and events all appear."""
        demos = [lq.Lead(f"x{k}", events=[lq.Event("demo_requested", T0)] * 3) for k in range(5)]
        found = candidates([*visits(300), *demos], min_support=3)
        kinds = {c.kind for c in found}
        assert {"base", "category", "unknown", "at_least", "event"} <= kinds
        cuts = [c for c in found if c.kind == "at_least"]
        assert all(isinstance(c.rule.when, Between) for c in cuts)
        assert found[0].rule.name == BASE_RULE

    def test_rare_categories_are_grouped(self) -> None:
        """Categories below the support go together into one 'other' rule."""
        leads = [lq.Lead(str(k), source="web" if k < 50 else f"rare-{k}") for k in range(60)]
        found = candidates(leads, min_support=5)
        assert [c.kind for c in found] == ["base", "category", "other"]

    def test_exclusions(self) -> None:
        """Excluded paths (globs) never become candidates."""
        leads = visits(200)
        found = candidates(leads, exclude=["attributes.min*"])
        assert all(c.field != "attributes.minutes" for c in found)

    def test_features_are_what_the_engine_scores(self) -> None:
        """A feature is the rule's ledger points with 1 point per match."""
        leads = visits(100)
        rules = [c.rule for c in candidates(leads)]
        x = features(rules, leads, as_of=None)
        for i, lead in enumerate(leads[:10]):
            for k, rule in enumerate(rules):
                fired = lq.scoring.ScoringModel([rule]).score(lead).points
                assert x[i, k] == fired


class TestFit:
    """Calibrator.fit: the learned model."""

    def test_learns_an_ordinary_model(self, tmp_path: Path) -> None:
        """The result is a ScoringModel that dumps to TOML, loads back and explains itself."""
        leads = visits(800)
        calibrator = Calibrator(max_rules=12)
        model = calibrator.fit(leads, "outcome")
        assert isinstance(model, lq.ScoringModel)
        assert calibrator == Calibrator(max_rules=12)  # fitting changed nothing
        assert len(model.rules) <= 12
        assert all(
            float(rule.points).is_integer() for rule in model.rules if isinstance(rule, Rule)
        )
        assert "100 points means a 50.0% chance" in model.description
        lq.dump_model(model, tmp_path / "learned.toml")
        loaded = lq.load_model(tmp_path / "learned.toml")
        assert loaded == model
        for lead in leads[:50]:
            score = loaded.score(lead)
            assert sum(entry.points for entry in score.ledger) == score.points
            assert {entry.rule for entry in score.ledger} <= {r.name for r in model.rules}
        explained = loaded.score(leads[1]).explain()
        assert "starting points" in explained
        assert "startpunten" in loaded.score(leads[1]).explain("nl")
        auc = roc_auc(score_at(model, leads), [lead.outcome is not None for lead in leads])
        assert auc is not None
        assert auc > 0.7

    def test_monotone_cut_points(self) -> None:
        """With monotone='auto' every cut point of a rising number adds points."""
        model = Calibrator().fit(visits(1500), "outcome")
        cuts = [r for r in model.rules if isinstance(r, Rule) and isinstance(r.when, Between)]
        assert cuts
        assert all(rule.points >= 0 for rule in cuts)

    def test_beats_the_starter_on_the_generator(self) -> None:
        """On generated leads the learned table orders held-out leads better than the starter."""
        leads, won = synthetic()
        model = Calibrator(model=lq.starter_model()).fit(leads[:4000], won[:4000])
        test, truth = leads[4000:], list(won[4000:])
        learned = roc_auc(score_at(model, test), truth)
        starter = roc_auc(score_at(lq.starter_model(), test), truth)
        assert learned is not None
        assert starter is not None
        assert learned > starter
        assert len(model.rules) <= 60

    def test_outcome_path_is_never_a_feature(self) -> None:
        """The outcome's own field is excluded, so it cannot leak into the table."""
        leads = [
            attrs.evolve(
                lead, attributes={**lead.attributes, "paid": "yes" if lead.outcome else "no"}
            )
            for lead in visits(400)
        ]
        model = Calibrator().fit(leads, "attributes.paid")
        assert all("paid" not in repr(rule) for rule in model.rules)

    def test_events_after_the_decision_are_ignored(self) -> None:
        """Scored as of the decision, a demo requested after it earns nothing."""
        leads = []
        for k in range(400):
            decided = T0 + dt.timedelta(days=1)
            won = k % 3 == 0
            late = [lq.Event("demo_requested", decided + dt.timedelta(days=2))] if won else []
            early = [lq.Event("page_view", T0, {"url": "/"})] * (k % 2)
            leads.append(
                lq.Lead(
                    f"L-{k}",
                    events=[*early, *late],
                    stage_history=[lq.lead.StageChange("sql" if won else "disqualified", decided)],
                )
            )
        truth = [k % 3 == 0 for k in range(400)]
        honest = Calibrator().fit(leads, truth)
        assert all("demo" not in rule.name for rule in honest.rules)
        leaky = Calibrator(as_of=None).fit(leads, truth)
        assert any("demo" in rule.name for rule in leaky.rules)

    def test_rejection_rate_places_the_line(self) -> None:
        """With a target rejection rate, 100 points leaves that share of leads below it."""
        leads = visits(1000)
        model = Calibrator(rejection_rate=0.7).fit(leads, "outcome")
        points = score_at(model, leads)
        below = sum(1 for p in points if p < 100) / len(points)
        assert 0.6 <= below <= 0.8
        assert "100 points means" in model.description

    @pytest.mark.parametrize(
        ("outcome", "match"),
        [([True] * 10, "both outcomes"), ([True, False], "2 outcomes for 10 leads")],
    )
    def test_bad_outcomes(self, outcome: list[bool], match: str) -> None:
        """One class only, or a count that does not match, is a ConfigError."""
        with pytest.raises(lq.ConfigError, match=match):
            Calibrator().fit([lq.Lead(str(k)) for k in range(10)], outcome)

    @pytest.mark.parametrize(
        "options",
        [{"sql_probability": 1.0}, {"points_to_double_odds": 0}, {"monotone": "up"}],
    )
    def test_bad_parameters(self, options: dict[str, object]) -> None:
        """Bad parameters fail in the constructor, naming the parameter."""
        name = next(iter(options))
        with pytest.raises(lq.ConfigError, match=name):
            Calibrator(**options)  # type: ignore[arg-type]

    def test_knock_outs_pass_through(self) -> None:
        """A given model's knock-out rules are kept as they are."""
        competitor = Rule(
            "competitor", 0, when=lq.scoring.Equals("source", "rival"), knock_out=True
        )
        base = lq.ScoringModel([competitor])
        model = Calibrator(model=base).fit(visits(300), "outcome")
        assert competitor in model.rules


class TestRecommendThreshold:
    """recommend_threshold: the SQL line for a target."""

    def test_capacity_per_week(self) -> None:
        """A capacity passes at most that many leads a week (weeks from created_at)."""
        leads = [lq.Lead(str(k), created_at=T0 + dt.timedelta(days=k % 70)) for k in range(100)]
        points = [float(k) for k in range(100)]
        advice = recommend_threshold(
            points, leads, [k > 80 for k in range(100)], capacity_per_week=3
        )
        assert advice.per_week is not None
        assert advice.per_week <= 3
        assert advice.conversion_above == 19 / 29  # the top 29: leads 71 to 99

    def test_ties_do_not_overshoot(self) -> None:
        """When leads tie on the line, the line moves up rather than pass too many."""
        leads = [lq.Lead(str(k)) for k in range(10)]
        advice = recommend_threshold([1, 1, 1, 1, 1, 1, 1, 1, 2, 3], leads, rejection_rate=0.5)
        assert advice.points == 2
        assert advice.rejection_rate == 0.8

    def test_needs_a_target(self) -> None:
        """Without a target, or capacity without dates, there is nothing to recommend."""
        leads = [lq.Lead("a"), lq.Lead("b")]
        with pytest.raises(lq.ConfigError):
            recommend_threshold([1, 2], leads)
        with pytest.raises(lq.ConfigError, match="created_at"):
            recommend_threshold([1, 2], leads, capacity_per_week=1)
        with pytest.raises(lq.ConfigError, match="rejection_rate"):
            recommend_threshold([1, 2], leads, rejection_rate=1.5)
