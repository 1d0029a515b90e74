"""Qualification frameworks as objects: BANT, GPCTBA/C&I, MEDDIC and more.

A framework turns what sales learned in conversation into a score from 0 to 100, a
status per criterion, the criteria still unknown and the questions to ask next. It is
a weighted scale, not all-or-nothing: a strong Need and the right Authority count even
while the budget is not yet approved.

>>> from leadqual.frameworks import BANT
>>> assessment = BANT.assess({"need": "urgent", "authority": "decision_maker"})
>>> assessment.missing
('budget', 'timeline')
>>> print(assessment.next_questions()[0].text.get("nl"))
Is er budget gereserveerd om dit op te lossen, en hoe groot is het ongeveer?
"""

from leadqual._core.public import publish as _publish
from leadqual.frameworks._framework import (
    AllOf,
    AnyOf,
    Assessment,
    Criterion,
    CriterionResult,
    Framework,
    MinMet,
    MinScore,
    Option,
    PassRule,
    Question,
    Status,
    Text,
)
from leadqual.frameworks._io import framework_from_data, framework_to_data
from leadqual.frameworks.anum import ANUM
from leadqual.frameworks.bant import BANT
from leadqual.frameworks.champ import CHAMP
from leadqual.frameworks.faint import FAINT
from leadqual.frameworks.gpctba import GPCTBA
from leadqual.frameworks.meddic import MEDDIC
from leadqual.frameworks.meddpicc import MEDDPICC
from leadqual.frameworks.neat import NEAT

BUILT_INS: tuple[Framework, ...] = (BANT, GPCTBA, MEDDIC, MEDDPICC, CHAMP, ANUM, FAINT, NEAT)
"""Every framework that ships with leadqual."""

# Plain sorted() order (what the exported-members test checks), not ruff's isort order.
__all__ = [
    "ANUM",
    "AllOf",
    "AnyOf",
    "Assessment",
    "BANT",
    "BUILT_INS",
    "CHAMP",
    "Criterion",
    "CriterionResult",
    "FAINT",
    "Framework",
    "GPCTBA",
    "MEDDIC",
    "MEDDPICC",
    "MinMet",
    "MinScore",
    "NEAT",
    "Option",
    "PassRule",
    "Question",
    "Status",
    "Text",
    "framework_from_data",
    "framework_to_data",
]

# Public names show their public package in reprs and pickles (as httpx does).
_publish(__name__, globals(), __all__)
