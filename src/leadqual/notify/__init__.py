"""Notifiers: where a hand-off goes (a webhook, Slack, e-mail, your own callable).

Each has a ``name`` and ``send(item)`` (:class:`leadqual.typing.Notifier`) and raises
:class:`leadqual.exceptions.NotifyError` when delivery fails. :func:`notifiers_from_config`
builds them from a config file's ``[[notify]]`` tables.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from leadqual._core.public import publish as _publish
from leadqual.exceptions import ConfigError
from leadqual.notify._callback import CallbackNotifier
from leadqual.notify._message import handoff_body
from leadqual.notify._smtp import SMTPNotifier, handoff_email
from leadqual.notify._webhook import SlackNotifier, WebhookNotifier, slack_blocks

if TYPE_CHECKING:
    from leadqual.automation import Config
    from leadqual.typing import Notifier

__all__ = [
    "CallbackNotifier",
    "SMTPNotifier",
    "SlackNotifier",
    "WebhookNotifier",
    "handoff_body",
    "handoff_email",
    "notifiers_from_config",
    "slack_blocks",
]


def notifiers_from_config(config: Config) -> list[Notifier]:
    """One notifier per ``[[notify]]`` table, in the config's language.

    An SMTP password is never written in the file: ``password_env`` names the
    environment variable that holds it.

    >>> from leadqual.automation import config_from_data
    >>> config = config_from_data({"notify": [{"kind": "webhook", "url": "http://127.0.0.1:9/h"}]})
    >>> [n.name for n in notifiers_from_config(config)]
    ['webhook']
    """
    notifiers: list[Notifier] = []
    for i, settings in enumerate(config.notify):
        options = dict(settings.options)
        timeout = float(options.get("timeout", 10.0))
        if settings.kind == "webhook":
            headers = {str(k): str(v) for k, v in dict(options.get("headers", {})).items()}
            notifiers.append(
                WebhookNotifier(
                    settings.url or "", lang=config.lang, headers=headers, timeout=timeout
                )
            )
        elif settings.kind == "slack":
            notifiers.append(SlackNotifier(settings.url or "", lang=config.lang, timeout=timeout))
        else:
            env = options.get("password_env")
            password = os.environ.get(str(env)) if env else None
            if env and password is None:
                msg = f"notify[{i}].password_env: the variable {env} is not set"
                raise ConfigError(msg)
            notifiers.append(
                SMTPNotifier(
                    settings.host or "",
                    settings.sender or "",
                    settings.to,
                    port=settings.port or 25,
                    lang=config.lang,
                    starttls=bool(options.get("starttls", False)),
                    ssl=bool(options.get("ssl", False)),
                    username=options.get("username"),
                    password=password,
                    timeout=timeout,
                )
            )
    return notifiers


# Public names show their public package in reprs and pickles (as httpx does).
_publish(__name__, globals(), __all__)
