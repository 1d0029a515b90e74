"""``leadqual review`` and ``leadqual calibrate`` on files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import leadqual as lq
from leadqual.cli import EXIT_ERROR, EXIT_OK, EXIT_REJECTED, main

AT = "2026-11-20T09:12:00+01:00"


def run(*argv: str) -> tuple[int, str, str]:
    """Run the CLI; return the exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def leads_file(path: Path, n: int = 300, *, bad: bool = False) -> Path:
    """Leads with an ``attributes.Converted`` column; students convert as the rest."""
    rows = []
    for k in range(n):
        converted = (k * 7919) % 100 < (60 if k % 3 == 0 else 20)
        row: dict[str, object] = {
            "id": f"L-{k}",
            "job_title": "Student" if k % 4 == 0 else "Engineer",
            "source": "fair" if k % 3 == 0 else "web",
            "attributes": {"Converted": "Yes" if converted else "No", "visits": k % 17},
        }
        if k % 2:
            row["events"] = [{"type": "demo_requested", "at": AT}]
        rows.append(json.dumps(row))
    if bad:
        rows.append('{"id": ""}')
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


class TestReviewCommand:
    """leadqual review."""

    def test_json_keys(self, tmp_path: Path) -> None:
        """One JSON object with at least auc, leads, positives and rules."""
        code, out, _ = run(
            "review",
            str(leads_file(tmp_path / "l.jsonl")),
            "--outcome",
            "attributes.Converted",
            "--format",
            "json",
        )
        assert code == EXIT_OK
        data = json.loads(out)
        assert {"auc", "leads", "positives", "rules"} <= set(data)
        assert data["leads"] == 300
        student = next(r for r in data["rules"] if r["rule"] == "student")
        assert {"fires", "conversion_fired", "conversion_not_fired", "lift", "flag"} <= set(student)

    def test_table_in_dutch_with_a_comparison(self, tmp_path: Path) -> None:
        """The table names deciles, rules and the second model; Dutch when asked."""
        other = tmp_path / "other.toml"
        lq.dump_model(lq.starter_model(), other)
        code, out, _ = run(
            "--lang",
            "nl",
            "review",
            str(leads_file(tmp_path / "l.jsonl")),
            "--outcome",
            "attributes.Converted",
            "--compare",
            str(other),
            "--segment",
            "source",
        )
        assert code == EXIT_OK
        assert "Decielen" in out
        assert "Regels" in out
        assert "tegen" in out

    def test_rejected_rows_exit_1(self, tmp_path: Path) -> None:
        """A bad row is reported and the exit code is 1; the rest is reviewed."""
        rejects = tmp_path / "rejects.jsonl"
        code, out, err = run(
            "review",
            str(leads_file(tmp_path / "l.jsonl", bad=True)),
            "--outcome",
            "attributes.Converted",
            "--rejects",
            str(rejects),
            "--format",
            "json",
        )
        assert code == EXIT_REJECTED
        assert json.loads(out)["leads"] == 300
        assert "1 rejected" in err
        assert rejects.read_text(encoding="utf-8").count("\n") == 1

    def test_one_class_exit_2(self, tmp_path: Path) -> None:
        """Reviewing against an outcome nobody has still runs: AUC is null."""
        code, out, _ = run(
            "review",
            str(leads_file(tmp_path / "l.jsonl")),
            "--outcome",
            "attributes.nothing",
            "--format",
            "json",
        )
        assert code == EXIT_OK
        assert json.loads(out)["auc"] is None


class TestCalibrateCommand:
    """leadqual calibrate."""

    def test_writes_an_ordinary_model(self, tmp_path: Path) -> None:
        """The written file loads as a model and scores; the outcome column is no rule."""
        pytest.importorskip("numpy")
        target = tmp_path / "learned.toml"
        base = tmp_path / "starter.toml"
        lq.dump_model(lq.starter_model(), base)
        code, out, _ = run(
            "calibrate",
            str(leads_file(tmp_path / "l.jsonl")),
            "--outcome",
            "attributes.Converted",
            "--model",
            str(base),
            "-o",
            str(target),
            "--format",
            "json",
        )
        assert code == EXIT_OK
        row = json.loads(out)
        model = lq.load_model(target)
        assert row["rules"] == len(model.rules) <= 60
        assert all("converted" not in rule.name for rule in model.rules)
        assert "100 points means" in model.description
        code, out, _ = run("score", str(tmp_path / "l.jsonl"), "--model", str(target))
        assert code == EXIT_OK

    def test_table_output_and_capacity_errors(self, tmp_path: Path) -> None:
        """The summary line; a capacity without creation dates is an error (exit 2)."""
        pytest.importorskip("numpy")
        leads = leads_file(tmp_path / "l.jsonl")
        code, out, _ = run(
            "calibrate",
            str(leads),
            "--outcome",
            "attributes.Converted",
            "-o",
            str(tmp_path / "m.toml"),
            "--rejection-rate",
            "0.5",
        )
        assert code == EXIT_OK
        assert "rules, ROC AUC" in out
        code, _, err = run(
            "calibrate",
            str(leads),
            "--outcome",
            "attributes.Converted",
            "-o",
            str(tmp_path / "m.toml"),
            "--capacity",
            "5",
        )
        assert code == EXIT_ERROR
        assert "created_at" in err


class TestPresets:
    """Both commands read CRM exports through a preset."""

    def test_review_a_generic_export(self, tmp_path: Path) -> None:
        """A CSV read with the generic preset; the outcome is a column by its name."""
        rows = ["id,job_title,Converted"]
        rows += [
            f"L-{k},{'Student' if k % 2 else 'Manager'},{'yes' if k % 3 == 0 else 'no'}"
            for k in range(60)
        ]
        export = tmp_path / "export.csv"
        export.write_text("\n".join(rows) + "\n", encoding="utf-8")
        code, out, _ = run(
            "review",
            str(export),
            "--preset",
            "generic",
            "--outcome",
            "attributes.Converted",
            "--format",
            "json",
        )
        assert code == EXIT_OK
        data = json.loads(out)
        assert data["leads"] == 60
        assert data["positives"] == 20
