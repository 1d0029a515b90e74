"""The ``leadqual`` parser and dispatcher: each command lives in its own module.

A command module exposes ``COMMANDS``, a tuple of :class:`Command`; ``_MODULES`` names
the modules in the order their commands appear in ``leadqual --help``. Command modules
import heavy or optional dependencies inside ``run``, so ``leadqual --help`` starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

import attrs

from leadqual.exceptions import LeadqualError

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_REJECTED", "Command", "main"]

EXIT_OK = 0
"""Every input row was used."""
EXIT_REJECTED = 1
"""Some input rows were rejected (the good rows were still used)."""
EXIT_ERROR = 2
"""The command could not run."""

_MODULES = (
    "leadqual.cli._demo",
    "leadqual.cli._score",
    "leadqual.cli._sql",
    "leadqual.cli._import",
    "leadqual.cli._store",
    "leadqual.cli._handoff",
    "leadqual.cli._report",
    "leadqual.cli._review",
)


@attrs.frozen
class Command:
    """One subcommand: its name, one line of help, its arguments and what it runs.

    ``run(args, stdout, stderr)`` returns the exit code.
    """

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, TextIO, TextIO], int]


def _commands() -> list[Command]:
    commands: list[Command] = []
    for name in _MODULES:
        commands.extend(importlib.import_module(name).COMMANDS)
    return commands


def _version() -> str:
    from importlib import metadata  # noqa: PLC0415 - only for the parser

    try:
        return metadata.version("leadqual")
    except metadata.PackageNotFoundError:  # running from a source tree without install
        return "unknown"


def _parser(commands: Sequence[Command]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leadqual",
        description="Explainable B2B lead qualification: fit, engagement, verdict.",
        epilog="Exit codes: 0 all rows used, 1 some rows rejected, 2 error.",
    )
    parser.add_argument("--version", action="version", version=f"leadqual {_version()}")
    parser.add_argument("--lang", choices=("en", "nl"), default="en", help="output language")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in commands:
        subparser = sub.add_parser(command.name, help=command.help)
        command.configure(subparser)
        # Global options work after the subcommand too; SUPPRESS keeps the global value
        # when the option is not repeated there. A command with its own --lang keeps it.
        with contextlib.suppress(argparse.ArgumentError):
            subparser.add_argument(
                "--lang", choices=("en", "nl"), default=argparse.SUPPRESS, help="output language"
            )
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line; returns the exit code (see :mod:`leadqual.cli`)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    commands = _commands()
    args = _parser(commands).parse_args(argv)
    from leadqual.cli._output import printable  # noqa: PLC0415 - imports scoring; not for --help

    run = {command.name: command.run for command in commands}[args.command]
    try:
        return run(args, out, err)
    except BrokenPipeError:
        # The reader went away (``leadqual score ... | head``): what it wanted was written.
        if out is sys.stdout:  # an embedding caller's own stream is theirs to handle
            _silence_stdout()
        return EXIT_OK
    except (LeadqualError, OSError) as exc:
        err.write(f"leadqual: error: {printable(str(exc))}\n")
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - a bug must not look like exit 1 (rows rejected)
        first = str(exc).splitlines()[0] if str(exc) else ""
        err.write(f"leadqual: internal error: {type(exc).__name__}: {printable(first)}\n")
        return EXIT_ERROR


def _silence_stdout() -> None:
    # Python flushes standard output at exit; on a closed pipe that flush fails again and
    # prints a traceback, so point the descriptor at /dev/null first.
    import os  # noqa: PLC0415 - only on a closed pipe

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # standard output is no real file (tests); nothing will flush to a pipe
