"""The ``leadqual`` command line: ``demo``, ``score``, ``init``, ``schema``.

Exit codes: 0 everything was scored; 1 at least one input row was rejected (the good
rows are still scored and printed); 2 the command could not run (bad arguments, an
unreadable or invalid model file, a missing leads file, an unwritable ``--rejects``
file) or failed unexpectedly (one line on standard error, never a traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from leadqual._time import parse_timestamp, resolve_timezone
from leadqual.exceptions import InputFileError, LeadqualError
from leadqual.scoring import (
    ScoringModel,
    dump_model,
    format_points,
    load_model,
    model_schema,
    starter_model,
)
from leadqual.stage import Stage

if TYPE_CHECKING:
    from leadqual.lead import Lead
    from leadqual.scoring import Score

__all__ = ["main"]

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_ERROR = 2

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Neutralize text a spreadsheet would run as a formula (``=HYPERLINK(...)``).

    Numbers stay numbers; text starting with ``= + - @``, tab or carriage return gets a
    leading apostrophe, as OWASP recommends for CSV injection.

    >>> safe_cell("=cmd|' /C calc'!A0"), safe_cell(-30), safe_cell("Acme")
    ("'=cmd|' /C calc'!A0", -30, 'Acme')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _score_row(score: Score, lead: Lead, lang: str) -> dict[str, Any]:
    row = {
        "id": score.lead_id,
        "points": score.points,
        "fit": score.fit,
        "engagement": score.engagement,
        "stage": score.stage.value,
        "groups": dict(score.groups),
        "matrix": score.matrix,
        "company": lead.company.name,
        "reasons": score.reasons(lang),
        "ledger": [
            {
                "rule": entry.rule,
                "group": entry.group,
                "points": entry.points,
                "raw_points": entry.raw_points,
                "decay": entry.decay,
                "kind": entry.kind,
                "evidence": entry.evidence.describe(lang),
            }
            for entry in score.ledger
        ],
    }
    if score.icp_fit is not None:
        fit = score.icp_fit
        row["icp"] = {"grade": fit.grade.value, "score": fit.score, "coverage": fit.coverage}
    return row


def _write_json(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


_CSV_COLUMNS = ("id", "company", "points", "fit", "engagement", "stage", "matrix", "reasons")


def _write_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)
    for row in rows:
        cells = [*(row[key] for key in _CSV_COLUMNS[:-1]), "; ".join(row["reasons"])]
        writer.writerow([safe_cell("" if cell is None else cell) for cell in cells])


def printable(text: str) -> str:
    r"""Text safe to print on a terminal: control characters shown as escapes.

    A lead's name or title is data from outside; an ANSI escape in it must not recolour
    or rewrite the user's terminal.

    >>> printable("\x1b[31mRED\x1b[0m Jansen")
    '\\x1b[31mRED\\x1b[0m Jansen'
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def _table(rows: Sequence[dict[str, Any]], lang: str, *, ranked: bool) -> str:
    headers: list[str] = {
        "en": ["#", "id", "company", "points", "stage", "top reasons"],
        "nl": ["#", "id", "bedrijf", "punten", "fase", "belangrijkste redenen"],
    }[lang]
    body: list[list[str]] = [
        [
            str(index),
            printable(row["id"]),
            printable(row["company"] or "?")[:28],
            format_points(row["points"]),
            Stage(row["stage"]).value.upper(),
            printable("; ".join(row["reasons"][:3])),
        ]
        for index, row in enumerate(rows, start=1)
    ]
    if not ranked:
        headers = headers[1:]
        body = [line[1:] for line in body]
    # max() of a list, not of arguments: with no rows there is only the header to fit.
    widths = [max([len(h), *(len(line[k]) for line in body)]) for k, h in enumerate(headers)]
    right = {len(headers) - 3}  # the points column

    def fmt(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(widths[k]) if k in right else cell.ljust(widths[k])
            for k, cell in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    lines = [fmt(headers), fmt(["-" * w for w in widths])]
    lines.extend(fmt(line) for line in body)
    return "\n".join(lines)


def _funnel(scores: Sequence[Score], lang: str) -> str:
    counts = Counter(score.stage for score in scores)
    total = len(scores)
    title = {"en": "Funnel", "nl": "Funnel"}[lang]
    lines = [f"{title} ({total} leads):"]
    for stage in (Stage.SQL, Stage.MQL, Stage.NEW, Stage.DISQUALIFIED):
        share = counts[stage] / total * 100 if total else 0.0
        lines.append(f"  {stage.label(lang):<32} {counts[stage]:>5}  {share:5.1f}%")
    qualified = counts[Stage.MQL] + counts[Stage.SQL]
    if qualified:
        rate = counts[Stage.SQL] / qualified * 100
        label = {"en": "MQL→SQL conversion", "nl": "Conversie MQL→SQL"}[lang]
        bench = {"en": "Dutch B2B average ~13%", "nl": "gemiddeld ~13% in Nederlandse B2B"}[lang]
        lines.append(f"  {label}: {rate:.1f}% ({bench})")
    return "\n".join(lines)


def _load_model(path: str | None) -> ScoringModel:
    return starter_model() if path is None else load_model(path)


def _as_of(text: str | None, zone: dt.tzinfo | None) -> dt.datetime | None:
    if text is None:
        return None
    if text == "now":
        return dt.datetime.now(dt.UTC)  # the edge may read the clock; scoring never does
    return parse_timestamp(text, zone)


def _cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from leadqual import datasets  # noqa: PLC0415 - only the demo needs the sample

    model = starter_model()
    leads = datasets.sample_leads()
    as_of = datasets.DEFAULT_AS_OF
    scores = [model.score(lead, as_of=as_of) for lead in leads]
    order = sorted(range(len(leads)), key=lambda k: (-scores[k].points, leads[k].id))
    rows = [_score_row(scores[k], leads[k], args.lang) for k in order]
    heading = {
        "en": f"leadqual demo: {len(leads)} sample leads, starter model, as of {as_of:%Y-%m-%d}",
        "nl": f"leadqual demo: {len(leads)} voorbeeldleads, startmodel, per {as_of:%Y-%m-%d}",
    }[args.lang]
    out.write(heading + "\n\n")
    out.write(_table(rows, args.lang, ranked=True) + "\n\n")
    out.write(_funnel(scores, args.lang) + "\n")
    return EXIT_OK


def _cmd_score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from leadqual.io import Format, Rejected, read_leads  # noqa: PLC0415 - lean start-up

    zone = resolve_timezone(args.timezone)
    model = _load_model(args.model)
    as_of = _as_of(args.as_of, zone)
    # Standard input has no suffix to tell the format: JSON lines unless told otherwise.
    input_format: Format | None = args.input_format or ("jsonl" if args.leads == "-" else None)
    rejected: list[Rejected] = []
    rows: list[dict[str, Any]] = []
    scores: list[Score] = []
    for row in read_leads(args.leads, default_timezone=zone, format=input_format):
        if isinstance(row, Rejected):
            rejected.append(row)
            continue
        score = model.score(row.lead, as_of=as_of)
        scores.append(score)
        rows.append(_score_row(score, row.lead, args.lang))
    # Open the rejects file before printing anything: an unwritable path is an error
    # (exit 2) that must not follow a screenful of scores looking like success.
    rejects = _open_rejects(args.rejects)
    with rejects if rejects is not None else contextlib.nullcontext():
        if args.format == "json":
            _write_json(rows, out)
        elif args.format == "csv":
            _write_csv(rows, out)
        else:
            out.write(_table(rows, args.lang, ranked=False) + "\n")
            if scores:
                out.write("\n" + _funnel(scores, args.lang) + "\n")
        if rejects is not None:
            _write_json(
                ({"line": r.line, "reason": r.reason, "raw": r.raw} for r in rejected), rejects
            )
    if rejected:
        err.write(f"leadqual: {len(rows)} scored, {len(rejected)} rejected\n")
        err.writelines(f"  line {item.line}: {item.reason}\n" for item in rejected[:20])
        if len(rejected) > 20:  # noqa: PLR2004 - a screenful
            more = len(rejected) - 20
            hint = f" (all in {args.rejects})" if args.rejects else " (use --rejects FILE)"
            err.write(f"  … and {more} more{hint}\n")
        return EXIT_REJECTED
    return EXIT_OK


def _open_rejects(path: str | None) -> TextIO | None:
    if path is None:
        return None
    try:
        return Path(path).open("w", encoding="utf-8")
    except OSError as exc:
        msg = f"{path}: cannot write: {exc.strerror or exc}"
        raise InputFileError(msg) from exc


def _cmd_init(args: argparse.Namespace, out: TextIO) -> int:
    path = Path(args.path)
    if path.exists() and not args.force:
        msg = f"{path} exists; use --force to overwrite"
        raise FileExistsError(msg)
    dump_model(starter_model(), path)
    out.write(f"wrote the starter model to {path}\n")
    return EXIT_OK


def _cmd_schema(_args: argparse.Namespace, out: TextIO) -> int:
    out.write(json.dumps(model_schema(), indent=2) + "\n")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leadqual",
        description="Explainable B2B lead qualification: fit, engagement, verdict.",
        epilog="Exit codes: 0 all rows scored, 1 some rows rejected, 2 error.",
    )
    parser.add_argument("--lang", choices=("en", "nl"), default="en", help="output language")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="score the bundled sample leads with the starter model")

    score = sub.add_parser("score", help="score a file of leads (.jsonl, .json, .csv, - for stdin)")
    score.add_argument("leads", help="leads file, or - for standard input")
    score.add_argument("--model", help="model file (.toml, .json, .yaml); default: starter")
    score.add_argument("--as-of", help="ISO-8601 moment to score at, or 'now'; default: none")
    score.add_argument(
        "--format", choices=("table", "json", "csv"), default="table", help="output format"
    )
    score.add_argument(
        "--input-format",
        choices=("jsonl", "json", "csv"),
        help="input format when reading standard input or an unusual suffix",
    )
    score.add_argument(
        "--timezone", help="zone for timestamps without an offset, e.g. Europe/Amsterdam"
    )
    score.add_argument("--rejects", help="write rejected rows (JSON lines) to this file")

    init = sub.add_parser("init", help="write the starter model as an editable TOML file")
    init.add_argument("path", nargs="?", default="leadqual-model.toml")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")

    sub.add_parser("schema", help="print the JSON Schema of model files")
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            return _cmd_demo(args, out)
        if args.command == "score":
            return _cmd_score(args, out, err)
        if args.command == "init":
            return _cmd_init(args, out)
        return _cmd_schema(args, out)
    except (LeadqualError, OSError) as exc:
        err.write(f"leadqual: error: {exc}\n")
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - a bug must not look like exit 1 (rows rejected)
        first = str(exc).splitlines()[0] if str(exc) else ""
        err.write(f"leadqual: internal error: {type(exc).__name__}: {first}\n")
        return EXIT_ERROR
