"""Configured transitions, team routing, masked logs and the Dutch due date of a hand-off."""

from __future__ import annotations

import datetime as dt

import pytest

import leadqual as lq
from leadqual.automation import (
    Owner,
    Transition,
    config_from_data,
    deliver,
    handoff_builder,
    redact_log,
    route_owner,
)
from leadqual.exceptions import ConfigError, NotifyError
from leadqual.lifecycle import Action, Entry, HandOff, History, OutboxStatus, resolve
from leadqual.notify import CallbackNotifier, WebhookNotifier
from leadqual.stage import Stage
from leadqual.store import open_store
from leadqual.verdict import Qualifier
from receivers import http_receiver

NOW = dt.datetime(2026, 11, 21, 13, 5, tzinfo=dt.UTC)


class TestConfig:
    """``[[handoff.transitions]]`` and ``[[owners]] team``, checked at their place."""

    def test_parsed(self) -> None:
        """Stage names, ``from`` lists, team and SLA become a Transition."""
        config = config_from_data(
            {
                "handoff": {
                    "transitions": [
                        {"to": "MQL", "from": ["new", "nurture"], "team": "marketing"},
                        {"to": "opportunity", "sla_minutes": 240},
                    ]
                },
                "owners": [{"name": "Mia", "team": "marketing"}],
            }
        )
        assert config.handoff.transitions == (
            Transition(Stage.MQL, (Stage.NEW, Stage.NURTURE), "marketing"),
            Transition(Stage.OPPORTUNITY, sla_minutes=240),
        )
        assert config.owners[0].team == "marketing"

    @pytest.mark.parametrize(
        ("transition", "place", "detail"),
        [
            ({"to": "sql"}, "handoff.transitions[0].to", "always hands off to sales"),
            ({"to": "hot"}, "handoff.transitions[0].to", "expected one of new, mql"),
            ({"team": "x"}, "handoff.transitions[0].to", "needs the stage it enters"),
            ({"to": "mql", "from": ["x"]}, "handoff.transitions[0].from[0]", "got 'x'"),
            ({"to": "mql", "colour": 1}, "handoff.transitions[0].colour", "unknown setting"),
            ({"to": "mql", "sla_minutes": 1.5}, "handoff.transitions[0].sla_minutes", "whole"),
        ],
    )
    def test_errors_name_their_place(
        self, transition: dict[str, object], place: str, detail: str
    ) -> None:
        """A bad transition is a ConfigError at its own place."""
        with pytest.raises(ConfigError, match=detail) as caught:
            config_from_data({"handoff": {"transitions": [transition]}})
        assert caught.value.place == place

    def test_matches(self) -> None:
        """``from`` narrows the stages a transition starts from."""
        only_new = Transition(Stage.MQL, (Stage.NEW,))
        assert only_new.matches(Stage.NEW, Stage.MQL)
        assert not only_new.matches(Stage.NURTURE, Stage.MQL)
        assert Transition(Stage.MQL).matches(Stage.NURTURE, Stage.MQL)


class TestTeams:
    """``route_owner(team=…, turn=…)``."""

    owners = (
        Owner("Anna", countries=("NL",)),
        Owner("Bram"),
        Owner("Mia", team="marketing", countries=("NL",)),
        Owner("Noor", team="marketing"),
    )

    def test_team_filter(self) -> None:
        """Sales owners for sales, the team's own for a team, by country within each."""
        nl = lq.Lead.from_mapping({"id": "L-1", "company": {"country": "NL"}})
        de = lq.Lead.from_mapping({"id": "L-2", "company": {"country": "DE"}})
        assert route_owner(nl, self.owners).name == "Anna"  # type: ignore[union-attr]
        assert route_owner(nl, self.owners, team="marketing").name == "Mia"  # type: ignore[union-attr]
        assert route_owner(de, self.owners, team="marketing").name == "Noor"  # type: ignore[union-attr]
        assert route_owner(de, self.owners, team="events") is None

    def test_crm_owner_only_for_sales(self) -> None:
        """A lead's CRM owner takes the sales hand-off, not marketing's."""
        owned = lq.Lead.from_mapping({"id": "L-3", "owner": "Bram"})
        assert route_owner(owned, self.owners).name == "Bram"  # type: ignore[union-attr]
        assert route_owner(owned, self.owners, team="marketing").name == "Noor"  # type: ignore[union-attr]

    def test_turn_names_the_rotation(self) -> None:
        """The counter is asked by the team's members and size."""
        asked: list[tuple[str, int]] = []

        def turn(rotation: str, size: int) -> int:
            asked.append((rotation, size))
            return 1

        pool = [Owner("Cas"), Owner("Dee"), Owner("Eef")]
        assert route_owner(lq.Lead("L-4"), pool, turn=turn).name == "Dee"  # type: ignore[union-attr]
        assert asked == [("Cas|Dee|Eef", 3)]


