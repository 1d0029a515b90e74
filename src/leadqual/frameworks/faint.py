"""FAINT: Funds, Authority, Interest, Need, Timing.

Asks whether the organisation has the money at all, budgeted or not, and whether the
prospect shows real interest.

>>> from leadqual.frameworks import FAINT
>>> [c.label.en for c in FAINT.criteria]
['Funds', 'Authority', 'Interest', 'Need', 'Timing']
"""

from __future__ import annotations

import attrs

from leadqual.frameworks._criteria import AUTHORITY, BUDGET, NEED, TIMELINE, option
from leadqual.frameworks._framework import Criterion, Framework, MinScore, Text

__all__ = ["FAINT", "INTEREST"]

INTEREST = Criterion(
    key="interest",
    label=Text("Interest", "Interesse"),
    weight=2,
    description=Text(
        "Does the prospect show active interest in solving this with a solution like yours?",
        "Toont de prospect actieve interesse om dit op te lossen met een oplossing als de jouwe?",
    ),
    questions=(
        Text(
            "What made you look into solutions like ours?",
            "Waarom bent u naar oplossingen als de onze gaan kijken?",
        ),
        Text(
            "Which parts of our offer interest you most?",
            "Welke onderdelen van ons aanbod interesseren u het meest?",
        ),
    ),
    options=(
        option("active", 1.0, "Actively evaluating", "Actief aan het vergelijken"),
        option("engaged", 0.7, "Engaged", "Betrokken"),
        option("curious", 0.35, "Curious", "Nieuwsgierig"),
        option("none", 0.0, "No interest", "Geen interesse"),
    ),
)

FAINT = Framework(
    name="FAINT",
    title=Text(
        "Funds, Authority, Interest, Need, Timing",
        "Middelen, Bevoegdheid, Interesse, Behoefte, Timing",
    ),
    description=Text(
        "For prospects without a formal budget: are there funds at all, and real interest?",
        "Voor prospects zonder formeel budget: zijn er überhaupt middelen, en echte interesse?",
    ),
    criteria=(
        attrs.evolve(BUDGET, label=Text("Funds", "Middelen"), weight=3),
        attrs.evolve(AUTHORITY, weight=3),
        INTEREST,
        attrs.evolve(NEED, weight=2),
        attrs.evolve(TIMELINE, label=Text("Timing", "Timing"), weight=2),
    ),
    pass_rule=MinScore(60),
)
