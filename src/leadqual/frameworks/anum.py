"""ANUM: Authority, Need, Urgency, Money.

Talk to the person who decides first; money weighs least.

>>> from leadqual.frameworks import ANUM
>>> [(c.label.en, c.weight) for c in ANUM.criteria]
[('Authority', 4), ('Need', 3), ('Urgency', 2), ('Money', 1)]
"""

from leadqual.frameworks._builtins import FRAMEWORKS

__all__ = ["ANUM", "URGENCY"]

ANUM = FRAMEWORKS["ANUM"]
URGENCY = ANUM.criterion("urgency")
