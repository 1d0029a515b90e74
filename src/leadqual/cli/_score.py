"""``leadqual score`` and ``init``: the points model on files."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, TextIO, TypeVar

import attrs

from leadqual._lang import format_number
from leadqual._time import parse_timestamp, resolve_timezone
from leadqual.cli._app import EXIT_ERROR, EXIT_OK, EXIT_REJECTED, Command
from leadqual.cli._import import add_input_options, input_format
from leadqual.cli._output import (
    JsonText,
    csv_line,
    encode_json,
    funnel,
    grid,
    json_row,
    printable,
    safe_cell,
    table,
    write_csv,
    write_lines,
)
from leadqual.cli._writeback import CRM_FORMATS, write_crm
from leadqual.engines._layout import (
    ENGAGEMENT,
    FIT,
    LEAD_ID,
    POINTS,
    STAGE,
    group_column,
    rule_column,
)
from leadqual.exceptions import ConfigError, InputFileError, LeadqualError
from leadqual.io import dump_model, load_model
from leadqual.scoring import ScoringModel, format_points, starter_model

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from leadqual.io import Loaded, Rejected
    from leadqual.io._leads import Format
    from leadqual.lead import Lead
    from leadqual.scoring import Score

__all__ = ["COMMANDS", "EngineText", "Report", "Setup", "engine_record", "score_or_reject"]

_T = TypeVar("_T")


def _load_model(path: str | None) -> ScoringModel:
    return starter_model() if path is None else load_model(path)


def _as_of(text: str | None, zone: dt.tzinfo | None) -> dt.datetime | None:
    if text is None:
        return None
    if text == "now":
        return dt.datetime.now(dt.UTC)  # the edge may read the clock; scoring never does
    return parse_timestamp(text, zone)


def _cmd_score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from leadqual.io import read_leads  # noqa: PLC0415 - lean start-up

    zone = resolve_timezone(args.timezone)
    model = _load_model(args.model)
    as_of = _as_of(args.as_of, zone)
    chosen = input_format(args)
    if args.engine is not None:
        return _score_on_engine(args, out, err, Setup(model, as_of, zone, chosen))
    if args.jobs > 1:
        return _score_in_parallel(args, out, err, Setup(model, as_of, zone, chosen))
    found = read_leads(
        args.leads,
        default_timezone=zone,
        format=chosen,
        preset=args.preset,
        mapping=args.mapping,
    )
    # Open the rejects file before printing anything: an unwritable path is an error
    # (exit 2) that must not follow a screenful of scores looking like success.
    report = Report(err, args.rejects, "scored", args.lang)
    with report:
        build = _row_builder(args.format, args.lang)
        scored = _scored(found, model, as_of, report, build)
        if args.sort == "points" or args.format == "table":
            # Sorting, and the table's column widths, need every row: these hold them.
            held = list(scored)
            if args.sort == "points":
                # Best first; ties keep their input order (sorted is stable).
                held.sort(key=lambda pair: -pair[1].points)
            scored = iter(held)
        rows = (row for row, _score in scored)
        if args.format == "json":
            write_lines(rows, out)
        elif args.format == "csv":
            write_csv(rows, out, formula_guard=args.formula_guard)
        elif args.format in CRM_FORMATS:
            write_crm(rows, out, args.format, formula_guard=args.formula_guard)
        else:
            out.write(table([row for row, _ in held], args.lang, ranked=False) + "\n")
            if held:
                out.write("\n" + funnel([score for _, score in held], args.lang) + "\n")
    return report.finish()


def _row_builder(fmt: str, lang: str) -> Callable[[Score, Lead], Any]:
    """What each scored lead becomes: its JSON text for ``--format json``, else its row."""
    if fmt == "json":
        return JsonText(lang)

    def row(score: Score, lead: Lead) -> dict[str, Any]:
        built = json_row(score, lead, lang)
        if fmt in CRM_FORMATS:  # the record's key and grade, for write-back
            built["email"] = lead.email
            built["grade"] = built["icp"]["grade"] if "icp" in built else built["matrix"]
        return built

    return row


def _scored(
    found: Iterable[Loaded | Rejected],
    model: ScoringModel,
    as_of: dt.datetime | None,
    report: Report,
    build: Callable[[Score, Lead], Any],
) -> Iterator[tuple[Any, Score]]:
    """Score every loaded row as it comes; a row that cannot be scored is rejected, never the batch.

    Each score comes with what ``build`` makes of it (see :func:`_row_builder`).
    """

    def work(row: Loaded) -> tuple[Any, Score]:
        score = model.score(row.lead, as_of=as_of)
        return build(score, row.lead), score

    def failed(row: Loaded, exc: Exception) -> Rejected:
        return _scoring_failed(row.line, row.lead, exc)

    return report.each(found, work, failed)


def score_or_reject(
    model: ScoringModel,
    line: int,
    lead: Lead,
    as_of: dt.datetime | None,
    build: Callable[[Score, Lead], Any],
) -> tuple[Any, Score | None, Rejected | None]:
    """``(built, score, None)``, or ``(None, None, the row rejected)`` when scoring it failed."""
    try:
        score = model.score(lead, as_of=as_of)
        return build(score, lead), score, None
    except Exception as exc:  # noqa: BLE001 - one row must never abort the batch
        return None, None, _scoring_failed(line, lead, exc)


@attrs.frozen
class Setup:
    """What ``score`` scores with and how it reads its input."""

    model: ScoringModel
    as_of: dt.datetime | None
    zone: dt.tzinfo | None
    input_format: Format | None


def _score_in_parallel(args: argparse.Namespace, out: TextIO, err: TextIO, setup: Setup) -> int:
    """``score --jobs N``: the bytes, rejects and summary of ``--jobs 1`` (cli/_parallel.py)."""
    from leadqual.cli._parallel import scored_in_parallel  # noqa: PLC0415 - only with --jobs

    if args.format != "json":
        msg = f"--jobs writes --format json, not {args.format}"
        raise ConfigError(msg)
    if args.preset is not None or args.mapping is not None:
        msg = "--jobs reads JSON Lines, not a CRM export (--preset, --mapping)"
        raise ConfigError(msg)
    report = Report(err, args.rejects, "scored", args.lang)
    found = scored_in_parallel(args.leads, args.jobs, setup, JsonText(args.lang), report)
    # Closed on any way out (Ctrl-C, a closed pipe), so that the workers stop at once.
    with report, contextlib.closing(found):
        scored: Iterator[tuple[str, float]] = found
        if args.sort == "points":
            held = list(scored)
            held.sort(key=lambda pair: -pair[1])  # best first; ties keep their input order
            scored = iter(held)
        write_lines((text for text, _points in scored), out)
    return report.finish()


def _score_on_engine(args: argparse.Namespace, out: TextIO, err: TextIO, setup: Setup) -> int:
    """``score --engine``: the engine record, the same bytes on every engine."""
    from leadqual.engines import layout, score_file  # noqa: PLC0415 - engines are optional
    from leadqual.io import Rejected  # noqa: PLC0415

    if args.format in CRM_FORMATS:
        msg = f"--engine writes --format table, json or csv, not {args.format}"
        raise ConfigError(msg)
    model = setup.model
    shape = layout(model.compile().plan, engine=args.engine)
    found = score_file(
        model,
        args.leads,
        engine=args.engine,
        as_of=setup.as_of,
        default_timezone=setup.zone,
        format=setup.input_format,
        preset=args.preset,
        mapping=args.mapping,
    )
    labels = {rule.name: rule for rule in model.rules}
    groups = shape.plan.group_names()
    report = Report(err, args.rejects, "scored", args.lang)

    def scored() -> Iterator[dict[str, Any]]:
        for item in found:
            if isinstance(item, Rejected):
                report.reject(item)
                continue
            report.use()
            yield item.row

    with report:
        if args.format == "json":
            text = EngineText(groups, shape.rule_names, labels, args.lang)
            if args.sort == "points":
                held = [(text(row), row[POINTS]) for row in scored()]
                held.sort(key=lambda pair: -pair[1])  # best first; ties keep input order
                write_lines((line for line, _points in held), out)
            else:
                write_lines(map(text, scored()), out)
            return report.finish()
        rows: Iterable[dict[str, Any]] = (
            engine_record(row, groups, shape.rule_names, labels, args.lang) for row in scored()
        )
        if args.sort == "points" or args.format == "table":
            rows = list(rows)  # sorting and column widths need every row
            if args.sort == "points":
                rows.sort(key=lambda row: -row["points"])
        if args.format == "csv":
            write_engine_csv(rows, out, formula_guard=args.formula_guard)
        else:
            headers = {
                "en": ["id", "points", "stage", "top reasons"],
                "nl": ["id", "punten", "fase", "belangrijkste redenen"],
            }[args.lang]
            body = (
                [
                    row["id"],
                    _shown_points(row["points"], args.lang),
                    row["stage"].upper(),
                    "; ".join(row["reasons"][:3]),
                ]
                for row in rows
            )
            out.write(grid(headers, body) + "\n")
    return report.finish()


def _shown_points(points: float, lang: str) -> str:
    return format_points(points) if lang == "en" else format_number(points, lang)


def engine_record(
    row: dict[str, Any],
    groups: Sequence[str],
    rules: Sequence[str],
    labels: dict[str, Any],
    lang: str,
) -> dict[str, Any]:
    """The ``score --engine X --format json`` object: what every engine computes alike.

    An engine gives per lead the points, the groups and each rule's points, not the
    per-event ledger; so this record has no ``ledger``, and its ``reasons`` come from
    the rules' points: every rule that moved the points, biggest effect first, as the
    Python path words them but without its ``(2x)`` counts, which need the ledger.
    """
    per_rule = {name: row[rule_column(name)] for name in rules}
    ranked = sorted(
        ((name, points) for name, points in per_rule.items() if points),
        key=lambda item: (-abs(item[1]), item[0]),
    )
    reasons = []
    for name, points in ranked:
        rule = labels.get(name)
        label = rule.label(lang) if rule is not None else name.replace("_", " ")
        sign = "+" if points >= 0 else ""
        reasons.append(f"{sign}{_shown_points(points, lang)} {label}")
    return {
        "id": row[LEAD_ID],
        "points": row[POINTS],
        "fit": row[FIT],
        "engagement": row[ENGAGEMENT],
        "stage": row[STAGE],
        "groups": {name: row[group_column(name)] for name in groups},
        "rules": per_rule,
        "reasons": reasons,
    }


def _number_text(value: object) -> str:
    # A number as the JSON encoder writes it: repr for plain ints and finite floats.
    kind = type(value)
    if kind is int or (kind is float and math.isfinite(value)):  # type: ignore[arg-type]
        return repr(value)
    return encode_json(value)


class EngineText:
    """``score --engine X --format json``: the text of :func:`engine_record`, encoded.

    The same bytes as ``json.dumps`` of the record (``tests/test_cli_rows.py`` holds it
    to that on random rows), with less work: each group's and rule's key and each rule's
    label are encoded once, a rule that gave no points costs one lookup, and no record
    dictionary is built only to be encoded.
    """

    __slots__ = ("_groups", "_labels", "_lang", "_rules")

    def __init__(
        self,
        groups: Sequence[str],
        rules: Sequence[str],
        labels: dict[str, Any],
        lang: str,
    ) -> None:
        self._lang = lang
        self._groups = tuple((group_column(name), encode_json(name) + ": ") for name in groups)
        # (rule, column, key text, the key with a whole 0: most rules, most leads)
        self._rules = tuple(
            (name, rule_column(name), f"{encode_json(name)}: ", f"{encode_json(name)}: 0")
            for name in rules
        )
        self._labels = {
            name: labels[name].label(lang) if name in labels else name.replace("_", " ")
            for name in rules
        }

    def __call__(self, row: dict[str, Any]) -> str:
        """One lead's line (no line end)."""
        number = _number_text
        groups = ", ".join(key + number(row[column]) for column, key in self._groups)
        rules: list[str] = []
        moved: list[tuple[str, Any]] = []
        for name, column, key, zero in self._rules:
            points = row[column]
            if points == 0 and type(points) is int:
                rules.append(zero)
                continue
            rules.append(key + number(points))
            if points:
                moved.append((name, points))
        reasons = ""
        if moved:
            moved.sort(key=lambda item: (-abs(item[1]), item[0]))
            labels, lang = self._labels, self._lang
            reasons = ", ".join(
                encode_json(f"{'+' if got >= 0 else ''}{_shown_points(got, lang)} {labels[name]}")
                for name, got in moved
            )
        return (
            f'{{"id": {encode_json(row[LEAD_ID])}, "points": {number(row[POINTS])}, '
            f'"fit": {number(row[FIT])}, "engagement": {number(row[ENGAGEMENT])}, '
            f'"stage": {encode_json(row[STAGE])}, "groups": {{{groups}}}, '
            f'"rules": {{{", ".join(rules)}}}, "reasons": [{reasons}]}}'
        )


