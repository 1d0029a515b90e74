"""Tests for ``leadqual._convert``: the one converter."""

from __future__ import annotations

import json

import pytest

import leadqual as lq


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
