"""NEAT: Need, Economic impact, Access to authority, Timeline.

Centres the core need and its economic impact; instead of asking whether the contact
decides, it asks whether they can get you to the person who does.

>>> from leadqual.frameworks import NEAT
>>> [c.label.en for c in NEAT.criteria]
['Need', 'Economic impact', 'Access to authority', 'Timeline']
"""

from leadqual.frameworks._builtins import FRAMEWORKS

__all__ = ["ACCESS_TO_AUTHORITY", "ECONOMIC_IMPACT", "NEAT"]

NEAT = FRAMEWORKS["NEAT"]
_, ECONOMIC_IMPACT, ACCESS_TO_AUTHORITY, _ = NEAT.criteria
