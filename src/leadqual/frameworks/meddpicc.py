"""MEDDPICC: MEDDIC plus Paper process and Competition.

Adds what stalls large deals after the decision (procurement, legal, contract) and who
else the prospect is considering.

>>> from leadqual.frameworks import MEDDPICC
>>> "".join(c.label.en[0] for c in MEDDPICC.criteria)
'MEDDPICC'
"""

from leadqual.frameworks._builtins import FRAMEWORKS

__all__ = ["COMPETITION", "MEDDPICC", "PAPER_PROCESS"]

MEDDPICC = FRAMEWORKS["MEDDPICC"]
PAPER_PROCESS = MEDDPICC.criterion("paper_process")
COMPETITION = MEDDPICC.criterion("competition")
