"""Configured hand-offs on a real store: an MQL to marketing, round robin on a stored counter.

Every test runs on SQLite and PostgreSQL (``store_url``). The counter is advanced in the
hand-off's own transaction: concurrent writers never share a turn, and a rolled-back
batch gives its turns back.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

import leadqual as lq
from leadqual.automation import Handoffs, config_from_data, handoff_builder
from leadqual.exceptions import LeadqualError
from leadqual.lead import JSONValue
from leadqual.lifecycle import Entry, OutboxItem
from leadqual.stage import Stage
from leadqual.store import open_store
from leadqual.verdict import Verdict
from store_support import AS_OF, event, lead, write_jsonl

CONFIG: dict[str, Any] = {
    "lang": "nl",
    "handoff": {
        "sla_minutes": 60,
        "transitions": [{"to": "mql", "from": ["new"], "team": "marketing", "sla_minutes": 1440}],
    },
    "owners": [
        {"name": "Anna", "email": "anna@acme.nl"},
        {"name": "Bram", "email": "bram@acme.nl"},
        {"name": "Cor", "email": "cor@acme.nl"},
        {"name": "Mia", "email": "mia@acme.nl", "team": "marketing"},
        {"name": "Noor", "email": "noor@acme.nl", "team": "marketing"},
    ],
}
CONFIG_TOML = """lang = "nl"
[handoff]
sla_minutes = 60
[[handoff.transitions]]
to = "mql"
team = "marketing"
[[owners]]
name = "Anna"
[[owners]]
name = "Bram"
[[owners]]
name = "Cor"
[[owners]]
name = "Mia"
team = "marketing"
"""


def _owner(item: OutboxItem) -> str:
    """The name of the owner a hand-off went to."""
    owner = item.payload["owner"]
    assert isinstance(owner, dict)
    return str(owner["name"])


def sql_lead(n: int) -> lq.Lead:
    """A lead that becomes an SQL (a demo request)."""
    return lead(f"S-{n:03d}", event("demo_requested", "2026-11-21T10:00:00+01:00"))


def mql_lead(n: int) -> lq.Lead:
    """A lead that becomes an MQL (the pricing page on three days)."""
    visits = [
        event("page_view", f"2026-11-{day}T10:00:00+01:00", url="/pricing") for day in (19, 20, 21)
    ]
    return lead(f"M-{n:03d}", *visits)


class TestTransitions:
    """A new MQL hands off to marketing; a new SQL to sales; both round robin."""

    def test_mql_to_marketing_and_sql_to_sales(self, store_url: str) -> None:
        """6 SQLs spread 2-2-2 over sales, 4 MQLs 2-2 over marketing, in turn order."""
        builder = handoff_builder(config_from_data(CONFIG))
        leads = [sql_lead(n) for n in range(6)] + [mql_lead(n) for n in range(4)]
        with open_store(store_url) as store:
            report = store.ingest(leads, as_of=AS_OF, handoff=builder)
            items = store.outbox()
            rotations = store.rotations()
        assert len(report.handoffs) == 10
        by_kind = Counter(item.kind for item in items)
        assert by_kind == {"sql": 6, "mql": 4}
        owners = {item.lead_id: _owner(item) for item in items}
        # Leads are written in id order; each takes the next turn of its team.
        assert [owners[f"S-{n:03d}"] for n in range(6)] == ["Anna", "Bram", "Cor"] * 2
        assert [owners[f"M-{n:03d}"] for n in range(4)] == ["Mia", "Noor"] * 2
        assert rotations == {"Anna|Bram|Cor": 6, "Mia|Noor": 4}
        mql = next(item for item in items if item.kind == "mql")
        assert mql.payload["team"] == "marketing"
        assert mql.payload["stage"] == "mql"
        # The transition's own SLA: a day after the change.
        crossed = dt.datetime.fromisoformat(str(mql.payload["crossed_at"]))
        assert mql.due == crossed + dt.timedelta(days=1)
        text = mql.payload["text"]
        assert isinstance(text, dict)
        assert str(text["nl"]).startswith("Volg M-")

    def test_counter_survives_reopening(self, store_url: str) -> None:
        """The counter is stored: a second ingest continues where the first stopped."""
        builder = handoff_builder(config_from_data(CONFIG))
        with open_store(store_url) as store:
            store.ingest([sql_lead(0)], as_of=AS_OF, handoff=builder)
        with open_store(store_url) as store:
            store.ingest([sql_lead(1), sql_lead(2)], as_of=AS_OF, handoff=builder)
            owners = [_owner(item) for item in store.outbox()]
            assert sorted(owners) == ["Anna", "Bram", "Cor"]
            assert store.rotations() == {"Anna|Bram|Cor": 3}

    def test_without_transitions_only_sql(self, store_url: str) -> None:
        """Without ``[[handoff.transitions]]`` an MQL is not handed off."""
        config = config_from_data({"owners": CONFIG["owners"][:3]})
        with open_store(store_url) as store:
            store.ingest([mql_lead(0), sql_lead(0)], as_of=AS_OF, handoff=handoff_builder(config))
            assert [item.kind for item in store.outbox()] == ["sql"]

    def test_rollback_gives_the_turn_back(self, store_url: str) -> None:
        """A batch that fails after taking a turn leaves the counter as it was."""

        @attrs.frozen
        class FailsOnS002(Handoffs):
            def build(
                self,
                lead: lq.Lead,
                verdict: Verdict,
                entry: Entry,
                *,
                turn: Callable[[str, int], int] | None = None,
                before: Stage | None = None,
            ) -> Mapping[str, JSONValue]:
                payload = super().build(lead, verdict, entry, turn=turn, before=before)
                if lead.id == "S-002":
                    msg = "S-002: refused by this builder"
                    raise LeadqualError(msg)
                return payload

        plain = handoff_builder(config_from_data(CONFIG))
        failing = FailsOnS002(plain.config, plain.hours)
        with open_store(store_url) as store:
            store.ingest([sql_lead(0)], as_of=AS_OF, handoff=plain)
            with pytest.raises(LeadqualError, match="refused"):
                store.ingest([sql_lead(1), sql_lead(2)], as_of=AS_OF, handoff=failing)
            assert store.rotations() == {"Anna|Bram|Cor": 1}
            assert len(store.outbox()) == 1
            store.ingest([sql_lead(1)], as_of=AS_OF, handoff=plain)
            owners = {item.lead_id: _owner(item) for item in store.outbox()}
            assert owners == {"S-000": "Anna", "S-001": "Bram"}


class TestConcurrentTurns:
    """Two real processes hand off at once: every turn is taken exactly once."""

    def test_two_processes_share_the_rotation_exactly(self, store_url: str, tmp_path: Path) -> None:
        """60 SQLs over 3 reps from two processes: 20 each, counter at 60."""
        config = tmp_path / "leadqual.toml"
        config.write_text(CONFIG_TOML, encoding="utf-8")
        files = [
            write_jsonl(tmp_path / f"{part}.jsonl", [sql_lead(n) for n in range(part, 60, 2)])
            for part in (0, 1)
        ]
        open_store(store_url).close()  # the schema, before the race starts
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        processes = [
            subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [
                    sys.executable,
                    "-m",
                    "leadqual",
                    "ingest",
                    str(path),
                    "--db",
                    store_url,
                    "--as-of",
                    AS_OF.isoformat(),
                    "--config",
                    str(config),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for path in files
        ]
        for process in processes:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, (out, err)
        with open_store(store_url) as store:
            owners = Counter(_owner(item) for item in store.outbox())
            assert store.rotations() == {"Anna|Bram|Cor": 60}
        assert owners == {"Anna": 20, "Bram": 20, "Cor": 20}
