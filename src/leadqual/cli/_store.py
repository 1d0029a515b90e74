"""``leadqual qualify``, ``ingest``, ``leads``, ``feedback`` and ``history``.

``qualify`` judges a file; the others work on a store (``--db URL``: a file path,
``sqlite:///path`` or ``postgresql://…``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from leadqual._time import parse_timestamp, resolve_timezone
from leadqual.cli._app import EXIT_OK, EXIT_REJECTED, Command
from leadqual.cli._output import csv_line, grid, printable, safe_cell, write_json
from leadqual.cli._score import Report, _as_of, _open_rejects
from leadqual.exceptions import ConfigError, LifecycleError, TimestampError
from leadqual.scoring import format_points
from leadqual.stage import Reason, Stage

if TYPE_CHECKING:
    from leadqual.io import Rejected
    from leadqual.lead import Lead
    from leadqual.lifecycle import Feedback, OutboxItem, StoredLead
    from leadqual.verdict import Qualifier, Verdict

__all__ = ["COMMANDS", "verdict_row"]


def _number(value: float | None) -> float | None:
    """A whole float as an int, so JSON says ``25``, not ``25.0``, on every backend."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def verdict_row(verdict: Verdict, lang: str) -> dict[str, Any]:
    """The ``qualify --format json`` object for one verdict."""
    fit = next((part for part in verdict.parts if part.name == "fit"), None)
    due = verdict.follow_up.due
    return {
        "id": verdict.lead_id,
        "decision": verdict.decision.value,
        "stage": verdict.stage.value,
        "score": verdict.score,
        "confidence": verdict.confidence,
        "points": verdict.points,
        "fit": fit.score if fit is not None else None,
        "grade": verdict.grade,
        "model_stage": verdict.model_stage.value if verdict.model_stage is not None else None,
        "reasons": verdict.reasons(lang),
        "next_step": verdict.follow_up.describe(lang),
        "due": due.isoformat() if due is not None else None,
        "overdue": verdict.overdue,
        "questions": verdict.next_questions(lang),
        "opening_line": verdict.opening_line(lang),
    }


def _lang(args: argparse.Namespace) -> str:
    return str(getattr(args, "sub_lang", None) or args.lang)


def _zone(args: argparse.Namespace) -> dt.tzinfo | None:
    return resolve_timezone(getattr(args, "timezone", None))


def _qualifier_from(value: object, base: Path) -> Qualifier:
    from leadqual.verdict import load_qualifier  # noqa: PLC0415 - lean start-up
    from leadqual.verdict._io import qualifier_from_data  # noqa: PLC0415

    if isinstance(value, str):
        path = Path(value)
        return load_qualifier(path if path.is_absolute() else base / path)
    return qualifier_from_data(value)


def _load_qualifier(args: argparse.Namespace) -> Qualifier:
    """``--qualifier FILE``, else the config's ``qualifier``, else the default."""
    from leadqual._files import read_data  # noqa: PLC0415
    from leadqual.lifecycle import default_qualifier  # noqa: PLC0415
    from leadqual.verdict import load_qualifier  # noqa: PLC0415

    config = getattr(args, "config", None)
    data = read_data(config) if config else {}
    if not isinstance(data, dict):
        msg = f"{config}: expected a table at the top of the config file"
        raise ConfigError(msg)
    if getattr(args, "qualifier", None):
        qualifier = load_qualifier(args.qualifier)
    elif "qualifier" in data:
        try:
            qualifier = _qualifier_from(data["qualifier"], Path(str(config)).parent)
        except ConfigError as exc:
            msg = f"{config}: qualifier: {exc}"
            raise ConfigError(msg, errors=exc.errors) from None
    else:
        qualifier = default_qualifier()
    return _with_sla(qualifier, data.get("handoff"), config)


