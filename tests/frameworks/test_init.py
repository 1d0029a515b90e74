"""Tests for ``leadqual.frameworks`` (the package surface and every built-in)."""

from __future__ import annotations

import re

import pytest

import leadqual.frameworks as fws
from leadqual.frameworks import BUILT_INS, Framework
from leadqual.testing import check_framework

LETTERS = {
    "BANT": ["Budget", "Authority", "Need", "Timeline"],
    "GPCTBA/C&I": [
        "Goals",
        "Plans",
        "Challenges",
        "Timeline",
        "Budget",
        "Authority",
        "Negative consequences",
        "Positive implications",
    ],
    "MEDDIC": [
        "Metrics",
        "Economic buyer",
        "Decision criteria",
        "Decision process",
        "Identify pain",
        "Champion",
    ],
    "MEDDPICC": [
        "Metrics",
        "Economic buyer",
        "Decision criteria",
        "Decision process",
        "Paper process",
        "Identify pain",
        "Champion",
        "Competition",
    ],
    "CHAMP": ["Challenges", "Authority", "Money", "Prioritization"],
    "ANUM": ["Authority", "Need", "Urgency", "Money"],
    "FAINT": ["Funds", "Authority", "Interest", "Need", "Timing"],
    "NEAT": ["Need", "Economic impact", "Access to authority", "Timeline"],
}


class TestExports:
    """The package's public names."""

    def test_all_sorted_and_resolvable(self) -> None:
        """__all__ is sorted and every name in it exists."""
        assert fws.__all__ == sorted(fws.__all__)
        for name in fws.__all__:
            assert getattr(fws, name) is not None

    def test_built_ins(self) -> None:
        """Every built-in is a module-level Framework listed in BUILT_INS."""
        names = ["BANT", "GPCTBA", "MEDDIC", "MEDDPICC", "CHAMP", "ANUM", "FAINT", "NEAT"]
        assert [getattr(fws, name) for name in names] == list(BUILT_INS)
        assert all(isinstance(fw, Framework) for fw in BUILT_INS)


NEED_KEYS = {"need", "pain", "challenges"}
"""What each built-in asks about the prospect's problem: one per framework."""


@pytest.mark.parametrize("framework", BUILT_INS, ids=lambda fw: fw.name)
class TestBuiltIns:
    """Each built-in framework."""

    def test_passes_check_framework(self, framework: Framework) -> None:
        """Every built-in passes the checks users run on their own frameworks."""
        check_framework(framework)

    def test_letters(self, framework: Framework) -> None:
        """The criteria spell out what the letters of the name mean, in order."""
        assert [c.label.en for c in framework.criteria] == LETTERS[framework.name]

    def test_dutch(self, framework: Framework) -> None:
        """Every criterion has a Dutch label and Dutch questions."""
        for criterion in framework.criteria:
            assert criterion.label.nl
            assert criterion.questions
            assert all(q.nl and q.nl != q.en for q in criterion.questions)

    def test_dutch_questions_are_formal(self, framework: Framework) -> None:
        """Questions address the lead with the formal "u", never "je", "jij" or "jullie"."""
        informal = {"je", "jij", "jou", "jouw", "jullie", "wil", "ben", "heb", "kun"}
        for criterion in framework.criteria:
            for question in criterion.questions:
                words = set(re.findall(r"\w+", question.nl.lower()))
                assert not words & informal, question.nl

    def test_unknown_is_not_disqualifying(self, framework: Framework) -> None:
        """No answers at all: score 0, everything missing, nothing knocked out."""
        a = framework.assess({})
        assert (a.score, a.potential, a.knocked_out) == (0, 100, False)
        assert a.missing == framework.keys

    def test_no_need_does_not_pass(self, framework: Framework) -> None:
        """An explicit "no need"/"no pain"/"no challenges" fails every built-in.

        Everything else at its best does not make up for it, yet the lead is not
        disqualified: it is blocked ("not now") and goes to nurture.
        """
        (key,) = NEED_KEYS & set(framework.keys)
        assert framework.criterion(key).required
        a = framework.assess({**dict.fromkeys(framework.keys, True), key: "none"})
        assert (a.passed, a.blockers, a.knocked_out) == (False, (key,), False)

    def test_shared_keys_share_answers(self, framework: Framework) -> None:
        """One lead's BANT answers feed every built-in that shares those keys."""
        answers = {
            "budget": "approved",
            "authority": "decision_maker",
            "need": "urgent",
            "timeline": "within_1_month",
        }
        a = framework.assess(answers)
        shared = set(answers) & set(framework.keys)
        assert set(a.met) == shared
