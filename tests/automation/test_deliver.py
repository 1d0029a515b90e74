"""The outbox worker on a real SQLite store: sent once, retried with backoff, dead letters."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadqual import Lead
from leadqual.automation import (
    REDACTED,
    Backoff,
    BusinessHours,
    Owner,
    config_from_data,
    deliver,
    dossier,
    dossier_html,
    dossier_text,
    dutch_holidays,
    easter,
    handoff_builder,
    route_owner,
)
from leadqual.exceptions import ConfigError, NotifyError
from leadqual.lifecycle import HandOff, OutboxItem, OutboxStatus
from leadqual.notify import CallbackNotifier, WebhookNotifier
from leadqual.store import open_store
from receivers import http_receiver

_T0 = dt.datetime(2026, 11, 21, 13, 5, tzinfo=dt.UTC)


class _Clock:
    def __init__(self) -> None:
        self.now = _T0

    def __call__(self) -> dt.datetime:
        return self.now


def _handoffs(n: int) -> list[HandOff]:
    return [
        HandOff(f"lq-{i}", f"L-{i}", {"lead_id": f"L-{i}", "text": {"en": "call"}})
        for i in range(n)
    ]


class TestBackoff:
    """Exponential backoff with jitter."""

    @given(st.integers(1, 100), st.integers(0, 2**32))
    def test_delay_bounds(self, failures: int, seed: int) -> None:
        """The wait stays between (1 - jitter) and 1 times the capped exponential."""
        backoff = Backoff(first=10, cap=600, jitter=0.5)
        wait = backoff.delay(failures, random.Random(seed)).total_seconds()  # noqa: S311 - test data
        base = min(600, 10 * 2 ** (failures - 1))
        assert base * 0.5 <= wait <= base

    def test_gives_up(self) -> None:
        """At max_attempts, or on a permanent error, there is no retry time."""
        backoff = Backoff(max_attempts=3)
        rng = random.Random(1)  # noqa: S311 - test data
        assert backoff.retry_at(2, _T0, rng) is not None
        assert backoff.retry_at(3, _T0, rng) is None
        assert backoff.retry_at(1, _T0, rng, permanent=True) is None


class TestDeliver:
    """deliver() claims, sends, marks; failures retry and finally dead-letter."""

    def test_webhook_end_to_end(self, tmp_path: Path) -> None:
        """Each item reaches the hook once with its key, and is marked sent."""
        clock = _Clock()
        with open_store(tmp_path / "s.db") as store, http_receiver() as hook:
            store.enqueue(_handoffs(5), now=_T0)
            report = deliver(store, [WebhookNotifier(hook.url)], clock=clock, worker="w", limit=3)
            assert len(report.sent) == 3
            report = deliver(store, [WebhookNotifier(hook.url)], clock=clock, worker="w", limit=3)
            assert len(report.sent) == 2
            assert deliver(store, [WebhookNotifier(hook.url)], clock=clock, worker="w").claimed == 0
            assert {item.status for item in store.outbox()} == {OutboxStatus.SENT}
        keys = [headers["Idempotency-Key"] for headers, _ in hook.received]
        assert sorted(keys) == [f"lq-{i}" for i in range(5)]

    def test_retry_then_dead(self, tmp_path: Path) -> None:
        """A failing receiver: retried after the backoff, dead after max_attempts."""
        clock = _Clock()
        backoff = Backoff(first=60, jitter=0, max_attempts=3)
        with open_store(tmp_path / "s.db") as store, http_receiver() as hook:
            hook.statuses[:] = [503] * 10
            notifier = WebhookNotifier(hook.url)
            store.enqueue(_handoffs(1), now=_T0)
            assert deliver(store, [notifier], clock=clock, worker="w", backoff=backoff).retried == (
                "lq-0",
            )
            assert deliver(store, [notifier], clock=clock, worker="w", backoff=backoff).claimed == 0
            clock.now += dt.timedelta(seconds=61)
            assert deliver(store, [notifier], clock=clock, worker="w", backoff=backoff).retried == (
                "lq-0",
            )
            clock.now += dt.timedelta(seconds=121)
            assert deliver(store, [notifier], clock=clock, worker="w", backoff=backoff).dead == (
                "lq-0",
            )
            (item,) = store.outbox()
            assert item.status is OutboxStatus.DEAD
            assert "HTTP 503" in (item.last_error or "")
            clock.now += dt.timedelta(days=1)
            assert deliver(store, [notifier], clock=clock, worker="w", backoff=backoff).claimed == 0
        assert len(hook.received) == 3
        assert {headers["Idempotency-Key"] for headers, _ in hook.received} == {"lq-0"}

    def test_permanent_error_dead_at_once(self, tmp_path: Path) -> None:
        """A 4xx answer dead-letters without retrying."""
        with open_store(tmp_path / "s.db") as store, http_receiver() as hook:
            hook.statuses[:] = [410]
            store.enqueue(_handoffs(1), now=_T0)
            report = deliver(store, [WebhookNotifier(hook.url)], clock=_Clock(), worker="w")
        assert report.dead == ("lq-0",)

    def test_lease_lost(self, tmp_path: Path) -> None:
        """A worker whose lease ran out (another took the item) does not mark it."""
        clock = _Clock()
        with open_store(tmp_path / "s.db") as store:
            store.enqueue(_handoffs(1), now=_T0)

            def steal(item: OutboxItem) -> None:
                clock.now += dt.timedelta(minutes=5)
                assert store.claim("other", now=clock.now)[0].key == item.key

            report = deliver(store, [CallbackNotifier(steal)], clock=clock, worker="w")
        assert report.lost_lease == ("lq-0",)

    def test_failure_text(self, tmp_path: Path) -> None:
        """A NotifyError's message is kept as the item's last error."""

        def refuse(_item: OutboxItem) -> None:
            msg = "mailbox full"
            raise NotifyError(msg)

        with open_store(tmp_path / "s.db") as store:
            store.enqueue(_handoffs(1), now=_T0)
            deliver(store, [CallbackNotifier(refuse)], clock=_Clock(), worker="w")
            assert "mailbox full" in (store.outbox()[0].last_error or "")


class TestConfig:
    """config_from_data checks the hand-off tables and names places."""

    @pytest.mark.parametrize(
        ("data", "place"),
        [
            ({"lang": "de"}, "lang"),
            ({"handoff": {"sla_minutes": -1}}, "handoff.sla_minutes"),
            ({"handoff": {"sla_minute": 5}}, "handoff.sla_minute"),
            ({"owners": [{"email": "a@b.nl"}]}, "owners[0].name"),
            ({"owners": [{"name": "A", "countries": 3}]}, "owners[0].countries"),
            ({"notify": [{"kind": "webhook"}]}, "notify[0].url"),
            ({"notify": [{"kind": "smtp", "host": "x"}]}, "notify[0]"),
            ({"notify": ["x"]}, "notify[0]"),
        ],
    )
    def test_errors_name_the_place(self, data: object, place: str) -> None:
        """Each bad setting is a ConfigError starting with its place."""
        with pytest.raises(ConfigError) as info:
            config_from_data(data)
        assert str(info.value).startswith(place + ":")

    def test_smtp_to_as_text(self) -> None:
        """``to`` may be one address or a list."""
        config = config_from_data(
            {
                "notify": [
                    {
                        "kind": "smtp",
                        "host": "h",
                        "sender": "s@x.nl",
                        "to": "a@x.nl",
                        "starttls": True,
                    }
                ]
            }
        )
        assert config.notify[0].to == ("a@x.nl",)
        assert config.notify[0].options == {"starttls": True}


class TestBusinessHours:
    """The SLA runs inside business hours, skipping closed days and Dutch holidays."""

    def test_parse_errors(self) -> None:
        """Bad specs, zones and holiday sets name the setting."""
        for text, zone, place in [
            ("weekdays", "UTC", "handoff.business_hours"),
            ("mon-fri 17:00-09:00", "UTC", "handoff.business_hours"),
            ("mon-fri 25:00-26:00", "UTC", "handoff.business_hours"),
            ("mon-fri 09:00-17:00", "Mars/Olympus", "handoff.timezone"),
        ]:
            with pytest.raises(ConfigError, match=place):
                BusinessHours.parse(text, zone)
        with pytest.raises(ConfigError, match=r"handoff\.holidays"):
            BusinessHours.parse("mon-fri 09:00-17:00", holidays="xx")

    def test_within_and_across_days(self) -> None:
        """Inside hours the SLA just adds; near closing it continues next open day."""
        hours = BusinessHours.parse("mon-fri 09:00-17:00", "Europe/Amsterdam")
        tuesday = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)  # 11:00 local
        assert hours.due(tuesday, dt.timedelta(minutes=60)).hour == 12
        late = dt.datetime(2026, 11, 24, 15, 30, tzinfo=dt.UTC)  # 16:30 local
        assert hours.due(late, dt.timedelta(minutes=60)).isoformat() == "2026-11-25T09:30:00+01:00"
        early = dt.datetime(2026, 11, 24, 5, 0, tzinfo=dt.UTC)
        assert hours.due(early, dt.timedelta(minutes=60)).isoformat() == "2026-11-24T10:00:00+01:00"

    def test_holidays_and_closed_days(self) -> None:
        """King's Day, Easter Monday, Whit Monday and closed days are skipped."""
        hours = BusinessHours.parse(
            "mon-fri 09:00-17:00", "Europe/Amsterdam", holidays="nl", closed=[dt.date(2026, 12, 24)]
        )
        sla = dt.timedelta(minutes=30)
        assert hours.due(dt.datetime(2026, 4, 27, 8, tzinfo=dt.UTC), sla).date() == dt.date(
            2026, 4, 28
        )
        assert hours.due(dt.datetime(2026, 4, 6, 8, tzinfo=dt.UTC), sla).date() == dt.date(
            2026, 4, 7
        )
        assert hours.due(dt.datetime(2026, 5, 25, 8, tzinfo=dt.UTC), sla).date() == dt.date(
            2026, 5, 26
        )
        assert hours.due(dt.datetime(2026, 12, 24, 8, tzinfo=dt.UTC), sla).date() == dt.date(
            2026, 12, 28
        )
        assert easter(2025) == dt.date(2025, 4, 20)
        assert dt.date(2025, 4, 26) in dutch_holidays(2025)  # the 27th is a Sunday

    def test_weekend_span(self) -> None:
        """A 'sat-mon' span wraps around the week."""
        hours = BusinessHours.parse("sat-mon 10:00-12:00", "UTC")
        assert hours.days == frozenset({5, 6, 0})


