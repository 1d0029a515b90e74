"""The ASGI application: the lead desk's endpoints over a store (Starlette).

Every request passes the same guards, in this order: the ``Host`` header (421 unless
it is a loopback name, the bound host or one of ``serve.allowed_hosts``: a
DNS-rebinding page's own name; not checked off loopback without ``allowed_hosts``), the
API token (when one is set; always when bound off loopback), for a POST the
``Content-Type`` (415 unless JSON: a page's ``text/plain`` form needs no CORS
preflight), the body size limit (413), the webhook signature (when a secret is set),
then the body is parsed as JSON (400) and validated with the library's own checks
(422, naming the place). A bug answers 500 with a generic JSON
body and goes to the log; no response ever carries a stack trace.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import re
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from leadqual.automation import Config
from leadqual.exceptions import (
    ConfigError,
    LeadqualError,
    LifecycleError,
    StoreError,
    UnknownLeadError,
)
from leadqual.io._config import ServeSettings
from leadqual.serve._desk import Desk, StorePool, in_memory, parse_events, parse_leads
from leadqual.serve._openapi import openapi
from leadqual.serve._security import Token, is_loopback, signature_problem

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from leadqual.automation import DeliveryReport
    from leadqual.store import SQLStore
    from leadqual.typing import Clock, Notifier
    from leadqual.verdict import Qualifier

__all__ = ["Refused", "create_app", "place_of"]

log = logging.getLogger("leadqual.serve")
T = TypeVar("T")

_LANGS = ("en", "nl")
_SEGMENT = re.compile(r"(invalid lead|[\w\[\].\-]+): ")
_LEAD = re.compile(r"""lead ('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"): """)
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def _lead_prefix(text: str) -> tuple[str | None, str]:
    """The lead id a ``lead 'E': …`` message starts with (else ``None``), and the rest."""
    match = _LEAD.match(text)
    if match is None:
        return None, text
    return str(ast.literal_eval(match.group(1))), text[match.end() :]


def place_of(exc: LeadqualError) -> str:
    """The place an error names: its ``place``, else the path its message starts with.

    >>> from leadqual.exceptions import LeadError
    >>> place_of(LeadError("[1]: invalid lead: events[0].at: cannot parse 'x'"))
    '[1].events[0].at'
    >>> place_of(LeadError("invalid lead: unexpected key(s) 'x'"))
    'body'
    >>> place_of(LeadError("lead 'E': answers.budget: unknown answer 'zzz'"))
    'answers.budget'
    """
    if exc.place:
        return exc.place
    text, parts = _lead_prefix(str(exc))[1], []
    while (match := _SEGMENT.match(text)) is not None:
        if match.group(1) != "invalid lead":
            parts.append(match.group(1))
        text = text[match.end() :]
    return ".".join(parts).replace(".[", "[") or "body"


class Refused(Exception):  # noqa: N818 - a refusal, not an error of the server
    """A request the service answers with a 4xx and a JSON error naming the problem."""

    def __init__(self, status: int, error: str, place: str | None = None) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.place = place


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@attrs.define
class _Worker:
    """The hand-off worker (``leadqual deliver``) as a task in the server's event loop."""

    pool: StorePool
    notifiers: Sequence[Notifier]
    config: Config
    clock: Clock
    poll: float
    batch: int
    name: str = attrs.field(factory=lambda: f"{socket.gethostname()}:{os.getpid()}:serve")
    wake: asyncio.Event = attrs.field(factory=asyncio.Event)
    totals: dict[str, int] = attrs.field(
        factory=lambda: {"rounds": 0, "sent": 0, "retried": 0, "dead": 0, "errors": 0}
    )

    def _round(self, store: SQLStore) -> DeliveryReport:
        from leadqual.automation import Backoff, deliver  # noqa: PLC0415

        handoff = self.config.handoff
        days = handoff.cooldown_days
        return deliver(
            store,
            self.notifiers,
            clock=self.clock,
            worker=self.name,
            backoff=Backoff(first=handoff.retry_seconds, max_attempts=handoff.max_attempts),
            limit=self.batch,
            lease=dt.timedelta(seconds=60),
            cooldown=dt.timedelta(days=days) if days else None,
        )

    async def run(self) -> None:
        while True:
            self.wake.clear()
            try:
                report = await self.pool.run(self._round)
            except Exception:
                self.totals["errors"] += 1
                log.exception("hand-off worker: a delivery round failed")
                claimed = 0
            else:
                for name in ("sent", "retried", "dead"):
                    self.totals[name] += len(getattr(report, name))
                claimed = report.claimed
            self.totals["rounds"] += 1
            if claimed == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), self.poll)


