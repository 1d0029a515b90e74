"""Tests for ``leadqual.verdict``: the public names."""

from __future__ import annotations

import leadqual.verdict


class TestVerdictPackage:
    """leadqual.verdict.__all__."""

    def test_sorted_and_resolvable(self) -> None:
        """__all__ is in plain sorted() order and every name resolves."""
        names = leadqual.verdict.__all__
        assert names == sorted(names)
        assert all(getattr(leadqual.verdict, name) is not None for name in names)
