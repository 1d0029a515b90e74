"""``leadqual qualify``, ``ingest``, ``leads``, ``feedback`` and ``history``, in-process."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from leadqual.cli import EXIT_ERROR, EXIT_OK, EXIT_REJECTED, main

AT = "2026-11-21T14:02:00+01:00"
AS_OF = "2026-11-21T15:00:00+01:00"
LEADS = [
    {"id": "L-1", "owner": "anna@acme.nl", "events": [{"type": "demo_requested", "at": AT}]},
    {
        "id": "L-2",
        "answers": {"budget": "allocated", "need": "urgent", "authority": "decision_maker"},
    },
    {"id": "L-3", "answers": {"need": "none"}},
]


def run(*argv: str) -> tuple[int, str, str]:
    """Run the CLI; return the exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def lines(text: str) -> list[dict[str, object]]:
    """JSON lines as objects."""
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def leads_file(tmp_path: Path) -> Path:
    """The three leads as a JSON lines file."""
    path = tmp_path / "leads.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in LEADS), encoding="utf-8")
    return path


class TestQualify:
    """``leadqual qualify``."""

    def test_json_fields(self, leads_file: Path) -> None:
        """Every spec field, per lead, in input order."""
        code, out, _ = run("qualify", str(leads_file), "--as-of", AS_OF, "--format", "json")
        rows = lines(out)
        assert code == EXIT_OK
        assert [row["id"] for row in rows] == ["L-1", "L-2", "L-3"]
        fields = {"id", "decision", "stage", "score", "confidence", "points", "fit", "grade"}
        fields |= {"reasons", "next_step", "questions", "opening_line"}
        assert fields <= set(rows[0])
        assert [row["decision"] for row in rows] == ["call_now", "call_now", "nurture"]
        assert rows[0]["due"] == "2026-11-21T15:02:00+01:00"
        assert rows[2]["stage"] == "new"

    def test_dutch_table_and_csv(self, leads_file: Path) -> None:
        """--lang nl after the command; the table and the CSV."""
        code, out, _ = run("qualify", str(leads_file), "--as-of", AS_OF, "--lang", "nl")
        assert code == EXIT_OK
        assert out.splitlines()[0].split()[:3] == ["id", "besluit", "fase"]
        assert "Laat het de eigenaar direct weten" in out
        _, out, _ = run("qualify", str(leads_file), "--as-of", AS_OF, "--format", "csv")
        assert out.splitlines()[0].startswith("id,decision,stage,score")
        assert len(out.splitlines()) == 4

    def test_rejected_rows(self, tmp_path: Path) -> None:
        """A bad row is reported and exits 1; the good rows are qualified."""
        path = tmp_path / "bad.jsonl"
        path.write_text('{"id": "ok"}\n{"events": 3}\n', encoding="utf-8")
        rejects = tmp_path / "rejects.jsonl"
        code, out, err = run("qualify", str(path), "--format", "json", "--rejects", str(rejects))
        assert code == EXIT_REJECTED
        assert [row["id"] for row in lines(out)] == ["ok"]
        assert "1 qualified, 1 rejected" in err
        assert lines(rejects.read_text())[0]["line"] == 2

    def test_qualifier_file(self, leads_file: Path, tmp_path: Path) -> None:
        """--qualifier replaces the default (starter model and BANT)."""
        path = tmp_path / "q.toml"
        path.write_text('model = "starter"\n', encoding="utf-8")
        _, out, _ = run("qualify", str(leads_file), "--qualifier", str(path), "--format", "json")
        assert lines(out)[1]["decision"] != "call_now"  # no framework: the answers are ignored


