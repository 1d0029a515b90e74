"""GPCTBA/C&I: Goals, Plans, Challenges, Timeline, Budget, Authority, Consequences & Implications.

The C is negative Consequences, the I positive Implications. A deeper framework than
BANT for complex B2B sales: it asks not only *whether* a lead can buy, but *why* they
should, exposing the pain (consequences of missing the goals) and the ambition
(implications of reaching them).

>>> from leadqual.frameworks import GPCTBA
>>> [c.label.en for c in GPCTBA.criteria][-2:]
['Negative consequences', 'Positive implications']
"""

from __future__ import annotations

import attrs

from leadqual.frameworks._criteria import AUTHORITY, BUDGET, CHALLENGES, TIMELINE, option
from leadqual.frameworks._framework import Criterion, Framework, MinScore, Text

__all__ = ["CONSEQUENCES", "GOALS", "GPCTBA", "IMPLICATIONS", "PLANS"]

GOALS = Criterion(
    key="goals",
    weight=2,
    label=Text("Goals", "Doelen"),
    description=Text(
        "What measurable goals does the prospect have?",
        "Wat zijn de meetbare doelen van de prospect?",
    ),
    questions=(
        Text(
            "What goals have you set for this year, and how do you measure them?",
            "Welke doelen heeft u voor dit jaar gesteld, en hoe meet u ze?",
        ),
        Text(
            "Which of these goals matters most to your management?",
            "Welke van deze doelen vindt uw directie het belangrijkst?",
        ),
    ),
    options=(
        option("measurable", 1.0, "Measurable goals", "Meetbare doelen"),
        option("defined", 0.6, "Defined, not measured", "Benoemd, niet meetbaar"),
        option("vague", 0.25, "Vague ambitions", "Vage ambities"),
        option("none", 0.0, "No goals", "Geen doelen"),
    ),
)

PLANS = Criterion(
    key="plans",
    weight=1,
    label=Text("Plans", "Plannen"),
    description=Text(
        "How does the prospect plan to reach those goals?",
        "Hoe is de prospect van plan die doelen te bereiken?",
    ),
    questions=(
        Text(
            "How do you plan to reach these goals?",
            "Hoe bent u van plan deze doelen te bereiken?",
        ),
        Text(
            "Who owns that plan, and what resources does it have?",
            "Wie is eigenaar van dat plan, en welke middelen zijn er?",
        ),
    ),
    options=(
        option("committed", 1.0, "Plan with owner and resources", "Plan met eigenaar en middelen"),
        option("drafted", 0.5, "Plan in draft", "Plan in concept"),
        option("none", 0.0, "No plan", "Geen plan"),
    ),
)

CONSEQUENCES = Criterion(
    key="consequences",
    weight=2,
    label=Text("Negative consequences", "Negatieve gevolgen"),
    description=Text(
        "What happens if the prospect does not reach the goals?",
        "Wat gebeurt er als de prospect de doelen niet haalt?",
    ),
    questions=(
        Text(
            "What happens if you do not reach these goals?",
            "Wat gebeurt er als u deze doelen niet haalt?",
        ),
        Text("Who feels those consequences most?", "Wie merkt die gevolgen het meest?"),
    ),
    options=(
        option("severe", 1.0, "Severe", "Ernstig"),
        option("moderate", 0.6, "Noticeable", "Merkbaar"),
        option("minor", 0.25, "Minor", "Gering"),
        option("none", 0.0, "None", "Geen"),
    ),
)

IMPLICATIONS = Criterion(
    key="implications",
    weight=1,
    label=Text("Positive implications", "Positieve implicaties"),
    description=Text(
        "What does success bring the prospect and the people involved?",
        "Wat levert succes de prospect en de betrokkenen op?",
    ),
    questions=(
        Text(
            "What does reaching these goals mean for your company?",
            "Wat betekent het bereiken van deze doelen voor uw bedrijf?",
        ),
        Text(
            "And what does it mean for you personally?",
            "En wat betekent het voor u persoonlijk?",
        ),
    ),
    options=(
        option("major", 1.0, "Major", "Groot"),
        option("moderate", 0.6, "Noticeable", "Merkbaar"),
        option("minor", 0.25, "Minor", "Gering"),
        option("none", 0.0, "None", "Geen"),
    ),
)

GPCTBA = Framework(
    name="GPCTBA/C&I",
    title=Text(
        "Goals, Plans, Challenges, Timeline, Budget, Authority, "
        "negative Consequences & positive Implications",
        "Doelen, Plannen, Uitdagingen, Tijdpad, Budget, Bevoegdheid, "
        "negatieve Gevolgen & positieve Implicaties",
    ),
    description=Text(
        "A deeper framework for complex B2B sales: why the prospect should buy, "
        "not only whether they can.",
        "Een diepgaander framework voor complexe B2B-verkoop: waarom de prospect zou "
        "moeten kopen, niet alleen óf ze kunnen.",
    ),
    criteria=(
        GOALS,
        PLANS,
        attrs.evolve(CHALLENGES, weight=2),
        attrs.evolve(TIMELINE, weight=2),
        attrs.evolve(BUDGET, weight=2),
        attrs.evolve(AUTHORITY, weight=2),
        CONSEQUENCES,
        IMPLICATIONS,
    ),
    pass_rule=MinScore(60),
)
