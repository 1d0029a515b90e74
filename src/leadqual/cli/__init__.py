"""The ``leadqual`` command line.

Exit codes: 0 every input row was used; 1 at least one input row was rejected (the good
rows are still used and printed); 2 the command could not run (bad arguments, an
unreadable or invalid definition file, a missing leads file, an unwritable ``--rejects``
file) or failed unexpectedly (one line on standard error, never a traceback).

Each command lives in its own module (``_score.py`` for ``score`` and ``init``,
``_schema.py`` for ``schema``); ``_app.py`` builds the parser from them.
"""

from leadqual.cli._app import EXIT_ERROR, EXIT_OK, EXIT_REJECTED, Command, main
from leadqual.cli._output import printable, safe_cell

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_REJECTED", "Command", "main", "printable", "safe_cell"]
