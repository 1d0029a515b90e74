"""MEDDIC: Metrics, Economic buyer, Decision criteria, Decision process, Identify pain, Champion.

For complex enterprise deals with several people deciding: it weighs the economic
buyer, the pain and an internal champion heaviest.

>>> from leadqual.frameworks import MEDDIC
>>> "".join(c.label.en[0] for c in MEDDIC.criteria)
'MEDDIC'
"""

from leadqual.frameworks._builtins import FRAMEWORKS

__all__ = [
    "CHAMPION",
    "DECISION_CRITERIA",
    "DECISION_PROCESS",
    "ECONOMIC_BUYER",
    "MEDDIC",
    "METRICS",
    "PAIN",
]

MEDDIC = FRAMEWORKS["MEDDIC"]
METRICS, ECONOMIC_BUYER, DECISION_CRITERIA, DECISION_PROCESS, PAIN, CHAMPION = MEDDIC.criteria
