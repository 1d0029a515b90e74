"""Tests for ``leadqual._convert``: the one converter."""

from __future__ import annotations

import json

import attrs
import pytest

import leadqual as lq
from leadqual._convert import structure_config


class TestEnums:
    """Enumerations (Stage, framework statuses) are plain strings in data."""

    def test_unstructure_to_value(self) -> None:
        """A StrEnum member becomes its plain value, also inside containers."""
        data = lq.unstructure({"stage": lq.Stage.SQL})
        assert type(data["stage"]) is str
        assert json.dumps(data) == '{"stage": "sql"}'

    def test_structure_from_value(self) -> None:
        """A value structures back to the member; a wrong one lists the allowed values."""
        assert lq.structure("sql", lq.Stage) is lq.Stage.SQL
        with pytest.raises(lq.ConfigError, match="expected one of 'new', 'mql'"):
            lq.structure("hot", lq.Stage)


class _NarrowError(lq.ConfigError):
    """A narrower configuration error, as a validator might raise it."""


def _check_narrow(_instance: object, _attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        msg = "must not be negative"
        raise _NarrowError(msg)


@attrs.frozen
class _Bound:
    """A value that checks itself with a narrow error."""

    value: int = attrs.field(validator=_check_narrow)


@attrs.frozen
class _Limits:
    """A small definition holding several self-checking values."""

    bounds: tuple[_Bound, ...] = ()


class TestErrorClass:
    """The raised error is the most specific class every problem shares."""

    def test_all_narrow_gives_the_narrow_class(self) -> None:
        """When every problem is a _NarrowError, so is the raised error, with all places."""
        data = {"bounds": [{"value": -1}, {"value": 1}, {"value": -2}]}
        with pytest.raises(_NarrowError) as caught:
            structure_config(data, _Limits, "limits")
        assert caught.value.errors == (
            "bounds[0]: must not be negative",
            "bounds[2]: must not be negative",
        )

    def test_mixed_problems_give_the_base_class(self) -> None:
        """One other problem among them widens the class back to ConfigError."""
        data = {"bounds": [{"value": -1}, {"value": "2"}]}
        with pytest.raises(lq.ConfigError) as caught:
            structure_config(data, _Limits, "limits")
        assert type(caught.value) is lq.ConfigError
        assert caught.value.errors == (
            "bounds[0]: must not be negative",
            "bounds[1].value: expected an integer, got str '2'",
        )
