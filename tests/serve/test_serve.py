"""``leadqual serve`` against a real uvicorn server on loopback, on SQLite and PostgreSQL.

Each test starts the server in a thread on a free 127.0.0.1 port (``serve_support``);
hand-offs go to a real HTTP receiver on loopback (``tests/receivers.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import leadqual as lq
from leadqual.automation import config_from_data
from leadqual.exceptions import ConfigError
from leadqual.io._config import ServeSettings, read_serve_settings
from leadqual.scoring import EventMatch
from leadqual.serve import Token, create_app, read_token, sign
from leadqual.verdict import Qualifier
from receivers import http_receiver
from serve.serve_support import Reply, call, served, wait_for
from store_support import empty_store

NOW = dt.datetime(2026, 11, 21, 13, 10, tzinfo=dt.UTC)
TOKEN = "a-long-enough-test-token-0123456789"  # noqa: S105 - a test's own token
BEARER = {"Authorization": f"Bearer {TOKEN}"}


def _clock() -> dt.datetime:
    return NOW


def qualifier_95() -> Qualifier:
    """A demo request is worth 95 points; 90 makes an SQL."""
    rule = lq.Rule("demo", points=95, event=EventMatch("demo_requested"))
    return Qualifier(model=lq.ScoringModel([rule], thresholds=lq.Thresholds(sql=90, mql=40)))


def demo_lead(lead_id: str = "L-1042", event_id: str = "ev-1") -> dict[str, Any]:
    """A lead that requested a demo a few minutes before ``NOW``."""
    return {
        "id": lead_id,
        "email": "m.jansen@vdberg-metaal.nl",
        "first_name": "Marieke",
        "company": {"name": "Van den Berg Metaal", "country": "NL"},
        "events": [{"id": event_id, "type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"}],
    }


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store on each backend."""
    with empty_store(request.param, tmp_path) as url:
        yield url


def _app(url: str, hook_url: str | None = None, **kwargs: Any) -> Any:
    notify = [{"kind": "webhook", "url": hook_url}] if hook_url else []
    config = config_from_data(
        {"owners": [{"name": "Anna", "email": "anna@acme.nl"}], "notify": notify}
    )
    settings = kwargs.pop("settings", ServeSettings(worker_poll_seconds=0.05))
    return create_app(
        url, settings=settings, config=config, qualifier=qualifier_95(), clock=_clock, **kwargs
    )


def _rounds(base: str, headers: dict[str, str] | None = None) -> int:
    return int(call(base, "GET", "/health", headers=headers).json["worker"]["rounds"])


