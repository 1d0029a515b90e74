"""The public names of leadqual.review."""

from __future__ import annotations

import leadqual.review


class TestExports:
    """__all__ of leadqual.review."""

    def test_sorted_and_resolvable(self) -> None:
        """__all__ is sorted and every name resolves."""
        names = leadqual.review.__all__
        assert names == sorted(names)
        assert all(getattr(leadqual.review, name) is not None for name in names)

    def test_public_module(self) -> None:
        """Classes and functions carry the public module name."""
        assert leadqual.review.Calibrator.__module__ == "leadqual.review"
        assert leadqual.review.review.__module__ == "leadqual.review"
        assert "_calibrate" not in repr(leadqual.review.Calibrator())
