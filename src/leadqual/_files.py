"""Moved to :mod:`leadqual.io._files`: a re-export for code written before the move.

Definition files are an edge: new code imports ``leadqual.io._files``, and the evaluators
may use neither (the import contract forbids it).
"""

from leadqual.io._files import *  # noqa: F403