class TestDutchDueDate:
    """The hand-off ``text`` shows the due time as Dutch speak it."""

    def test_text(self) -> None:
        """English keeps ISO; Dutch says '23 november, 09:30 uur'."""
        config = config_from_data(
            {
                "handoff": {
                    "business_hours": "mon-fri 09:00-17:00",
                    "timezone": "Europe/Amsterdam",
                },
                "owners": [{"name": "Anna"}],
            }
        )
        lead = lq.Lead.from_mapping(
            {"id": "L-1", "events": [{"type": "demo_requested", "at": "2026-11-20T16:30:00+01:00"}]}
        )
        verdict = Qualifier(model=lq.starter_model()).qualify(
            lead, as_of="2026-11-20T16:31:00+01:00"
        )
        assert verdict.as_of is not None
        entry = resolve(History(), verdict, as_of=verdict.as_of).entry
        assert entry is not None
        text = handoff_builder(config)(lead, verdict, entry)["text"]
        assert isinstance(text, dict)
        assert str(text["nl"]).startswith("Bel L-1 vóór 23 november, 09:30 uur: ")
        assert str(text["en"]).startswith("Call L-1 before 2026-11-23T09:30:00+01:00: ")

    def test_hands_off(self) -> None:
        """A new SQL always; another change only when configured."""
        builder = handoff_builder(config_from_data({"handoff": {"transitions": [{"to": "mql"}]}}))
        at = NOW
        assert builder.hands_off(Stage.MQL, Entry(at, Action.QUALIFIED, Stage.SQL))
        assert not builder.hands_off(Stage.SQL, Entry(at, Action.QUALIFIED, Stage.SQL))
        assert builder.hands_off(Stage.NEW, Entry(at, Action.QUALIFIED, Stage.MQL))
        assert not builder.hands_off(Stage.MQL, Entry(at, Action.QUALIFIED, Stage.NURTURE))


class TestRedaction:
    """Errors stored in the outbox and raised by the notifiers are masked."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("https://u:pw@h.nl/x: HTTP 500", "https://***@h.nl/x: HTTP 500"),
            (
                "https://h.nl/hook?access_token=a1&lead=L-1",
                "https://h.nl/hook?access_token=***&lead=L-1",
            ),
            ("https://h.nl/hooks/Zx81Kq02LmN4pQ7rS9tV/x", "https://h.nl/hooks/***/x"),
            (
                "https://hooks.slack.com/services/T01/B02/abcDEF123: 404",
                "https://hooks.slack.com/services/***: 404",
            ),
            ("Authorization: Bearer abc.def.ghi", "Authorization: Bearer ***"),
            ("X-Api-Key: 12345", "X-Api-Key: ***"),
            ("password=hunter2 rest", "password=*** rest"),
            ("slack says xoxb-1-2-abc", "slack says xox*-***"),
            ("token abc123", "token ***"),
            ("refused: anna.de.vries@acme.nl", "refused: ***@acme.nl"),
            # What a log must keep: hosts, ports, codes, hand-off keys.
            (
                "webhook: http://127.0.0.1:8080/hook: HTTP 503",
                "webhook: http://127.0.0.1:8080/hook: HTTP 503",
            ),
            (
                "lq-0123456789abcdef0123456789abcdef was sent",
                "lq-0123456789abcdef0123456789abcdef was sent",
            ),
        ],
    )
    def test_redact_log(self, text: str, expected: str) -> None:
        """Secrets and addresses go; what says what went wrong stays."""
        assert redact_log(text) == expected

    def test_webhook_error_masked_in_the_outbox(self) -> None:
        """A failing webhook whose URL holds a token: the stored error does not."""
        store = open_store("sqlite:///:memory:")
        store.enqueue([HandOff("lq-1", "L-1", {"lead_id": "L-1"})], now=NOW)
        with http_receiver() as server:
            server.statuses = [500]
            url = server.url.replace("http://", "http://bot:s3cret@") + "?token=abc123"
            report = deliver(store, [WebhookNotifier(url)], clock=lambda: NOW, worker="w1")
        assert report.retried == ("lq-1",)
        (item,) = store.outbox()
        assert item.last_error is not None
        assert "s3cret" not in item.last_error
        assert "abc123" not in item.last_error
        assert "HTTP 500" in item.last_error
        assert "token=***" in item.last_error

    def test_own_notifier_error_masked(self) -> None:
        """Even a notifier of your own that quotes an address is masked when stored."""

        def fails(_item: object) -> None:
            msg = "mailbox anna@acme.nl full"
            raise NotifyError(msg, permanent=True)

        store = open_store("sqlite:///:memory:")
        store.enqueue([HandOff("lq-2", "L-2", {"lead_id": "L-2"})], now=NOW)
        deliver(store, [CallbackNotifier(fails)], clock=lambda: NOW, worker="w1")
        (item,) = store.outbox()
        assert item.status is OutboxStatus.DEAD
        assert item.last_error == "mailbox ***@acme.nl full"


class TestCooldownPerKind:
    """An MQL hand-off sent does not hold back the lead's SQL hand-off."""

    def test_sql_after_mql_is_sent(self) -> None:
        """Same lead, cooldown 7 days: MQL sent, then the SQL hand-off is sent too."""
        store = open_store("sqlite:///:memory:")
        sent: list[str] = []
        notifier = CallbackNotifier(lambda item: sent.append(item.key))
        store.enqueue([HandOff("lq-m", "L-1", {"lead_id": "L-1"}, kind="mql")], now=NOW)
        deliver(store, [notifier], clock=lambda: NOW, worker="w1", cooldown=dt.timedelta(days=7))
        later = NOW + dt.timedelta(hours=1)
        store.enqueue([HandOff("lq-s", "L-1", {"lead_id": "L-1"}, kind="sql")], now=later)
        store.enqueue([HandOff("lq-s2", "L-1", {"lead_id": "L-1"}, kind="sql")], now=later)
        deliver(
            store,
            [notifier],
            clock=lambda: later,
            worker="w1",
            cooldown=dt.timedelta(days=7),
            limit=1,
        )
        deliver(store, [notifier], clock=lambda: later, worker="w1", cooldown=dt.timedelta(days=7))
        assert sent[:2] == ["lq-m", sent[1]]
        assert len(sent) == 2  # the second SQL hand-off is within the SQL cooldown
        statuses = {item.key: item.status for item in store.outbox()}
        assert statuses["lq-m"] is OutboxStatus.SENT
        assert sorted(status.value for key, status in statuses.items() if key != "lq-m") == [
            "dead",
            "sent",
        ]
