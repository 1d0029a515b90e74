"""``Tagged.variants`` and code-only variants in the one converter."""

from __future__ import annotations

from typing import ClassVar

import attrs
import pytest

from leadqual import ConfigError, NotSerializableError
from leadqual._convert import Tagged, code_only, structure_config, unstructure


class Shape(Tagged):
    """A test family."""

    __slots__ = ()


class _Undecorated(Shape):
    # What attrs leaves behind when it builds a slotted class: same kind, not attrs.
    kind: ClassVar[str] = "circle"


@attrs.frozen
class Circle(Shape):
    """A data variant."""

    kind: ClassVar[str] = "circle"
    radius: float = 1.0


@code_only
@attrs.frozen
class Code(Shape):
    """A code-only variant."""

    kind: ClassVar[str] = "code"
    name: str = "x"


@attrs.frozen
class Holder:
    """Holds shapes."""

    shapes: tuple[Shape, ...] = ()


class TestVariants:
    """Variant discovery and code-only variants."""

    def test_non_attrs_leftover_does_not_shadow(self) -> None:
        """A leftover undecorated class with the same kind never replaces the attrs class."""
        assert _Undecorated.kind == "circle"
        assert Shape.variants()["circle"] is Circle
        assert structure_config({"shapes": [{"kind": "circle"}]}, Holder, "h") == Holder(
            (Circle(),)
        )

    def test_code_only_cannot_be_loaded(self) -> None:
        """A code-only kind in data is a ConfigError at its place."""
        with pytest.raises(ConfigError, match=r"shapes\[0\]\.kind: 'code' exists only in Python"):
            structure_config({"shapes": [{"kind": "code"}]}, Holder, "h")

    def test_code_only_cannot_be_written(self) -> None:
        """Unstructuring a code-only variant raises NotSerializableError."""
        with pytest.raises(NotSerializableError, match="Code"):
            unstructure(Holder((Code(),)))