class TestRouteOwner:
    """Owners as data: CRM owner first, then country, region, catch-all; spread evenly."""

    def test_spread_within_team(self) -> None:
        """Two reps for NL both get leads; the same lead always gets the same rep."""
        team = [Owner("A", countries=("NL",)), Owner("B", countries=("NL",)), Owner("C")]
        leads = [
            Lead.from_mapping({"id": f"L-{i}", "company": {"country": "NL"}}) for i in range(40)
        ]
        names = [route_owner(lead, team).name for lead in leads]  # type: ignore[union-attr]
        assert set(names) == {"A", "B"}
        assert names == [route_owner(lead, team).name for lead in leads]  # type: ignore[union-attr]
        other = Lead.from_mapping({"id": "L-x", "company": {"country": "FR"}})
        assert route_owner(other, team).name == "C"  # type: ignore[union-attr]
        assert route_owner(other, team[:2]) is None

    def test_unknown_crm_owner_kept(self) -> None:
        """A CRM owner not in the config is still the owner."""
        lead = Lead.from_mapping({"id": "L-1", "owner": "zoe@acme.nl"})
        assert route_owner(lead, []) == Owner("zoe@acme.nl", "zoe@acme.nl")

    def test_region_must_exist(self) -> None:
        """An unknown region in the config is an error at its place."""
        with pytest.raises(ConfigError, match=r"owners\[0\]\.regions\[0\]"):
            config_from_data({"owners": [{"name": "A", "regions": ["atlantis"]}]})


