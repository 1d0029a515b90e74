"""Secrets and personal data masked in log text: errors, the outbox's ``last_error``.

A notifier's error can quote what it was given: a webhook URL with a token in its path
or query (a Slack incoming-webhook URL *is* its secret), ``user:password@`` in a URL, an
``Authorization`` header, the recipients an SMTP server refused. Such text lands in the
outbox's ``last_error``, which ``leadqual history`` shows and logs collect.
:func:`redact_log` masks it before it is stored or shown; the hand-off keys, hosts,
status codes and error names stay, so the log still says what went wrong.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["MASK", "redact_log"]

MASK: Final = "***"
"""What a masked part becomes."""

_URL: Final = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.-]*://)([^\s/?#'\"<>]+)([^\s'\"<>]*)")
_SECRET_WORDS: Final = (
    "token",
    "key",
    "secret",
    "password",
    "passwd",
    "pwd",
    "signature",
    "sig",
    "auth",
    "code",
    "credential",
    "session",
)
_QUERY: Final = re.compile(r"([?&;]([^=&;#\s]+)=)([^&;#\s]*)")
# A path segment that looks generated (letters and digits, 16+ characters), like the
# last three parts of https://hooks.slack.com/services/T000/B000/XXXXXXXX.
_TOKEN_SEGMENT: Final = re.compile(
    r"(?<=/)(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{16,}"
)
_SLACK: Final = re.compile(r"(hooks\.slack\.com/(?:services|workflows|triggers)/)[^\s'\"<>?#]+")
_BEARER: Final = re.compile(r"\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
_HEADER: Final = re.compile(
    r"\b((?:Authorization|Proxy-Authorization|X-Api-Key|Api-Key|Cookie)\s*[:=]\s*)"
    r"(?!Bearer\b|Basic\b|Token\b)[^\s,;]+",
    re.IGNORECASE,
)
_ASSIGNED: Final = re.compile(
    r"\b((?:api[_-]?key|access[_-]?token|token|secret|password|passwd)\s*[:=]\s*)"
    r"(?!\*\*\*)['\"]?[^\s'\",;&]+",
    re.IGNORECASE,
)
_SLACK_TOKEN: Final = re.compile(r"\bxox[abposr]-[A-Za-z0-9-]+")
_EMAIL: Final = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")


def _url(found: re.Match[str]) -> str:
    scheme, authority, rest = found.group(1), found.group(2), found.group(3)
    trimmed = rest.rstrip(".,:;)]")  # "…/hook: HTTP 500": the colon ends the sentence
    tail, rest = rest[len(trimmed) :], trimmed
    return _masked(scheme, authority, rest) + tail


def _masked(scheme: str, authority: str, rest: str) -> str:
    if "@" in authority:  # user:password@host: the credentials go, the host stays
        authority = MASK + "@" + authority.rsplit("@", 1)[1]
    rest = _SLACK.sub(lambda m: m.group(1) + MASK, (authority + rest))[len(authority) :]
    path, _, query = rest.partition("?")
    path = _TOKEN_SEGMENT.sub(MASK, path)
    if query:
        query = _QUERY.sub(_query_value, "?" + query)[1:]
        return f"{scheme}{authority}{path}?{query}"
    return f"{scheme}{authority}{path}"


def _query_value(found: re.Match[str]) -> str:
    name = found.group(2).casefold()
    if any(word in name for word in _SECRET_WORDS):
        return found.group(1) + MASK
    return found.group(0)


def redact_log(text: str) -> str:
    """``text`` with URL credentials, tokens and e-mail addresses masked.

    >>> redact_log("webhook: https://bot:s3cret@crm.acme.nl/hook?token=abc&lead=L-1: HTTP 500")
    'webhook: https://***@crm.acme.nl/hook?token=***&lead=L-1: HTTP 500'
    >>> redact_log("slack: https://hooks.slack.com/services/T01/B02/XyZ123abcDEF: HTTP 404")
    'slack: https://hooks.slack.com/services/***: HTTP 404'
    >>> redact_log("smtp: recipients refused: {'anna@acme.nl': (550, b'no such user')}")
    "smtp: recipients refused: {'***@acme.nl': (550, b'no such user')}"
    >>> redact_log("callback: ValueError: Authorization: Bearer eyJhbGciOi.x.y failed")
    'callback: ValueError: Authorization: Bearer *** failed'
    """
    text = _URL.sub(_url, text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", text)
    text = _HEADER.sub(lambda m: m.group(1) + MASK, text)
    text = _ASSIGNED.sub(lambda m: m.group(1) + MASK, text)
    text = _SLACK_TOKEN.sub("xox*-" + MASK, text)
    return _EMAIL.sub(lambda m: MASK + "@" + m.group(1), text)