class TestHandOff:
    """A demo request at 95 points reaches the owner's webhook once, whatever the repeats."""

    def test_once(self, store_url: str) -> None:
        """One hand-off for the first post; none for the same post again."""
        with http_receiver() as hook, served(_app(store_url, hook.url)) as base:
            first = call(base, "POST", "/leads", demo_lead())
            assert first.status == 200, first.body
            assert first.json["created"] == 1
            assert len(first.json["handoffs"]) == 1
            assert wait_for(lambda: len(hook.received) == 1)
            again = call(base, "POST", "/leads", demo_lead())
            assert again.status == 200
            assert again.json["handoffs"] == []
            assert again.json["unchanged"] == 1
            rounds = _rounds(base)
            assert wait_for(lambda: _rounds(base) >= rounds + 2)  # the worker looked again
            (headers, body), *more = hook.received
            assert more == []
            assert headers["Idempotency-Key"] == body["key"] == first.json["handoffs"][0]
            assert body["lead_id"] == "L-1042"
            assert body["dossier"]["points"] == 95
            assert body["owner"] == {"name": "Anna", "email": "anna@acme.nl"}
            history = call(base, "GET", "/leads/L-1042/history").json
            handoffs = [row for row in history if row["kind"] == "handoff"]
            assert [row["status"] for row in handoffs] == ["sent"]

    def test_events_idempotent(self, store_url: str) -> None:
        """Events posted for a lead count once by id, and keep the lead's profile."""
        with http_receiver() as hook, served(_app(store_url, hook.url)) as base:
            lead = demo_lead()
            events = lead.pop("events")
            lead["events"] = [
                {"id": "pv-1", "type": "page_view", "at": "2026-11-21T14:00:00+01:00"}
            ]
            assert call(base, "POST", "/leads", lead).json["handoffs"] == []
            path = "/leads/L-1042/events"
            first = call(base, "POST", path, {"events": events})
            assert first.status == 200, first.body
            assert first.json["events_added"] == 1
            assert len(first.json["handoffs"]) == 1
            again = call(base, "POST", path, events)  # the list alone works too
            assert (again.json["events_added"], again.json["handoffs"]) == (0, [])
            assert wait_for(lambda: len(hook.received) == 1)
            dossier = call(base, "GET", "/leads/L-1042/dossier").json
            assert dossier["profile"]["email"] == "m.jansen@vdberg-metaal.nl"
            assert [row["type"] for row in dossier["timeline"]] == ["page_view", "demo_requested"]
            assert call(base, "GET", "/leads/L-1042").json["events"] == 2

    def test_worker_on_its_own(self, tmp_path: Path) -> None:
        """With the worker off, the hand-off waits in the outbox for ``leadqual deliver``."""
        url = str(tmp_path / "leads.db")
        settings = ServeSettings(worker=False)
        with http_receiver() as hook:
            with served(_app(url, hook.url, settings=settings)) as base:
                key = call(base, "POST", "/leads", demo_lead()).json["handoffs"][0]
                assert call(base, "GET", "/health").json["worker"] == {"running": False}
                time.sleep(0.3)
                assert hook.received == []
            config = tmp_path / "desk.toml"
            config.write_text(f'[[notify]]\nkind = "webhook"\nurl = "{hook.url}"\n')
            done = subprocess.run(  # noqa: S603 - our own command
                [sys.executable, "-m", "leadqual", "deliver", "--db", url, "--config", str(config),
                 "--once"],
                capture_output=True, text=True, timeout=60, check=False,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
        assert [body["key"] for _, body in hook.received] == [key]

    def test_in_memory_store(self) -> None:
        """A throw-away store is one connection, shared by the requests and the worker."""
        with http_receiver() as hook, served(_app("sqlite:///:memory:", hook.url)) as base:
            assert call(base, "POST", "/leads", demo_lead()).status == 200
            assert call(base, "GET", "/leads/L-1042").json["stage"] == "sql"
            assert wait_for(lambda: len(hook.received) == 1)


class TestEventsOnly:
    """``store.ingest(..., events_only=True)``: what ``POST /leads/{id}/events`` runs."""

    def test_profile_kept(self, store_url: str) -> None:
        """A stored lead keeps its profile; a new lead takes the input's; repeats add nothing."""
        from leadqual.store import open_store  # noqa: PLC0415

        profile = lq.Lead.from_mapping({**demo_lead(), "events": []})
        events = lq.Lead.from_mapping({"id": "L-1042", "events": demo_lead()["events"]})
        with open_store(store_url) as store:
            store.ingest([profile], as_of=NOW, qualifier=qualifier_95())
            first = store.ingest([events], as_of=NOW, qualifier=qualifier_95(), events_only=True)
            again = store.ingest([events], as_of=NOW, qualifier=qualifier_95(), events_only=True)
            fresh = lq.Lead.from_mapping({"id": "L-7", "job_title": "CTO", "events": []})
            store.ingest([fresh], as_of=NOW, events_only=True)
            stored = store.lead("L-1042").lead
            assert (first.events_added, len(first.handoffs)) == (1, 1)
            assert (again.unchanged, again.handoffs) == (1, ())
            assert stored.email == "m.jansen@vdberg-metaal.nl"
            assert [event.id for event in stored.events] == ["ev-1"]
            assert store.lead("L-7").lead.job_title == "CTO"


class TestReadSide:
    """Verdict, dossier, queue, dashboard, feedback and the OpenAPI description."""

    def test_desk(self, store_url: str) -> None:
        """What ``leadqual qualify``, ``queue`` and ``report --html`` show, over HTTP."""
        with served(_app(store_url)) as base:
            assert (
                call(base, "POST", "/leads", [demo_lead(), demo_lead("L-2", "ev-2")]).status == 200
            )
            verdict = call(base, "GET", "/leads/L-1042/verdict?lang=nl").json
            assert (verdict["decision"], verdict["points"], verdict["stage"]) == (
                "call_now",
                95,
                "sql",
            )
            assert "bel deze lead binnen 60 minuten" in verdict["next_step"]
            listed = call(base, "GET", "/leads?stage=sql").json
            assert [row["id"] for row in listed] == ["L-1042", "L-2"]
            assert call(base, "GET", "/leads?stage=new").json == []
            assert call(base, "GET", "/leads?stage=hot").json["place"] == "stage"
            queue = call(base, "GET", "/queue").json
            assert {row["lead_id"] for row in queue} == {"L-1042", "L-2"}
            assert all(row["owner"] == "Anna" for row in queue)
            page = call(base, "GET", "/dashboard?lang=nl")
            assert page.status == 200
            assert page.headers["content-type"].startswith("text/html")
            assert "default-src 'none'" in page.headers["content-security-policy"]
            assert b"L-1042" in page.body
            assert b'lang="nl"' in page.body
            html = call(base, "GET", "/leads/L-1042/dossier?format=html")
            assert html.body.startswith(b"<")
            assert b"Marieke" in html.body
            shape = call(base, "GET", "/leads/L-1042/dossier?format=pdf")
            assert (shape.status, shape.json["place"]) == (422, "format")
            bad = call(base, "GET", "/leads/L-1042/verdict?lang=de")
            assert (bad.status, bad.json["place"]) == (422, "lang")

    def test_feedback(self, store_url: str) -> None:
        """The rules of ``leadqual feedback``: 422 for a bad body, 409 for a move not allowed."""
        with served(_app(store_url)) as base:
            call(base, "POST", "/leads", demo_lead())
            path = "/leads/L-1042/feedback"
            bad = call(base, "POST", path, {"kind": "reject", "reason": "cheap"})
            assert (bad.status, bad.json["place"]) == (422, "reason")
            assert "cheap" in bad.json["error"]
            unknown = call(base, "POST", path, {"kind": "accept", "when": "now"})
            assert (unknown.status, unknown.json["place"]) == (422, "when")
            revisit = call(base, "POST", path, {"kind": "accept", "revisit": "2027-01-01"})
            assert revisit.status == 422
            assert "revisit" in revisit.json["error"]
            conflict = call(base, "POST", path, {"kind": "lost", "reason": "budget"})
            assert conflict.status == 409
            assert "from sql" in conflict.json["error"]
            ok = call(
                base,
                "POST",
                path,
                {"kind": "accept", "by": "anna", "at": "2026-11-21T14:05:00+01:00"},
            )
            assert ok.status == 200, ok.body
            assert (ok.json["stage"], ok.json["by"]) == ("opportunity", "anna")
            history = call(base, "GET", "/leads/L-1042/history").json
            assert [row["kind"] for row in history if row["kind"] != "handoff"][-1] == "accept"
            missing = call(base, "POST", "/leads/L-9/feedback", {"kind": "accept"})
            assert (missing.status, missing.json["error"]) == (404, "no lead 'L-9' in the store")
            assert store_url not in missing.body.decode()

    def test_openapi(self, tmp_path: Path) -> None:
        """The description lists every endpoint the app routes, and no other."""
        app = _app(str(tmp_path / "leads.db"))
        routed = {route.path for route in app.routes}
        with served(app) as base:
            document = call(base, "GET", "/openapi.json").json
        assert document["openapi"].startswith("3.1")
        assert set(document["paths"]) == routed
        operations = [
            (method.upper(), path, operation["operationId"])
            for path, item in document["paths"].items()
            for method, operation in item.items()
        ]
        assert {(m, p) for m, p, _ in operations} == {
            (method, route.path) for route in app.routes for method in route.methods - {"HEAD"}
        }
        assert len({name for _, _, name in operations}) == len(operations)  # operationIds unique
        for item in document["paths"].values():
            for operation in item.values():
                assert "200" in operation["responses"]
                assert "422" in operation["responses"]
        refs = re.findall(r'"\$ref": "#/components/schemas/(\w+)"', json.dumps(document))
        assert refs
        assert set(refs) <= set(document["components"]["schemas"])


class TestGuards:
    """Token, size limit, malformed bodies, signatures, CORS; the server keeps serving."""

    def test_off_loopback_needs_a_token(self, tmp_path: Path) -> None:
        """Bound off loopback without a token, the app refuses to start."""
        with pytest.raises(ConfigError, match=r"0\.0\.0\.0 is reachable from other machines"):
            create_app(str(tmp_path / "leads.db"), settings=ServeSettings(host="0.0.0.0"))  # noqa: S104

    def test_token(self, tmp_path: Path) -> None:
        """Off loopback every request but /health needs the Bearer token."""
        settings = ServeSettings(host="0.0.0.0", worker_poll_seconds=0.05)  # noqa: S104
        app = _app(str(tmp_path / "leads.db"), settings=settings, token=Token.of(TOKEN))
        with served(app) as base:
            for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
                refused = call(base, "POST", "/leads", demo_lead(), headers=headers)
                assert refused.status == 401
                assert refused.headers["www-authenticate"] == "Bearer"
                assert refused.json["place"] == "authorization"
                assert call(base, "GET", "/queue", headers=headers).status == 401
            assert call(base, "GET", "/health").status == 200
            posted = call(base, "POST", "/leads", demo_lead(), headers=BEARER)
            assert posted.status == 200
            assert call(base, "GET", "/leads/L-1042", headers=BEARER).json["stage"] == "sql"

    def test_bodies(self, tmp_path: Path) -> None:
        """Oversized, malformed and invalid bodies get a 4xx naming the problem."""
        settings = ServeSettings(max_body_bytes=20_000, worker_poll_seconds=0.05)
        with served(_app(str(tmp_path / "leads.db"), settings=settings)) as base:
            big = demo_lead()
            big["notes"] = "x" * 30_000
            refused = call(base, "POST", "/leads", big)
            assert refused.status == 413
            assert "20000 bytes" in refused.json["error"]
            assert _chunked(base, b"[" + b" " * 50_000 + b"]").status == 413
            cases = [
                (b"{bad", 400, "body"),
                (b"\xff\xfe", 400, "body"),
                (b"[" * 5000 + b"]" * 5000, 400, "body"),
                (b'{"id": "L-1", "score": NaN}', 400, "body"),
                (b"42", 422, "body"),
                (json.dumps({"events": []}).encode(), 422, "id"),
                (
                    json.dumps([demo_lead(), {"id": "L-3", "events": "x"}]).encode(),
                    422,
                    "[1].events",
                ),
            ]
            for raw, status, place in cases:
                answer = call(base, "POST", "/leads", raw=raw)
                assert (answer.status, answer.json.get("place")) == (status, place), answer.body
            lead = demo_lead()
            lead["events"][0]["at"] = "yesterday"
            invalid = call(base, "POST", "/leads", lead)
            assert (invalid.status, invalid.json["place"]) == (422, "events[0].at")
            assert "yesterday" in invalid.json["error"]
            events = call(base, "POST", "/leads/L-1/events", {"events": {"type": "x"}})
            assert (events.status, events.json["place"]) == (422, "events")
            assert call(base, "GET", "/nowhere").json["place"] == "path"
            assert call(base, "GET", "/health").status == 200  # still serving
            assert call(base, "POST", "/leads", demo_lead()).status == 200

    def test_signature(self, tmp_path: Path) -> None:
        """With a webhook secret, a POST needs ``sha256=<HMAC>`` of its exact body."""
        secret = b"crm-shared-secret"
        app = _app(str(tmp_path / "leads.db"), signature_secret=secret)
        body = json.dumps(demo_lead()).encode()
        with served(app) as base:
            unsigned = call(base, "POST", "/leads", raw=body)
            assert (unsigned.status, unsigned.json["place"]) == (401, "X-Leadqual-Signature")
            assert "missing" in unsigned.json["error"]
            forged = sign(b"other", body)
            wrong = call(base, "POST", "/leads", raw=body, headers={"X-Leadqual-Signature": forged})
            assert "does not match" in wrong.json["error"]
            signed = {"X-Leadqual-Signature": sign(secret, body)}
            assert call(base, "POST", "/leads", raw=body, headers=signed).status == 200

    def test_cors(self, tmp_path: Path) -> None:
        """CORS is off unless origins are configured."""
        preflight = {"Origin": "https://crm.acme.nl", "Access-Control-Request-Method": "POST"}
        with served(_app(str(tmp_path / "a.db"))) as base:
            answer = call(base, "OPTIONS", "/leads", headers=preflight)
            assert "access-control-allow-origin" not in answer.headers
        settings = ServeSettings(cors_origins=("https://crm.acme.nl",))
        with served(_app(str(tmp_path / "b.db"), settings=settings)) as base:
            answer = call(base, "OPTIONS", "/leads", headers=preflight)
            assert answer.headers["access-control-allow-origin"] == "https://crm.acme.nl"

    def test_no_stack_trace(self, tmp_path: Path) -> None:
        """A bug answers 500 with a generic JSON body; the details go to the log only."""

        def broken(_lead: lq.Lead, _as_of: dt.datetime | None) -> float:
            msg = "secret internals"
            raise RuntimeError(msg)

        model = lq.ScoringModel([lq.CustomRule("broken", broken)])
        app = create_app(str(tmp_path / "leads.db"), qualifier=Qualifier(model=model), clock=_clock)
        with served(app) as base:
            answer = call(base, "POST", "/leads", demo_lead())
            assert answer.status == 500
            assert answer.json == {"error": "internal error; see the server log", "place": None}
            assert b"secret" not in answer.body
            assert b"Traceback" not in answer.body
            assert call(base, "GET", "/health").status == 200


def _chunked(base: str, body: bytes) -> Reply:
    """A POST with ``Transfer-Encoding: chunked`` (no Content-Length to check first)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.request(
            "POST",
            "/leads",
            body=iter([body[:100], body[100:]]),
            headers={"Content-Type": "application/json"},
            encode_chunked=True,
        )
        answer = conn.getresponse()
        return Reply(answer.status, dict(answer.getheaders()), answer.read())
    finally:
        conn.close()


class TestSettings:
    """The config file's ``[serve]`` table."""

    def test_read(self, tmp_path: Path) -> None:
        """Keys are checked and errors name the file and the key."""
        config = tmp_path / "desk.toml"
        config.write_text('[serve]\nport = 9100\ncors_origins = ["https://crm.acme.nl"]\n')
        settings = read_serve_settings(config)
        assert (settings.port, settings.cors_origins) == (9100, ("https://crm.acme.nl",))
        config.write_text("[serve]\nworker = 1\n")
        with pytest.raises(ConfigError, match=r"desk.toml: serve.worker: expected bool"):
            read_serve_settings(config)
        config.write_text("[serve]\nbind = '0.0.0.0'\n")
        with pytest.raises(ConfigError, match=r"serve.bind: unknown setting"):
            read_serve_settings(config)


class TestToken:
    """Where the token comes from, and what is kept of it."""

    def test_sources(self, tmp_path: Path) -> None:
        """``--token-file`` first, then ``LEADQUAL_TOKEN``; short tokens are refused."""
        path = tmp_path / "token"
        path.write_text(TOKEN + "\n")
        from_file = read_token(path, environ={"LEADQUAL_TOKEN": "another-token-of-length"})
        assert from_file is not None
        assert from_file.matches(TOKEN)
        assert TOKEN not in repr(from_file)
        assert from_file.digest == hashlib.sha256(TOKEN.encode()).digest()
        from_env = read_token(None, environ={"LEADQUAL_TOKEN": TOKEN})
        assert from_env == from_file
        assert read_token(None, environ={}) is None
        with pytest.raises(ConfigError, match="at least 16 characters"):
            read_token(None, environ={"LEADQUAL_TOKEN": "short"})
        with pytest.raises(ConfigError, match="--token-file: cannot read"):
            read_token(tmp_path / "missing")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TestCommand:
    """``leadqual serve`` as a process, as a deployment runs it."""

    def test_serve(self, tmp_path: Path) -> None:
        """The command serves the store on loopback with the token from LEADQUAL_TOKEN."""
        port = _free_port()
        db = str(tmp_path / "leads.db")
        env = {**os.environ, "LEADQUAL_TOKEN": TOKEN}
        command = [sys.executable, "-m", "leadqual", "serve", "--db", db, "--port", str(port)]
        process = subprocess.Popen(  # noqa: S603 - our own command
            [*command, "--log-level", "warning"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            assert wait_for(lambda: _up(base), seconds=30), process.stderr
            assert call(base, "GET", "/queue").status == 401
            assert call(base, "POST", "/leads", demo_lead(), headers=BEARER).status == 200
            assert call(base, "GET", "/leads/L-1042", headers=BEARER).json["id"] == "L-1042"
        finally:
            process.terminate()
            _, err = process.communicate(timeout=30)
        assert b"Traceback" not in err

    def test_refuses_open_bind(self, tmp_path: Path) -> None:
        """Off loopback without a token the command exits 2 and says why."""
        env = {k: v for k, v in os.environ.items() if k != "LEADQUAL_TOKEN"}
        db = str(tmp_path / "leads.db")
        done = subprocess.run(  # noqa: S603 - our own command
            [sys.executable, "-m", "leadqual", "serve", "--db", db, "--host", "0.0.0.0"],  # noqa: S104
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2
        assert "needs an API token" in done.stderr


def _up(base: str) -> bool:
    try:
        return bool(call(base, "GET", "/health").status == 200)
    except OSError:
        time.sleep(0.1)
        return False


class TestBrowserGuards:
    """A web page in the rep's browser can neither post to the desk nor read it."""

    def test_content_type(self, tmp_path: Path) -> None:
        """A POST needs ``Content-Type: application/json``: a form or text/plain gets 415."""
        with served(_app(str(tmp_path / "leads.db"))) as base:
            raw = json.dumps(demo_lead()).encode()
            for kind in ("text/plain", "application/x-www-form-urlencoded", ""):
                refused = call(base, "POST", "/leads", raw=raw, headers={"Content-Type": kind})
                assert (refused.status, refused.json["place"]) == (415, "content-type"), kind
                assert "expected application/json" in refused.json["error"]
                path = "/leads/L-1042/feedback"
                feedback = call(
                    base, "POST", path, {"kind": "accept"}, headers={"Content-Type": kind}
                )
                assert feedback.status == 415
            assert call(base, "GET", "/leads").json == []  # nothing got in
            described = call(base, "GET", "/openapi.json").json["paths"]
            assert "415" in described["/leads"]["post"]["responses"]
            assert "421" in described["/leads"]["get"]["responses"]
            for kind in ("application/json; charset=utf-8", "application/vnd.leads+json"):
                answer = call(base, "POST", "/leads", raw=raw, headers={"Content-Type": kind})
                assert answer.status == 200, (kind, answer.body)

    def test_host(self, tmp_path: Path) -> None:
        """A ``Host`` not the service's (a DNS-rebinding page) gets 421; its names pass."""
        settings = ServeSettings(worker_poll_seconds=0.05, allowed_hosts=("desk.local",))
        with served(_app(str(tmp_path / "leads.db"), settings=settings)) as base:
            assert call(base, "POST", "/leads", demo_lead()).status == 200
            port = base.rsplit(":", 1)[1]
            for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}"):
                for method, path in (("GET", "/leads"), ("GET", "/health")):
                    refused = call(base, method, path, headers={"Host": host})
                    assert (refused.status, refused.json["place"]) == (421, "host"), host
                    assert "serve.allowed_hosts" in refused.json["error"]
                posted = call(base, "POST", "/leads", demo_lead("L-7"), headers={"Host": host})
                assert posted.status == 421
            for host in (f"localhost:{port}", f"[::1]:{port}", "desk.local", f"DESK.local:{port}"):
                assert call(base, "GET", "/leads", headers={"Host": host}).status == 200, host
            assert [row["id"] for row in call(base, "GET", "/leads").json] == ["L-1042"]

    def test_allowed_hosts_setting(self) -> None:
        """``[serve] allowed_hosts`` is a list of texts."""
        from leadqual.io._config import serve_settings_from_data  # noqa: PLC0415

        assert serve_settings_from_data({"allowed_hosts": ["desk.local"]}).allowed_hosts == (
            "desk.local",
        )
        with pytest.raises(ConfigError, match=r"serve\.allowed_hosts"):
            serve_settings_from_data({"allowed_hosts": "desk.local"})


class TestReviewFindings:
    """Redaction, unknown leads, duplicates, places and messages the review found wrong."""

    def test_verdict_redacted(self, tmp_path: Path) -> None:
        """``GET /leads/{id}/verdict`` redacts the opening line's name as the dossier does."""
        config = config_from_data({"handoff": {"redact": ["names"]}})
        settings = ServeSettings(worker_poll_seconds=0.05)
        url = str(tmp_path / "leads.db")
        app = create_app(url, settings=settings, config=config, clock=_clock)
        with served(app) as base:
            assert call(base, "POST", "/leads", demo_lead()).status == 200
            for lang in ("en", "nl"):
                verdict = call(base, "GET", f"/leads/L-1042/verdict?lang={lang}").json
                assert "[redacted]" in verdict["opening_line"]
                assert "Marieke" not in json.dumps(verdict)
        with served(create_app(url, settings=settings, clock=_clock)) as base:
            plain = call(base, "GET", "/leads/L-1042/verdict").json
            assert "Marieke" in plain["opening_line"]  # the test could fail: she is greeted

    def test_events_on_unknown_lead(self, tmp_path: Path) -> None:
        """Events for an id the store does not know get 404 and create no lead."""
        with served(_app(str(tmp_path / "leads.db"))) as base:
            events = {"events": [{"type": "page_view", "at": "2026-11-21T14:00:00+01:00"}]}
            for lead_id in ("L-9", "..", "%2E%2E"):
                missing = call(base, "POST", f"/leads/{lead_id}/events", events)
                assert (missing.status, missing.json["place"]) == (404, "lead_id"), lead_id
                assert str(tmp_path) not in missing.body.decode()
            assert call(base, "GET", "/leads").json == []
            assert call(base, "GET", "/leads/L-9").status == 404
            assert call(base, "POST", "/leads", demo_lead()).status == 200
            added = call(base, "POST", "/leads/L-1042/events", events)
            assert added.status == 200, added.body

    def test_duplicate_in_batch(self, tmp_path: Path) -> None:
        """One id twice in a batch is refused at the second, as the file reader words it."""
        with served(_app(str(tmp_path / "leads.db"))) as base:
            batch = [demo_lead("D", "ev-1"), demo_lead("L-2", "ev-2"), demo_lead("D", "ev-3")]
            refused = call(base, "POST", "/leads", batch)
            assert (refused.status, refused.json["place"]) == (422, "[2].id")
            assert refused.json["error"] == "[2].id: duplicate lead id 'D' (first seen at [0])"
            assert call(base, "GET", "/leads").json == []

    def test_places(self, tmp_path: Path) -> None:
        """An unknown answer is reported at its field; a reject without reason at reason."""
        with served(_app(str(tmp_path / "leads.db"))) as base:
            lead = {"id": "E", "answers": {"budget": "zzz"}}
            # the default qualifier asks BANT's questions; qualifier_95 asks none
            app = create_app(str(tmp_path / "bant.db"), clock=_clock)
            with served(app) as bant:
                single = call(bant, "POST", "/leads", lead)
                assert (single.status, single.json["place"]) == (422, "answers.budget")
                assert "zzz" in single.json["error"]
                batch = call(bant, "POST", "/leads", [{"id": "OK"}, lead])
                assert (batch.status, batch.json["place"]) == (422, "[1].answers.budget")
            assert call(base, "POST", "/leads", demo_lead()).status == 200
            reject = call(base, "POST", "/leads/L-1042/feedback", {"kind": "reject"})
            assert (reject.status, reject.json["place"]) == (422, "reason")
            assert "needs a reason" in reject.json["error"]

    def test_nested_too_deeply(self, tmp_path: Path) -> None:
        """A deeply nested body gets a fixed message, not the decoder's recursion error."""
        with served(_app(str(tmp_path / "leads.db"))) as base:
            deep = call(base, "POST", "/leads", raw=b"[" * 100_000 + b"]" * 100_000)
            assert (deep.status, deep.json["place"]) == (400, "body")
            assert re.fullmatch(
                r"body: invalid JSON: nested too deeply \(more than about \d+ levels\)",
                deep.json["error"],
            ), deep.json["error"]

    def test_world_readable_token_file(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        """A token file others can read still works, with a warning; a private one is quiet."""
        path = tmp_path / "token"
        path.write_text(TOKEN, encoding="utf-8")
        path.chmod(0o600)
        with caplog.at_level("WARNING", logger="leadqual.serve"):
            assert read_token(path) is not None
        assert not caplog.records
        for mode in (0o644, 0o640, 0o604):
            caplog.clear()
            path.chmod(mode)
            with caplog.at_level("WARNING", logger="leadqual.serve"):
                token = read_token(path)
            assert token is not None
            assert token.matches(TOKEN)
            assert any("chmod 600" in record.getMessage() for record in caplog.records), mode