class TestStoreCommands:
    """``ingest``, ``leads``, ``feedback``, ``history`` on a store."""

    def test_ingest_twice(self, leads_file: Path, store_url: str) -> None:
        """The second ingest of the same file changes nothing and hands nothing off."""
        code, out, _ = run("ingest", str(leads_file), "--db", store_url, "--as-of", AS_OF)
        assert code == EXIT_OK
        assert out.startswith("3 leads: 3 new")
        code, out, _ = run(
            "ingest", str(leads_file), "--db", store_url, "--as-of", AS_OF, "--format", "json"
        )
        (report,) = lines(out)
        assert (report["unchanged"], report["handoffs"]) == (3, [])

    def test_leads(self, leads_file: Path, store_url: str) -> None:
        """Every stored lead with stage, points, score, decision, owner and events."""
        run("ingest", str(leads_file), "--db", store_url, "--as-of", AS_OF)
        _, out, _ = run("leads", "--db", store_url, "--format", "json")
        rows = lines(out)
        assert {"id", "stage", "points", "score", "decision", "owner", "events"} <= set(rows[0])
        assert (rows[0]["stage"], rows[0]["points"], rows[0]["owner"], rows[0]["events"]) == (
            "sql",
            25,
            "anna@acme.nl",
            1,
        )
        assert "The scoring model says new (25 points)" in str(rows[0]["notes"])
        _, out, _ = run("leads", "--db", store_url, "--stage", "new", "--format", "json")
        assert [row["id"] for row in lines(out)] == ["L-3"]
        code, out, _ = run("--lang", "nl", "leads", "--db", store_url)
        assert code == EXIT_OK
        assert out.split()[:3] == ["id", "fase", "punten"]
        code, _, err = run("leads", "--db", store_url, "--stage", "hot")
        assert code == EXIT_ERROR
        assert "--stage: expected one of new" in err

    def test_feedback_and_history(self, leads_file: Path, store_url: str) -> None:
        """Lost needs competitor or no_interest; not now parks with a revisit date."""
        run("ingest", str(leads_file), "--db", store_url, "--as-of", AS_OF)
        code, _, err = run("feedback", "L-1", "--db", store_url, "--lost", "budget")
        assert code == EXIT_ERROR
        assert "from sql" in err
        assert "allowed reasons: competitor, no_interest" in err
        code, out, _ = run(
            "feedback", "L-1", "--db", store_url, "--not-now", "--revisit", "2027-03-01",
            "--by", "anna", "--note", "next budget year", "--at", "2026-11-23T10:00:00+01:00",
        )  # fmt: skip
        assert code == EXIT_OK
        assert "→ Nurture (not now)" in out
        code, out, _ = run("history", "L-1", "--db", store_url, "--format", "json")
        rows = lines(out)
        assert [(row["kind"], row["stage"]) for row in rows] == [
            ("qualified", "sql"),
            ("handoff", "sql"),
            ("not_now", "nurture"),
        ]
        assert (rows[1]["status"], rows[1]["attempts"]) == ("pending", 0)
        assert rows[2]["revisit"] == "2027-03-01T00:00:00+00:00"
        _, out, _ = run("--lang", "nl", "history", "L-1", "--db", store_url)
        assert "overdracht (pending)" in out
        assert {"at", "kind", "stage", "reason"} <= set(rows[0])
        code, out, _ = run("feedback", "L-3", "--db", store_url, "--lost", "competitor")
        assert code == EXIT_OK
        _, out, _ = run("--lang", "nl", "history", "L-3", "--db", store_url)
        assert "Koos voor een concurrent" in out

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--reject", "cheap"], "--reject: unknown reason 'cheap'"),
            (["--accept", "--revisit", "2027-01-01"], "--revisit goes with --not-now"),
            (["--accept", "--amount", "5"], "--amount goes with --won"),
            (["--won", "--at", "2026-11-23T10:00:00"], "--at: "),
        ],
    )
    def test_bad_feedback(
        self, leads_file: Path, store_url: str, args: list[str], message: str
    ) -> None:
        """Bad feedback exits 2 with the reason; an unknown lead too."""
        run("ingest", str(leads_file), "--db", store_url, "--as-of", AS_OF)
        code, _, err = run("feedback", "L-1", "--db", store_url, *args)
        assert code == EXIT_ERROR
        assert message in err

    def test_unknown_lead(self, store_url: str) -> None:
        """A lead the store does not hold exits 2."""
        code, _, err = run("history", "nope", "--db", store_url)
        assert (code, "no lead 'nope'" in err) == (EXIT_ERROR, True)

    def test_config_qualifier(self, leads_file: Path, tmp_path: Path) -> None:
        """--config with a qualifier path relative to the config file."""
        (tmp_path / "q.toml").write_text('model = "starter"\n', encoding="utf-8")
        config = tmp_path / "leadqual.toml"
        config.write_text('lang = "nl"\nqualifier = "q.toml"\n[handoff]\nsla_minutes = 30\n')
        db = str(tmp_path / "s.db")
        code, _, err = run(
            "ingest", str(leads_file), "--db", db, "--config", str(config), "--as-of", AS_OF
        )
        assert code == EXIT_OK, err
        _, out, _ = run("leads", "--db", db, "--format", "json")
        assert [row["decision"] for row in lines(out)][1] != "call_now"
        _, out, _ = run("qualify", str(leads_file), "--as-of", AS_OF, "--format", "json")
        assert lines(out)[0]["due"] == "2026-11-21T15:02:00+01:00"
        config.write_text("[handoff]\nsla_minutes = 30\n")
        db30 = str(tmp_path / "s30.db")
        run("ingest", str(leads_file), "--db", db30, "--config", str(config), "--as-of", AS_OF)
        _, out, _ = run("history", "L-1", "--db", db30, "--format", "json")
        assert lines(out)[0]["at"] == AT
        from leadqual.store import open_store  # noqa: PLC0415

        with open_store(db30) as store:
            assert store.outbox(lead_id="L-1")[0].payload["due"] == "2026-11-21T14:32:00+01:00"
        config.write_text("[handoff]\nsla_minutes = -5\n")
        code, _, err = run("ingest", str(leads_file), "--db", db30, "--config", str(config))
        assert code == EXIT_ERROR
        assert "handoff.sla_minutes: expected a number above 0" in err
        config.write_text("qualifier = 3\n")
        code, _, err = run("ingest", str(leads_file), "--db", db, "--config", str(config))
        assert code == EXIT_ERROR
        assert "qualifier" in err