@attrs.define
class _Service:
    url: str
    settings: ServeSettings
    desk: Desk
    token: Token | None
    secret: bytes | None
    notifiers: Sequence[Notifier]
    pool: StorePool | None = None
    worker: _Worker | None = None
    _pools: list[StorePool] = attrs.field(factory=list)

    # --- life -----------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: object) -> AsyncIterator[None]:
        memory = in_memory(self.url)
        task = None
        try:
            self.pool = StorePool(self.url, 1 if memory else self.settings.connections)
            self._pools.append(self.pool)
            if self.settings.worker and self.notifiers:
                pool = self.pool if memory else StorePool(self.url, 1)
                if pool is not self.pool:
                    self._pools.append(pool)
                self.worker = _Worker(
                    pool,
                    self.notifiers,
                    self.desk.config,
                    self.desk.clock,
                    self.settings.worker_poll_seconds,
                    self.settings.worker_batch,
                )
                task = asyncio.create_task(self.worker.run(), name="leadqual-handoff-worker")
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            for pool in self._pools:
                await asyncio.to_thread(pool.close)
            self._pools.clear()

    async def _store(self, fn: Callable[[SQLStore], T]) -> T:
        if self.pool is None:  # pragma: no cover - the lifespan opens it first
            msg = "the store is not open"
            raise StoreError(msg)
        return await self.pool.run(fn)

    # --- guards ---------------------------------------------------------------------------

    def _check_host(self, request: Request) -> None:
        """Refuse a ``Host`` the service is not known by: a DNS-rebinding page's name."""
        hosts = self.settings.allowed_hosts
        if not hosts and not is_loopback(self.settings.host):
            return  # bound off loopback: the API token guards it, any name may reach it
        header = request.headers.get("host", "")
        if header.startswith("["):
            name = header[: header.find("]") + 1] if "]" in header else header
        else:
            name = header.rpartition(":")[0] if ":" in header else header
        bound = self.settings.host
        known = {*_LOOPBACK_NAMES, f"[{bound}]" if ":" in bound else bound, *hosts}
        if name.lower() not in {item.lower() for item in known}:
            expected = ", ".join(sorted(known))
            raise Refused(
                421,
                f"host: {name[:60]!r} is not a name of this service; expected one of "
                f"{expected} (serve.allowed_hosts)",
                "host",
            )

    def _authorize(self, request: Request) -> None:
        if self.token is None:
            return
        scheme, _, presented = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not self.token.matches(presented):
            raise Refused(401, "authorization: expected the API token as Bearer", "authorization")

    async def _body(self, request: Request) -> bytes:
        limit = self.settings.max_body_bytes
        too_big = Refused(
            413, f"body: larger than the limit of {limit} bytes (serve.max_body_bytes)", "body"
        )
        length = request.headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                raise Refused(400, "content-length: expected a whole number", "content-length")
            if int(length) > limit:
                raise too_big
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_big
            chunks.append(chunk)
        body = b"".join(chunks)
        if self.secret is not None:
            name = self.settings.signature_header
            problem = signature_problem(self.secret, body, request.headers.get(name), name)
            if problem is not None:
                raise Refused(401, problem, name)
        return body

    async def _json(self, request: Request) -> Any:  # noqa: ANN401 - any JSON value
        kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
        if kind != "application/json" and not (
            kind.startswith("application/") and kind.endswith("+json")
        ):
            shown = f"got {kind[:60]!r}" if kind else "it is missing"
            raise Refused(415, f"content-type: expected application/json, {shown}", "content-type")
        body = await self._body(request)
        try:
            return json.loads(body.decode("utf-8"), parse_constant=_no_constant)
        except UnicodeDecodeError as exc:
            raise Refused(
                400, f"body: not UTF-8 ({exc.reason} at byte {exc.start})", "body"
            ) from None
        except json.JSONDecodeError as exc:
            raise Refused(400, f"body: invalid JSON: {exc}", "body") from None
        except RecursionError:  # the text would name the decoder's internals: a fixed one
            levels = sys.getrecursionlimit()
            msg = f"body: invalid JSON: nested too deeply (more than about {levels} levels)"
            raise Refused(400, msg, "body") from None
        except ValueError as exc:  # NaN, Infinity
            raise Refused(400, f"body: invalid JSON: {exc}", "body") from None

    @staticmethod
    def _lang(request: Request, default: str) -> str:
        lang = request.query_params.get("lang", default)
        if lang not in _LANGS:
            raise Refused(422, f"lang: expected 'en' or 'nl', got {lang!r:.20}", "lang")
        return lang

    # --- endpoints ------------------------------------------------------------------------

    async def health(self, _request: Request) -> dict[str, Any]:
        version = await self._store(lambda store: store.schema_version)
        worker: dict[str, Any] = {"running": self.worker is not None}
        if self.worker is not None:
            worker.update(self.worker.totals)
        return {"status": "ok", "schema_version": version, "worker": worker}

    async def openapi(self, _request: Request) -> dict[str, Any]:
        return openapi(self.settings)

    async def post_leads(self, request: Request) -> dict[str, Any]:
        data = await self._json(request)
        leads = parse_leads(data)
        try:
            report = await self._store(lambda store: self.desk.ingest(store, leads))
        except LeadqualError as exc:
            # the store names the lead by id; a batch's place is its index (ids are unique)
            lead_id = _lead_prefix(str(exc))[0]
            index = next((i for i, lead in enumerate(leads) if lead.id == lead_id), None)
            if not isinstance(data, list) or index is None or isinstance(exc, StoreError):
                raise
            raise Refused(422, str(exc), f"[{index}].{place_of(exc)}") from None
        self._wake(report.handoffs)
        return report.to_data()

    async def post_events(self, request: Request) -> dict[str, Any]:
        lead = parse_events(request.path_params["lead_id"], await self._json(request))
        report = await self._store(lambda store: self.desk.add_events(store, lead))
        self._wake(report.handoffs)
        return report.to_data()

    def _wake(self, handoffs: Sequence[str]) -> None:
        if handoffs and self.worker is not None:
            self.worker.wake.set()  # speed to lead: deliver now, not at the next poll

    async def get_leads(self, request: Request) -> list[dict[str, Any]]:
        from leadqual.lifecycle._desk import lead_row  # noqa: PLC0415
        from leadqual.stage import Stage  # noqa: PLC0415

        lang = self._lang(request, self.desk.config.lang)
        text = request.query_params.get("stage")
        try:
            stage = Stage(text) if text is not None else None
        except ValueError:
            allowed = ", ".join(item.value for item in Stage)
            raise Refused(422, f"stage: expected one of {allowed}", "stage") from None
        stored = await self._store(lambda store: store.leads(stage=stage))
        return [lead_row(item, lang) for item in stored]

    async def get_lead(self, request: Request) -> dict[str, Any]:
        from leadqual.lifecycle._desk import lead_row  # noqa: PLC0415

        lead_id, lang = request.path_params["lead_id"], self._lang(request, self.desk.config.lang)
        stored = await self._store(lambda store: store.lead(lead_id))
        return lead_row(stored, lang)

    async def get_verdict(self, request: Request) -> dict[str, Any]:
        from leadqual.lifecycle._desk import verdict_row  # noqa: PLC0415

        lead_id, lang = request.path_params["lead_id"], self._lang(request, self.desk.config.lang)
        from leadqual.automation import dossier  # noqa: PLC0415

        lead, verdict = await self._store(lambda store: self.desk.verdict(store, lead_id))
        row = verdict_row(verdict, lang)
        redact = self.desk.config.handoff.redact
        if redact:  # the opening line greets by name: redacted as in the dossier
            row["opening_line"] = dossier(lead, verdict, lang=lang, redact=redact)["opening_line"]
        return row

    async def get_dossier(self, request: Request) -> dict[str, Any] | str:
        from leadqual.automation import dossier, dossier_html  # noqa: PLC0415

        lead_id, lang = request.path_params["lead_id"], self._lang(request, self.desk.config.lang)
        lead, verdict = await self._store(lambda store: self.desk.verdict(store, lead_id))
        shape = request.query_params.get("format", "json")
        if shape not in {"json", "html"}:
            raise Refused(422, f"format: expected 'json' or 'html', got {shape!r:.20}", "format")
        data = dossier(lead, verdict, lang=lang, redact=self.desk.config.handoff.redact)
        return dossier_html(data) if shape == "html" else data

    async def get_history(self, request: Request) -> list[dict[str, Any]]:
        from leadqual.lifecycle._desk import history_rows  # noqa: PLC0415

        lead_id = request.path_params["lead_id"]
        rows: list[dict[str, Any]] = await self._store(lambda store: history_rows(store, lead_id))
        return rows

    async def post_feedback(self, request: Request) -> dict[str, Any]:
        from leadqual.lifecycle._feedback import feedback_from_data  # noqa: PLC0415

        lead_id = request.path_params["lead_id"]
        try:
            feedback = feedback_from_data(await self._json(request), now=self.desk.clock())
        except LifecycleError as exc:  # "reject needs a reason: …" names no place itself
            place = "reason" if not exc.place and "needs a reason" in str(exc) else None
            raise Refused(422, str(exc), place or place_of(exc)) from None

        def apply(store: SQLStore) -> Any:  # noqa: ANN401 - an Entry
            try:
                return store.feedback(lead_id, feedback)
            except UnknownLeadError:
                raise
            except LifecycleError as exc:  # the move is not allowed from the lead's stage
                raise Refused(409, str(exc), "kind") from None

        entry = await self._store(apply)
        return {"lead_id": lead_id, **entry.to_data()}

    async def get_queue(self, _request: Request) -> list[dict[str, Any]]:
        from leadqual.lifecycle._desk import call_queue  # noqa: PLC0415

        rows: list[dict[str, Any]] = await self._store(
            lambda store: call_queue(store, self.desk.clock())
        )
        return rows

    async def get_dashboard(self, request: Request) -> str:
        from leadqual.lifecycle._desk import crm_leads  # noqa: PLC0415
        from leadqual.metrics import report  # noqa: PLC0415
        from leadqual.report import render_dashboard  # noqa: PLC0415

        lang = self._lang(request, self.desk.config.lang)
        leads, points = await self._store(crm_leads)
        now, sla = self.desk.clock(), self.desk.config.handoff.sla_minutes
        kpis = report(leads, sla_minutes=sla, as_of=now, scores=points)
        scores = {key: (value, None) for key, value in points.items()}
        page: str = render_dashboard(
            leads, lang=lang, scores=scores, sla_minutes=sla, as_of=now, kpis=kpis
        )
        return page