_ENGINE_CSV = ("id", "points", "fit", "engagement", "stage")


def write_engine_csv(
    rows: Iterable[dict[str, Any]], out: TextIO, *, formula_guard: bool = True
) -> None:
    """Engine records as CSV: id, points, fit, engagement, stage and the reasons."""
    guard = safe_cell if formula_guard else _as_is
    out.write(csv_line([*_ENGINE_CSV, "reasons"]))
    for row in rows:
        cells = [*(row[key] for key in _ENGINE_CSV), "; ".join(row["reasons"])]
        out.write(csv_line([guard(cell) for cell in cells]))


def _as_is(value: object) -> object:
    return value


class Report:
    """What a command that reads leads tells on standard error, as the rows go by.

    Rejected rows go to the ``--rejects`` file at once (opened on entering, before any
    output, so an unwritable path is exit 2 before a screenful of scores); only the first
    twenty are kept for the summary, so memory stays flat however many there are. On a
    terminal a progress line shows rows and rows per second; the closing summary gives
    the counts and the throughput in leads per second.
    """

    SHOWN = 20
    """How many rejected rows the summary lists (a screenful)."""

    def __init__(self, err: TextIO, rejects: str | None, what: str, lang: str = "en") -> None:
        self.err = err
        self.rejects_path = rejects
        self.what = what
        self.lang = lang
        self.used = 0
        self.rejected = 0
        self.first: list[Rejected] = []
        self.internal = False
        self._file: TextIO | None = None
        self._start = time.perf_counter()
        self._progress = _Progress(err) if _is_terminal(err) else None

    def __enter__(self) -> Self:
        self._file = _open_rejects(self.rejects_path)
        self._start = time.perf_counter()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._file is not None:
            self._file.close()
        if self._progress is not None:
            self._progress.clear()

    def use(self) -> None:
        """One more row used."""
        self.used += 1
        if self._progress is not None:
            self._progress.tick(self.used + self.rejected)

    def each(
        self,
        found: Iterable[Loaded | Rejected],
        work: Callable[[Loaded], _T],
        failed: Callable[[Loaded, Exception], Rejected],
    ) -> Iterator[_T]:
        """``work`` on each loaded row as it comes, counted as used.

        A row the reader rejected, or whose ``work`` raises (rejected as ``failed`` says),
        is reported; one row never aborts the batch.
        """
        from leadqual.io import Rejected  # noqa: PLC0415 - lean start-up, as in _cmd_score

        for row in found:
            if isinstance(row, Rejected):
                self.reject(row)
                continue
            try:
                result = work(row)
            except Exception as exc:  # noqa: BLE001 - one row must never abort the batch
                self.reject(failed(row, exc))
                continue
            self.use()
            yield result

    def reject(self, row: Rejected) -> None:
        """One more row rejected: into the rejects file, and kept if among the first."""
        self.rejected += 1
        if len(self.first) < self.SHOWN:
            self.first.append(row)
        if row.reason.startswith(INTERNAL_ERROR) or f": {INTERNAL_ERROR}" in row.reason:
            self.internal = True
        if self._file is not None:
            record = {"line": row.line, "reason": row.reason, "raw": row.raw}
            self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        if self._progress is not None:
            self._progress.tick(self.used + self.rejected)

    def finish(self) -> int:
        """Write the summary; the exit code (SPEC section 3)."""
        total = self.used + self.rejected
        if total:
            seconds = max(time.perf_counter() - self._start, 1e-9)
            self.err.write(self.summary(total / seconds) + "\n")
        self.err.writelines(f"  line {r.line}: {printable(r.reason)}\n" for r in self.first)
        if self.rejected > self.SHOWN:
            more = self.rejected - self.SHOWN
            hint = (
                f" (all in {printable(self.rejects_path)})"
                if self.rejects_path
                else " (use --rejects FILE)"
            )
            self.err.write(f"  … and {more} more{hint}\n")
        if not self.rejected:
            return EXIT_OK
        # A bug is never "some rows rejected": the good rows are out, yet the exit says error.
        return EXIT_ERROR if self.internal else EXIT_REJECTED

    def summary(self, rate: float) -> str:
        """``leadqual: 3 scored, 1 rejected (12,345 leads/s)``, in the command's language.

        >>> import io
        >>> Report(io.StringIO(), None, "scored").summary(12345.6)
        'leadqual: 0 scored, 0 rejected (12,346 leads/s)'
        """
        if self.lang == "nl":
            what = {"scored": "gescoord", "qualified": "gekwalificeerd"}.get(self.what, self.what)
            shown = format_number(round(rate), "nl")
            return f"leadqual: {self.used} {what}, {self.rejected} geweigerd ({shown} leads/s)"
        return f"leadqual: {self.used} {self.what}, {self.rejected} rejected ({rate:,.0f} leads/s)"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


