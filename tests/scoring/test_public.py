"""The public names of leadqual.scoring."""

from __future__ import annotations

import pickle
import types

import leadqual.scoring
from leadqual.scoring import ExponentialDecay


class TestScoringAll:
    """leadqual.scoring.__all__ and the public module of its names."""

    def test_all_is_sorted_and_complete(self) -> None:
        """__all__ is sorted and equals the package's public, non-module names."""
        module = leadqual.scoring
        public = {
            name
            for name, value in vars(module).items()
            if not name.startswith("_") and not isinstance(value, types.ModuleType)
        }
        assert module.__all__ == sorted(module.__all__)
        assert set(module.__all__) == public - {"annotations"}

    def test_public_module(self) -> None:
        """Exported classes name leadqual.scoring in reprs and pickles."""
        for name in leadqual.scoring.__all__:
            value = getattr(leadqual.scoring, name)
            module = getattr(value, "__module__", None)
            if module is not None:
                assert not any(part.startswith("_") for part in module.split(".")), name
        data = pickle.dumps(ExponentialDecay(3))
        assert b"leadqual.scoring._" not in data
        assert pickle.loads(data) == ExponentialDecay(3)  # noqa: S301 - our own bytes
