"""Model review and calibration from outcomes (SPEC §3: ``leadqual review``, ``calibrate``).

:func:`review` tells how well a model orders the outcomes and what each rule is worth;
:class:`Calibrator` learns a readable integer points table from them (numpy, the
``learn`` extra). Both score each lead as it stood at its decision time, so nothing
that happened after the decision leaks in.
"""

from leadqual._core.public import publish as _publish
from leadqual.review._calibrate import (
    AsOf,
    Calibrator,
    ThresholdAdvice,
    features,
    recommend_threshold,
    score_at,
)
from leadqual.review._candidates import BASE_RULE, Candidate, candidates
from leadqual.review._data import review_to_data
from leadqual.review._outcome import decision_time, is_won, outcomes, parse_path, read_path
from leadqual.review._review import (
    Band,
    Comparison,
    Decile,
    Loss,
    Review,
    RuleReview,
    Segment,
    compare,
    review,
)
from leadqual.review._stats import roc_auc

__all__ = [
    "AsOf",
    "BASE_RULE",
    "Band",
    "Calibrator",
    "Candidate",
    "Comparison",
    "Decile",
    "Loss",
    "Review",
    "RuleReview",
    "Segment",
    "ThresholdAdvice",
    "candidates",
    "compare",
    "decision_time",
    "features",
    "is_won",
    "outcomes",
    "parse_path",
    "read_path",
    "recommend_threshold",
    "review",
    "review_to_data",
    "roc_auc",
    "score_at",
]

# Public names show their public home in reprs, pickles and docs (as httpx does).
_publish(__name__, globals(), __all__)
