"""Definition files: the TOML emitter and suffix dispatch."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadqual import ConfigError, InputFileError
from leadqual._files import dumps_toml, read_data

KEYS = st.text(min_size=1, max_size=8)
SCALARS = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=10),
)
PLAIN: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=10,
)


class TestDumpsToml:
    """dumps_toml."""

    def test_control_characters(self) -> None:
        """DEL and the other control characters TOML forbids raw are escaped."""
        data = {"text": 'a\x7fb\x00c\td\ne"f\\g'}
        assert tomllib.loads(dumps_toml(data)) == data

    @given(st.dictionaries(KEYS, PLAIN, max_size=4))
    def test_round_trip(self, data: dict[str, Any]) -> None:
        """Nested plain data comes back equal through tomllib."""
        assert tomllib.loads(dumps_toml(data)) == data

    def test_key_ending_in_newline_is_quoted(self) -> None:
        """A key with a trailing newline is quoted, not written bare ('$' matches before it)."""
        data = {"0": False, "0\n": {"a": 1}}
        assert tomllib.loads(dumps_toml(data)) == data

    def test_null_rejected(self) -> None:
        """None inside a list cannot be written and names its place."""
        with pytest.raises(ConfigError, match="TOML has no null"):
            dumps_toml({"a": [None]})


class TestReadData:
    """read_data."""

    def test_suffix(self, tmp_path: Path) -> None:
        """An unknown suffix is an InputFileError."""
        with pytest.raises(InputFileError, match=r"unsupported file type '\.ini'"):
            read_data(tmp_path / "m.ini")

    def test_invalid_json_line(self, tmp_path: Path) -> None:
        """Invalid JSON names the line."""
        path = tmp_path / "m.json"
        path.write_text('{\n"a": ,\n}')
        with pytest.raises(ConfigError, match="line 2: invalid JSON"):
            read_data(path)

    @pytest.mark.parametrize(
        ("suffix", "text", "problem"),
        [
            (".json", '{"a": ' + "9" * 5000 + "}", "invalid JSON: a number has more than 4300"),
            (".toml", "a = " + "9" * 5000 + "\n", "invalid TOML: a number has more than 4300"),
            (".json", "[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deeply"),
        ],
    )
    def test_values_the_parser_cannot_build(
        self, tmp_path: Path, suffix: str, text: str, problem: str
    ) -> None:
        """Huge integers and deep nesting are a ConfigError naming the file, not a crash."""
        path = tmp_path / f"m{suffix}"
        path.write_text(text)
        with pytest.raises(ConfigError, match=f"^{path}: {problem}"):
            read_data(path)
