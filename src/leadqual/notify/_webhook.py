"""Webhook and Slack notifiers over the standard library's ``http.client``."""

from __future__ import annotations

import http.client
import json
import urllib.parse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from leadqual.automation._redact import redact_log
from leadqual.exceptions import ConfigError, NotifyError
from leadqual.notify._message import handoff_body

if TYPE_CHECKING:
    from leadqual.lifecycle import OutboxItem

__all__ = ["SlackNotifier", "WebhookNotifier", "post_json", "slack_blocks"]

_RETRYABLE = frozenset({408, 425, 429})
_HTTP_ERROR = 400
_SERVER_ERROR = 500


def _split(url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigError.at(place="url", detail=f"expected an http(s) URL, got {url!r}")
    return parts


def post_json(
    url: str, body: Mapping[str, Any], *, headers: Mapping[str, str], timeout: float, name: str
) -> int:
    """POST ``body`` as JSON; the status when it is 2xx, else ``NotifyError``.

    A 4xx other than 408/425/429 is permanent (retrying sends the same request).
    """
    parts = _split(url)
    conn_type = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    data = json.dumps(body, ensure_ascii=False, sort_keys=True).encode()
    conn = conn_type(parts.hostname or "", parts.port, timeout=timeout)
    try:
        conn.request(
            "POST",
            path,
            body=data,
            headers={"Content-Type": "application/json; charset=utf-8", **headers},
        )
        response = conn.getresponse()
        response.read()
    except (OSError, http.client.HTTPException) as exc:
        msg = redact_log(f"{name}: {url}: {exc}")
        raise NotifyError(msg) from exc
    finally:
        conn.close()
    status = response.status
    if status >= _HTTP_ERROR or status < 200:  # noqa: PLR2004 - 2xx
        permanent = _HTTP_ERROR <= status < _SERVER_ERROR and status not in _RETRYABLE
        msg = redact_log(f"{name}: {url}: HTTP {status}")
        raise NotifyError(msg, permanent=permanent)
    return status


def _http_url(_instance: object, _attribute: object, value: str) -> None:
    # The check of a notifier's ``url``: http or https, with a host.
    _split(value)


class _Poster:
    # A notifier that POSTs JSON to its ``url``, naming itself in errors.
    __slots__ = ()
    url: str
    timeout: float
    name: str

    def _post(self, body: Mapping[str, Any], headers: Mapping[str, str]) -> None:
        post_json(self.url, body, headers=headers, timeout=self.timeout, name=self.name)


@attrs.frozen
class WebhookNotifier(_Poster):
    """POSTs the hand-off (SPEC §3 body) with its key in the ``Idempotency-Key`` header.

    Args:
        url: where to POST (``http://`` or ``https://``).
        lang: the language of ``text`` and ``opening_line``.
        headers: extra headers (an ``Authorization``, say).
        timeout: seconds per request.

    >>> WebhookNotifier("ftp://example.org")
    Traceback (most recent call last):
    ...
    leadqual.exceptions.ConfigError: url: expected an http(s) URL, got 'ftp://example.org'
    """

    url: str = attrs.field(validator=_http_url)
    lang: str = "en"
    headers: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    timeout: float = 10.0
    name: str = "webhook"

    def send(self, item: OutboxItem, /) -> None:
        """POST the hand-off; ``NotifyError`` unless the answer is 2xx."""
        self._post(handoff_body(item, self.lang), {**self.headers, "Idempotency-Key": item.key})


_SLACK_LABELS = {
    "en": {
        "title": "New SQL: call {lead}",
        "due": "Call before",
        "owner": "Owner",
        "open": "Opening line",
    },
    "nl": {
        "title": "Nieuwe SQL: bel {lead}",
        "due": "Bel vóór",
        "owner": "Eigenaar",
        "open": "Openingszin",
    },
}


def slack_blocks(item: OutboxItem, lang: str = "en") -> dict[str, Any]:
    """A Slack incoming-webhook message (``text`` plus Block Kit ``blocks``).

    >>> from leadqual.lifecycle import OutboxItem
    >>> item = OutboxItem("lq-1", "L-1", "sql", {"text": {"nl": "Bel binnen het uur"}})
    >>> message = slack_blocks(item, "nl")
    >>> message["text"], message["blocks"][0]["text"]["text"]
    ('Nieuwe SQL: bel L-1', 'Nieuwe SQL: bel L-1')
    """
    body = handoff_body(item, lang)
    labels = _SLACK_LABELS.get(lang, _SLACK_LABELS["en"])
    title = labels["title"].format(lead=item.lead_id)
    fields = [
        f"*{labels['owner']}:* {body['owner']['name'] or '-'}",
        f"*{labels['due']}:* {body['due'] or '-'}",
    ]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title}},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": f} for f in fields]},
    ]
    if body["text"]:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": str(body["text"])}})
    if body["opening_line"]:
        line = f"*{labels['open']}:* {body['opening_line']}"
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": line}})
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": item.key}]})
    return {"text": title, "blocks": blocks}


@attrs.frozen
class SlackNotifier(_Poster):
    """Posts the hand-off to a Slack incoming webhook as Block Kit blocks."""

    url: str = attrs.field(validator=_http_url)
    lang: str = "en"
    timeout: float = 10.0
    name: str = "slack"

    def send(self, item: OutboxItem, /) -> None:
        """POST the blocks; ``NotifyError`` unless Slack answers 2xx."""
        self._post(slack_blocks(item, self.lang), {})
