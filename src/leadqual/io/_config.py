"""Reading a config file (``--config``): the hand-off parts, the qualifier, ``[serve]``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from leadqual.automation import Config, config_from_data
from leadqual.exceptions import ConfigError
from leadqual.io._files import read_data

if TYPE_CHECKING:
    from leadqual.verdict import Qualifier

__all__ = ["ServeSettings", "read_config", "read_qualifier", "read_serve_settings"]


def read_config(path: str | Path | None) -> Config:
    """The config file's hand-off parts; the defaults when ``path`` is ``None``.

    Errors name the file and the place (``leadqual.toml: handoff.sla_minutes: ...``).
    """
    if path is None:
        return Config()
    data = read_data(path)
    try:
        return config_from_data(data)
    except ConfigError as exc:
        msg = f"{path}: {exc}"
        raise ConfigError(msg) from exc


def _table(path: str | Path | None) -> Mapping[str, Any]:
    data = read_data(path) if path else {}
    if not isinstance(data, Mapping):
        msg = f"{path}: expected a table at the top of the config file"
        raise ConfigError(msg)
    return data


def _qualifier_from(value: object, base: Path) -> Qualifier:
    from leadqual.io._definitions import load_qualifier  # noqa: PLC0415 - lean start-up
    from leadqual.verdict._io import qualifier_from_data  # noqa: PLC0415

    if isinstance(value, str):
        path = Path(value)
        return load_qualifier(path if path.is_absolute() else base / path)
    return qualifier_from_data(value)


def read_qualifier(config: str | Path | None, qualifier: str | Path | None = None) -> Qualifier:
    """``qualifier`` (a file), else the config's ``qualifier``, else the default.

    The config's ``qualifier`` is a path (relative to the config file) or an inline
    table; ``[handoff] sla_minutes`` becomes the verdict's call-within period.
    """
    from leadqual.io._definitions import load_qualifier  # noqa: PLC0415
    from leadqual.lifecycle import default_qualifier  # noqa: PLC0415 - lean start-up

    data = _table(config)
    if qualifier:
        found = load_qualifier(qualifier)
    elif "qualifier" in data:
        try:
            found = _qualifier_from(data["qualifier"], Path(str(config)).parent)
        except ConfigError as exc:
            msg = f"{config}: qualifier: {exc}"
            raise ConfigError(msg, errors=exc.errors) from None
    else:
        found = default_qualifier()
    return _with_sla(found, data.get("handoff"), config)


def _with_sla(qualifier: Qualifier, handoff: object, config: object) -> Qualifier:
    """The config's ``[handoff] sla_minutes`` is the verdict's call-within period."""
    if not isinstance(handoff, dict) or "sla_minutes" not in handoff:
        return qualifier
    minutes = handoff["sla_minutes"]
    try:
        policy = attrs.evolve(qualifier.policy, call_within_minutes=minutes)
    except ConfigError as exc:
        msg = f"{config}: handoff.sla_minutes: {exc.detail or exc}"
        raise ConfigError(msg) from None
    return attrs.evolve(qualifier, policy=policy)


@attrs.frozen
class ServeSettings:
    """The config file's ``[serve]`` table: how ``leadqual serve`` listens and guards.

    Args:
        host: the address to bind; anything but loopback needs an API token.
        port: the TCP port.
        max_body_bytes: the largest request body; a larger one gets 413.
        cors_origins: origins allowed to call from a browser; none (CORS off) by default.
        allowed_hosts: more names the ``Host`` header may carry (besides ``host``,
            ``127.0.0.1``, ``localhost`` and ``[::1]``); any other name gets 421.
        signature_header: the header carrying ``sha256=<hex>`` of the body (HMAC-SHA256).
        signature_secret_env: the environment variable holding the webhook secret;
            with it, every POST must carry a valid signature.
        worker: run the hand-off worker (``leadqual deliver``) in the same process.
        worker_poll_seconds: the worker's pause when the outbox has nothing due.
        worker_batch: hand-offs claimed per round.
        connections: store connections (and threads) serving requests.
        token_file: a file holding the API token (``--token-file`` overrides it).

    >>> ServeSettings().host, ServeSettings().max_body_bytes
    ('127.0.0.1', 1048576)
    """

    host: str = "127.0.0.1"
    port: int = 8000
    max_body_bytes: int = 1_048_576
    cors_origins: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    signature_header: str = "X-Leadqual-Signature"
    signature_secret_env: str | None = None
    worker: bool = True
    worker_poll_seconds: float = 1.0
    worker_batch: int = 10
    connections: int = 4
    token_file: str | None = None


_SERVE_TYPES: dict[str, tuple[type, ...]] = {
    "host": (str,),
    "port": (int,),
    "max_body_bytes": (int,),
    "cors_origins": (list,),
    "allowed_hosts": (list,),
    "signature_header": (str,),
    "signature_secret_env": (str,),
    "worker": (bool,),
    "worker_poll_seconds": (int, float),
    "worker_batch": (int,),
    "connections": (int,),
    "token_file": (str,),
}
_POSITIVE = ("port", "max_body_bytes", "worker_poll_seconds", "worker_batch", "connections")


def serve_settings_from_data(data: object) -> ServeSettings:
    """:class:`ServeSettings` from a parsed ``[serve]`` table; errors name the key.

    >>> serve_settings_from_data({"port": 9000, "cors_origins": ["https://crm.acme.nl"]}).port
    9000
    >>> serve_settings_from_data({"max_body_bytes": "1MB"})
    Traceback (most recent call last):
    ...
    leadqual.exceptions.ConfigError: serve.max_body_bytes: expected int, got '1MB'
    """
    if not isinstance(data, Mapping):
        raise ConfigError.at(place="serve", detail=f"expected a table, got {data!r:.40}")
    values: dict[str, Any] = {}
    for key, raw in data.items():
        value: Any = raw
        kinds = _SERVE_TYPES.get(key)
        place = f"serve.{key}"
        if kinds is None:
            raise ConfigError.at(place=place, detail="unknown setting")
        if not isinstance(raw, kinds) or (isinstance(raw, bool) and bool not in kinds):
            names = " or ".join(kind.__name__ for kind in kinds)
            raise ConfigError.at(place=place, detail=f"expected {names}, got {raw!r:.40}")
        if key in _POSITIVE and value <= 0:
            raise ConfigError.at(place=place, detail=f"expected a number above 0, got {value!r}")
        lists = ("cors_origins", "allowed_hosts")
        if key in lists and not all(isinstance(item, str) for item in value):
            raise ConfigError.at(place=place, detail="expected a list of texts")
        values[key] = tuple(value) if key in lists else value
    return ServeSettings(**values)


def read_serve_settings(path: str | Path | None) -> ServeSettings:
    """The config file's ``[serve]`` table (the defaults without a file or a table)."""
    data = _table(path)
    try:
        return serve_settings_from_data(data.get("serve", {}))
    except ConfigError as exc:
        msg = f"{path}: {exc}"
        raise ConfigError(msg) from exc
