"""BANT: Budget, Authority, Need, Timeline.

The classic first-conversation checklist, weighed as a scale: Need and Authority weigh
heaviest (the article: a clear need and the right authority are worth pursuing even
while the budget is not formally approved), and the lead passes with 3 of the 4
criteria met, Need among them. An explicit "no need" or "no budget" keeps the lead from
passing without disqualifying it: budgets change and needs arise, so that is "not now"
(nurture), not lost.

>>> from leadqual.frameworks import BANT
>>> [c.label.nl for c in BANT.criteria]
['Budget', 'Bevoegdheid', 'Behoefte', 'Tijdpad']
>>> BANT.assess({"budget": "planned", "authority": "decision_maker",
...              "need": "urgent", "timeline": "within_3_months"}).passed
True
>>> BANT.assess({"budget": "none", "authority": "decision_maker",
...              "need": "urgent", "timeline": "within_3_months"}).blockers
('budget',)
"""

from leadqual.frameworks._builtins import FRAMEWORKS

__all__ = ["BANT"]

BANT = FRAMEWORKS["BANT"]
