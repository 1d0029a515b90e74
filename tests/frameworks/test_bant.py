"""Tests for ``leadqual.frameworks.bant``: the article's BANT, weighed as a scale."""

from __future__ import annotations

import pytest

from leadqual.frameworks import BANT, Status


class TestBANT:
    """BANT as the article describes it."""

    def test_strong_need_and_authority_without_budget(self) -> None:
        """Acceptance: strong Need + Authority with budget unknown beats "no need".

        It scores well above, is not disqualified, and the budget is asked about first.
        """
        strong = BANT.assess({"need": "urgent", "authority": "decision_maker"})
        no_need = BANT.assess({"need": "none", "authority": "decision_maker"})
        assert strong.score >= no_need.score + 30
        assert strong.score > 50
        assert not strong.knocked_out
        assert not strong.blocked
        assert no_need.blockers == ("need",)
        assert strong.result("budget").status is Status.UNKNOWN
        assert strong.next_questions()[0].key == "budget"

    def test_budget_first_even_with_timeline_known(self) -> None:
        """With only the budget open, the budget question comes first too."""
        a = BANT.assess({"need": "urgent", "authority": "decision_maker", "timeline": "this_year"})
        assert a.next_questions()[0].key == "budget"

    def test_unapproved_budget_outweighed(self) -> None:
        """A planned (not approved) budget with strong N and A still passes "3 of 4"."""
        a = BANT.assess(
            {
                "budget": "planned",
                "authority": "decision_maker",
                "need": "urgent",
                "timeline": "within_3_months",
            }
        )
        assert a.passed
        assert a.result("budget").status is Status.PARTIAL

    def test_three_of_four(self) -> None:
        """The pass rule is "3 of 4 BANT criteria met", not all-or-nothing."""
        two = {"budget": "approved", "need": "clear"}
        assert not BANT.assess(two).passed
        assert BANT.assess({**two, "authority": "decision_maker"}).passed
        assert BANT.assess({}).rule.en == (
            "at least 3 of 4 criteria met, with Need met and Budget not answered no"
        )

    def test_no_budget_is_not_now(self) -> None:
        """An explicit "no budget" fails the pass but does not disqualify: not now."""
        a = BANT.assess(
            {
                "budget": "none",
                "authority": "decision_maker",
                "need": "urgent",
                "timeline": "within_1_month",
            }
        )
        assert (a.knockouts, a.blockers, a.passed) == ((), ("budget",), False)
        assert a.score == 75

    def test_no_need_does_not_pass(self) -> None:
        """Everything else perfect but no need: nothing to sell, so no pass."""
        answers = {
            "budget": "approved",
            "authority": "decision_maker",
            "timeline": "within_1_month",
        }
        no_need = BANT.assess({**answers, "need": "none"})
        assert (no_need.passed, no_need.blockers, no_need.knocked_out) == (False, ("need",), False)
        assert not BANT.assess(answers).passed
        assert not BANT.assess({**answers, "need": "latent"}).passed
        assert BANT.assess({**answers, "need": "clear"}).passed

    def test_timeline_levels(self) -> None:
        """A need within 3 months is worth clearly more than orienting for next year."""
        levels = {o.key: o.level for o in BANT.criterion("timeline").options}
        assert list(levels) == [
            "within_1_month",
            "within_3_months",
            "within_6_months",
            "this_year",
            "next_year",
            "none",
        ]
        assert levels["within_3_months"] - levels["next_year"] >= 0.5
        soon = BANT.assess({"timeline": "within_3_months"}).result("timeline")
        later = BANT.assess({"timeline": "next_year"}).result("timeline")
        assert (soon.status, later.status) == (Status.MET, Status.PARTIAL)

    @pytest.mark.parametrize(
        ("key", "answer", "canonical"),
        [
            ("budget", "Approved", "approved"),
            ("budget", "gereserveerd", "allocated"),
            ("authority", "Decision Maker", "decision_maker"),
            ("authority", "beslisser", "decision_maker"),
            ("need", "High", "urgent"),
            ("timeline", "Within-3-Months", "within_3_months"),
            ("timeline", "orienting", "next_year"),
        ],
    )
    def test_crm_values(self, key: str, answer: str, canonical: str) -> None:
        """CRM picklist values map by case-insensitive name and by alias."""
        assert BANT.assess({key: answer}).result(key).answer == canonical

    def test_weights(self) -> None:
        """Need and Authority weigh heaviest together; Timeline weighs least."""
        weights = {c.key: c.weight for c in BANT.criteria}
        assert weights["need"] + weights["authority"] > weights["budget"] + weights["timeline"]
        assert min(weights, key=weights.__getitem__) == "timeline"