def _no_constant(name: str) -> None:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
_PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def _refusal(exc: LeadqualError, request: Request) -> Refused:
    """The answer to a library error: 404, 422 naming the place, or 503 for the store."""
    if isinstance(exc, UnknownLeadError):  # the store's message names its URL: not sent
        lead_id = request.path_params.get("lead_id", "")
        return Refused(404, f"no lead {lead_id!r} in the store", "lead_id")
    if isinstance(exc, StoreError):  # the message may hold the URL and its password
        log.error("store error on %s %s: %s", request.method, request.url.path, exc)
        return Refused(503, "the store is unavailable; see the server log")
    return Refused(422, str(exc), place_of(exc))


def _endpoint(
    service: _Service, handler: Callable[[Request], Awaitable[Any]], *, open_: bool = False
) -> Callable[[Request], Awaitable[Response]]:
    """The handler with the guards and the error answers around it."""
    from starlette.responses import HTMLResponse, JSONResponse  # noqa: PLC0415

    def error(refused: Refused) -> Response:
        headers = dict(_HEADERS)
        if refused.status == 401:  # noqa: PLR2004 - unauthorized
            headers["WWW-Authenticate"] = "Bearer"
        body = {"error": refused.error, "place": refused.place}
        return JSONResponse(body, refused.status, headers=headers)

    async def run(request: Request) -> Response:
        try:
            service._check_host(request)  # noqa: SLF001 - the service's own guard
            if not open_:
                service._authorize(request)  # noqa: SLF001
            result = await handler(request)
        except Refused as exc:
            return error(exc)
        except LeadqualError as exc:
            return error(_refusal(exc, request))
        except Exception:
            log.exception("internal error on %s %s", request.method, request.url.path)
            return error(Refused(500, "internal error; see the server log"))
        if isinstance(result, str):
            headers = {**_HEADERS, "Content-Security-Policy": _PAGE_POLICY}
            return HTMLResponse(result, headers=headers)
        return JSONResponse(result, headers=_HEADERS)

    return run


