"""Small statistics in plain Python: ROC AUC, proportions, a one-variable logistic fit.

The review needs no numpy: it runs wherever leadqual runs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["logistic_1d", "logit", "roc_auc", "z_two_proportions"]

_EPS = 1e-6


def roc_auc(scores: Sequence[float], outcomes: Sequence[bool]) -> float | None:
    """Area under the ROC curve (Mann-Whitney U, tied scores share their rank).

    ``None`` when the outcomes are all one class (the area is not defined).

    >>> roc_auc([1, 2, 3, 4], [False, False, True, True])
    1.0
    >>> roc_auc([1, 1, 1], [False, True, False])
    0.5
    """
    positives = sum(1 for won in outcomes if won)
    negatives = len(outcomes) - positives
    if positives == 0 or negatives == 0:
        return None
    order = sorted(range(len(scores)), key=scores.__getitem__)
    rank_sum = 0.0
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and scores[order[end + 1]] == scores[order[start]]:
            end += 1
        rank = (start + end) / 2 + 1
        rank_sum += rank * sum(1 for k in order[start : end + 1] if outcomes[k])
        start = end + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def logit(p: float) -> float:
    """Log-odds of ``p``, clipped away from 0 and 1.

    >>> logit(0.5)
    0.0
    """
    p = min(max(p, _EPS), 1 - _EPS)
    return math.log(p / (1 - p))


def sigmoid(x: float) -> float:
    """The inverse of :func:`logit`."""
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    z = math.exp(x)
    return z / (1 + z)


def z_two_proportions(won_a: int, n_a: int, won_b: int, n_b: int) -> float:
    """The z statistic of the difference between two conversion rates (0 if undefined)."""
    if n_a == 0 or n_b == 0:
        return 0.0
    pooled = (won_a + won_b) / (n_a + n_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    return 0.0 if spread == 0 else (won_a / n_a - won_b / n_b) / spread


def logistic_1d(
    xs: Sequence[float], ys: Sequence[bool], *, iterations: int = 50
) -> tuple[float, float]:
    """``(a, b)`` with ``P(won) = sigmoid(a + b·x)``, fitted by Newton's method.

    A tiny ridge keeps it finite on separable data.

    >>> a, b = logistic_1d([0, 0, 1, 1, 2, 2], [False, False, False, True, True, True])
    >>> b > 0
    True
    """
    a = logit(sum(ys) / len(ys)) if ys else 0.0
    b = 0.0
    if not xs:
        return a, b
    mean = sum(xs) / len(xs)
    scale = math.sqrt(sum((x - mean) ** 2 for x in xs) / len(xs)) or 1.0
    zs = [(x - mean) / scale for x in xs]
    ridge = 1e-3 * len(xs)
    for _ in range(iterations):
        g0 = g1 = h00 = h01 = 0.0
        h11 = ridge
        g1 = -ridge * b
        for z, y in zip(zs, ys, strict=True):
            p = sigmoid(a + b * z)
            r = (1.0 if y else 0.0) - p
            w = p * (1 - p)
            g0 += r
            g1 += r * z
            h00 += w
            h01 += w * z
            h11 += w * z * z
        det = h00 * h11 - h01 * h01
        if det <= 0:
            break
        da = (h11 * g0 - h01 * g1) / det
        db = (h00 * g1 - h01 * g0) / det
        a += da
        b += db
        if abs(da) + abs(db) < 1e-10:  # noqa: PLR2004 - converged
            break
    return a - b * mean / scale, b / scale
