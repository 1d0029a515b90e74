"""Reading a config file (``--config``) into :class:`leadqual.automation.Config`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadqual.automation import Config, config_from_data
from leadqual.exceptions import ConfigError
from leadqual.io._files import read_data

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["read_config"]


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
