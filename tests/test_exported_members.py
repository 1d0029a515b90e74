"""The public names: sorted and resolvable."""

from __future__ import annotations

import importlib
import inspect
import pickle
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


PUBLISHED = [
    "leadqual.icp",
    "leadqual.frameworks",
    "leadqual.scoring",
    "leadqual.verdict",
    "leadqual.lifecycle",
    "leadqual.store",
    "leadqual.notify",
    "leadqual.review",
]


@pytest.mark.parametrize("name", PUBLISHED)
def test_public_module(name: str) -> None:
    """Exported classes and functions name a public module in reprs and pickles."""
    module = importlib.import_module(name)
    for member in module.__all__:
        value = getattr(module, member)
        if isinstance(value, type) or inspect.isfunction(value):
            home = value.__module__
            assert not any(part.startswith("_") for part in home.split(".")), (member, home)


def test_pickles_name_the_public_package() -> None:
    """A pickled ICP names leadqual.icp, not the private module defining it."""
    from leadqual.icp import ICP, IndustryCriterion  # noqa: PLC0415

    icp = ICP(criteria=(IndustryCriterion(industries=("software",)),))
    data = pickle.dumps(icp)
    assert b"leadqual.icp._" not in data
    assert pickle.loads(data) == icp  # noqa: S301 - our own bytes
