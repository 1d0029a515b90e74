"""``leadqual report``, run in-process."""

from __future__ import annotations

import io
import json
from pathlib import Path

from leadqual import datasets
from leadqual.cli import EXIT_ERROR, EXIT_OK, EXIT_REJECTED, main
from leadqual.io import write_leads


def run(*argv: str) -> tuple[int, str, str]:
    """Run the CLI; return the exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def leads_file(tmp_path: Path, n: int = 120) -> Path:
    """Generated leads with CRM state, as JSON lines."""
    path = tmp_path / "leads.jsonl"
    write_leads(datasets.generate_histories(n, seed=9), path)
    return path


class TestReport:
    """``leadqual report``."""

    def test_json_keys(self, tmp_path: Path) -> None:
        """One JSON object with SPEC §3's keys."""
        code, out, _ = run("report", str(leads_file(tmp_path)), "--format", "json")
        assert code == EXIT_OK
        data = json.loads(out)
        assert data["leads"] == 120
        assert {"by_stage", "mql_to_sql", "rejection_rate", "by_source", "cycle_days"} <= set(data)
        assert "by_score_band" in data

    def test_table_and_dashboard(self, tmp_path: Path) -> None:
        """The table names the KPIs; --html writes a self-contained page in Dutch."""
        html = tmp_path / "dash.html"
        code, out, _ = run(
            "--lang", "nl", "report", str(leads_file(tmp_path)), "--html", str(html),
            "--as-of", "2026-12-01T09:00:00+01:00",
        )  # fmt: skip
        assert code == EXIT_OK
        assert "Conversie MQL→SQL (cohort)" in out
        page = html.read_text(encoding="utf-8")
        assert page.count('<tr data-stage="') == 120
        assert "http://" not in page
        assert "https://" not in page

    def test_rejected_rows(self, tmp_path: Path) -> None:
        """A bad row is reported (exit 1) and written to --rejects; the rest is used."""
        path = tmp_path / "bad.jsonl"
        path.write_text('{"id": "L-1"}\n{"id": ""}\n', encoding="utf-8")
        rejects = tmp_path / "rejects.jsonl"
        code, out, err = run("report", str(path), "--format", "json", "--rejects", str(rejects))
        assert code == EXIT_REJECTED
        assert json.loads(out)["leads"] == 1
        assert "line 2" in err
        assert json.loads(rejects.read_text(encoding="utf-8"))["line"] == 2

    def test_db_not_yet(self) -> None:
        """--db says plainly that the store is not available here (exit 2)."""
        code, _, err = run("report", "--db", "sqlite:///x.db")
        assert code == EXIT_ERROR
        assert "--db is not available" in err