class _Progress:
    """A progress line on a terminal: rows so far and rows per second, redrawn in place."""

    EVERY = 0.25
    """Seconds between redraws."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.start = time.perf_counter()
        self.last = self.start
        self.width = 0

    def tick(self, rows: int) -> None:
        now = time.perf_counter()
        if now - self.last < self.EVERY:
            return
        self.last = now
        text = f"{rows:,} rows  {rows / max(now - self.start, 1e-9):,.0f} rows/s"
        self.width = max(self.width, len(text))
        self.err.write("\r" + text.ljust(self.width))
        self.err.flush()

    def clear(self) -> None:
        if self.width:
            self.err.write("\r" + " " * self.width + "\r")
            self.err.flush()


INTERNAL_ERROR = "internal error (a bug in leadqual; please report it)"
"""How a rejected row's reason starts when scoring it raised something unexpected."""


def _scoring_failed(line: int, lead: Lead, exc: Exception) -> Rejected:
    """The row, rejected with why it could not be scored.

    A :class:`~leadqual.LeadqualError` names its place; anything else is a bug, and the
    reason says so (with the exception's type) instead of aborting every other row. The
    tests and the fuzzing suite look for that prefix, so a bug cannot hide behind it.
    """
    from leadqual.io import Rejected  # noqa: PLC0415 - lean start-up, as in _cmd_score

    if isinstance(exc, LeadqualError):
        reason = "; ".join(exc.errors)
    else:
        first = str(exc).splitlines()[0] if str(exc) else ""
        reason = f"{INTERNAL_ERROR}: {type(exc).__name__}: {first}"
    return Rejected(line, reason, _raw(lead))


