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
        assert page.count('<tr role="row" data-stage="') == 120
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

    def test_db(self, tmp_path: Path) -> None:
        """--db reads the store: its leads, their timelines as histories, won outcomes."""
        path = tmp_path / "in.jsonl"
        at = "2026-11-21T14:02:00+01:00"
        rows = [
            {"id": "L-1", "source": "webinar", "created_at": at,
             "events": [{"type": "demo_requested", "at": at}]},
            {"id": "L-2", "source": "organic", "created_at": at},
        ]  # fmt: skip
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        db = f"sqlite:///{tmp_path / 'leads.db'}"
        as_of = "2026-11-21T15:00:00+01:00"
        assert run("ingest", str(path), "--db", db, "--as-of", as_of)[0] == EXIT_OK
        won = ("feedback", "L-1", "--db", db, "--won", "--at", "2026-12-01T10:00:00+01:00")
        assert run(*won)[0] == EXIT_OK
        code, out, err = run("report", "--db", db, "--format", "json")
        assert code == EXIT_OK, err
        data = json.loads(out)
        assert data["leads"] == 2
        assert data["by_source"]["webinar"]["won"] == 1
        assert data["cycle_days"]["count"] == 1

    def test_needs_one_input(self) -> None:
        """Neither LEADS nor --db (or both) cannot run: exit 2."""
        code, _, err = run("report")
        assert code == EXIT_ERROR
        assert "LEADS or --db" in err
