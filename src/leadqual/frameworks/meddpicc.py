"""MEDDPICC: MEDDIC plus Paper process and Competition.

Adds what stalls large deals after the decision (procurement, legal, contract) and who
else the prospect is considering.

>>> from leadqual.frameworks import MEDDPICC
>>> "".join(c.label.en[0] for c in MEDDPICC.criteria)
'MEDDPICC'
"""

from __future__ import annotations

from leadqual.frameworks._criteria import PROCESS_OPTIONS, option
from leadqual.frameworks._framework import Criterion, Framework, MinScore, Text
from leadqual.frameworks.meddic import (
    CHAMPION,
    DECISION_CRITERIA,
    DECISION_PROCESS,
    ECONOMIC_BUYER,
    METRICS,
    PAIN,
)

__all__ = ["COMPETITION", "MEDDPICC", "PAPER_PROCESS"]

PAPER_PROCESS = Criterion(
    key="paper_process",
    label=Text("Paper process", "Papierwerk (inkoop en contract)"),
    weight=1,
    description=Text(
        "Which procurement, legal and contract steps follow the decision?",
        "Welke inkoop-, juridische en contractstappen volgen op de beslissing?",
    ),
    questions=(
        Text(
            "Once you decide, what does it take to get a contract signed?",
            "Wat is er nodig om een contract getekend te krijgen zodra u beslist?",
        ),
        Text(
            "Are procurement or legal involved, and how long do they usually take?",
            "Zijn inkoop of juridische zaken betrokken, en hoe lang duurt dat meestal?",
        ),
    ),
    options=PROCESS_OPTIONS,
)

COMPETITION = Criterion(
    key="competition",
    label=Text("Competition", "Concurrentie"),
    weight=2,
    description=Text(
        "Who else is the prospect considering, including doing nothing or building it themselves?",
        "Wie overweegt de prospect nog meer, inclusief niets doen of het zelf bouwen?",
    ),
    questions=(
        Text(
            "Which other solutions are you considering?",
            "Welke andere oplossingen overweegt u?",
        ),
        Text(
            "What would make you choose one over the other?",
            "Wat zou voor u de doorslag geven?",
        ),
    ),
    options=(
        option("sole", 1.0, "Only option considered", "Enige optie in beeld"),
        option("ahead", 0.8, "We lead", "Wij liggen voor"),
        option("even", 0.5, "Neck and neck", "Nek aan nek"),
        option("behind", 0.2, "We trail", "Wij liggen achter"),
    ),
)

MEDDPICC = Framework(
    name="MEDDPICC",
    title=Text(
        "Metrics, Economic buyer, Decision criteria, Decision process, Paper process, "
        "Identify pain, Champion, Competition",
        "Meetbare resultaten, Economische beslisser, Beslissingscriteria, "
        "Beslissingsproces, Papierwerk, Pijn identificeren, Champion, Concurrentie",
    ),
    description=Text(
        "MEDDIC for long enterprise cycles with procurement and competitors.",
        "MEDDIC voor lange enterprise-trajecten met inkoop en concurrenten.",
    ),
    criteria=(
        METRICS,
        ECONOMIC_BUYER,
        DECISION_CRITERIA,
        DECISION_PROCESS,
        PAPER_PROCESS,
        PAIN,
        CHAMPION,
        COMPETITION,
    ),
    pass_rule=MinScore(60),
)
