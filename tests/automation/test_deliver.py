"""The outbox worker on a real SQLite store: sent once, retried with backoff, dead letters."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadqual.automation import Backoff, config_from_data, deliver
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
