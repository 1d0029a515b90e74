"""Tests for ``leadqual._files``: definition files as plain data."""

from __future__ import annotations

import tomllib

from leadqual._files import dumps_toml


class TestDumpsToml:
    """dumps_toml writes TOML that tomllib reads back unchanged."""

    def test_control_characters(self) -> None:
        """DEL and the other control characters TOML forbids raw are escaped."""
        data = {"text": 'a\x7fb\x00c\td\ne"f\\g'}
        assert tomllib.loads(dumps_toml(data)) == data
