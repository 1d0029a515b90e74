"""The public names: sorted and resolvable."""

from __future__ import annotations

import types

import pytest

import leadqual
import leadqual.lifecycle
import leadqual.scoring
import leadqual.store


class TestExportedMembers:
    """__all__ of the public packages."""

    @pytest.mark.parametrize(
        "module", [leadqual, leadqual.scoring, leadqual.lifecycle, leadqual.store]
    )
    def test_sorted(self, module: types.ModuleType) -> None:
        """__all__ is sorted."""
        assert module.__all__ == sorted(module.__all__)

    @pytest.mark.parametrize(
        "module", [leadqual, leadqual.scoring, leadqual.lifecycle, leadqual.store]
    )
    def test_resolve(self, module: types.ModuleType) -> None:
        """Every name in __all__ resolves to an object."""
        for name in module.__all__:
            assert getattr(module, name) is not None