def _raw(lead: Lead) -> str:
    # Loaded rows keep the lead, not their text: the lead as written back stands in.
    from leadqual._convert import unstructure  # noqa: PLC0415 - only on failure

    try:
        return json.dumps(unstructure(lead), ensure_ascii=False)
    except Exception:  # noqa: BLE001 - the reason matters more than the raw text
        return json.dumps({"id": lead.id}, ensure_ascii=False)


def _open_rejects(path: str | None) -> TextIO | None:
    if path is None:
        return None
    try:
        return Path(path).open("w", encoding="utf-8")
    except OSError as exc:
        msg = f"{path}: cannot write: {exc.strerror or exc}"
        raise InputFileError(msg) from exc


def _cmd_init(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    path = Path(args.path)
    if path.exists() and not args.force:
        msg = f"{path} exists; use --force to overwrite"
        raise FileExistsError(msg)
    dump_model(starter_model(), path)
    out.write(f"wrote the starter model to {path}\n")
    return EXIT_OK


def _configure_score(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("leads", help="leads file, or - for standard input")
    parser.add_argument("--model", help="model file (.toml, .json, .yaml); default: starter")
    parser.add_argument("--as-of", help="ISO-8601 moment to score at, or 'now'; default: none")
    parser.add_argument(
        "--format",
        choices=("table", "json", "csv", *CRM_FORMATS),
        default="table",
        help="output format; hubspot/salesforce write a CSV those CRMs re-import",
    )
    parser.add_argument(
        "--no-formula-guard",
        dest="formula_guard",
        action="store_false",
        help="CSV: do not prefix cells starting with = + - @ with an apostrophe "
        "(for pandas and CRM imports, which never run formulas)",
    )
    parser.add_argument(
        "--sort",
        choices=("input", "points"),
        default="input",
        help="row order: as in the input (default) or by points, best first "
        "(sorting holds every row in memory; the input order streams)",
    )
    parser.add_argument(
        "--engine",
        choices=("python", "polars", "duckdb", "spark"),
        help="score on this engine (leadqual.engines); --format json then prints the "
        "engine record, the same bytes on every engine (no per-event ledger)",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="parse and score on N processes (JSON Lines input, --format json); the same "
        "output, in input order; default 1",
    )
    add_input_options(parser)


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        msg = f"expected a whole number of processes, 1 or more, not {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return jobs


def _configure_init(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default="leadqual-model.toml")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")


def _no_arguments(_parser: argparse.ArgumentParser) -> None:
    pass


COMMANDS = (
    Command(
        "score",
        "score a file of leads (.jsonl, .json, .csv, - for stdin)",
        _configure_score,
        _cmd_score,
    ),
    Command("init", "write the starter model as an editable TOML file", _configure_init, _cmd_init),
)
"""The commands this module adds to ``leadqual``."""
