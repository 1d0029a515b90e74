"""``leadqual serve``: the lead desk as an HTTP service (the ``serve`` extra)."""

from __future__ import annotations

import argparse
import os
from typing import TextIO

from leadqual.cli._app import EXIT_OK, Command

__all__ = ["COMMANDS"]


def _cmd_serve(args: argparse.Namespace, _out: TextIO, err: TextIO) -> int:
    import attrs  # noqa: PLC0415 - lean start-up

    from leadqual.io import read_config  # noqa: PLC0415
    from leadqual.io._config import read_qualifier  # noqa: PLC0415
    from leadqual.serve import create_app, read_serve_settings, read_token, run  # noqa: PLC0415

    settings = read_serve_settings(args.config)
    changes = {"host": args.host, "port": args.port, "worker": False if args.no_worker else None}
    settings = attrs.evolve(settings, **{k: v for k, v in changes.items() if v is not None})
    token = read_token(args.token_file or settings.token_file)
    secret = None
    if settings.signature_secret_env is not None:
        value = os.environ.get(settings.signature_secret_env)
        if not value:
            from leadqual.exceptions import ConfigError  # noqa: PLC0415

            msg = f"serve.signature_secret_env: ${settings.signature_secret_env} is not set"
            raise ConfigError(msg)
        secret = value.encode("utf-8")
    app = create_app(
        args.db,
        settings=settings,
        config=read_config(args.config),
        qualifier=read_qualifier(args.config),
        token=token,
        signature_secret=secret,
    )
    from leadqual.store import open_store  # noqa: PLC0415

    open_store(args.db).close()  # a store that cannot open fails here, with its reason
    where = f"http://{settings.host}:{settings.port}/"
    err.write(f"leadqual serve: {where} (store {_without_password(args.db)})\n")
    run(app, settings, log_level=args.log_level)
    return EXIT_OK


def _without_password(url: str) -> str:
    """The store URL fit for a log: a password in it is masked.

    >>> _without_password("postgresql://desk:s3cret@db:5432/leads")
    'postgresql://desk:***@db:5432/leads'
    >>> _without_password("leads.db")
    'leads.db'
    """
    from urllib.parse import urlsplit  # noqa: PLC0415

    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", required=True, help="store: a file path, sqlite:///path or postgresql://..."
    )
    parser.add_argument("--config", help="config file (TOML): qualifier, [handoff], [serve], ...")
    parser.add_argument("--host", help="address to bind (default 127.0.0.1; others need a token)")
    parser.add_argument("--port", type=int, help="TCP port (default 8000)")
    parser.add_argument("--token-file", help="file with the API token (else $LEADQUAL_TOKEN)")
    parser.add_argument(
        "--no-worker", action="store_true", help="do not deliver hand-offs in this process"
    )
    parser.add_argument(
        "--log-level", choices=("critical", "error", "warning", "info", "debug"), default="info"
    )


COMMANDS = (Command("serve", "the lead desk as an HTTP service", _configure, _cmd_serve),)
"""The commands this module adds to ``leadqual``."""
