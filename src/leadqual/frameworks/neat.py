"""NEAT: Need, Economic impact, Access to authority, Timeline.

Centres the core need and its economic impact; instead of asking whether the contact
decides, it asks whether they can get you to the person who does.

>>> from leadqual.frameworks import NEAT
>>> [c.label.en for c in NEAT.criteria]
['Need', 'Economic impact', 'Access to authority', 'Timeline']
"""

from __future__ import annotations

import attrs

from leadqual.frameworks._criteria import NEED, TIMELINE, option
from leadqual.frameworks._framework import Criterion, Framework, MinScore, Text

__all__ = ["ACCESS_TO_AUTHORITY", "ECONOMIC_IMPACT", "NEAT"]

ECONOMIC_IMPACT = Criterion(
    key="economic_impact",
    label=Text("Economic impact", "Economische impact"),
    weight=3,
    description=Text(
        "What is the measurable economic effect of buying, and of not buying?",
        "Wat is het meetbare economische effect van kopen, en van niet kopen?",
    ),
    questions=(
        Text(
            "What does the current situation cost you per year?",
            "Wat kost de huidige situatie u per jaar?",
        ),
        Text("What would solving it be worth?", "Wat zou het oplossen ervan waard zijn?"),
    ),
    options=(
        option("quantified", 1.0, "Quantified", "Gekwantificeerd"),
        option("estimated", 0.6, "Estimated", "Geschat"),
        option("unclear", 0.2, "Unclear", "Onduidelijk"),
        option("none", 0.0, "No impact", "Geen impact"),
    ),
)

ACCESS_TO_AUTHORITY = Criterion(
    key="access_to_authority",
    label=Text("Access to authority", "Toegang tot de beslisser"),
    weight=2,
    description=Text(
        "Can your contact get you to the person who decides, if they do not decide themselves?",
        "Kan je contactpersoon je bij de beslisser brengen, als die niet zelf beslist?",
    ),
    questions=(
        Text(
            "Who makes the final decision, and how do you work with them?",
            "Wie neemt de uiteindelijke beslissing, en hoe werkt u met die persoon samen?",
        ),
        Text(
            "Can you bring them into our next conversation?",
            "Kunt u die persoon bij ons volgende gesprek betrekken?",
        ),
    ),
    options=(
        option("direct", 1.0, "Is the decision maker", "Is de beslisser", "decision_maker"),
        option("sponsored", 0.7, "Will introduce us", "Brengt ons in contact"),
        option("indirect", 0.3, "Influence only", "Alleen invloed"),
        option("none", 0.0, "No access", "Geen toegang"),
    ),
)

NEAT = Framework(
    name="NEAT",
    title=Text(
        "Need, Economic impact, Access to authority, Timeline",
        "Behoefte, Economische impact, Toegang tot de beslisser, Tijdpad",
    ),
    description=Text(
        "Centres the core need and its economic impact over a formal budget.",
        "Zet de kernbehoefte en de economische impact voorop, boven een formeel budget.",
    ),
    criteria=(
        attrs.evolve(NEED, weight=4),
        ECONOMIC_IMPACT,
        ACCESS_TO_AUTHORITY,
        attrs.evolve(TIMELINE, weight=2),
    ),
    pass_rule=MinScore(60),
)
