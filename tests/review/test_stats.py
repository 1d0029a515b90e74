"""ROC AUC and the small fits of the review, against scikit-learn."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadqual.review import roc_auc
from leadqual.review._stats import logistic_1d, logit, sigmoid, z_two_proportions

metrics = pytest.importorskip("sklearn.metrics")


class TestRocAuc:
    """roc_auc: the area under the ROC curve."""

    @given(
        st.lists(st.tuples(st.integers(-5, 5), st.booleans()), min_size=2, max_size=60).filter(
            lambda pairs: len({won for _, won in pairs}) == 2
        )
    )
    def test_matches_scikit_learn(self, pairs: list[tuple[int, bool]]) -> None:
        """Ties included, the AUC is scikit-learn's."""
        scores = [float(s) for s, _ in pairs]
        won = [w for _, w in pairs]
        ours = roc_auc(scores, won)
        assert ours is not None
        assert math.isclose(ours, metrics.roc_auc_score(won, scores), abs_tol=1e-12)

    def test_one_class_has_no_auc(self) -> None:
        """With only winners (or none) the area is undefined."""
        assert roc_auc([1, 2], [True, True]) is None


class TestSmallFits:
    """logit, sigmoid, the one-variable fit and the z statistic."""

    def test_logit_and_sigmoid_invert(self) -> None:
        """sigmoid(logit(p)) == p, also far out."""
        for p in (0.01, 0.3, 0.5, 0.99):
            assert math.isclose(sigmoid(logit(p)), p)
        assert sigmoid(-800) == 0.0

    def test_logistic_1d_recovers_a_slope(self) -> None:
        """On data drawn from a known curve the fit finds its sign and size."""
        xs = [x / 10 for x in range(-50, 51)] * 20
        ys = [((k * 7919) % 1000) / 1000 < sigmoid(1.5 * x - 0.5) for k, x in enumerate(xs)]
        a, b = logistic_1d(xs, ys)
        assert 1.0 < b < 2.2
        assert -1.0 < a < 0.0

    def test_z_of_equal_rates_is_zero(self) -> None:
        """Equal conversion rates are no difference; empty groups neither."""
        assert z_two_proportions(5, 10, 50, 100) == 0.0
        assert z_two_proportions(0, 0, 5, 10) == 0.0
        assert z_two_proportions(9, 10, 1, 10) > 2
