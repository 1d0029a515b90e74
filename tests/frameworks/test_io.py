"""Tests for ``leadqual.frameworks._io``: frameworks as TOML/JSON files."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

import leadqual as lq
from leadqual.frameworks import (
    BUILT_INS,
    AllOf,
    AnyOf,
    Criterion,
    Framework,
    MinMet,
    MinScore,
    Option,
    PassRule,
    Text,
)
from leadqual.io import dump_framework, load_framework

# Any Unicode a file can hold (no lone surrogates), including quotes and newlines.
words = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12).filter(str.strip)
texts = st.builds(Text, words, st.one_of(st.just(""), words))
levels = st.one_of(st.floats(0, 1), st.sampled_from([0, 1]))
weights = st.one_of(st.integers(1, 10), st.floats(0.01, 100))


@st.composite
def options(draw: st.DrawFn) -> tuple[Option, ...]:
    """Options with unique names, some with labels."""
    names = draw(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(lambda n: n != "unknown"),
            max_size=4,
            unique=True,
        )
    )
    return tuple(Option(name, draw(levels), draw(st.one_of(st.none(), texts))) for name in names)


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    """Any valid framework, every field and pass-rule kind included."""
    keys = draw(
        st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=5, unique=True)
    )
    criteria = tuple(
        Criterion(
            key,
            draw(texts),
            weight=draw(weights),
            questions=tuple(draw(st.lists(texts, max_size=2))),
            options=draw(options()),
            description=draw(st.one_of(st.none(), texts)),
            required=draw(st.booleans()),
            knockout=draw(st.booleans()),
            met_at=draw(st.floats(0.01, 1)),
        )
        for key in keys
    )
    simple: st.SearchStrategy[PassRule] = st.one_of(
        st.builds(MinScore, st.one_of(st.integers(0, 100), st.floats(0, 100))),
        st.builds(
            MinMet,
            st.integers(1, len(keys)),
            st.just(tuple(keys)) | st.just(()),
        ),
    )
    rule = draw(
        st.one_of(
            simple,
            st.builds(AllOf, st.lists(simple, min_size=1, max_size=2).map(tuple)),
            st.builds(AnyOf, st.lists(simple, min_size=1, max_size=2).map(tuple)),
        )
    )
    return Framework(draw(words), draw(texts), criteria, rule, draw(st.one_of(st.none(), texts)))


class TestRoundTrip:
    """dump_framework then load_framework gives the same framework back."""

    @settings(max_examples=60, deadline=None)
    @given(frameworks(), st.sampled_from([".toml", ".json"]))
    def test_exact(self, framework: Framework, suffix: str) -> None:
        """Any framework survives a trip through a file unchanged, and assesses the same."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"fw{suffix}"
            dump_framework(framework, path)
            loaded = load_framework(path)
        assert loaded == framework
        assert loaded.assess({}) == framework.assess({})

    @pytest.mark.parametrize("framework", BUILT_INS, ids=lambda fw: fw.name)
    def test_built_ins(self, framework: Framework, tmp_path: Path) -> None:
        """Every built-in can be written out as a starting point for a custom one."""
        for suffix in (".toml", ".json", ".yaml"):
            path = tmp_path / f"fw{suffix}"
            dump_framework(framework, path)
            assert load_framework(path) == framework

    def test_file_shape(self, tmp_path: Path) -> None:
        """Pass rules are written as tables with a kind; defaults are left out."""
        path = tmp_path / "bant.json"
        dump_framework(lq.frameworks.BANT, path)
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["pass_rule"] == {"kind": "min_met", "count": 3}
        assert data["criteria"][0]["veto"] is True
        assert "required" not in data["criteria"][0]
        assert "knockout" not in data["criteria"][0]
        assert data["criteria"][2]["required"] is True
        assert data["criteria"][0]["options"][0] == {
            "key": "approved",
            "level": 1.0,
            "label": {"en": "Approved", "nl": "Goedgekeurd"},
            "aliases": ["goedgekeurd"],
        }


class TestLoadErrors:
    """Bad framework files are ConfigErrors naming each place."""

    def test_every_problem_with_its_place(self, tmp_path: Path) -> None:
        """A typo, a bad level and a missing label are all reported."""
        path = tmp_path / "fw.toml"
        path.write_text(
            'name = "X"\ntitle = { en = "X" }\n'
            '[[criteria]]\nkey = "need"\nlabel = { en = "Need" }\nwieght = 2\n'
            '[[criteria.options]]\nkey = "yes"\nlevel = 2\n'
            '[[criteria]]\nkey = "budget"\n',
            encoding="utf-8",
        )
        with pytest.raises(lq.ConfigError) as info:
            load_framework(path)
        assert set(info.value.errors) == {
            "criteria[0]: unexpected key(s) 'wieght' (did you mean 'weight'?)",
            "criteria[0].options[0].level: expected a number from 0 to 1, got 2",
            "criteria[1].label: required but missing",
        }

    def test_framework_level_problems(self, tmp_path: Path) -> None:
        """Problems found by the framework itself keep their places too."""
        path = tmp_path / "fw.json"
        data = {
            "name": "X",
            "title": {"en": "X"},
            "criteria": [{"key": "a", "label": {"en": "A"}}, {"key": "a", "label": {"en": "B"}}],
            "pass_rule": {"kind": "min_met", "count": 1, "of": ["b"]},
        }
        path.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(lq.ConfigError) as info:
            load_framework(path)
        assert info.value.errors == (
            "criteria[1].key: duplicate key 'a'",
            "pass_rule.of[0]: no criterion 'b'; expected one of ['a']",
        )

    def test_unknown_rule_kind(self, tmp_path: Path) -> None:
        """An unknown pass-rule kind lists the kinds there are."""
        path = tmp_path / "fw.json"
        data = {
            "name": "X",
            "title": {"en": "X"},
            "criteria": [{"key": "a", "label": {"en": "A"}}],
            "pass_rule": {"kind": "majority"},
        }
        path.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(lq.ConfigError, match=r"pass_rule\.kind: expected one of 'all_of'"):
            load_framework(path)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that is not there is an InputFileError."""
        with pytest.raises(lq.InputFileError, match="cannot read"):
            load_framework(tmp_path / "nope.toml")
