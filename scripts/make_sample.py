"""Write the bundled demo sample, ``src/leadqual/data/sample_leads.jsonl``.

Run from the repository root after changing ``leadqual.datasets``:

    PYTHONPATH=src python scripts/make_sample.py

``tests/test_datasets.py`` fails when the file and ``build_sample()`` disagree.
"""

# ruff: noqa: INP001 - a script, not part of a package

from __future__ import annotations

from pathlib import Path

from leadqual.datasets import build_sample
from leadqual.io import write_leads

SAMPLE = Path(__file__).resolve().parent.parent / "src" / "leadqual" / "data" / "sample_leads.jsonl"


def main() -> None:
    """Regenerate the sample file."""
    count = write_leads(build_sample(), SAMPLE)
    print(f"wrote {count} leads to {SAMPLE}")  # noqa: T201 - a script reports what it did


if __name__ == "__main__":
    main()
