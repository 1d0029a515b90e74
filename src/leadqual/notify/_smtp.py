"""E-mail over SMTP with the standard library: text and HTML parts, the task's ``.ics``."""

from __future__ import annotations

import datetime as dt
import html
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime
from typing import TYPE_CHECKING

import attrs

from leadqual._lang import format_datetime as say_moment
from leadqual.automation._redact import redact_log
from leadqual.exceptions import NotifyError
from leadqual.notify._message import handoff_body

if TYPE_CHECKING:
    from leadqual.lifecycle import OutboxItem

__all__ = ["SMTPNotifier", "handoff_email"]

_SUBJECT = {
    "en": "New SQL: call {lead} before {due}",
    "nl": "Nieuwe SQL: bel {lead} vóór {due}",
}
_LABELS = {
    "en": {"open": "Opening line", "why": "Why it qualified", "none": "no due time"},
    "nl": {"open": "Openingszin", "why": "Waarom deze lead kwalificeert", "none": "geen deadline"},
}


def _when(due: str | None, lang: str) -> tuple[str, dt.datetime | None]:
    if not due:
        return _LABELS[lang]["none"], None
    moment = dt.datetime.fromisoformat(due)
    if lang == "nl":
        return say_moment(moment, "nl"), moment
    return f"{moment:%d %B, %H:%M}".lstrip("0"), moment


def handoff_email(
    item: OutboxItem, *, sender: str, to: list[str], lang: str = "en"
) -> EmailMessage:
    """The e-mail for a hand-off: subject, text and HTML, ``Message-ID`` from the key.

    >>> from leadqual.lifecycle import OutboxItem
    >>> item = OutboxItem("lq-1", "L-1", "sql", {"due": "2026-12-01T10:00:00+01:00"})
    >>> message = handoff_email(item, sender="lq@acme.nl", to=["anna@acme.nl"], lang="nl")
    >>> message["Subject"], message["Message-ID"]
    ('Nieuwe SQL: bel L-1 vóór 1 december, 10:00 uur', '<lq-1@leadqual>')
    """
    lang = lang if lang in _SUBJECT else "en"
    body = handoff_body(item, lang)
    when, moment = _when(body["due"], lang)
    labels = _LABELS[lang]
    message = EmailMessage()
    message["Subject"] = _SUBJECT[lang].format(lead=item.lead_id, due=when)
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Message-ID"] = f"<{item.key}@leadqual>"
    message["X-Leadqual-Key"] = item.key
    lines = [str(body["text"] or "")]
    if body["opening_line"]:
        lines.append(f"{labels['open']}: {body['opening_line']}")
    reasons = body["dossier"].get("reasons") or []
    if reasons:
        lines.append(labels["why"] + ":")
        lines.extend(f"- {reason}" for reason in reasons)
    message.set_content("\n\n".join(lines) + "\n")
    parts = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    message.add_alternative(f"<!doctype html><html><body>{parts}</body></html>", subtype="html")
    if moment is not None:
        from leadqual.io._ical import CallTask, tasks_to_ical  # noqa: PLC0415 - optional extra

        task = CallTask(item.key, item.lead_id, moment, message["Subject"], str(body["text"] or ""))
        stamp = item.created_at or moment
        ics = tasks_to_ical([task], stamp=stamp)
        message.add_attachment(
            ics.decode(),
            subtype="calendar",
            filename=f"{item.lead_id}.ics",
            params={"method": "PUBLISH"},
        )
    message["Date"] = format_datetime(
        item.created_at or moment or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    )
    return message


@attrs.frozen
class SMTPNotifier:
    """Sends the hand-off e-mail over SMTP.

    Args:
        host, port: the SMTP server.
        sender: the ``From`` address; to: the recipients.
        starttls: upgrade the connection with STARTTLS before sending.
        ssl: connect over TLS from the start (SMTPS, port 465).
        username, password: log in when given.
    """

    host: str
    sender: str
    to: tuple[str, ...]
    port: int = 25
    lang: str = "en"
    starttls: bool = False
    ssl: bool = False
    username: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    timeout: float = 10.0
    name: str = "smtp"

    def send(self, item: OutboxItem, /) -> None:
        """Send the e-mail; ``NotifyError`` when the server refuses or is unreachable."""
        message = handoff_email(item, sender=self.sender, to=list(self.to), lang=self.lang)
        try:
            smtp_type = smtplib.SMTP_SSL if self.ssl else smtplib.SMTP
            with smtp_type(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls and not self.ssl:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username is not None:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            msg = redact_log(f"{self.name}: recipients refused: {exc}")
            raise NotifyError(msg, permanent=True) from exc
        except (OSError, smtplib.SMTPException) as exc:
            msg = redact_log(f"{self.name}: {self.host}:{self.port}: {exc}")
            raise NotifyError(msg) from exc