class TestHandoffBuilder:
    """handoff_builder: owner, business-hours due time, bilingual texts, through ingest."""

    def test_ingest_uses_config(self, tmp_path: Path) -> None:
        """A store ingest with the builder routes the owner and counts the SLA in hours."""
        config = config_from_data(
            {
                "handoff": {"sla_minutes": 60, "business_hours": "mon-fri 09:00-17:00",
                            "timezone": "Europe/Amsterdam", "holidays": "nl",
                            "closed": ["2026-11-23"]},
                "owners": [{"name": "Anna", "email": "anna@acme.nl", "countries": ["NL"]}],
            }
        )  # fmt: skip
        lead = Lead.from_mapping(
            {
                "id": "L-1",
                "company": {"country": "NL"},
                "events": [{"type": "demo_requested", "at": "2026-11-20T16:30:00+01:00"}],
            }
        )
        with open_store(tmp_path / "s.db") as store:
            store.ingest([lead], as_of=_T0, handoff=handoff_builder(config))
            (item,) = store.outbox()
        assert item.payload["owner"] == {"name": "Anna", "email": "anna@acme.nl"}
        assert item.payload["due"] == "2026-11-24T09:30:00+01:00"
        assert "Bel L-1 vóór" in str(item.payload["text"])

    def test_bad_closed_day(self) -> None:
        """A closed day that is no date is an error at handoff.closed."""
        config = config_from_data(
            {"handoff": {"business_hours": "mon-fri 09:00-17:00", "closed": ["x"]}}
        )
        with pytest.raises(ConfigError, match=r"handoff\.closed"):
            handoff_builder(config)


