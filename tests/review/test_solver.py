"""The numpy logistic regression against scikit-learn."""

from __future__ import annotations

from typing import Any

import pytest

np = pytest.importorskip("numpy")
linear_model = pytest.importorskip("sklearn.linear_model")

from leadqual.review._solver import fit_logistic, lasso_path  # noqa: E402


def _data(n: int = 600, p: int = 6, seed: int = 1) -> tuple[Any, Any]:
    rng = np.random.default_rng(seed)
    x = (rng.random((n, p)) < 0.4).astype(float)
    true = np.array([1.5, -1.0, 0.0, 0.8, 0.0, -0.3][:p])
    y = (rng.random(n) < 1 / (1 + np.exp(-(x @ true - 0.4)))).astype(float)
    return np.column_stack([np.ones(n), x]), y


class TestFitLogistic:
    """fit_logistic: penalised logistic regression."""

    def test_matches_scikit_learn_with_l2(self) -> None:
        """With the same ridge the weights are scikit-learn's (lbfgs, C = 1/(l2·n))."""
        x, y = _data()
        l2 = 0.01
        ours = fit_logistic(x, y, l2=l2, iterations=20000, tol=1e-10)
        theirs = linear_model.LogisticRegression(C=1 / (l2 * len(y)), tol=1e-10, max_iter=10000)
        theirs.fit(x[:, 1:], y)
        assert np.allclose(ours[1:], theirs.coef_[0], atol=1e-4)
        assert np.isclose(ours[0], theirs.intercept_[0], atol=1e-4)

    def test_signs_are_held(self) -> None:
        """A weight held to be at least 0 never goes below it."""
        x, y = _data()
        signs = np.array([0, 0, 1, 0, 0, 0, 0.0])  # column 2 really has a negative effect
        w = fit_logistic(x, y, signs=signs)
        assert w[2] >= 0
        assert fit_logistic(x, y, signs=-signs)[2] < 0

    def test_l1_zeroes_weights(self) -> None:
        """A strong L1 penalty leaves only the intercept."""
        x, y = _data()
        w = fit_logistic(x, y, lam=1.0)
        assert np.count_nonzero(w[1:]) == 0


class TestLassoPath:
    """lasso_path: choosing the rules along the L1 path."""

    def test_budget_is_respected(self) -> None:
        """The chosen support holds at most ``budget`` weights besides the intercept."""
        x, y = _data()
        for budget in (0, 1, 2, 6):
            support = lasso_path(x, y, budget=budget)
            assert support[0]
            assert support[1:].sum() <= budget
        assert lasso_path(x, y, budget=2)[1]  # the strongest effect comes first

    def test_no_signal_no_support(self) -> None:
        """A constant outcome: nothing to learn."""
        x, _ = _data()
        assert lasso_path(x, np.zeros(x.shape[0]), budget=5)[1:].sum() == 0
