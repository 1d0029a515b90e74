"""GPCTBA/C&I: Goals, Plans, Challenges, Timeline, Budget, Authority, Consequences & Implications.

The C is negative Consequences, the I positive Implications. A deeper framework than
BANT for complex B2B sales: it asks not only *whether* a lead can buy, but *why* they
should, exposing the pain (consequences of missing the goals) and the ambition
(implications of reaching them).

>>> from leadqual.frameworks import GPCTBA
>>> [c.label.en for c in GPCTBA.criteria][-2:]
['Negative consequences', 'Positive implications']
"""

from leadqual.frameworks._builtins import FRAMEWORKS

__all__ = ["CONSEQUENCES", "GOALS", "GPCTBA", "IMPLICATIONS", "PLANS"]

GPCTBA = FRAMEWORKS["GPCTBA/C&I"]
GOALS, PLANS, *_, CONSEQUENCES, IMPLICATIONS = GPCTBA.criteria
