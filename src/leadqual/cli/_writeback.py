"""Write-back CSV files that HubSpot and Salesforce re-import (``--format hubspot|salesforce``).

Each row identifies the record (HubSpot: ``Record ID`` and ``Email``; Salesforce: ``Id``
and ``Email``) and carries the result under property/field names to create once in the
CRM: ``leadqual_score``, ``leadqual_grade``, ``leadqual_stage``, ``leadqual_decision``,
``leadqual_reasons`` (HubSpot internal names) or ``Leadqual_Score__c`` and so on
(Salesforce custom fields). See ``docs/crm-exports.md``.

>>> import io
>>> out = io.StringIO()
>>> row = {"id": "51000", "email": "a@b.nl", "points": 42, "stage": "mql", "reasons": ["+10 demo"]}
>>> write_crm([row], out, "hubspot", formula_guard=False)
>>> print(out.getvalue(), end="")
Record ID,Email,leadqual_score,leadqual_grade,leadqual_stage,leadqual_decision,leadqual_reasons
51000,a@b.nl,42,,mql,,+10 demo

With the guard (the default) the reason would be written ``'+10 demo``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Literal, TextIO

from leadqual.cli._output import csv_line, safe_cell

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["CRM_FORMATS", "write_crm"]

CRM_FORMATS: Final = ("hubspot", "salesforce")
"""The CRMs ``--format`` writes back to."""

_KEYS: Final = ("id", "email", "points", "grade", "stage", "decision", "reasons")
_HEADERS: Final = {
    "hubspot": (
        "Record ID",
        "Email",
        "leadqual_score",
        "leadqual_grade",
        "leadqual_stage",
        "leadqual_decision",
        "leadqual_reasons",
    ),
    "salesforce": (
        "Id",
        "Email",
        "Leadqual_Score__c",
        "Leadqual_Grade__c",
        "Leadqual_Stage__c",
        "Leadqual_Decision__c",
        "Leadqual_Reasons__c",
    ),
}
_TOP_REASONS: Final = 3


def write_crm(
    rows: Iterable[dict[str, Any]],
    out: TextIO,
    crm: Literal["hubspot", "salesforce"],
    *,
    formula_guard: bool = True,
) -> None:
    """Write rows (``id``, ``email``, ``points``, ``grade``, ``stage``, ``decision``, ``reasons``).

    Missing keys are empty cells; the top three reasons are joined by ``"; "``. With
    ``formula_guard`` (the default) text a spreadsheet would run as a formula gets a
    leading apostrophe (:func:`~leadqual.cli._output.safe_cell`); switch it off when the
    file goes straight into a CRM import or pandas, which do not run formulas.
    """
    out.write(csv_line(_HEADERS[crm]))
    for row in rows:
        cells: list[object] = []
        for key in _KEYS:
            value = row.get(key)
            if key == "reasons":
                value = "; ".join(list(value or ())[:_TOP_REASONS])
            cell = "" if value is None else value
            cells.append(safe_cell(cell) if formula_guard else cell)
        out.write(csv_line(cells))
