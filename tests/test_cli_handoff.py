"""``leadqual deliver``, ``queue`` and ``tasks`` on a real store and a real webhook."""

from __future__ import annotations

import io
import json
from pathlib import Path

import icalendar

from leadqual.cli import EXIT_ERROR, EXIT_OK, main
from receivers import http_receiver

_LEAD = {
    "id": "L-1042",
    "email": "m.jansen@vdberg-metaal.nl",
    "job_title": "Operations Manager",
    "owner": "anna@acme.nl",
    "company": {"employees": 180, "industry": "manufacturing", "country": "NL"},
    "events": [
        {"type": "page_view", "at": "2026-11-20T09:12:00+01:00", "properties": {"url": "/pricing"}},
        {
            "type": "content_download",
            "at": "2026-11-20T09:20:00+01:00",
            "properties": {"content_type": "case_study", "topic": "manufacturing"},
        },
        {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"},
        {"type": "pricing_requested", "at": "2026-11-21T14:03:00+01:00"},
    ],
    "answers": {"budget": "approved", "authority": "decision_maker"},
}


def run(*argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _store(tmp_path: Path) -> str:
    leads = tmp_path / "leads.jsonl"
    leads.write_text(json.dumps(_LEAD) + "\n", encoding="utf-8")
    db = str(tmp_path / "leads.db")
    code, _, err = run("ingest", str(leads), "--db", db, "--as-of", "2026-11-21T14:10:00+01:00")
    assert code == EXIT_OK, err
    return db


class TestDeliverCommand:
    """``leadqual deliver --once`` sends each hand-off once through the config's notifiers."""

    def test_webhook(self, tmp_path: Path) -> None:
        """The hook gets the hand-off in Dutch with its Idempotency-Key; a rerun sends nothing."""
        db = _store(tmp_path)
        with http_receiver() as hook:
            config = tmp_path / "leadqual.toml"
            config.write_text(f'lang = "nl"\n[[notify]]\nkind = "webhook"\nurl = "{hook.url}"\n')
            code, out, _ = run("deliver", "--db", db, "--config", str(config), "--once")
            assert code == EXIT_OK
            assert out.startswith("1 verstuurd")
            code, out, _ = run(
                "deliver", "--db", db, "--config", str(config), "--once", "--format", "json"
            )
            assert json.loads(out)["sent"] == 0
        ((headers, body),) = hook.received
        assert headers["Idempotency-Key"] == body["key"]
        assert body["lead_id"] == "L-1042"
        assert body["owner"]["email"] == "anna@acme.nl"
        assert "klantcase over industrie" in body["opening_line"]

    def test_no_notifiers(self, tmp_path: Path) -> None:
        """Without [[notify]] nothing can be sent: exit 2."""
        db = _store(tmp_path)
        code, _, err = run("deliver", "--db", db, "--once")
        assert code == EXIT_ERROR
        assert "no [[notify]]" in err

    def test_bad_config(self, tmp_path: Path) -> None:
        """A bad config names the file and the place."""
        config = tmp_path / "bad.toml"
        config.write_text('[[notify]]\nkind = "pager"\n')
        code, _, err = run("deliver", "--db", str(tmp_path / "x.db"), "--config", str(config))
        assert code == EXIT_ERROR
        assert "notify[0].kind" in err


class TestQueueCommand:
    """``leadqual queue`` lists open SQLs, best first, with owner and due time."""

    def test_json(self, tmp_path: Path) -> None:
        """The SQL appears with its owner, due time and a decayed freshness."""
        db = _store(tmp_path)
        code, out, _ = run(
            "queue", "--db", db, "--format", "json", "--as-of", "2026-11-21T15:03:00+01:00"
        )
        assert code == EXIT_OK
        (row,) = [json.loads(line) for line in out.splitlines()]
        assert row["lead_id"] == "L-1042"
        assert row["owner"] == "anna@acme.nl"
        assert row["due"] == "2026-11-21T15:02:00+01:00"
        assert 0.1 < row["freshness"] < 0.2  # an hour after the crossing: about 1/7
        assert row["overdue"]  # due 15:02, asked at 15:03: the SLA is breached

    def test_table(self, tmp_path: Path) -> None:
        """The table has a header and the lead."""
        db = _store(tmp_path)
        code, out, _ = run("queue", "--db", db, "--lang", "nl")
        assert code == EXIT_OK
        assert "L-1042" in out
        assert "1 van 1 open SQL's zijn over hun SLA heen" in out


class TestTasksCommand:
    """``leadqual tasks --ical`` writes VTODOs (and VEVENT slots) icalendar reads back."""

    def test_ical(self, tmp_path: Path) -> None:
        """One VTODO due at the SLA and one 15-minute VEVENT ending then."""
        db = _store(tmp_path)
        target = tmp_path / "tasks.ics"
        code, _, _ = run(
            "tasks", "--db", db, "--ical", str(target), "--slot", "15", "--lang", "nl",
            "--as-of", "2026-11-21T14:10:00+01:00",
        )  # fmt: skip
        assert code == EXIT_OK
        calendar = icalendar.Calendar.from_ical(target.read_bytes())
        (todo,) = calendar.walk("VTODO")
        (event,) = calendar.walk("VEVENT")
        assert str(todo["summary"]) == "Bel lead L-1042"
        assert todo.decoded("due").isoformat() == "2026-11-21T14:02:00+00:00"
        assert event.decoded("dtend") == todo.decoded("due")
