"""ANUM: Authority, Need, Urgency, Money.

Talk to the person who decides first; money weighs least.

>>> from leadqual.frameworks import ANUM
>>> [c.label.en for c in ANUM.criteria]
['Authority', 'Need', 'Urgency', 'Money']
"""

from __future__ import annotations

import attrs

from leadqual.frameworks._criteria import AUTHORITY, BUDGET, NEED, option
from leadqual.frameworks._framework import Criterion, Framework, MinScore, Text

__all__ = ["ANUM", "URGENCY"]

URGENCY = Criterion(
    key="urgency",
    label=Text("Urgency", "Urgentie"),
    weight=2,
    description=Text(
        "How pressing is it for the prospect to act now?",
        "Hoe dringend is het voor de prospect om nu te handelen?",
    ),
    questions=(
        Text("What makes this pressing right now?", "Wat maakt dit nu dringend?"),
        Text(
            "Is there a deadline or an event that forces a decision?",
            "Is er een deadline of gebeurtenis die tot een beslissing dwingt?",
        ),
    ),
    options=(
        option("critical", 1.0, "Critical", "Kritiek", "kritiek"),
        option("high", 0.75, "High", "Hoog", "hoog"),
        option("medium", 0.45, "Medium", "Gemiddeld", "gemiddeld"),
        option("low", 0.15, "Low", "Laag", "laag"),
        option("none", 0.0, "No urgency", "Geen urgentie"),
    ),
)

ANUM = Framework(
    name="ANUM",
    title=Text("Authority, Need, Urgency, Money", "Bevoegdheid, Behoefte, Urgentie, Geld"),
    description=Text(
        "Reach the decision maker first; budget can follow a real, urgent need.",
        "Eerst de beslisser bereiken; budget volgt op een echte, dringende behoefte.",
    ),
    criteria=(
        attrs.evolve(AUTHORITY, weight=4),
        attrs.evolve(NEED, weight=3),
        URGENCY,
        attrs.evolve(BUDGET, label=Text("Money", "Geld"), weight=1),
    ),
    pass_rule=MinScore(60),
)
