"""CHAMP: CHallenges, Authority, Money, Prioritization.

Starts from the prospect's challenges rather than their budget: Money weighs least.

>>> from leadqual.frameworks import CHAMP
>>> [c.label.en for c in CHAMP.criteria]
['Challenges', 'Authority', 'Money', 'Prioritization']
>>> CHAMP.assess({"challenges": "clear", "authority": "decision_maker", "priority": "top"}).passed
True
"""

from leadqual.frameworks._builtins import FRAMEWORKS

__all__ = ["CHAMP", "PRIORITY"]

CHAMP = FRAMEWORKS["CHAMP"]
PRIORITY = CHAMP.criterion("priority")
