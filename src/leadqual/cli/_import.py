"""``leadqual import``: a CRM export (through a preset or mapping file) as lead JSON lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from leadqual.cli._app import EXIT_OK, EXIT_REJECTED, Command
from leadqual.exceptions import InputFileError

if TYPE_CHECKING:
    import argparse

    from leadqual.io import Rejected

__all__ = ["COMMANDS", "add_input_options", "add_mapping_options"]


def add_mapping_options(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    """Add ``--preset NAME`` and ``--mapping FILE`` (one of them) to a command's parser.

    Commands that read leads call this in ``configure`` and pass ``args.preset`` and
    ``args.mapping`` to :func:`leadqual.io.read_leads`.
    """
    from leadqual.io.presets import preset_names  # noqa: PLC0415 - lean start-up

    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument(
        "--preset",
        choices=preset_names(),
        help="read a CRM export with a built-in mapping",
    )
    group.add_argument("--mapping", help="read a CRM export with this mapping file (TOML)")


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """Add what every command that reads a leads file takes (SPEC §3).

    ``--input-format``, ``--timezone``, ``--rejects`` and ``--preset``/``--mapping``;
    the command adds its own positional ``leads`` (or ``--db``) and ``--as-of``.
    """
    parser.add_argument(
        "--input-format",
        choices=("jsonl", "json", "csv"),
        help="input format when reading standard input or an unusual suffix",
    )
    parser.add_argument(
        "--timezone", help="zone for timestamps without an offset, e.g. Europe/Amsterdam"
    )
    parser.add_argument("--rejects", help="write rejected rows (JSON lines) to this file")
    add_mapping_options(parser)


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("leads", help="the CRM export (.csv, optionally .gz), or - for stdin")
    add_mapping_options(parser, required=True)
    parser.add_argument("-o", "--output", default="-", help="lead JSON lines file; default: stdout")
    parser.add_argument(
        "--timezone", help="zone for times without an offset, e.g. Europe/Amsterdam"
    )
    parser.add_argument("--rejects", help="write rejected rows (JSON lines) to this file")
    parser.add_argument(
        "--activity", help="a separate activity file (CSV: id or email, type, at, ...)"
    )
    parser.add_argument(
        "--join", choices=("id", "email"), default="id", help="how activity rows find their lead"
    )


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from leadqual._convert import unstructure  # noqa: PLC0415 - lean start-up
    from leadqual.io import Rejected, join_activity, read_leads  # noqa: PLC0415

    rows = read_leads(
        args.leads,
        default_timezone=args.timezone,
        format="csv",
        preset=args.preset,
        mapping=args.mapping,
    )
    if args.activity:
        rows = join_activity(rows, args.activity, by=args.join)
    target: TextIO = out
    opened: TextIO | None = None
    if args.output != "-":
        try:
            opened = Path(args.output).open("w", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed below
        except OSError as exc:
            msg = f"{args.output}: cannot write: {exc.strerror or exc}"
            raise InputFileError(msg) from exc
        target = opened
    rejected: list[Rejected] = []
    loaded = 0
    try:
        for row in rows:
            if isinstance(row, Rejected):
                rejected.append(row)
                continue
            target.write(json.dumps(unstructure(row.lead), ensure_ascii=False) + "\n")
            loaded += 1
    finally:
        if opened is not None:
            opened.close()
    if args.rejects:
        _write_rejects(args.rejects, rejected)
    summary = {
        "en": f"leadqual: {loaded} imported, {len(rejected)} rejected\n",
        "nl": f"leadqual: {loaded} geïmporteerd, {len(rejected)} geweigerd\n",
    }[getattr(args, "lang", "en")]
    if rejected or args.output != "-":
        err.write(summary)
    err.writelines(f"  line {item.line}: {item.reason}\n" for item in rejected[:20])
    if len(rejected) > 20:  # noqa: PLR2004 - a screenful
        err.write(f"  … and {len(rejected) - 20} more (use --rejects FILE)\n")
    return EXIT_REJECTED if rejected else EXIT_OK


def _write_rejects(path: str, rejected: list[Rejected]) -> None:
    try:
        with Path(path).open("w", encoding="utf-8") as handle:
            for item in rejected:
                record = {"line": item.line, "reason": item.reason, "raw": item.raw}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError as exc:
        msg = f"{path}: cannot write: {exc.strerror or exc}"
        raise InputFileError(msg) from exc


COMMANDS = (
    Command(
        "import",
        "convert a CRM export (--preset or --mapping) to lead JSON lines",
        _configure,
        _run,
    ),
)
"""The commands this module adds to ``leadqual``."""
