"""The public surface of ``leadqual.icp``."""

from __future__ import annotations

import leadqual.icp


class TestExports:
    """``leadqual.icp.__all__``."""

    def test_sorted_and_resolvable(self) -> None:
        """``__all__`` is sorted the way ruff (RUF022) keeps it, and every name exists."""
        names = leadqual.icp.__all__
        # isort style: SCREAMING_CASE first, then CamelCase, then the rest.
        assert names == sorted(names, key=lambda n: (not n.isupper(), not n[0].isupper(), n))
        assert all(hasattr(leadqual.icp, name) for name in names)