async def _not_routed(request: Request, exc: Exception) -> Response:
    """Unknown paths and methods answer JSON too."""
    from starlette.responses import JSONResponse  # noqa: PLC0415

    status = int(getattr(exc, "status_code", 404))
    what = "no such endpoint" if status == 404 else "method not allowed"  # noqa: PLR2004
    message = f"{request.method} {request.url.path}: {what}; see /openapi.json"
    return JSONResponse({"error": message, "place": "path"}, status, headers=_HEADERS)


def _require_extra() -> None:
    try:
        import starlette  # noqa: F401, PLC0415 - optional
        import uvicorn  # noqa: F401, PLC0415
    except ImportError:
        msg = "leadqual serve needs starlette and uvicorn: pip install 'leadqual[serve]'"
        raise ConfigError(msg) from None


def create_app(
    url: str,
    *,
    settings: ServeSettings | None = None,
    config: Config | None = None,
    qualifier: Qualifier | None = None,
    token: Token | None = None,
    signature_secret: bytes | None = None,
    clock: Clock | None = None,
    notifiers: Sequence[Notifier] | None = None,
) -> Starlette:
    """The lead desk as an ASGI app over the store at ``url``.

    Args:
        url: the store (a SQLite path, ``sqlite:///path`` or ``postgresql://…``).
        settings: the ``[serve]`` settings; ``settings.host`` is where it will listen,
            and anything but loopback needs ``token``.
        config: the config file's hand-off parts (language, SLA, owners, notifiers).
        qualifier: the qualifier (default: the starter model and BANT).
        token: the API token every request but ``/health`` must carry as Bearer.
        signature_secret: with it, every POST needs an HMAC-SHA256 signature of its body.
        clock: where "now" comes from (default: the system clock, UTC).
        notifiers: where the worker sends hand-offs (default: the config's ``[[notify]]``).

    Raises:
        ConfigError: off loopback without a token; the ``serve`` extra is missing.
    """
    _require_extra()
    from starlette.applications import Starlette  # noqa: PLC0415 - optional extra
    from starlette.middleware import Middleware  # noqa: PLC0415
    from starlette.middleware.cors import CORSMiddleware  # noqa: PLC0415
    from starlette.routing import Route  # noqa: PLC0415

    from leadqual.automation import handoff_builder  # noqa: PLC0415
    from leadqual.lifecycle import default_qualifier  # noqa: PLC0415
    from leadqual.notify import notifiers_from_config  # noqa: PLC0415

    settings = settings or ServeSettings()
    config = config or Config()
    if token is None and not is_loopback(settings.host):
        msg = (
            f"serve.host: {settings.host} is reachable from other machines, so it needs an "
            "API token: --token-file FILE or the LEADQUAL_TOKEN variable"
        )
        raise ConfigError(msg)
    desk = Desk(
        qualifier or default_qualifier(),
        config,
        clock or _now,
        handoff_builder(config),
    )
    service = _Service(
        url,
        settings,
        desk,
        token,
        signature_secret,
        notifiers if notifiers is not None else notifiers_from_config(config),
    )

    def route(path: str, handler: Callable[[Request], Awaitable[Any]], method: str) -> Route:
        return Route(path, _endpoint(service, handler, open_=path == "/health"), methods=[method])

    # The OpenAPI document is the route table: each operation's operationId names the
    # service method that answers it, so the routes and their description cannot differ.
    routes = [
        route(path, getattr(service, operation["operationId"]), method.upper())
        for path, item in openapi(settings)["paths"].items()
        for method, operation in item.items()
    ]
    middleware = []
    if settings.cors_origins:
        headers = ["Authorization", "Content-Type", settings.signature_header]
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=headers,
            )
        )
    app = Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=service.lifespan,
        exception_handlers={404: _not_routed, 405: _not_routed},
    )
    app.state.service = service
    return app
