"""MEDDIC: Metrics, Economic buyer, Decision criteria, Decision process, Identify pain, Champion.

For complex enterprise deals with several people deciding: it weighs the economic
buyer, the pain and an internal champion heaviest.

>>> from leadqual.frameworks import MEDDIC
>>> "".join(c.label.en[0] for c in MEDDIC.criteria)
'MEDDIC'
"""

from __future__ import annotations

from leadqual.frameworks._criteria import NEED_OPTIONS, PROCESS_OPTIONS, option
from leadqual.frameworks._framework import Criterion, Framework, MinScore, Text

__all__ = [
    "CHAMPION",
    "DECISION_CRITERIA",
    "DECISION_PROCESS",
    "ECONOMIC_BUYER",
    "MEDDIC",
    "METRICS",
    "PAIN",
]

METRICS = Criterion(
    key="metrics",
    label=Text("Metrics", "Meetbare resultaten"),
    weight=2,
    description=Text(
        "What measurable economic gain does the buyer expect?",
        "Welke meetbare economische winst verwacht de koper?",
    ),
    questions=(
        Text(
            "Which numbers should improve, and by how much, for this to be a success?",
            "Welke cijfers moeten verbeteren, en met hoeveel, om dit een succes te maken?",
        ),
        Text("How do you measure them today?", "Hoe meet u die nu?"),
    ),
    options=(
        option("agreed", 1.0, "Quantified and agreed", "Gekwantificeerd en afgestemd"),
        option("estimated", 0.6, "Estimated", "Geschat"),
        option("none", 0.0, "No metrics", "Geen meetpunten"),
    ),
)

ECONOMIC_BUYER = Criterion(
    key="economic_buyer",
    label=Text("Economic buyer", "Economische beslisser"),
    weight=3,
    description=Text(
        "Who controls the budget and has the final say, and have you met them?",
        "Wie beheert het budget en heeft het laatste woord, en heb je die persoon gesproken?",
    ),
    questions=(
        Text(
            "Who signs off on an investment like this?",
            "Wie tekent voor een investering als deze?",
        ),
        Text(
            "Can we meet that person before you decide?",
            "Kunnen we die persoon spreken voordat u beslist?",
        ),
    ),
    options=(
        option("engaged", 1.0, "Identified and engaged", "Bekend en betrokken"),
        option("identified", 0.5, "Identified, not met", "Bekend, niet gesproken"),
        option("unidentified", 0.0, "Not identified", "Niet bekend"),
    ),
)

DECISION_CRITERIA = Criterion(
    key="decision_criteria",
    label=Text("Decision criteria", "Beslissingscriteria"),
    weight=2,
    description=Text(
        "On what criteria will the options be judged?",
        "Op welke criteria worden de opties beoordeeld?",
    ),
    questions=(
        Text(
            "How will you compare the options you are considering?",
            "Hoe vergelijkt u de opties die u overweegt?",
        ),
        Text("Which criterion weighs heaviest?", "Welk criterium weegt het zwaarst?"),
    ),
    options=(
        option("favourable", 1.0, "Known and in our favour", "Bekend en in ons voordeel"),
        option("known", 0.6, "Known", "Bekend"),
        option("unclear", 0.0, "Unclear", "Onduidelijk"),
    ),
)

DECISION_PROCESS = Criterion(
    key="decision_process",
    label=Text("Decision process", "Beslissingsproces"),
    weight=2,
    description=Text(
        "How is the decision made: which steps, people and dates?",
        "Hoe wordt de beslissing genomen: welke stappen, mensen en data?",
    ),
    questions=(
        Text(
            "What steps does a purchase like this go through, and who is involved in each?",
            "Welke stappen doorloopt een aankoop als deze, en wie is bij elke stap betrokken?",
        ),
        Text(
            "When do you expect to make the decision?",
            "Wanneer verwacht u de beslissing te nemen?",
        ),
    ),
    options=PROCESS_OPTIONS,
)

PAIN = Criterion(
    key="pain",
    required=True,
    label=Text("Identify pain", "Pijn identificeren"),
    weight=3,
    description=Text(
        "What pain drives the purchase, and is it felt strongly enough to act on?",
        "Welke pijn drijft de aankoop, en wordt die sterk genoeg gevoeld om te handelen?",
    ),
    questions=(
        Text(
            "What problem is this causing, and what does it cost?",
            "Welk probleem veroorzaakt dit, en wat kost het?",
        ),
        Text(
            "What happens if it stays as it is?",
            "Wat gebeurt er als het blijft zoals het is?",
        ),
    ),
    options=NEED_OPTIONS,
)

CHAMPION = Criterion(
    key="champion",
    label=Text("Champion", "Champion (interne pleitbezorger)"),
    weight=3,
    description=Text(
        "Is there someone inside with power and influence who sells for you?",
        "Is er intern iemand met macht en invloed die voor jou verkoopt?",
    ),
    questions=(
        Text(
            "Who inside your organisation benefits most when this succeeds?",
            "Wie in uw organisatie heeft het meeste baat bij succes?",
        ),
        Text(
            "Will you take this to the decision makers with us?",
            "Wilt u dit samen met ons aan de beslissers voorleggen?",
        ),
    ),
    options=(
        option("strong", 1.0, "Champion with influence", "Champion met invloed"),
        option("coach", 0.5, "Friendly coach without power", "Welwillende coach zonder macht"),
        option("none", 0.0, "No champion", "Geen champion"),
    ),
)

MEDDIC = Framework(
    name="MEDDIC",
    title=Text(
        "Metrics, Economic buyer, Decision criteria, Decision process, Identify pain, Champion",
        "Meetbare resultaten, Economische beslisser, Beslissingscriteria, "
        "Beslissingsproces, Pijn identificeren, Champion",
    ),
    description=Text(
        "For complex enterprise deals where several people decide.",
        "Voor complexe enterprise-deals waarin meerdere mensen beslissen.",
    ),
    criteria=(METRICS, ECONOMIC_BUYER, DECISION_CRITERIA, DECISION_PROCESS, PAIN, CHAMPION),
    pass_rule=MinScore(60),
)
