"""``leadqual qualify``, ``ingest``, ``leads``, ``feedback`` and ``history``.

``qualify`` judges a file; the others work on a store (``--db URL``: a file path,
``sqlite:///path`` or ``postgresql://…``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import enum
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import attrs

from leadqual._time import resolve_timezone
from leadqual.cli._app import EXIT_ERROR, EXIT_OK, EXIT_REJECTED, Command
from leadqual.cli._import import input_format
from leadqual.cli._output import csv_line, grid, printable, safe_cell, write_json
from leadqual.cli._score import (
    INTERNAL_ERROR,
    Report,
    _as_of,
    _open_rejects,
    _scoring_failed,
)
from leadqual.exceptions import ConfigError, LeadqualError, LifecycleError, TimestampError
from leadqual.scoring import format_points
from leadqual.stage import Reason, Stage

if TYPE_CHECKING:
    from leadqual.io import Loaded, Rejected, Row
    from leadqual.lead import Lead
    from leadqual.lifecycle import Feedback
    from leadqual.verdict import Qualifier, Verdict

__all__ = ["COMMANDS", "verdict_row"]

_T = TypeVar("_T")
_E = TypeVar("_E", bound=enum.StrEnum)


def verdict_row(verdict: Verdict, lang: str) -> dict[str, Any]:
    """The ``qualify --format json`` object for one verdict."""
    from leadqual.lifecycle._desk import verdict_row as row  # noqa: PLC0415 - lean start-up

    return row(verdict, lang)


def _lang(args: argparse.Namespace) -> str:
    return str(getattr(args, "sub_lang", None) or args.lang)


def _zone(args: argparse.Namespace) -> dt.tzinfo | None:
    return resolve_timezone(getattr(args, "timezone", None))


def _load_qualifier(args: argparse.Namespace) -> Qualifier:
    """``--qualifier FILE``, else the config's ``qualifier``, else the default."""
    from leadqual.io._config import read_qualifier  # noqa: PLC0415 - lean start-up

    return read_qualifier(getattr(args, "config", None), getattr(args, "qualifier", None))


class _Reader:
    """Leads from ``args.leads``, keeping the rejected rows for the report."""

    def __init__(
        self,
        args: argparse.Namespace,
        *,
        allow_duplicate_ids: bool,
        check: Callable[[Lead], object] | None = None,
    ) -> None:
        self.args = args
        self.rejected: list[Rejected] = []
        self.failed: list[Rejected] = []  # rejected by the work on a read lead
        self.used = 0
        self.allow_duplicate_ids = allow_duplicate_ids
        self.check = check

    def each(self, work: Callable[[Lead], _T]) -> Iterator[_T]:
        """``work`` on every lead; a lead it fails on is rejected by line and id, not the batch."""
        check, self.check = self.check, None
        try:
            for line, lead in self._rows():
                try:
                    done = work(lead)
                except Exception as exc:  # noqa: BLE001 - one row must never abort the batch
                    self._reject(line, lead, exc)
                    continue
                self.used += 1
                yield done
        finally:
            self.check = check

    def __iter__(self) -> Iterator[Lead]:
        check = self.check
        for line, lead in self._rows():
            if check is not None:
                try:
                    check(lead)
                except Exception as exc:  # noqa: BLE001 - one row must never abort the batch
                    self._reject(line, lead, exc)
                    continue
            self.used += 1
            yield lead

    def _reject(self, line: int, lead: Lead, exc: Exception) -> None:
        from leadqual.io import Loaded  # noqa: PLC0415 - lean start-up

        named = _named_failure(Loaded(line, lead), exc)
        self.rejected.append(named)
        self.failed.append(named)

    def _rows(self) -> Iterator[tuple[int, Lead]]:
        from leadqual.io import Rejected  # noqa: PLC0415

        rows = _read_leads(self.args, allow_duplicate_ids=self.allow_duplicate_ids)
        for row in rows:
            if isinstance(row, Rejected):
                self.rejected.append(row)
                continue
            yield row.line, row.lead

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
        # A bug is never "some rows rejected", as in score: the exit says error.
        if any(f": {INTERNAL_ERROR}" in item.reason for item in self.failed):
            return EXIT_ERROR
        return EXIT_REJECTED


