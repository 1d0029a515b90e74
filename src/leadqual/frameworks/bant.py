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

from __future__ import annotations

import attrs

from leadqual.frameworks._criteria import AUTHORITY, BUDGET, NEED, TIMELINE
from leadqual.frameworks._framework import Framework, MinMet, Text

__all__ = ["BANT"]

BANT = Framework(
    name="BANT",
    title=Text("Budget, Authority, Need, Timeline", "Budget, Bevoegdheid, Behoefte, Tijdpad"),
    description=Text(
        "The classic checklist for a first sales conversation: can they buy, may they "
        "decide, do they need it, and when.",
        "De klassieke checklist voor een eerste salesgesprek: kunnen ze kopen, mogen ze "
        "beslissen, hebben ze het nodig, en wanneer.",
    ),
    criteria=(
        attrs.evolve(BUDGET, weight=3, veto=True),
        attrs.evolve(AUTHORITY, weight=3),
        attrs.evolve(NEED, weight=4),
        attrs.evolve(TIMELINE, weight=2),
    ),
    pass_rule=MinMet(3),
)
