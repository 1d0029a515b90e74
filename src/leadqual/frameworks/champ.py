"""CHAMP: CHallenges, Authority, Money, Prioritization.

Starts from the prospect's challenges rather than their budget: Money weighs least.

>>> from leadqual.frameworks import CHAMP
>>> [c.label.en for c in CHAMP.criteria]
['Challenges', 'Authority', 'Money', 'Prioritization']
"""

from __future__ import annotations

import attrs

from leadqual.frameworks._criteria import AUTHORITY, BUDGET, CHALLENGES, option
from leadqual.frameworks._framework import Criterion, Framework, MinScore, Text

__all__ = ["CHAMP", "PRIORITY"]

PRIORITY = Criterion(
    key="priority",
    label=Text("Prioritization", "Prioriteit"),
    weight=3,
    description=Text(
        "How high does solving this rank among the prospect's priorities?",
        "Hoe hoog staat het oplossen hiervan op de prioriteitenlijst van de prospect?",
    ),
    questions=(
        Text(
            "Where does this rank among your priorities this quarter?",
            "Waar staat dit dit kwartaal op uw prioriteitenlijst?",
        ),
        Text(
            "What would have to give way for this?",
            "Wat zou hiervoor moeten wijken?",
        ),
    ),
    options=(
        option("top", 1.0, "Top priority", "Hoogste prioriteit"),
        option("high", 0.75, "High", "Hoog", "hoog"),
        option("medium", 0.45, "Medium", "Gemiddeld", "gemiddeld"),
        option("low", 0.15, "Low", "Laag", "laag"),
        option("none", 0.0, "Not a priority", "Geen prioriteit"),
    ),
)

CHAMP = Framework(
    name="CHAMP",
    title=Text(
        "Challenges, Authority, Money, Prioritization",
        "Uitdagingen, Bevoegdheid, Geld, Prioriteit",
    ),
    description=Text(
        "Leads with the prospect's challenges; money is discussed last.",
        "Begint bij de uitdagingen van de prospect; geld komt als laatste aan bod.",
    ),
    criteria=(
        attrs.evolve(CHALLENGES, weight=4),
        attrs.evolve(AUTHORITY, weight=3),
        attrs.evolve(BUDGET, label=Text("Money", "Geld"), weight=2),
        PRIORITY,
    ),
    pass_rule=MinScore(60),
)
