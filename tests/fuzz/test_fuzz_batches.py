"""Fuzzing batches: ``leadqual score`` on files of mutated leads loses no row."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest

import fuzz_harness as fh

BASES = fh.base_leads(20)


def _records(rng: random.Random, count: int) -> list[str]:
    records = []
    for _ in range(count):
        mapping = fh.mutate(rng, rng.choice(BASES)) if rng.random() < 0.5 else rng.choice(BASES)
        try:
            records.append(json.dumps(mapping, ensure_ascii=rng.random() < 0.5))
        except (ValueError, TypeError):
            records.append('{"id": "unwritable"}')
    return records


def _csv_line(cells: list[str]) -> str:
    # "\r\n" as the terminator makes the csv module quote a cell holding a bare "\r" too.
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue().removesuffix("\r\n")


def _csv_records(rng: random.Random, count: int) -> list[str]:
    # One string per CSV record: a quoted cell may hold line breaks of its own.
    records = [_csv_line(["id", "job_title", "company.employees", "attributes.x", "events"])]
    for number in range(count):
        cells = [f"L-{number}", "CEO", "180", "", ""]
        cells[rng.randrange(len(cells))] = str(fh._mutate_text(rng, rng.choice(cells) or "x"))
        records.append(_csv_line(cells))
    return records


class TestBatches:
    """Every record is either scored or rejected; a bad one never takes others along."""

    @pytest.mark.parametrize("seed", range(4))
    @pytest.mark.parametrize("fmt", ["jsonl", "json"])
    def test_json_batches(self, tmp_path: Path, fmt: str, seed: int) -> None:
        """Mutated JSON records, one per line or in one array."""
        records = _records(random.Random(seed), 60)  # noqa: S311 - reproducible, not secret
        assert fh.check_batch(records, fmt, tmp_path) == []

    @pytest.mark.parametrize("seed", range(4))
    def test_csv_batches(self, tmp_path: Path, seed: int) -> None:
        """Mutated CSV cells (the csv writer keeps the rows apart)."""
        records = _csv_records(random.Random(seed), 60)  # noqa: S311 - reproducible
        assert fh.check_batch(records, "csv", tmp_path) == []

    def test_a_deep_element_in_a_json_array_loses_nothing(self, tmp_path: Path) -> None:
        """The issue's case: one element too deep for the parser among good ones."""
        deep = '{"id": "deep", "attributes": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}"
        records = [json.dumps(BASES[0]), deep, json.dumps({**BASES[1], "id": "after"})]
        assert fh.check_batch(records, "json", tmp_path) == []