def _with_sla(qualifier: Qualifier, handoff: object, config: object) -> Qualifier:
    """The config's ``[handoff] sla_minutes`` is the verdict's call-within period."""
    if not isinstance(handoff, dict) or "sla_minutes" not in handoff:
        return qualifier
    import attrs  # noqa: PLC0415

    minutes = handoff["sla_minutes"]
    try:
        policy = attrs.evolve(qualifier.policy, call_within_minutes=minutes)
    except ConfigError as exc:
        msg = f"{config}: handoff.sla_minutes: {exc.detail or exc}"
        raise ConfigError(msg) from None
    return attrs.evolve(qualifier, policy=policy)


class _Reader:
    """Leads from ``args.leads``, keeping the rejected rows for the report."""

    def __init__(self, args: argparse.Namespace, *, allow_duplicate_ids: bool) -> None:
        self.args = args
        self.rejected: list[Rejected] = []
        self.used = 0
        self.allow_duplicate_ids = allow_duplicate_ids

    def __iter__(self) -> Iterator[Lead]:
        from leadqual.io import Format, Rejected, read_leads  # noqa: PLC0415

        args = self.args
        chosen: Format | None = args.input_format or ("jsonl" if args.leads == "-" else None)
        preset, mapping = getattr(args, "preset", None), getattr(args, "mapping", None)
        if (preset or mapping) and args.leads == "-":
            chosen = "csv"  # a CRM export on standard input
        rows = read_leads(
            args.leads,
            default_timezone=_zone(args),
            format=chosen,
            allow_duplicate_ids=self.allow_duplicate_ids,
            preset=preset,
            mapping=mapping,
        )
        for row in rows:
            if isinstance(row, Rejected):
                self.rejected.append(row)
                continue
            self.used += 1
            yield row.lead

    def finish(self, err: TextIO, what: str) -> int:
        """Write the rejects file and the summary; the exit code."""
        rejects = _open_rejects(self.args.rejects)
        with rejects if rejects is not None else contextlib.nullcontext():
            if rejects is not None:
                write_json(
                    ({"line": r.line, "reason": r.reason, "raw": r.raw} for r in self.rejected),
                    rejects,
                )
        if not self.rejected:
            return EXIT_OK
        err.write(f"leadqual: {self.used} {what}, {len(self.rejected)} rejected\n")
        err.writelines(f"  line {item.line}: {item.reason}\n" for item in self.rejected[:20])
        if len(self.rejected) > 20:  # noqa: PLR2004 - a screenful
            err.write(f"  … and {len(self.rejected) - 20} more (use --rejects FILE)\n")
        return EXIT_REJECTED


def _check_rejects(args: argparse.Namespace) -> None:
    """Fail on an unwritable ``--rejects`` path before any output or store write."""
    rejects = _open_rejects(args.rejects)
    if rejects is not None:
        rejects.close()


# --- qualify -------------------------------------------------------------------------------