class TestDossier:
    """The dossier: everything known, in EN and NL, as data, text and HTML, redactable."""

    def _lead(self) -> Lead:
        return Lead.from_mapping(
            {
                "id": "L-1042",
                "email": "m.jansen@vdberg-metaal.nl",
                "first_name": "Marieke",
                "phone": "+31 6 12345678",
                "company": {"name": "Van den Berg Metaal", "industry": "manufacturing"},
                "events": [
                    {"type": "page_view", "at": "2026-11-20T09:12:00+01:00",
                     "properties": {"url": "/pricing"}},
                    {"type": "content_download", "at": "2026-11-20T09:20:00+01:00",
                     "properties": {"content_type": "case_study", "topic": "manufacturing"}},
                    {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"},
                ],
            }
        )  # fmt: skip

    def test_contents_and_redaction(self) -> None:
        """Timeline in time order, reasons, opening line; personal data redacted on request."""
        from leadqual import starter_model  # noqa: PLC0415
        from leadqual.frameworks import BANT  # noqa: PLC0415
        from leadqual.verdict import Qualifier  # noqa: PLC0415

        lead = self._lead()
        verdict = Qualifier(model=starter_model(), framework=BANT).qualify(
            lead, as_of="2026-11-21T14:30:00+01:00"
        )
        data = dossier(lead, verdict, lang="nl", redact=["email", "phone", "names"])
        assert [row["type"] for row in data["timeline"]] == [
            "page_view", "content_download", "demo_requested"
        ]  # fmt: skip
        assert data["profile"]["email"] == REDACTED
        assert data["profile"]["phone"] == REDACTED
        assert "Marieke" not in str(data)
        assert "klantcase over industrie" in data["opening_line"]
        assert data["questions"]
        text = dossier_text(data)
        assert "Waarom deze lead kwalificeert" in text
        assert "m.jansen" not in text
        page = dossier_html(dossier(lead, verdict, lang="en"))
        assert "<h2>Why it qualified</h2>" in page
        assert "Marieke" in page

    def test_handoff_opening_line_redacted(self) -> None:
        """``redact = ["names"]`` hides the name in the payload's own opening line too."""
        from leadqual import starter_model  # noqa: PLC0415
        from leadqual.lifecycle import History, resolve  # noqa: PLC0415
        from leadqual.verdict import Qualifier  # noqa: PLC0415

        lead = self._lead()
        as_of = dt.datetime.fromisoformat("2026-11-21T14:30:00+01:00")
        verdict = Qualifier(model=starter_model()).qualify(lead, as_of=as_of)
        entry = resolve(History(), verdict, as_of=as_of).entry
        assert entry is not None
        plain = handoff_builder(config_from_data({}))(lead, verdict, entry)
        assert "Marieke" in str(plain["opening_line"])  # the greeting does name her
        config = config_from_data({"handoff": {"redact": ["names"]}})
        payload = handoff_builder(config)(lead, verdict, entry)
        opening = payload["opening_line"]
        assert isinstance(opening, dict)
        for lang in ("en", "nl"):
            line = opening[lang]
            assert isinstance(line, str)
            assert "Marieke" not in line
            assert REDACTED in line
        assert "Marieke" not in str(payload)

    def test_bad_redaction(self) -> None:
        """An unknown redaction is an error at 'redact'."""
        config = config_from_data({"handoff": {"redact": ["salary"]}})
        with pytest.raises(ConfigError, match="redact"):
            handoff_builder(config)


class TestCooldown:
    """A second hand-off within cooldown_days of a sent one is suppressed, visibly."""

    def test_suppressed(self, tmp_path: Path) -> None:
        """The later hand-off is dead-lettered with the reason; outside the window it goes."""
        clock = _Clock()
        sent: list[str] = []
        notifier = CallbackNotifier(lambda item: sent.append(item.key))
        week = dt.timedelta(days=7)
        with open_store(tmp_path / "s.db") as store:
            store.enqueue([HandOff("lq-a", "L-1", {"lead_id": "L-1"})], now=_T0)
            deliver(store, [notifier], clock=clock, worker="w", cooldown=week)
            clock.now = _T0 + dt.timedelta(days=2)
            store.enqueue([HandOff("lq-b", "L-1", {"lead_id": "L-1"})], now=clock.now)
            report = deliver(store, [notifier], clock=clock, worker="w", cooldown=week)
            assert report.dead == ("lq-b",)
            item = next(i for i in store.outbox() if i.key == "lq-b")
            assert "cooldown" in (item.last_error or "")
            clock.now = _T0 + dt.timedelta(days=9)
            store.enqueue([HandOff("lq-c", "L-1", {"lead_id": "L-1"})], now=clock.now)
            assert deliver(store, [notifier], clock=clock, worker="w", cooldown=week).sent == (
                "lq-c",
            )
        assert sent == ["lq-a", "lq-c"]
