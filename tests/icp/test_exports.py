"""The public surface of ``leadqual.icp``."""

from __future__ import annotations

import leadqual.icp


class TestExports:
    """``leadqual.icp.__all__``."""

    def test_sorted_and_resolvable(self) -> None:
        """``__all__`` is in plain sorted order, and every name exists."""
        names = leadqual.icp.__all__
        assert names == sorted(names)
        assert all(hasattr(leadqual.icp, name) for name in names)