def _cmd_qualify(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from leadqual.io import Format, Rejected, read_leads  # noqa: PLC0415 - lean start-up

    lang = _lang(args)
    qualifier = _load_qualifier(args)
    as_of = _as_of(args.as_of, _zone(args))
    chosen: Format | None = args.input_format or ("jsonl" if args.leads == "-" else None)
    if (args.preset or args.mapping) and args.leads == "-":
        chosen = "csv"  # a CRM export on standard input
    found = read_leads(
        args.leads,
        default_timezone=_zone(args),
        format=chosen,
        preset=args.preset,
        mapping=args.mapping,
    )
    report = Report(err, args.rejects, "qualified", lang)

    def verdicts() -> Iterator[dict[str, Any]]:
        # One row at a time: a file of millions of leads never sits in memory.
        for row in found:
            if isinstance(row, Rejected):
                report.reject(row)
                continue
            report.use()
            yield verdict_row(qualifier.qualify(row.lead, as_of=as_of), lang)

    with report:
        rows = verdicts()
        if args.format == "json":
            write_json(rows, out)
        elif args.format == "csv":
            _write_verdict_csv(rows, out)
        else:
            headers = {
                "en": ["id", "decision", "stage", "score", "points", "next step"],
                "nl": ["id", "besluit", "fase", "score", "punten", "volgende stap"],
            }[lang]
            out.write(
                grid(  # the column widths need every row: the table holds them
                    headers,
                    [
                        [
                            row["id"],
                            row["decision"],
                            row["stage"].upper(),
                            format_points(row["score"]),
                            "" if row["points"] is None else format_points(row["points"]),
                            row["next_step"],
                        ]
                        for row in rows
                    ],
                )
                + "\n"
            )
    return report.finish()


_CSV = ("id", "decision", "stage", "score", "confidence", "points", "fit", "grade", "due")


def _write_verdict_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    out.write(csv_line([*_CSV, "reasons", "next_step", "questions", "opening_line"]))
    for row in rows:
        cells = [row[key] for key in _CSV]
        cells += ["; ".join(row["reasons"]), row["next_step"], "; ".join(row["questions"])]
        cells.append(row["opening_line"])
        out.write(csv_line([safe_cell("" if cell is None else cell) for cell in cells]))


# --- ingest --------------------------------------------------------------------------------


def _open(args: argparse.Namespace) -> Any:  # noqa: ANN401 - a store
    from leadqual.store import open_store  # noqa: PLC0415 - lean start-up

    return open_store(args.db)


def _now_or(text: str | None, zone: dt.tzinfo | None) -> dt.datetime:
    moment = _as_of(text or "now", zone)
    if moment is None:  # pragma: no cover - "now" always gives a moment
        msg = "--as-of: expected a moment"
        raise TimestampError(msg)
    return moment


def _cmd_ingest(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lang = _lang(args)
    qualifier = _load_qualifier(args)
    as_of = _now_or(args.as_of, _zone(args))
    _check_rejects(args)
    reader = _Reader(args, allow_duplicate_ids=True)
    handoff = None
    if getattr(args, "config", None):
        from leadqual.automation import handoff_builder  # noqa: PLC0415 - lean start-up
        from leadqual.io import read_config  # noqa: PLC0415

        handoff = handoff_builder(read_config(args.config))
    with _open(args) as store:
        report = store.ingest(reader, as_of=as_of, qualifier=qualifier, handoff=handoff)
    data = {
        "leads": report.leads,
        "created": report.created,
        "changed": report.changed,
        "unchanged": report.unchanged,
        "events_added": report.events_added,
        "stage_changes": report.stage_changes,
        "handoffs": list(report.handoffs),
        "rejected": len(reader.rejected),
    }
    if args.format == "json":
        write_json([data], out)
    else:
        text = {
            "en": "{leads} leads: {created} new, {changed} changed, {unchanged} unchanged; "
            "{events_added} events added, {stage_changes} stage changes, {n} hand-offs",
            "nl": "{leads} leads: {created} nieuw, {changed} gewijzigd, {unchanged} "
            "ongewijzigd; {events_added} events toegevoegd, {stage_changes} fasewijzigingen, "
            "{n} overdrachten",
        }[lang]
        out.write(text.format(n=len(report.handoffs), **data) + "\n")
    return reader.finish(err, "ingested")


# --- leads ---------------------------------------------------------------------------------


def _lead_row(item: StoredLead, lang: str) -> dict[str, Any]:
    return {
        "id": item.id,
        "stage": item.stage.value,
        "points": _number(item.points),
        "score": _number(item.score),
        "decision": item.decision,
        "owner": item.lead.owner,
        "events": item.events,
        "verdict_stage": item.verdict_stage.value if item.verdict_stage else None,
        "model_stage": item.model_stage.value if item.model_stage else None,
        "revisit": item.revisit.isoformat() if item.revisit is not None else None,
        "qualified_at": item.qualified_at.isoformat() if item.qualified_at else None,
        "notes": [note.get(lang) for note in item.notes],
    }


def _cmd_leads(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    lang = _lang(args)
    stage = _stage(args.stage) if args.stage else None
    with _open(args) as store:
        rows = [_lead_row(item, lang) for item in store.leads(stage=stage)]
    if args.format == "json":
        write_json(rows, out)
        return EXIT_OK
    headers = {
        "en": ["id", "stage", "points", "score", "decision", "owner", "events"],
        "nl": ["id", "fase", "punten", "score", "besluit", "eigenaar", "events"],
    }[lang]
    body = (
        [
            row["id"],
            row["stage"].upper(),
            "" if row["points"] is None else format_points(row["points"]),
            "" if row["score"] is None else format_points(row["score"]),
            row["decision"],
            row["owner"],
            row["events"],
        ]
        for row in rows
    )
    out.write(grid(headers, body) + "\n")
    return EXIT_OK


def _stage(text: str) -> Stage:
    try:
        return Stage(text.strip().lower())
    except ValueError:
        allowed = ", ".join(stage.value for stage in Stage)
        msg = f"--stage: expected one of {allowed}, got {text!r}"
        raise ConfigError(msg) from None


# --- feedback ------------------------------------------------------------------------------


def _reason(text: str, option: str) -> Reason:
    try:
        return Reason(text.strip().lower())
    except ValueError:
        allowed = ", ".join(reason.value for reason in Reason)
        msg = f"{option}: unknown reason {text!r}; expected one of {allowed}"
        raise LifecycleError(msg) from None


def _moment(text: str, zone: dt.tzinfo | None, option: str) -> dt.datetime:
    """An ISO moment, or a date (midnight in ``--timezone``, else UTC)."""
    if text == "now":
        return dt.datetime.now(dt.UTC)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        try:
            return parse_timestamp(text, zone)
        except TimestampError as exc:
            msg = f"{option}: {exc}"
            raise TimestampError(msg) from None
    return dt.datetime.combine(day, dt.time(), zone or dt.UTC)


def _feedback(args: argparse.Namespace) -> Feedback:
    from leadqual.lifecycle import Feedback  # noqa: PLC0415

    zone = _zone(args)
    at = _moment(args.at or "now", zone, "--at")
    who = {"by": args.by, "note": args.note}
    if args.revisit is not None and not args.not_now:
        msg = "--revisit goes with --not-now"
        raise LifecycleError(msg)
    if args.amount is not None and not args.won:
        msg = "--amount goes with --won"
        raise LifecycleError(msg)
    if args.accept:
        return Feedback.accept(at, **who)
    if args.reject is not None:
        return Feedback.reject(_reason(args.reject, "--reject"), at, **who)
    if args.not_now:
        revisit = _moment(args.revisit, zone, "--revisit") if args.revisit else None
        return Feedback.not_now(at, revisit=revisit, **who)
    if args.won:
        return Feedback.won(at, amount=args.amount, **who)
    return Feedback.lost(_reason(args.lost, "--lost"), at, **who)


def _cmd_feedback(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    feedback = _feedback(args)
    with _open(args) as store:
        entry = store.feedback(args.lead_id, feedback)
    lang = _lang(args)
    text = {"en": "{id}: {source} → {stage} ({kind})", "nl": "{id}: {source} → {stage} ({kind})"}
    source = entry.source.label(lang) if entry.source is not None else "-"
    out.write(
        printable(
            text[lang].format(
                id=args.lead_id,
                source=source,
                stage=entry.stage.label(lang),
                kind=entry.kind.label(lang),
            )
        )
        + "\n"
    )
    return EXIT_OK


# --- history -------------------------------------------------------------------------------


def _handoff_row(item: OutboxItem) -> dict[str, Any]:
    return {
        "at": item.created_at.isoformat() if item.created_at else None,
        "kind": "handoff",
        "stage": str(item.payload.get("stage", item.kind)),
        "reason": None,
        "status": item.status.value,
        "key": item.key,
        "attempts": item.attempts,
        "last_error": item.last_error,
        "sent_at": item.sent_at.isoformat() if item.sent_at else None,
    }


def _cmd_history(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    lang = _lang(args)
    with _open(args) as store:
        history = store.history(args.lead_id)
        handoffs = store.outbox(lead_id=args.lead_id)
    rows = [entry.to_data() for entry in history.entries]
    # The hand-offs sit next to the stage changes that caused them: pending, sent or
    # dead (a dead letter needs a person).
    rows.extend(_handoff_row(item) for item in handoffs)
    rows.sort(key=lambda row: dt.datetime.fromisoformat(row["at"]) if row["at"] else _EPOCH)
    if args.format == "json":
        write_json(rows, out)
        return EXIT_OK
    headers = {
        "en": ["at", "what", "stage", "reason", "by", "note"],
        "nl": ["wanneer", "wat", "fase", "reden", "door", "notitie"],
    }[lang]
    labels = {"en": "hand-off ({})", "nl": "overdracht ({})"}[lang]
    body = (
        [
            row["at"],
            labels.format(row["status"]) if row["kind"] == "handoff" else _kind(row, lang),
            Stage(row["stage"]).label(lang) if row["stage"] in _STAGES else row["stage"],
            Reason(row["reason"]).label(lang) if row["reason"] else "",
            row.get("by"),
            row.get("note") or row.get("last_error"),
        ]
        for row in rows
    )
    out.write(grid(headers, body) + "\n")
    return EXIT_OK


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_STAGES = {stage.value for stage in Stage}


def _kind(row: dict[str, Any], lang: str) -> str:
    from leadqual.lifecycle import Action  # noqa: PLC0415

    return Action(row["kind"]).label(lang)


# --- arguments -----------------------------------------------------------------------------


def _reading(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("leads", help="leads file, or - for standard input")
    parser.add_argument("--as-of", help="ISO-8601 moment to qualify at, or 'now'")
    from leadqual.cli._import import add_input_options  # noqa: PLC0415 - lean start-up

    add_input_options(parser)


def _lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", dest="sub_lang", choices=("en", "nl"), help="output language")


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", required=True, help="store: a file path, sqlite:///path or postgresql://..."
    )


def _configure_qualify(parser: argparse.ArgumentParser) -> None:
    _reading(parser)
    parser.add_argument("--qualifier", help="qualifier file; default: starter model and BANT")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    _lang_option(parser)


def _configure_ingest(parser: argparse.ArgumentParser) -> None:
    _reading(parser)
    _db(parser)
    parser.add_argument("--config", help="config file (TOML) with an optional qualifier")
    parser.add_argument("--qualifier", help="qualifier file (overrides the config's)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    _lang_option(parser)


def _configure_leads(parser: argparse.ArgumentParser) -> None:
    _db(parser)
    parser.add_argument("--stage", help="only leads in this stage")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    _lang_option(parser)


def _configure_feedback(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("lead_id", help="the lead's id")
    _db(parser)
    moves = parser.add_mutually_exclusive_group(required=True)
    moves.add_argument("--accept", action="store_true", help="sales accepts the lead")
    moves.add_argument("--reject", metavar="REASON", help="reject with a reason code")
    moves.add_argument("--not-now", action="store_true", help="not now: to nurture")
    moves.add_argument("--won", action="store_true", help="the deal was won")
    moves.add_argument("--lost", metavar="REASON", help="lost: competitor or no_interest")
    parser.add_argument("--revisit", help="with --not-now: a date or moment to look again")
    parser.add_argument("--amount", type=float, help="with --won: the deal's amount")
    parser.add_argument("--note", help="free text")
    parser.add_argument("--by", help="who gives the feedback")
    parser.add_argument("--at", help="when (ISO 8601; default: now)")
    parser.add_argument("--timezone", help="zone for --at/--revisit without an offset")
    _lang_option(parser)


def _configure_history(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("lead_id", help="the lead's id")
    _db(parser)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    _lang_option(parser)


COMMANDS = (
    Command(
        "qualify",
        "the verdict per lead (decision, score, next step)",
        _configure_qualify,
        _cmd_qualify,
    ),
    Command(
        "ingest",
        "merge leads into a store, qualify, record stage changes",
        _configure_ingest,
        _cmd_ingest,
    ),
    Command("leads", "the stored leads with their current stage", _configure_leads, _cmd_leads),
    Command(
        "feedback", "record sales feedback on a stored lead", _configure_feedback, _cmd_feedback
    ),
    Command("history", "a stored lead's timeline, oldest first", _configure_history, _cmd_history),
)
"""The commands this module adds to ``leadqual``."""
