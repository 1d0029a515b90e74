"""Reviews as plain JSON data (SPEC §3: ``leadqual review --format json``)."""

from __future__ import annotations

from typing import Any

from leadqual._convert import unstructure
from leadqual.review._review import Comparison, Review

__all__ = ["review_to_data"]


def review_to_data(found: Review | Comparison) -> dict[str, Any]:
    """A review (or a comparison) as a JSON-ready dict.

    >>> import leadqual as lq
    >>> from leadqual.review import review
    >>> found = review(lq.starter_model(), [lq.Lead("a"), lq.Lead("b")], [True, False])
    >>> data = review_to_data(found)
    >>> data["auc"], data["leads"], data["positives"], sorted(data["rules"][0])[:3]
    (0.5, 2, 1, ['conversion_fired', 'conversion_not_fired', 'fires'])
    """
    data: dict[str, Any] = unstructure(found)
    return data
