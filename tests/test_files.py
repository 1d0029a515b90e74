"""Definition files: the TOML emitter and suffix dispatch."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from leadqual import ConfigError, InputFileError
from leadqual.io._files import YAML_DEPTH_LIMIT, _load_yaml, dumps_toml, read_data

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


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    """A few hundred bytes of YAML whose aliases expand to ``width ** levels`` scalars."""
    lines = ["a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


class TestReadYaml:
    """read_data on YAML: bounded in time and memory whatever the file holds."""

    def test_alias_bomb_refused(self, tmp_path: Path) -> None:
        """Aliases that would expand to hundreds of millions of nodes are a ConfigError."""
        path = tmp_path / "bomb.yaml"
        path.write_text(_alias_bomb(), encoding="utf-8")
        with pytest.raises(ConfigError, match=r"aliases repeat .* more than the 10000 allowed"):
            read_data(path)

    @pytest.mark.parametrize("text", ["a: &a [1, *a]\n", "a: &a {b: *a}\n"])
    def test_alias_cycle_refused(self, tmp_path: Path, text: str) -> None:
        """An alias inside the node it names would make values without end."""
        path = tmp_path / "cycle.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match="alias refers to a node that contains it"):
            read_data(path)

    def test_modest_aliases_and_merge_keys_still_work(self, tmp_path: Path) -> None:
        """Reusing an anchor a few times, and ``<<`` merge keys, stay allowed."""
        path = tmp_path / "ok.yaml"
        path.write_text("x: &x {p: 1}\ny: *x\nz: {<<: *x, q: 2}\n", encoding="utf-8")
        assert read_data(path) == {"x": {"p": 1}, "y": {"p": 1}, "z": {"p": 1, "q": 2}}

    @pytest.mark.parametrize("pure_python", [False, True], ids=["libyaml", "pure-python"])
    @pytest.mark.parametrize(
        "text",
        [
            "[" * 5000 + "]" * 5000,
            "[" * 200_000 + "]" * 200_000,  # crashed libyaml's recursive composer
            "".join(" " * i + "-\n" for i in range(3000)),
            "- " * 3000 + "x\n",
        ],
        ids=["flow", "flow-200k", "block", "compact"],
    )
    def test_deep_nesting_refused(self, tmp_path: Path, text: str, pure_python: bool) -> None:
        """Flow or block nesting thousands deep is a ConfigError with either loader."""
        if not pure_python and not getattr(yaml, "__with_libyaml__", False):
            pytest.skip("this PyYAML has no libyaml")
        path = tmp_path / "deep.yaml"
        with pytest.raises(ConfigError, match=r"deep\.yaml: invalid YAML: line \d+: nested more"):
            _load_yaml(text, path, pure_python=pure_python)

    @pytest.mark.parametrize("pure_python", [False, True], ids=["libyaml", "pure-python"])
    def test_nesting_at_the_limit_loads(self, tmp_path: Path, pure_python: bool) -> None:
        """Exactly YAML_DEPTH_LIMIT levels still load, and both loaders agree."""
        if not pure_python and not getattr(yaml, "__with_libyaml__", False):
            pytest.skip("this PyYAML has no libyaml")
        text = "[" * YAML_DEPTH_LIMIT + "1" + "]" * YAML_DEPTH_LIMIT
        value: Any = _load_yaml(text, tmp_path / "ok.yaml", pure_python=pure_python)
        for _ in range(YAML_DEPTH_LIMIT):
            assert isinstance(value, list)
            (value,) = value
        assert value == 1

    def test_read_data_refuses_deep_nesting(self, tmp_path: Path) -> None:
        """read_data goes through the same check (with whichever loader it has)."""
        path = tmp_path / "deep.yaml"
        path.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
        with pytest.raises(ConfigError, match="nested more than 100 levels deep"):
            read_data(path)

    def test_empty_file_is_none(self, tmp_path: Path) -> None:
        """An empty YAML document is no data (the loaders then say what is missing)."""
        path = tmp_path / "empty.yaml"
        path.write_text("", encoding="utf-8")
        assert read_data(path) is None

    @pytest.mark.parametrize("loader", ["model", "icp", "framework", "qualifier"])
    def test_every_definition_loader_refuses_the_bomb(self, tmp_path: Path, loader: str) -> None:
        """Models, ICPs, frameworks and qualifiers all read YAML through the bounded loader."""
        from leadqual import load_icp, load_model, load_qualifier  # noqa: PLC0415
        from leadqual.io import load_framework  # noqa: PLC0415

        load = {
            "model": load_model,
            "icp": load_icp,
            "framework": load_framework,
            "qualifier": load_qualifier,
        }[loader]
        path = tmp_path / f"{loader}.yaml"
        path.write_text("name: bomb\n" + _alias_bomb(), encoding="utf-8")
        with pytest.raises(ConfigError, match="aliases repeat"):
            load(path)
