"""The ``[handoff]``, ``[[owners]]`` and ``[[notify]]`` parts of a config file, as data.

:func:`config_from_data` takes the parsed TOML (a plain mapping) and checks it; reading
the file is :func:`leadqual.io.read_config`'s job, so this module stays pure and the
store, the CLI and the server share one model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from leadqual.exceptions import ConfigError
from leadqual.regions import is_region

__all__ = ["Config", "HandoffSettings", "NotifySettings", "Owner", "config_from_data"]

_NOTIFY_KINDS = ("webhook", "slack", "smtp")


@attrs.frozen
class HandoffSettings:
    """How a hand-off is timed.

    Args:
        sla_minutes: minutes from the crossing to the due call (default 60).
        timezone: the zone the business hours are read in (an IANA name).
        business_hours: ``"mon-fri 09:00-17:00"``; ``None`` runs the SLA around the clock.
        cooldown_days: no second hand-off for a lead within this many days of its last.
        max_attempts: failed deliveries before an item is dead-lettered.
        retry_seconds: the first retry's delay; it doubles per failure (with jitter).
        holidays: ``"nl"`` closes the Dutch public holidays (business hours only).
        closed: extra closed days, ISO dates (``"2026-12-24"``).
        redact: personal data left out of dossiers: ``email``, ``phone``, ``names``.

    >>> HandoffSettings().sla_minutes
    60
    """

    sla_minutes: int = 60
    timezone: str | None = None
    business_hours: str | None = None
    cooldown_days: float = 0
    max_attempts: int = 8
    retry_seconds: float = 30.0
    holidays: str | None = None
    closed: tuple[str, ...] = ()
    redact: tuple[str, ...] = ()

    @property
    def sla(self) -> dt.timedelta:
        """The SLA as a duration."""
        return dt.timedelta(minutes=self.sla_minutes)


@attrs.frozen
class Owner:
    """A sales rep who can own leads, optionally for some countries or regions."""

    name: str
    email: str | None = None
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()


@attrs.frozen
class NotifySettings:
    """One ``[[notify]]`` table: the kind and its settings.

    ``webhook`` and ``slack`` need ``url``; ``smtp`` needs ``host``, ``sender`` and
    ``to``. ``options`` keeps the kind's other settings (``port``, ``starttls``,
    ``username``, ``password_env``, ``timeout``, ``headers``).
    """

    kind: Literal["webhook", "slack", "smtp"]
    url: str | None = None
    host: str | None = None
    port: int | None = None
    sender: str | None = None
    to: tuple[str, ...] = ()
    options: Mapping[str, Any] = attrs.field(factory=dict, hash=False)


@attrs.frozen
class Config:
    """A config file's hand-off parts (the qualifier is read by the CLI)."""

    lang: Literal["en", "nl"] = "en"
    handoff: HandoffSettings = HandoffSettings()
    owners: tuple[Owner, ...] = ()
    notify: tuple[NotifySettings, ...] = ()


