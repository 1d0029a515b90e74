"""``leadqual score`` and ``init``: the points model on files."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from leadqual._time import parse_timestamp, resolve_timezone
from leadqual.cli._app import EXIT_ERROR, EXIT_OK, EXIT_REJECTED, Command
from leadqual.cli._import import add_input_options
from leadqual.cli._output import funnel, printable, score_row, table, write_csv, write_json
from leadqual.cli._writeback import CRM_FORMATS, write_crm
from leadqual.exceptions import InputFileError, LeadqualError
from leadqual.io import dump_model, load_model
from leadqual.scoring import ScoringModel, starter_model

if TYPE_CHECKING:
    from collections.abc import Iterable

    from leadqual.io import Loaded, Rejected
    from leadqual.lead import Lead
    from leadqual.scoring import Score

__all__ = ["COMMANDS"]


def _load_model(path: str | None) -> ScoringModel:
    return starter_model() if path is None else load_model(path)


def _as_of(text: str | None, zone: dt.tzinfo | None) -> dt.datetime | None:
    if text is None:
        return None
    if text == "now":
        return dt.datetime.now(dt.UTC)  # the edge may read the clock; scoring never does
    return parse_timestamp(text, zone)


def _cmd_score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:  # noqa: C901 - options
    from leadqual.io import Format, read_leads  # noqa: PLC0415 - lean start-up

    zone = resolve_timezone(args.timezone)
    model = _load_model(args.model)
    as_of = _as_of(args.as_of, zone)
    # Standard input has no suffix to tell the format: JSON lines unless told otherwise.
    input_format: Format | None = args.input_format or ("jsonl" if args.leads == "-" else None)
    if args.preset or args.mapping:
        input_format = "csv" if args.leads == "-" else args.input_format
    found = read_leads(
        args.leads,
        default_timezone=zone,
        format=input_format,
        preset=args.preset,
        mapping=args.mapping,
    )
    rows, scores, rejected = _score_all(
        found, model, as_of, args.lang, crm=args.format in CRM_FORMATS
    )
    if args.sort == "points":
        # Best first; ties keep their input order (sorted is stable).
        order = sorted(range(len(rows)), key=lambda k: -scores[k].points)
        rows = [rows[k] for k in order]
    # Open the rejects file before printing anything: an unwritable path is an error
    # (exit 2) that must not follow a screenful of scores looking like success.
    rejects = _open_rejects(args.rejects)
    with rejects if rejects is not None else contextlib.nullcontext():
        if args.format == "json":
            write_json(rows, out)
        elif args.format == "csv":
            write_csv(rows, out, formula_guard=args.formula_guard)
        elif args.format in CRM_FORMATS:
            write_crm(rows, out, args.format, formula_guard=args.formula_guard)
        else:
            out.write(table(rows, args.lang, ranked=False) + "\n")
            if scores:
                out.write("\n" + funnel(scores, args.lang) + "\n")
        if rejects is not None:
            write_json(
                ({"line": r.line, "reason": r.reason, "raw": r.raw} for r in rejected), rejects
            )
    if rejected:
        err.write(f"leadqual: {len(rows)} scored, {len(rejected)} rejected\n")
        err.writelines(f"  line {item.line}: {printable(item.reason)}\n" for item in rejected[:20])
        if len(rejected) > 20:  # noqa: PLR2004 - a screenful
            more = len(rejected) - 20
            hint = (
                f" (all in {printable(args.rejects)})" if args.rejects else " (use --rejects FILE)"
            )
            err.write(f"  … and {more} more{hint}\n")
        # A bug is never "some rows rejected": the good rows are out, yet the exit says error.
        if any(item.reason.startswith(INTERNAL_ERROR) for item in rejected):
            return EXIT_ERROR
        return EXIT_REJECTED
    return EXIT_OK


def _score_all(
    found: Iterable[Loaded | Rejected],
    model: ScoringModel,
    as_of: dt.datetime | None,
    lang: str,
    *,
    crm: bool = False,
) -> tuple[list[dict[str, Any]], list[Score], list[Rejected]]:
    """Score every loaded row; a row that cannot be scored is rejected, never the batch.

    With ``crm``, each row also carries the record's key and grade, for write-back.
    """
    from leadqual.io import Rejected  # noqa: PLC0415 - lean start-up, as in _cmd_score

    rejected: list[Rejected] = []
    rows: list[dict[str, Any]] = []
    scores: list[Score] = []
    for row in found:
        if isinstance(row, Rejected):
            rejected.append(row)
            continue
        try:
            score = model.score(row.lead, as_of=as_of)
            scored = score_row(score, row.lead, lang)
            if crm:
                scored["email"] = row.lead.email
                scored["grade"] = scored["icp"]["grade"] if "icp" in scored else scored["matrix"]
        except Exception as exc:  # noqa: BLE001 - one row must never abort the batch
            rejected.append(_scoring_failed(row, exc))
            continue
        scores.append(score)
        rows.append(scored)
    return rows, scores, rejected


INTERNAL_ERROR = "internal error (a bug in leadqual; please report it)"
"""How a rejected row's reason starts when scoring it raised something unexpected."""


def _scoring_failed(row: Loaded, exc: Exception) -> Rejected:
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
    return Rejected(row.line, reason, _raw(row.lead))


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
        help="row order: as in the input (default) or by points, best first",
    )
    add_input_options(parser)


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
