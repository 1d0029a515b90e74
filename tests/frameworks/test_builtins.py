"""Tests for ``leadqual.frameworks._builtins``: the built-ins as a packaged definition file."""

from __future__ import annotations

import collections
import json
import pickle
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import pytest

from leadqual.exceptions import ConfigError
from leadqual.frameworks import BUILT_INS, Framework, framework_to_data
from leadqual.frameworks._builtins import DATA_FILE, FRAMEWORKS, expand
from leadqual.io import dump_framework, load_framework


def packaged() -> dict[str, Any]:
    """The file as shipped in the package."""
    text = resources.files("leadqual").joinpath(DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


class TestPackagedFile:
    """``data/frameworks.json``: every built-in, each text once."""

    def test_every_built_in_comes_from_the_file(self) -> None:
        """BUILT_INS are the file's frameworks, in the file's order."""
        assert tuple(FRAMEWORKS.values()) == BUILT_INS
        assert [fw["name"] for fw in packaged()["frameworks"]] == list(FRAMEWORKS)

    @pytest.mark.parametrize("index", range(len(BUILT_INS)))
    def test_each_definition_is_a_user_file(self, index: int, tmp_path: Path) -> None:
        """Written out in full, each definition loads with load_framework as the built-in."""
        path = tmp_path / "fw.json"
        path.write_text(json.dumps(expand(packaged())[index]), encoding="utf-8")
        assert load_framework(path) == BUILT_INS[index]

    def test_each_text_stands_once(self) -> None:
        """Shared criteria are referred to, not copied: no question is written twice."""
        questions = collections.Counter(
            question["en"]
            for section in ("criteria", "frameworks")
            for item in packaged()[section]
            for entry in (item.get("criteria", [item]))
            if isinstance(entry, dict)
            for question in entry.get("questions", ())
        )
        assert questions
        assert [text for text, count in questions.items() if count > 1] == []


@pytest.mark.parametrize("framework", BUILT_INS, ids=lambda fw: fw.name)
class TestRoundTrip:
    """Each built-in survives dump and load, and pickling, unchanged."""

    def test_dump_load(self, framework: Framework, tmp_path: Path) -> None:
        """dump_framework then load_framework gives an equal framework, in every format."""
        for suffix in (".json", ".toml"):
            path = tmp_path / f"fw{suffix}"
            dump_framework(framework, path)
            loaded = load_framework(path)
            assert loaded == framework
            assert framework_to_data(loaded) == framework_to_data(framework)

    def test_pickle(self, framework: Framework) -> None:
        """A pickled built-in comes back equal."""
        assert pickle.loads(pickle.dumps(framework)) == framework  # noqa: S301 - our own data


class TestExpand:
    """How a criterion refers to one defined before it."""

    SHARED: ClassVar[dict[str, Any]] = {"key": "need", "label": {"en": "Need"}, "required": True}

    def test_changes_win_over_the_criterion_used(self) -> None:
        """``use`` starts from the named criterion; the fields given replace its own."""
        data = {
            "criteria": [self.SHARED],
            "frameworks": [{"criteria": [{"use": "need", "weight": 3, "required": False}]}],
        }
        (criterion,) = expand(data)[0]["criteria"]
        assert criterion == {**self.SHARED, "weight": 3, "required": False}

    def test_a_later_framework_uses_an_earlier_ones_criterion(self) -> None:
        """A criterion defined in one framework can be named by a later one."""
        own = {"key": "pain", "label": {"en": "Pain"}}
        data = {"criteria": [], "frameworks": [{"criteria": [own]}, {"criteria": ["pain"]}]}
        assert expand(data)[1]["criteria"] == [own]

    def test_unknown_name(self) -> None:
        """A name not defined before is a ConfigError naming its place."""
        data = {"criteria": [self.SHARED], "frameworks": [{"criteria": [{"use": "needs"}]}]}
        with pytest.raises(ConfigError, match=r"frameworks\[0\]\.criteria\[0\]\.use: no crit"):
            expand(data)
