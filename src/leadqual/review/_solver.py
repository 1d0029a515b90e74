"""Regularised logistic regression in numpy: proximal gradient (FISTA) with sign limits.

Minimises ``mean(log loss) + l2/2·|w|² + lam·|w|₁`` over the weights; column 0 is the
intercept (never penalised). Each weight may be held to a sign (``+1`` at least 0,
``-1`` at most 0, ``0`` free): that is how monotonic constraints on cut points work.
numpy is imported here only, and only when a model is learned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Array = npt.NDArray[np.float64]

__all__ = ["deviance", "fit_logistic", "lasso_path"]

_ZERO = 1e-9
"""Weights smaller than this are zero: the rule is not chosen."""


def _sigmoid(z: Array) -> Array:
    import numpy as np  # noqa: PLC0415 - the learn extra is optional

    out: Array = 0.5 * (1.0 + np.tanh(0.5 * z))
    return out


def _lipschitz(x: Array) -> float:
    import numpy as np  # noqa: PLC0415

    v = np.ones(x.shape[1]) / np.sqrt(x.shape[1])
    for _ in range(30):
        u = x.T @ (x @ v)
        norm = float(np.linalg.norm(u))
        if norm == 0:
            return 1.0
        v = u / norm
    return float(norm / (4 * x.shape[0]))


def fit_logistic(
    x: Array,
    y: Array,
    *,
    lam: float = 0.0,
    l2: float = 1e-3,
    signs: Array | None = None,
    start: Array | None = None,
    iterations: int = 2000,
    tol: float = 1e-7,
    step: float | None = None,
) -> Array:
    """The weights (intercept first) minimising the penalised mean log loss.

    >>> import numpy as np
    >>> x = np.column_stack([np.ones(6), [0, 0, 1, 0, 1, 1]])
    >>> w = fit_logistic(x, np.array([0, 0, 0, 1, 1, 1.0]))
    >>> bool(w[1] > 0)
    True
    """
    import numpy as np  # noqa: PLC0415

    n, p = x.shape
    w = np.zeros(p) if start is None else start.copy()
    if start is None:
        mean = float(np.clip(y.mean(), 1e-6, 1 - 1e-6))
        w[0] = np.log(mean / (1 - mean))
    limit = np.zeros(p) if signs is None else signs
    penalty = np.full(p, lam)
    penalty[0] = 0.0
    ridge = np.full(p, l2)
    ridge[0] = 0.0
    t = 1.0 / ((_lipschitz(x) if step is None else step) + l2)
    z = w.copy()
    momentum = 1.0
    for _ in range(iterations):
        grad = x.T @ (_sigmoid(x @ z) - y) / n + ridge * z
        v = z - t * grad
        new = np.sign(v) * np.maximum(np.abs(v) - t * penalty, 0.0)
        new = np.where(limit > 0, np.maximum(new, 0.0), new)
        new = np.where(limit < 0, np.minimum(new, 0.0), new)
        step_taken = new - w
        change = float(np.max(np.abs(step_taken)))
        if float(np.dot(z - new, step_taken)) > 0:  # momentum went uphill: restart it
            momentum = 1.0
        following = (1 + np.sqrt(1 + 4 * momentum * momentum)) / 2
        z = new + ((momentum - 1) / following) * step_taken
        w, momentum = new, following
        if change < tol:
            break
    return w


def deviance(x: Array, y: Array, w: Array) -> float:
    """Twice the summed log loss of weights ``w``."""
    import numpy as np  # noqa: PLC0415

    z = x @ w
    # log(1 + e^z) - y·z, computed without overflow
    return float(2 * np.sum(np.logaddexp(0.0, z) - y * z))


def lasso_path(
    x: Array,
    y: Array,
    *,
    budget: int,
    l2: float = 1e-3,
    signs: Array | None = None,
    steps: int = 30,
    ratio: float = 1e-3,
) -> Array:
    """The support (a boolean mask, intercept included) chosen along the L1 path.

    Walks the penalty down from the value where every weight is zero; among the fits
    with at most ``budget`` non-zero weights besides the intercept, keeps the one with
    the lowest AIC (deviance + 2 · weights). Each step fits only the columns the
    "strong rule" screens in (Tibshirani et al., 2012), then checks every other column
    against the optimality conditions and refits if one is violated.
    """
    import numpy as np  # noqa: PLC0415

    n, p = x.shape
    limit = np.zeros(p) if signs is None else signs
    base = float(np.clip(y.mean(), 1e-6, 1 - 1e-6))
    w = np.zeros(p)
    w[0] = np.log(base / (1 - base))
    best = np.zeros(p, dtype=bool)
    best[0] = True
    grad = x.T @ (_sigmoid(x @ w) - y) / n
    top = float(np.abs(grad[1:]).max()) if p > 1 else 0.0
    if top <= 0:
        return best
    best_aic = float("inf")
    previous = top
    for lam in top * np.geomspace(1.0, ratio, steps):
        strong = (np.abs(grad) >= 2 * lam - previous) | (w != 0)
        strong[0] = True
        while True:
            cols = np.flatnonzero(strong)
            w_sub = fit_logistic(
                x[:, cols],
                y,
                lam=float(lam),
                l2=l2,
                signs=limit[cols],
                start=w[cols],
                iterations=300,
                tol=1e-5,
            )
            w = np.zeros(p)
            w[cols] = w_sub
            grad = x.T @ (_sigmoid(x @ w) - y) / n + l2 * w
            pull = np.where(limit > 0, np.maximum(-grad, 0), np.abs(grad))
            pull = np.where(limit < 0, np.maximum(grad, 0), pull)
            violated = (~strong) & (pull > lam * (1 + 1e-3))
            if not violated.any():
                break
            strong |= violated
        previous = float(lam)
        support = np.abs(w) > _ZERO
        support[0] = True
        k = int(support.sum()) - 1
        if k > budget:
            break
        aic = deviance(x, y, w) + 2 * k
        if aic < best_aic:
            best_aic, best = aic, support
    return best
