"""The ``[handoff]``, ``[[handoff.transitions]]``, ``[[owners]]`` and ``[[notify]]`` parts.

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
from leadqual.stage import Stage

__all__ = [
    "Config",
    "HandoffSettings",
    "NotifySettings",
    "Owner",
    "Transition",
    "config_from_data",
]

_NOTIFY_KINDS = ("webhook", "slack", "smtp")


@attrs.frozen
class Transition:
    """One ``[[handoff.transitions]]`` table: another stage change that hands off.

    A lead that newly becomes an SQL always hands off to sales; a transition adds one
    more, such as an MQL to marketing.

    Args:
        to: the stage entered (``"mql"``, ``"nurture"``, ``"opportunity"``…; not ``"sql"``).
        from_stages: only when the lead came from one of these (``from`` in the file);
            empty means from any stage.
        team: the owners' ``team`` that gets it; ``None`` means the owners without a team.
        sla_minutes: minutes from the change to the due follow-up; ``None`` takes
            ``handoff.sla_minutes``.

    >>> Transition("mql", team="marketing").sla_minutes is None
    True
    """

    to: Stage
    from_stages: tuple[Stage, ...] = ()
    team: str | None = None
    sla_minutes: int | None = None

    def matches(self, before: Stage, after: Stage) -> bool:
        """Whether a change from ``before`` to ``after`` is this transition."""
        return after is self.to and (not self.from_stages or before in self.from_stages)


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
        transitions: other stage changes that hand off (``[[handoff.transitions]]``).

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
    transitions: tuple[Transition, ...] = ()

    @property
    def sla(self) -> dt.timedelta:
        """The SLA as a duration."""
        return dt.timedelta(minutes=self.sla_minutes)


@attrs.frozen
class Owner:
    """A rep who can own leads, optionally for some countries or regions.

    ``team`` names the team a configured transition hands off to (``"marketing"``);
    owners without a team are sales, who get the SQL hand-offs.
    """

    name: str
    email: str | None = None
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    team: str | None = None


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


def _stage(value: object, place: str) -> Stage:
    try:
        return Stage(str(value).strip().lower()) if isinstance(value, str) else Stage(value)  # type: ignore[arg-type]
    except ValueError:
        names = ", ".join(stage.value for stage in Stage)
        raise ConfigError.at(
            place=place, detail=f"expected one of {names}, got {value!r}"
        ) from None


_TRANSITION_KEYS = frozenset({"to", "from", "team", "sla_minutes"})


def _transition(data: Mapping[str, Any], place: str) -> Transition:
    unknown = sorted(set(data) - _TRANSITION_KEYS)
    if unknown:
        raise ConfigError.at(place=f"{place}.{unknown[0]}", detail="unknown setting")
    if "to" not in data:
        raise ConfigError.at(place=f"{place}.to", detail="a transition needs the stage it enters")
    to = _stage(data["to"], f"{place}.to")
    if to is Stage.SQL:
        detail = "a new SQL always hands off to sales; set its SLA with handoff.sla_minutes"
        raise ConfigError.at(place=f"{place}.to", detail=detail)
    from_stages = tuple(
        _stage(value, f"{place}.from[{j}]") for j, value in enumerate(_texts(data, "from", place))
    )
    sla = data.get("sla_minutes")
    if sla is not None:
        sla = _number(data, "sla_minutes", place, 0)
        if sla != int(sla):
            raise ConfigError.at(place=f"{place}.sla_minutes", detail="expected whole minutes")
    return Transition(
        to, from_stages, _text(data, "team", place), None if sla is None else int(sla)
    )


def _transitions(data: Mapping[str, Any]) -> tuple[Transition, ...]:
    raw = data.get("transitions", ())
    if not isinstance(raw, list | tuple):
        raise ConfigError.at(place="handoff.transitions", detail="expected a list of tables")
    found = []
    for i, item in enumerate(raw):
        place = f"handoff.transitions[{i}]"
        found.append(_transition(_table(item, place), place))
    return tuple(found)


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
        transitions=_transitions(data),
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
                team=_text(item, "team", place),
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
