"""``leadqual import``: a CRM export (through a preset or mapping file) as lead JSON lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from leadqual.cli._app import EXIT_OK, EXIT_REJECTED, Command
from leadqual.exceptions import InputFileError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Iterator

    from leadqual.io import Format, Rejected, Row
    from leadqual.io._ids import FirstLines

__all__ = ["COMMANDS", "add_input_options", "add_mapping_options", "input_format"]


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


def input_format(args: argparse.Namespace) -> Format | None:
    """The format to read ``args.leads`` as, from the options of :func:`add_input_options`.

    Standard input has no suffix to tell: a CRM export read through ``--preset`` or
    ``--mapping`` is CSV, anything else JSON lines unless ``--input-format`` says
    otherwise; a file goes by its suffix unless ``--input-format`` says otherwise.
    """
    chosen: Format | None = args.input_format
    if args.leads != "-":
        return chosen
    if getattr(args, "preset", None) or getattr(args, "mapping", None):
        return "csv"
    return chosen or "jsonl"


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from leadqual.io import join_activity, read_leads  # noqa: PLC0415 - lean start-up
    from leadqual.io._ids import FirstLines  # noqa: PLC0415

    # Duplicate ids are checked here, in bounded memory (io._ids.FirstLines), so an
    # export of a million rows converts in constant memory; read_leads' own check keeps
    # a dict of every id.
    rows: Iterable[Row] = read_leads(
        args.leads,
        default_timezone=args.timezone,
        format="csv",
        preset=args.preset,
        mapping=args.mapping,
        allow_duplicate_ids=True,
    )
    rejects: TextIO | None = _open_for_writing(args.rejects) if args.rejects else None
    target: TextIO = out
    opened: TextIO | None = None
    shown: list[Rejected] = []  # the first screenful; the rest are only counted
    with FirstLines() as seen:
        rows = _unique(rows, seen)
        if args.activity:
            rows = join_activity(rows, args.activity, by=args.join)
        try:
            if args.output != "-":
                opened = target = _open_for_writing(args.output)
            loaded, rejected = _write(rows, target, rejects, shown)
        finally:
            for handle in (opened, rejects):
                if handle is not None:
                    handle.close()
    summary = {
        "en": f"leadqual: {loaded} imported, {rejected} rejected\n",
        "nl": f"leadqual: {loaded} geïmporteerd, {rejected} geweigerd\n",
    }[getattr(args, "lang", "en")]
    if rejected or args.output != "-":
        err.write(summary)
    err.writelines(f"  line {item.line}: {item.reason}\n" for item in shown)
    if rejected > _SCREENFUL:
        err.write(f"  … and {rejected - _SCREENFUL} more (use --rejects FILE)\n")
    return EXIT_REJECTED if rejected else EXIT_OK


_SCREENFUL = 20


def _write(
    rows: Iterable[Row], target: TextIO, rejects: TextIO | None, shown: list[Rejected]
) -> tuple[int, int]:
    """Leads to ``target``, rejects to ``rejects`` as they come; the two counts."""
    from leadqual._convert import unstructure  # noqa: PLC0415 - lean start-up
    from leadqual.io import Rejected  # noqa: PLC0415

    loaded = rejected = 0
    for row in rows:
        if isinstance(row, Rejected):
            rejected += 1
            if len(shown) < _SCREENFUL:
                shown.append(row)
            if rejects is not None:
                record = {"line": row.line, "reason": row.reason, "raw": row.raw}
                rejects.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        target.write(json.dumps(unstructure(row.lead), ensure_ascii=False) + "\n")
        loaded += 1
    return loaded, rejected


def _unique(rows: Iterable[Row], seen: FirstLines) -> Iterator[Row]:
    """The rows, a lead whose id came earlier rejected as ``read_leads`` would."""
    from leadqual.cli._score import _raw  # noqa: PLC0415 - lean start-up
    from leadqual.io import Loaded, Rejected  # noqa: PLC0415

    for row in rows:
        if isinstance(row, Loaded):
            first = seen.first(row.lead.id, row.line)
            if first != row.line:
                reason = f"id: duplicate lead id {row.lead.id!r} (first seen on line {first})"
                yield Rejected(row.line, reason, _raw(row.lead))
                continue
        yield row


def _open_for_writing(path: str) -> TextIO:
    try:
        return Path(path).open("w", encoding="utf-8", newline="\n")
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
