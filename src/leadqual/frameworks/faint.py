"""FAINT: Funds, Authority, Interest, Need, Timing.

Asks whether the organisation has the money at all, budgeted or not, and whether the
prospect shows real interest.

>>> from leadqual.frameworks import FAINT
>>> [c.label.en for c in FAINT.criteria]
['Funds', 'Authority', 'Interest', 'Need', 'Timing']
>>> FAINT.criterion("budget").label.nl
'Middelen'
"""

from leadqual.frameworks._builtins import FRAMEWORKS

__all__ = ["FAINT", "INTEREST"]

FAINT = FRAMEWORKS["FAINT"]
INTEREST = FAINT.criterion("interest")
