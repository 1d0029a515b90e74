"""Closed tagged families: files load only built-in or explicitly registered kinds."""

from __future__ import annotations

from typing import ClassVar

import attrs
import pytest

from leadqual._convert import register_variant, structure_config
from leadqual.exceptions import ConfigError
from leadqual.icp import ICP
from leadqual.icp._criteria import Criterion
from leadqual.lead import Lead
from leadqual.scoring import Condition, Equals, model_from_data
from leadqual.scoring import _plan as nodes
from leadqual.verdict._io import qualifier_from_data

RAN: list[str] = []


@attrs.frozen
class Hostile(Condition):
    """A plugin-style condition that would run code when built or planned."""

    kind: ClassVar[str] = "hostile"
    field: str = "x"

    def __attrs_post_init__(self) -> None:
        RAN.append("built")

    def plan(self, subject: str) -> nodes.Predicate:
        """Would run code while compiling."""
        del subject
        RAN.append("planned")
        return nodes.Present(nodes.Field("lead", ("email",)))


@attrs.frozen
class Shadow(Condition):
    """A subclass trying to replace the built-in ``equals``."""

    kind: ClassVar[str] = "equals"
    field: str = "x"
    value: str = "x"

    def __attrs_post_init__(self) -> None:
        RAN.append("shadow")


@attrs.frozen
class HostileCriterion(Criterion):
    """A plugin-style ICP criterion."""

    kind: ClassVar[str] = "hostile"

    def __attrs_post_init__(self) -> None:
        RAN.append("criterion")


def _rule(when: dict[str, object]) -> dict[str, object]:
    return {"rules": [{"name": "r", "points": 1, "when": when}]}


class TestClosedFamilies:
    """No file can make code run."""

    def setup_method(self) -> None:
        """Start with nothing run."""
        RAN.clear()

    def test_model_file_cannot_load_plugin(self) -> None:
        """A model naming an unregistered kind is a ConfigError; nothing runs."""
        with pytest.raises(ConfigError, match="hostile"):
            model_from_data(_rule({"kind": "hostile", "field": "x"}))
        assert RAN == []

    def test_subclass_cannot_shadow_built_in(self) -> None:
        """'equals' still loads the built-in Equals, whatever else claims the kind."""
        model = model_from_data(_rule({"kind": "equals", "field": "job_title", "value": "ceo"}))
        assert type(model.rules[0].when) is Equals  # type: ignore[union-attr]
        assert RAN == []
        assert Condition.variants()["equals"] is Equals

    def test_icp_and_qualifier_files(self) -> None:
        """ICP and qualifier files are closed too."""
        with pytest.raises(ConfigError):
            structure_config({"criteria": [{"kind": "hostile"}]}, ICP, "ICP")
        with pytest.raises(ConfigError):
            qualifier_from_data({"model": _rule({"kind": "hostile"})})
        assert RAN == []

    def test_registration_is_explicit_and_cannot_replace(self) -> None:
        """A registered kind loads and scores through its plan; a clash is refused."""
        with pytest.raises(ConfigError, match="already"):
            register_variant(Condition, Shadow)
        try:
            register_variant(Condition, Hostile)
            model = model_from_data(_rule({"kind": "hostile"}))
            assert model.score(Lead("L", email="a@b.nl")).points == 1
            assert RAN[0] == "built"
            assert "planned" in RAN
        finally:
            from leadqual._convert import _REGISTERED  # noqa: PLC0415 - test cleanup

            _REGISTERED.get(Condition, {}).pop("hostile", None)
