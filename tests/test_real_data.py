"""Evaluation on the real X Education leads; skipped where the data set is absent."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT.parent / "shared" / "data" / "x-education" / "Leads.csv"

needs_data = pytest.mark.skipif(not CSV.exists(), reason="X Education data not present")


def load_eval() -> ModuleType:
    """Import benchmarks/eval_xeducation.py (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "eval_xeducation", ROOT / "benchmarks" / "eval_xeducation.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@needs_data
class TestXEducation:
    """The hand-made table written as a leadqual model, on 9,240 real leads."""

    def test_hand_made_model_matches_the_reference(self) -> None:
        """The table reaches the reference AUC of a hand-made table (0.832) within 0.02."""
        evaluation = load_eval()
        data = list(evaluation.leads_from_csv(CSV))
        assert len(data) == 9240
        model = evaluation.hand_made_model()
        points = [model.score(lead, evaluation.AS_OF).points for lead, _ in data]
        auc = evaluation.roc_auc(points, [won for _, won in data])
        assert auc == pytest.approx(0.832, abs=0.02)

    def test_review_flags_the_student_penalty(self) -> None:
        """Students convert about as the average here: the review says the rule has no signal."""
        evaluation = load_eval()
        data = list(evaluation.leads_from_csv(CSV))
        import leadqual as lq  # noqa: PLC0415 - only here

        lines = evaluation.review(lq.starter_model(), data)
        (student,) = [line for line in lines if line.split()[0] == "student"]
        assert "no signal" in student


class TestRocAuc:
    """The AUC helper itself, on data that needs no download."""

    def test_known_values(self) -> None:
        """Perfect ranking is 1, reversed is 0, all ties are 0.5."""
        evaluation = load_eval()
        assert evaluation.roc_auc([1, 2, 3, 4], [False, False, True, True]) == 1.0
        assert evaluation.roc_auc([4, 3, 2, 1], [False, False, True, True]) == 0.0
        assert evaluation.roc_auc([1, 1, 1, 1], [False, True, False, True]) == 0.5
