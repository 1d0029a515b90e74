"""Notifiers against real servers on loopback: a webhook, Slack's shape, SMTP (aiosmtpd)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
import threading
from typing import Any

import icalendar
import pytest

from leadqual.automation import config_from_data
from leadqual.exceptions import ConfigError, NotifyError
from leadqual.lifecycle import OutboxItem
from leadqual.notify import (
    CallbackNotifier,
    SlackNotifier,
    SMTPNotifier,
    WebhookNotifier,
    notifiers_from_config,
)
from leadqual.testing import check_notifier
from receivers import http_receiver

_ITEM = OutboxItem(
    "lq-abc",
    "L-1042",
    "sql",
    {
        "lead_id": "L-1042",
        "owner": {"name": "Anna", "email": "anna@acme.nl"},
        "due": "2026-11-21T15:02:00+01:00",
        "crossed_at": "2026-11-21T14:02:00+01:00",
        "score": 88,
        "text": {"en": "Call within the hour", "nl": "Bel binnen het uur"},
        "opening_line": {
            "en": "I saw you requested a demo.",
            "nl": "Ik zie dat u een demo heeft aangevraagd.",
        },
        "reasons": {"en": ["requested a demo"], "nl": ["heeft een demo aangevraagd"]},
    },
    created_at=dt.datetime(2026, 11, 21, 13, 5, tzinfo=dt.UTC),
)


class TestWebhookNotifier:
    """The webhook POSTs the SPEC body with the key as Idempotency-Key."""

    def test_body_and_header(self) -> None:
        """The receiver sees the key in the header and the SPEC fields in the body."""
        with http_receiver() as hook:
            WebhookNotifier(hook.url, lang="nl").send(_ITEM)
        headers, body = hook.received[0]
        assert headers["Idempotency-Key"] == "lq-abc"
        assert body["key"] == "lq-abc"
        assert body["lead_id"] == "L-1042"
        assert body["owner"] == {"name": "Anna", "email": "anna@acme.nl"}
        assert body["text"] == "Bel binnen het uur"
        assert body["opening_line"].startswith("Ik zie dat u")
        assert isinstance(body["dossier"], dict)

    def test_server_error_is_retryable(self) -> None:
        """A 503 raises a NotifyError that is not permanent; a 400 is permanent."""
        with http_receiver() as hook:
            hook.statuses[:] = [503, 400]
            with pytest.raises(NotifyError) as first:
                WebhookNotifier(hook.url).send(_ITEM)
            with pytest.raises(NotifyError) as second:
                WebhookNotifier(hook.url).send(_ITEM)
        assert not first.value.permanent
        assert second.value.permanent

    def test_unreachable(self) -> None:
        """A closed port is a retryable NotifyError naming the notifier."""
        with http_receiver() as hook:
            url = hook.url
        with pytest.raises(NotifyError, match="webhook"):
            WebhookNotifier(url, timeout=2).send(_ITEM)

    def test_check_notifier(self) -> None:
        """The built-in webhook passes leadqual.testing.check_notifier."""
        with http_receiver() as hook:
            check_notifier(WebhookNotifier(hook.url))


class TestSlackNotifier:
    """Slack gets Block Kit blocks."""

    def test_blocks(self) -> None:
        """The message has a header block and the opening line."""
        with http_receiver() as hook:
            SlackNotifier(hook.url, lang="nl").send(_ITEM)
        _, body = hook.received[0]
        assert body["blocks"][0]["type"] == "header"
        assert "Nieuwe SQL" in body["text"]
        assert any("Openingszin" in str(block) for block in body["blocks"])


class TestCallbackNotifier:
    """A Python callable as a notifier."""

    def test_errors_become_notify_errors(self) -> None:
        """An exception in the callback is a NotifyError."""

        def boom(_item: OutboxItem) -> None:
            msg = "down"
            raise RuntimeError(msg)

        with pytest.raises(NotifyError, match="RuntimeError: down"):
            CallbackNotifier(boom).send(_ITEM)

    def test_check_notifier(self) -> None:
        """A callback that records passes check_notifier."""
        check_notifier(CallbackNotifier(lambda _item: None))


class _Handler:
    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.event = threading.Event()

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook
        self.messages.append(envelope.content)
        self.event.set()
        return "250 OK"


class TestSMTPNotifier:
    """E-mail over a real SMTP server on loopback (aiosmtpd)."""

    def test_dutch_mail_with_ics(self) -> None:
        """The server receives a Dutch subject, text and HTML parts and a parseable .ics."""
        from aiosmtpd.controller import Controller  # noqa: PLC0415 - test extra

        handler = _Handler()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            SMTPNotifier(
                "127.0.0.1", "leadqual@acme.nl", ("anna@acme.nl",), port=port, lang="nl"
            ).send(_ITEM)
            assert handler.event.wait(5)
        finally:
            controller.stop()
        message = email.message_from_bytes(handler.messages[0], policy=email.policy.default)
        assert message["Subject"] == "Nieuwe SQL: bel L-1042 vóór 21 november, 15:02 uur"
        assert message["Message-ID"] == "<lq-abc@leadqual>"
        types = [part.get_content_type() for part in message.walk()]
        assert "text/plain" in types
        assert "text/html" in types
        ics = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
        assert ics.get_filename() == "L-1042.ics"
        calendar = icalendar.Calendar.from_ical(ics.get_content())
        todo = next(iter(calendar.walk("VTODO")))
        assert str(todo["uid"]) == "lq-abc@leadqual"
        assert todo.decoded("due") == dt.datetime.fromisoformat("2026-11-21T15:02:00+01:00")

    def test_unreachable(self) -> None:
        """No server: a retryable NotifyError."""
        with pytest.raises(NotifyError) as info:
            SMTPNotifier("127.0.0.1", "a@b.nl", ("c@d.nl",), port=1, timeout=2).send(_ITEM)
        assert not info.value.permanent


class TestNotifiersFromConfig:
    """notifiers_from_config builds one notifier per [[notify]] table."""

    def test_kinds_and_password_env(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Webhook, Slack and SMTP come out; the SMTP password is read from its variable."""
        data = {
            "lang": "nl",
            "notify": [
                {"kind": "webhook", "url": "http://127.0.0.1:9/h", "headers": {"X-Token": "t"}},
                {"kind": "slack", "url": "https://hooks.slack.com/services/x"},
                {"kind": "smtp", "host": "127.0.0.1", "port": 2525, "sender": "a@b.nl",
                 "to": ["c@d.nl"], "starttls": True, "username": "u", "password_env": "LQ_PW"},
            ],
        }  # fmt: skip
        monkeypatch.setenv("LQ_PW", "secret")
        webhook, slack, smtp = notifiers_from_config(config_from_data(data))
        assert isinstance(webhook, WebhookNotifier)
        assert webhook.headers == {"X-Token": "t"}
        assert isinstance(slack, SlackNotifier)
        assert isinstance(smtp, SMTPNotifier)
        assert (smtp.password, smtp.starttls, smtp.port, smtp.lang) == ("secret", True, 2525, "nl")
        assert "secret" not in repr(smtp)
        monkeypatch.delenv("LQ_PW")
        with pytest.raises(ConfigError, match="LQ_PW"):
            notifiers_from_config(config_from_data(data))
