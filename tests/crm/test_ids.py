"""Duplicate lead ids in bounded memory: ``leadqual.io._ids.FirstLines`` and ``leadqual import``."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from leadqual.cli import main
from leadqual.io import _ids
from leadqual.io._ids import FirstLines

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


class TestFirstLines:
    """Exact first lines, before and after the ids spill to the temporary file."""

    @given(st.lists(st.sampled_from([f"L-{k}" for k in range(12)] + ["é", "", "a'b"])))
    def test_equals_a_dict(self, keys: list[str]) -> None:
        """Whatever the order and the spill point, the answers equal a plain dict's."""
        expected: dict[str, int] = {}
        with FirstLines(in_memory=3, batch=2) as seen:
            for line, key in enumerate(keys, start=1):
                assert seen.first(key, line) == expected.setdefault(key, line)

    def test_spills_past_the_limit_and_cleans_up(self) -> None:
        """Past ``in_memory`` ids the index is on disk; closing removes it."""
        seen = FirstLines(in_memory=10, batch=4)
        for line in range(1, 11):
            seen.first(f"L-{line}", line)
        states = [seen.spilled]
        seen.first("L-11", 11)
        states.append(seen.spilled)
        assert seen.first("L-3", 99) == 3  # from the file
        assert seen.first("L-11", 99) == 11
        seen.close()
        states.append(seen.spilled)
        assert states == [False, True, False]

    def test_memory_held_is_bounded(self) -> None:
        """After the spill at most one batch of ids is held in memory."""
        with FirstLines(in_memory=100, batch=50) as seen:
            for line in range(1, 5_001):
                seen.first(f"L-{line}", line)
            assert len(seen._memory) < 50


class TestImportDuplicates:
    """``leadqual import`` rejects a repeated id with its first line, also after a spill."""

    @staticmethod
    def export(tmp_path: Path, ids: list[str]) -> Path:
        """A generic CSV export with these ids."""
        path = tmp_path / "export.csv"
        lines = ["id,email"] + [f"{key},{key.lower()}@firma.nl" for key in ids]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def run(
        self, tmp_path: Path, ids: list[str]
    ) -> tuple[int, list[str], str, list[dict[str, object]]]:
        """Import; the exit code, the ids written, stderr and the rejects file."""
        out, rejects = tmp_path / "leads.jsonl", tmp_path / "rejects.jsonl"
        err = io.StringIO()
        args = ["import", str(self.export(tmp_path, ids)), "--preset", "generic"]
        code = main([*args, "-o", str(out), "--rejects", str(rejects)], stderr=err)
        written = [json.loads(line)["id"] for line in out.read_text().splitlines()]
        rejected = [json.loads(line) for line in rejects.read_text().splitlines()]
        return code, written, err.getvalue(), rejected

    def test_duplicate_rejected_with_first_line(self, tmp_path: Path) -> None:
        """The second HS-1 is rejected naming line 2; the others are written."""
        code, written, err, rejected = self.run(tmp_path, ["HS-1", "HS-2", "HS-1", "HS-3"])
        assert code == 1
        assert written == ["HS-1", "HS-2", "HS-3"]
        assert "3 imported, 1 rejected" in err
        assert "line 4: id: duplicate lead id 'HS-1' (first seen on line 2)" in err
        assert [(r["line"], json.loads(str(r["raw"]))["id"]) for r in rejected] == [(4, "HS-1")]

    def test_after_a_spill(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """With a tiny in-memory limit the check is as exact from the temporary file."""
        monkeypatch.setattr(_ids, "IN_MEMORY", 5)
        ids = [f"HS-{k}" for k in range(40)] + ["HS-0", "HS-39", "HS-17"]
        code, written, err, rejected = self.run(tmp_path, ids)
        assert code == 1
        assert written == [f"HS-{k}" for k in range(40)]
        assert [r["line"] for r in rejected] == [42, 43, 44]
        assert "line 44: id: duplicate lead id 'HS-17' (first seen on line 19)" in err

    def test_no_duplicates_exit_zero(self, tmp_path: Path) -> None:
        """Unique ids: everything written, an empty rejects file, exit 0."""
        code, written, _, rejected = self.run(tmp_path, ["A", "B"])
        assert (code, written, rejected) == (0, ["A", "B"], [])