def _read_leads(args: argparse.Namespace, *, allow_duplicate_ids: bool) -> Iterator[Row]:
    """``args.leads`` read with the options of :func:`~leadqual.cli._import.add_input_options`."""
    from leadqual.io import read_leads  # noqa: PLC0415 - lean start-up

    return read_leads(
        args.leads,
        default_timezone=_zone(args),
        format=input_format(args),
        allow_duplicate_ids=allow_duplicate_ids,
        preset=getattr(args, "preset", None),
        mapping=getattr(args, "mapping", None),
    )


def _check_rejects(args: argparse.Namespace) -> None:
    """Fail on an unwritable ``--rejects`` path before any output or store write."""
    rejects = _open_rejects(args.rejects)
    if rejects is not None:
        rejects.close()


# --- qualify -------------------------------------------------------------------------------


def _named_failure(row: Loaded, exc: Exception) -> Rejected:
    """The row rejected because the work on its lead failed, named by line and lead id."""
    failed = _scoring_failed(row.line, row.lead, exc)
    return attrs.evolve(failed, reason=f"{row.lead.id}: {failed.reason}")


def _cmd_qualify(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lang = _lang(args)
    qualifier = _load_qualifier(args)
    as_of = _as_of(args.as_of, _zone(args))
    found = _read_leads(args, allow_duplicate_ids=False)
    report = Report(err, args.rejects, "qualified", lang)

    def verdict(row: Loaded) -> Verdict:
        return qualifier.qualify(row.lead, as_of=as_of)

    with report:
        # One row at a time: a file of millions of leads never sits in memory. A lead
        # whose qualification fails (an unknown answer, say) is rejected by line and id;
        # the batch goes on.
        rows = (verdict_row(v, lang) for v in report.each(found, verdict, _named_failure))
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
    # A lead whose answers the framework cannot read is rejected before the store sees it.
    framework = qualifier.framework
    check = framework.assess_lead if framework is not None else None
    reader = _Reader(args, allow_duplicate_ids=True, check=check)
    handoff = None
    if getattr(args, "config", None):
        from leadqual.automation import handoff_builder  # noqa: PLC0415 - lean start-up
        from leadqual.io import read_config  # noqa: PLC0415

        handoff = handoff_builder(read_config(args.config))
    with _open(args) as store:
        report = store.ingest(reader, as_of=as_of, qualifier=qualifier, handoff=handoff)
    data = {**report.to_data(), "rejected": len(reader.rejected)}
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


def _cmd_leads(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    lang = _lang(args)
    stage = _stage(args.stage) if args.stage else None
    from leadqual.lifecycle._desk import lead_row  # noqa: PLC0415 - lean start-up

    with _open(args) as store:
        rows = [lead_row(item, lang) for item in store.leads(stage=stage)]
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


def _member(cls: type[_E], text: str, error: Callable[[str], LeadqualError]) -> _E:
    """``text`` as a member of ``cls`` (any case); else ``error(allowed values)``."""
    try:
        return cls(text.strip().lower())
    except ValueError:
        raise error(", ".join(member.value for member in cls)) from None


def _stage(text: str) -> Stage:
    def error(allowed: str) -> LeadqualError:
        return ConfigError(f"--stage: expected one of {allowed}, got {text!r}")

    return _member(Stage, text, error)


# --- feedback ------------------------------------------------------------------------------


def _reason(text: str, option: str) -> Reason:
    def error(allowed: str) -> LeadqualError:
        return LifecycleError(f"{option}: unknown reason {text!r}; expected one of {allowed}")

    return _member(Reason, text, error)


def _moment(text: str, zone: dt.tzinfo | None, option: str) -> dt.datetime:
    """An ISO moment, or a date (midnight in ``--timezone``, else UTC)."""
    from leadqual.lifecycle._feedback import parse_moment  # noqa: PLC0415 - lean start-up

    if text == "now":
        return dt.datetime.now(dt.UTC)
    return parse_moment(text, zone, option)


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


def _cmd_history(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    lang = _lang(args)
    from leadqual.lifecycle._desk import history_rows  # noqa: PLC0415 - lean start-up

    with _open(args) as store:
        rows = history_rows(store, args.lead_id)
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