def _table(data: object, place: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ConfigError.at(place=place, detail=f"expected a table, got {type(data).__name__}")
    return data


def _text(data: Mapping[str, Any], key: str, place: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError.at(place=f"{place}.{key}", detail=f"expected a text, got {value!r}")
    return value


def _number(data: Mapping[str, Any], key: str, place: str, default: float) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        detail = f"expected a number of at least 0, got {value!r}"
        raise ConfigError.at(place=f"{place}.{key}", detail=detail)
    return value


def _texts(data: Mapping[str, Any], key: str, place: str) -> tuple[str, ...]:
    value = data.get(key, ())
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ConfigError.at(place=f"{place}.{key}", detail="expected a text or a list of texts")
    return tuple(value)


def _regions(data: Mapping[str, Any], place: str) -> tuple[str, ...]:
    regions = _texts(data, "regions", place)
    for j, name in enumerate(regions):
        if not is_region(name):
            raise ConfigError.at(place=f"{place}.regions[{j}]", detail=f"unknown region {name!r}")
    return regions


_HANDOFF_KEYS = {f.name for f in attrs.fields(HandoffSettings)}


def _handoff(data: Mapping[str, Any]) -> HandoffSettings:
    unknown = sorted(set(data) - _HANDOFF_KEYS)
    if unknown:
        raise ConfigError.at(place=f"handoff.{unknown[0]}", detail="unknown setting")
    sla = _number(data, "sla_minutes", "handoff", 60)
    attempts = _number(data, "max_attempts", "handoff", 8)
    if sla != int(sla) or attempts != int(attempts) or attempts < 1:
        raise ConfigError.at(place="handoff", detail="sla_minutes and max_attempts are whole")
    return HandoffSettings(
        sla_minutes=int(sla),
        timezone=_text(data, "timezone", "handoff"),
        business_hours=_text(data, "business_hours", "handoff"),
        cooldown_days=_number(data, "cooldown_days", "handoff", 0),
        max_attempts=int(attempts),
        retry_seconds=_number(data, "retry_seconds", "handoff", 30.0),
        holidays=_text(data, "holidays", "handoff"),
        closed=_texts(data, "closed", "handoff"),
        redact=_texts(data, "redact", "handoff"),
    )


def _notify(data: Mapping[str, Any], place: str) -> NotifySettings:
    kind = data.get("kind")
    if kind not in _NOTIFY_KINDS:
        detail = f"expected one of {', '.join(_NOTIFY_KINDS)}, got {kind!r}"
        raise ConfigError.at(place=f"{place}.kind", detail=detail)
    settings = NotifySettings(
        kind=kind,
        url=_text(data, "url", place),
        host=_text(data, "host", place),
        port=int(_number(data, "port", place, 0)) or None,
        sender=_text(data, "sender", place),
        to=_texts(data, "to", place),
        options={
            k: v
            for k, v in data.items()
            if k not in {"kind", "url", "host", "port", "sender", "to"}
        },
    )
    if kind in {"webhook", "slack"} and settings.url is None:
        raise ConfigError.at(place=f"{place}.url", detail=f"a {kind} notifier needs a url")
    if kind == "smtp" and not (settings.host and settings.sender and settings.to):
        raise ConfigError.at(place=place, detail="an smtp notifier needs host, sender and to")
    return settings


def config_from_data(data: object) -> Config:
    """A :class:`Config` from a parsed config file; errors name their place.

    >>> config = config_from_data({"lang": "nl", "handoff": {"sla_minutes": 30},
    ...     "owners": [{"name": "Anna", "email": "anna@acme.nl", "countries": ["NL"]}],
    ...     "notify": [{"kind": "webhook", "url": "http://127.0.0.1:8080/hook"}]})
    >>> config.handoff.sla_minutes, config.owners[0].countries, config.notify[0].kind
    (30, ('NL',), 'webhook')
    >>> config_from_data({"notify": [{"kind": "pager"}]})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    leadqual.exceptions.ConfigError: notify[0].kind: expected one of webhook, ..., got 'pager'
    """
    table = _table(data, "config")
    lang = table.get("lang", "en")
    if lang not in {"en", "nl"}:
        raise ConfigError.at(place="lang", detail=f"expected 'en' or 'nl', got {lang!r}")
    owners = []
    for i, raw in enumerate(table.get("owners", ())):
        place = f"owners[{i}]"
        item = _table(raw, place)
        name = _text(item, "name", place)
        if name is None:
            raise ConfigError.at(place=f"{place}.name", detail="an owner needs a name")
        owners.append(
            Owner(
                name=name,
                email=_text(item, "email", place),
                countries=tuple(c.upper() for c in _texts(item, "countries", place)),
                regions=_regions(item, place),
            )
        )
    notify = tuple(
        _notify(_table(raw, f"notify[{i}]"), f"notify[{i}]")
        for i, raw in enumerate(table.get("notify", ()))
    )
    return Config(
        lang=lang,
        handoff=_handoff(_table(table.get("handoff", {}), "handoff")),
        owners=tuple(owners),
        notify=notify,
    )
