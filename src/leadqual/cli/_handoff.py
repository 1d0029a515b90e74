"""``leadqual deliver``, ``queue`` and ``tasks``: the speed-to-lead side of a store."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from leadqual.cli._app import EXIT_OK, Command
from leadqual.cli._output import grid, printable, write_json
from leadqual.cli._store import _now_or, _open, _zone

if TYPE_CHECKING:
    from leadqual.lifecycle import OutboxItem

__all__ = ["COMMANDS"]


def _lang(args: argparse.Namespace, config_lang: str) -> str:
    return str(getattr(args, "sub_lang", None) or config_lang or args.lang)


def _clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _cmd_deliver(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from leadqual.automation import Backoff, deliver  # noqa: PLC0415 - lean start-up
    from leadqual.io import read_config  # noqa: PLC0415
    from leadqual.notify import notifiers_from_config  # noqa: PLC0415

    config = read_config(args.config)
    notifiers = notifiers_from_config(config)
    if not notifiers:
        err.write(
            printable("leadqual deliver: no [[notify]] in the config; nothing can be sent") + "\n"
        )
        return 2
    backoff = Backoff(first=config.handoff.retry_seconds, max_attempts=config.handoff.max_attempts)
    worker = args.worker or f"{socket.gethostname()}:{os.getpid()}"
    lease = dt.timedelta(seconds=args.lease)
    days = config.handoff.cooldown_days
    cooldown = dt.timedelta(days=days) if days else None
    totals = {"sent": 0, "retried": 0, "dead": 0, "lost_lease": 0}
    with _open(args) as store:
        while True:
            report = deliver(
                store,
                notifiers,
                cooldown=cooldown,
                clock=_clock,
                worker=worker,
                backoff=backoff,
                limit=args.batch,
                lease=lease,
            )
            for name in totals:
                totals[name] += len(getattr(report, name))
            if report.claimed == 0:
                if args.once:
                    break
                time.sleep(args.poll)
    if args.format == "json":
        write_json([totals], out)
    else:
        text = {
            "en": "{sent} sent, {retried} to retry, {dead} dead-lettered",
            "nl": "{sent} verstuurd, {retried} opnieuw te proberen, {dead} opgegeven",
        }[_lang(args, config.lang)]
        out.write(text.format(**totals) + "\n")
    return EXIT_OK


def _payload(item: OutboxItem) -> dict[str, Any]:
    from leadqual.lead import thaw  # noqa: PLC0415

    data: dict[str, Any] = thaw(item.payload)
    return data


def _open_items(args: argparse.Namespace) -> list[OutboxItem]:
    from leadqual.lifecycle._desk import open_handoffs  # noqa: PLC0415 - lean start-up

    with _open(args) as store:
        return open_handoffs(store)


def _cmd_queue(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    from leadqual.lifecycle._desk import call_queue  # noqa: PLC0415 - lean start-up

    now = _now_or(args.as_of, _zone(args))
    with _open(args) as store:
        rows = call_queue(store, now)
    if args.format == "json":
        write_json(rows, out)
    else:
        header = ["lead", "score", "freshness", "owner", "due"]
        header.append("overdue")
        body = [
            [r["lead_id"], r["score"], r["freshness"], r["owner"] or "-", r["due"] or "-",
             "!" if r["overdue"] else ""]
            for r in rows
        ]  # fmt: skip
        out.write(grid(header, body))
        breached = sum(1 for r in rows if r["overdue"])
        text = {
            "en": "{n} of {total} open SQLs are past their SLA",
            "nl": "{n} van {total} open SQL's zijn over hun SLA heen",
        }[_lang(args, "")]
        out.write("\n" + text.format(n=breached, total=len(rows)) + "\n")
    return EXIT_OK


def _cmd_tasks(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    from leadqual.io._ical import CallTask, tasks_to_ical  # noqa: PLC0415 - optional extra

    now = _now_or(args.as_of, _zone(args))
    tasks = []
    for item in _open_items(args):
        payload = _payload(item)
        due = payload.get("due")
        if not isinstance(due, str):
            continue
        text = payload.get("text") or {}
        summary = {"en": f"Call lead {item.lead_id}", "nl": f"Bel lead {item.lead_id}"}[
            _lang(args, "")
        ]
        owner = payload.get("owner") or {}
        description = text.get(_lang(args, ""), "") if isinstance(text, dict) else str(text)
        tasks.append(
            CallTask(
                item.key,
                item.lead_id,
                dt.datetime.fromisoformat(due),
                summary,
                description,
                owner.get("email"),
                item.created_at,
            )
        )
    slot = dt.timedelta(minutes=args.slot) if args.slot else None
    Path(args.ical).write_bytes(tasks_to_ical(tasks, stamp=now, slot=slot))
    out.write(f"{len(tasks)} tasks -> {printable(args.ical)}\n")
    return EXIT_OK


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", required=True, help="store URL or SQLite file")
    parser.add_argument("--lang", dest="sub_lang", choices=("en", "nl"), help="output language")


def _configure_deliver(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--config", help="config file (TOML) with [[notify]] and [handoff]")
    parser.add_argument("--once", action="store_true", help="drain the due items and exit")
    parser.add_argument("--batch", type=int, default=10, help="items claimed per round")
    parser.add_argument("--lease", type=float, default=60.0, help="seconds a claim is held")
    parser.add_argument("--poll", type=float, default=1.0, help="seconds between empty rounds")
    parser.add_argument("--worker", help="this worker's name (default host:pid)")
    parser.add_argument("--format", choices=("table", "json"), default="table")


def _configure_queue(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--as-of", help="the moment freshness is measured at (default now)")
    parser.add_argument("--timezone", help="zone for naive --as-of")
    parser.add_argument("--format", choices=("table", "json"), default="table")


def _configure_tasks(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--ical", required=True, help="write the open tasks here (.ics)")
    parser.add_argument("--slot", type=int, default=0, help="add a VEVENT call slot of N minutes")
    parser.add_argument("--as-of", help="the calendar's DTSTAMP (default now)")
    parser.add_argument("--timezone", help="zone for naive --as-of")


COMMANDS = (
    Command(
        "deliver",
        "send due hand-offs from the outbox, with retries",
        _configure_deliver,
        _cmd_deliver,
    ),
    Command(
        "queue", "open SQLs to call, best first (score and freshness)", _configure_queue, _cmd_queue
    ),
    Command("tasks", "open follow-up tasks as iCalendar", _configure_tasks, _cmd_tasks),
)
