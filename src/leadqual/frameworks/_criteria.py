"""Criteria that several built-in frameworks share, so one lead's answers feed them all.

A lead that answered ``budget``, ``authority``, ``need`` and ``timeline`` for BANT is
partly assessed for GPCTBA/C&I, CHAMP, ANUM, FAINT and NEAT as well: those frameworks
reuse these keys and option names (with their own label and weight where the letter
means something slightly different, like CHAMP's *Money*).
"""

from __future__ import annotations

from leadqual.frameworks._framework import Criterion, Option, Text

__all__ = [
    "AUTHORITY",
    "BUDGET",
    "CHALLENGES",
    "NEED",
    "NEED_OPTIONS",
    "PROCESS_OPTIONS",
    "TIMELINE",
    "option",
]


def option(key: str, level: float, en: str, nl: str, *aliases: str) -> Option:
    """A named answer with its English and Dutch label (shorthand for the built-ins).

    >>> option("approved", 1.0, "Approved", "Goedgekeurd").label.nl
    'Goedgekeurd'
    """
    return Option(key, level, Text(en, nl), aliases)


BUDGET = Criterion(
    key="budget",
    label=Text("Budget", "Budget"),
    description=Text(
        "Does the prospect have the money for your product or service?",
        "Beschikt de prospect over de financiële middelen voor je product of dienst?",
    ),
    questions=(
        Text(
            "Is there a budget set aside for solving this, and roughly how large is it?",
            "Is er budget gereserveerd om dit op te lossen, en hoe groot is het ongeveer?",
        ),
        Text(
            "Has that budget been formally approved, or does it still need sign-off?",
            "Is dat budget formeel goedgekeurd, of moet het nog worden vrijgegeven?",
        ),
    ),
    options=(
        option("approved", 1.0, "Approved", "Goedgekeurd", "goedgekeurd"),
        option(
            "allocated",
            0.8,
            "Allocated, awaiting sign-off",
            "Gereserveerd, nog niet vrijgegeven",
            "reserved",
            "gereserveerd",
        ),
        option("planned", 0.5, "Planned in a coming budget", "Gepland in een komend budget"),
        option("seeking", 0.25, "Still looking for budget", "Zoekt nog budget"),
        option("none", 0.0, "No budget", "Geen budget", "no_budget", "geen"),
    ),
)

AUTHORITY = Criterion(
    key="authority",
    label=Text("Authority", "Bevoegdheid"),
    description=Text(
        "Are you talking to the decision maker, or to someone with enough influence "
        "to steer the decision?",
        "Praat je met de beslisser, of met iemand die genoeg invloed heeft om de "
        "beslissing te sturen?",
    ),
    questions=(
        Text(
            "Who besides you is involved in deciding on this purchase?",
            "Wie is er naast u betrokken bij de beslissing over deze aankoop?",
        ),
        Text(
            "Who has the final say and signs off on the budget?",
            "Wie heeft het laatste woord en tekent voor het budget?",
        ),
    ),
    options=(
        option("decision_maker", 1.0, "Decision maker", "Beslisser", "beslisser"),
        option("influencer", 0.6, "Influencer", "Beïnvloeder", "beïnvloeder"),
        option("user", 0.3, "User", "Gebruiker", "gebruiker"),
        option("none", 0.0, "No role in the decision", "Geen rol in de beslissing"),
    ),
)

NEED_OPTIONS = (
    option("urgent", 1.0, "Urgent, felt pain", "Urgent, voelbare pijn", "high", "critical"),
    option("clear", 0.8, "Clear need", "Duidelijke behoefte", "medium"),
    option("latent", 0.4, "Latent need", "Latente behoefte", "low"),
    option("none", 0.0, "No need", "Geen behoefte", "no_need"),
)
"""From felt pain to no need: shared by every criterion about the prospect's problem."""

# Without a need there is nothing to sell: every framework that asks about the need
# requires it met. An explicit "none" keeps the lead from passing but does not
# disqualify it (docs/frameworks.md, "No need, no budget").
NEED = Criterion(
    key="need",
    required=True,
    label=Text("Need", "Behoefte"),
    description=Text(
        "Is there a concrete problem or a clear need your solution fulfils?",
        "Is er een concreet probleem of een duidelijke behoefte die je oplossing vervult?",
    ),
    questions=(
        Text(
            "What problem are you trying to solve, and what does it cost you today?",
            "Welk probleem wilt u oplossen, en wat kost het u vandaag?",
        ),
        Text(
            "Why is solving it important now?",
            "Waarom is het belangrijk om dit nu op te lossen?",
        ),
    ),
    options=NEED_OPTIONS,
)

# The article: a need within 3 months is worth clearly more than orienting for next year.
TIMELINE = Criterion(
    key="timeline",
    label=Text("Timeline", "Tijdpad"),
    description=Text(
        "Within what time frame does the prospect want to decide? A need within 3 months "
        "is worth clearly more than orienting for next year.",
        "Binnen welk tijdsbestek wil de prospect knopen doorhakken? Een behoefte binnen "
        "3 maanden is duidelijk meer waard dan vrijblijvend oriënteren voor volgend jaar.",
    ),
    questions=(
        Text(
            "By when do you want a solution in place?",
            "Wanneer wilt u een oplossing in gebruik hebben?",
        ),
        Text(
            "What happens if nothing is decided before then?",
            "Wat gebeurt er als er voor die tijd niets besloten is?",
        ),
    ),
    options=(
        option("within_1_month", 1.0, "Within a month", "Binnen een maand"),
        option("within_3_months", 0.9, "Within 3 months", "Binnen 3 maanden"),
        option("within_6_months", 0.6, "Within 6 months", "Binnen 6 maanden"),
        option("this_year", 0.4, "This year", "Dit jaar"),
        option(
            "next_year",
            0.15,
            "Orienting for next year",
            "Oriënteert voor volgend jaar",
            "orienting",
        ),
        option("none", 0.0, "No timeline", "Geen tijdpad"),
    ),
)

CHALLENGES = Criterion(
    key="challenges",
    required=True,
    label=Text("Challenges", "Uitdagingen"),
    description=Text(
        "Which obstacles stand between the prospect and their goals, and can you remove them?",
        "Welke obstakels staan tussen de prospect en hun doelen, en kun jij die wegnemen?",
    ),
    questions=(
        Text(
            "What stands in the way of reaching your goals?",
            "Wat staat het bereiken van uw doelen in de weg?",
        ),
        Text(
            "What have you already tried, and why did it not work?",
            "Wat heeft u al geprobeerd, en waarom werkte dat niet?",
        ),
    ),
    options=(
        option(
            "clear", 1.0, "Specific challenges we solve", "Concrete uitdagingen die wij oplossen"
        ),
        option("general", 0.5, "General challenges", "Algemene uitdagingen"),
        option("none", 0.0, "No challenges we address", "Geen uitdagingen die wij oplossen"),
    ),
)

PROCESS_OPTIONS = (
    option("mapped", 1.0, "Mapped, with people and dates", "In kaart, met mensen en data"),
    option("partial", 0.5, "Partly known", "Deels bekend"),
    option("unclear", 0.0, "Unclear", "Onduidelijk"),
)
"""How well a buying process (decision, procurement, contract) is known."""
