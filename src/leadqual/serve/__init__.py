"""The lead desk as an HTTP service: ``leadqual serve`` (the ``serve`` extra).

An ASGI app (Starlette) over a lead store, served by uvicorn: POST leads and events
(idempotent by event id), GET a lead's state, verdict, dossier and history, POST sales
feedback, GET the call queue and the live dashboard, ``/health`` and ``/openapi.json``.
The hand-off worker (``leadqual deliver``) runs in the same process unless
``[serve] worker = false``. See ``docs/how-to/lead-desk.md``.

Starlette and uvicorn are imported only when an app is made, so ``import
leadqual.serve`` works without the extra and a missing one is a ``ConfigError``
naming it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadqual.io._config import ServeSettings, read_serve_settings
from leadqual.serve._app import create_app, place_of
from leadqual.serve._security import TOKEN_ENV, Token, is_loopback, read_token, sign

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = [
    "TOKEN_ENV",
    "ServeSettings",
    "Token",
    "create_app",
    "is_loopback",
    "place_of",
    "read_serve_settings",
    "read_token",
    "run",
    "sign",
]


def run(app: Starlette, settings: ServeSettings, *, log_level: str = "info") -> None:
    """Serve ``app`` with uvicorn on ``settings.host:settings.port`` until stopped."""
    import uvicorn  # noqa: PLC0415 - optional extra

    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level=log_level,
        lifespan="on",
        server_header=False,
        proxy_headers=False,
    )
    uvicorn.Server(config).run()
