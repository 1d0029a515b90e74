"""The service's guards: where it may listen, the API token, webhook signatures.

Pure standard library: SHA-256 and HMAC from :mod:`hashlib` and :mod:`hmac`. The token
is kept only as its SHA-256 digest and compared in constant time.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import ipaddress
import logging
import os
import stat
from pathlib import Path

import attrs

from leadqual.exceptions import ConfigError

__all__ = [
    "MIN_TOKEN_LENGTH",
    "TOKEN_ENV",
    "Token",
    "is_loopback",
    "read_token",
    "sign",
    "signature_problem",
]

log = logging.getLogger("leadqual.serve")

TOKEN_ENV = "LEADQUAL_TOKEN"  # noqa: S105 - the name of a variable, not a token
"""The environment variable ``leadqual serve`` reads the API token from."""

MIN_TOKEN_LENGTH = 16
"""A shorter token is refused: it could be guessed."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (only this machine can connect).

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost")
    (True, True, True)
    >>> is_loopback("0.0.0.0"), is_loopback("192.0.2.10"), is_loopback("desk.example")
    (False, False, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name may resolve anywhere


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


@attrs.frozen(repr=False)
class Token:
    """An API token, kept as its SHA-256 digest only.

    >>> token = Token.of("s3cret-token-for-tests")
    >>> token.matches("s3cret-token-for-tests"), token.matches("guess")
    (True, False)
    >>> "s3cret" in repr(token)
    False
    """

    digest: bytes

    @classmethod
    def of(cls, text: str) -> Token:
        """The token for ``text`` (surrounding white space is not part of it)."""
        text = text.strip()
        if len(text) < MIN_TOKEN_LENGTH:
            raise ConfigError.at(
                place="token", detail=f"expected at least {MIN_TOKEN_LENGTH} characters"
            )
        return cls(_digest(text))

    def matches(self, presented: str) -> bool:
        """Whether ``presented`` is the token, compared in constant time."""
        return hmac.compare_digest(_digest(presented.strip()), self.digest)

    def __repr__(self) -> str:
        return "Token(<sha256>)"


def read_token(
    token_file: str | Path | None, *, environ: dict[str, str] | None = None
) -> Token | None:
    """The API token from ``token_file``, else ``$LEADQUAL_TOKEN``; ``None`` without either."""
    if token_file is not None:
        try:
            text = Path(token_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            msg = f"--token-file: cannot read {str(token_file)!r}: {exc}"
            raise ConfigError(msg) from None
        token = Token.of(text)
        with contextlib.suppress(OSError):
            mode = Path(token_file).stat().st_mode
            if mode & (stat.S_IRGRP | stat.S_IROTH):
                log.warning(
                    "--token-file: %s can be read by other users (mode %s); "
                    "chmod 600 it to keep the API token private",
                    token_file,
                    oct(stat.S_IMODE(mode)),
                )
        return token
    env = os.environ if environ is None else environ
    value = env.get(TOKEN_ENV)
    return Token.of(value) if value else None


def sign(secret: bytes, body: bytes) -> str:
    """The signature header value for ``body``: ``sha256=<hex HMAC-SHA256>``.

    >>> sign(b"key", b"{}")
    'sha256=...'
    """
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def signature_problem(secret: bytes, body: bytes, header: str | None, name: str) -> str | None:
    """Why the signature header does not vouch for ``body``, or ``None`` when it does."""
    if not header:
        return f"{name}: missing; expected sha256=<hex HMAC-SHA256 of the body>"
    if not header.startswith("sha256="):
        return f"{name}: expected sha256=<hex HMAC-SHA256 of the body>"
    if not hmac.compare_digest(header.strip().encode(), sign(secret, body).encode()):
        return f"{name}: does not match the body"
    return None
