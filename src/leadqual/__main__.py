"""``python -m leadqual`` runs the command line."""

import sys

from leadqual.cli import main

sys.exit(main())
