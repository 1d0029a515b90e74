"""``leadqual sql``: print a model's scoring query for a warehouse (DuckDB, Spark, PostgreSQL).

The query reads a lead table and a long event table in the engines' layout; a comment
header lists the columns it expects and their types. Every name in the header is
written as a JSON string, so a column named by an attribute key can never end the
comment.
"""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from leadqual.cli._app import EXIT_OK, Command
from leadqual.cli._score import _as_of, _load_model

__all__ = ["COMMANDS"]

_KINDS = ("text", "number", "bool", "texts")

_TEXT = {
    "en": {
        "title": "leadqual scoring query for model {model}, {dialect} dialect.",
        "tables": "It reads two tables (rename them with --leads-table and --events-table):",
        "leads": "{table}: one row per lead",
        "events": "{table}: one row per event",
        "order": (
            "_row is the lead's position (the output keeps it); an event's _row is its lead's; "
            "_seq is the event's rank in canonical order within its lead."
        ),
        "output": "Output: lead_id, points, fit, engagement, stage, group:<name>, rule:<name>.",
        "fold": (
            "Text is compared with LOWER(), which differs from Python's casefold() for some "
            "characters outside ASCII (e.g. 'ß')."
        ),
    },
    "nl": {
        "title": "leadqual-scorequery voor model {model}, dialect {dialect}.",
        "tables": "Ze leest twee tabellen (andere namen met --leads-table en --events-table):",
        "leads": "{table}: één rij per lead",
        "events": "{table}: één rij per gebeurtenis",
        "order": (
            "_row is de positie van de lead (de uitvoer houdt die aan); de _row van een "
            "gebeurtenis is die van haar lead; _seq is haar rang in de canonieke volgorde."
        ),
        "output": "Uitvoer: lead_id, points, fit, engagement, stage, group:<naam>, rule:<naam>.",
        "fold": (
            "Tekst wordt vergeleken met LOWER(), dat voor sommige tekens buiten ASCII "
            "afwijkt van casefold() in Python (bijv. 'ß')."
        ),
    },
}


def _kind(text: str) -> tuple[str, str]:
    column, sep, kind = text.rpartition("=")
    if not sep or not column or kind not in _KINDS:
        msg = f"expected COLUMN=KIND with KIND one of {', '.join(_KINDS)}, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return column, kind


def _configure_sql(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("model", nargs="?", help="model file (.toml/.json); default: the starter")
    parser.add_argument(
        "--dialect", choices=("duckdb", "spark", "postgres"), default="duckdb", help="SQL dialect"
    )
    parser.add_argument("--leads-table", default="leads", help="the lead table (schema.name ok)")
    parser.add_argument("--events-table", default="events", help="the event table")
    parser.add_argument(
        "--as-of", help="score as of this moment (ISO 8601); default: each lead's latest"
    )
    parser.add_argument(
        "--kind",
        action="append",
        type=_kind,
        default=[],
        metavar="COLUMN=KIND",
        help="the kind of an attribute/answer/property column: text, number, bool or texts",
    )


def _cmd_sql(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    from leadqual.engines.sql import render, table_columns  # noqa: PLC0415 - needs sqlglot

    model = _load_model(args.model)
    plan = model.compile().plan
    kinds = dict(args.kind)
    query = render(
        plan,
        args.dialect,
        leads=args.leads_table,
        events=args.events_table,
        as_of=_as_of(args.as_of, None),
        kinds=kinds,
    ).sql(dialect=args.dialect, pretty=True)
    text = _TEXT[getattr(args, "lang", "en")]
    lines = [
        text["title"].format(model=json.dumps(model.name), dialect=args.dialect),
        text["tables"],
    ]
    columns = table_columns(plan, args.dialect, kinds)
    for key, table in (("leads", args.leads_table), ("events", args.events_table)):
        lines.append("  " + text[key].format(table=json.dumps(table)))
        lines.extend(f"    {json.dumps(name)} {kind}" for name, kind in columns[key])
    lines.extend((text["order"], text["output"], text["fold"]))
    out.write("".join(f"-- {line}\n" for line in lines))
    out.write(query + ";\n")
    return EXIT_OK


COMMANDS = (
    Command(
        "sql",
        "print a model's scoring query for DuckDB, Spark SQL or PostgreSQL",
        _configure_sql,
        _cmd_sql,
    ),
)
"""The commands this module adds to ``leadqual``."""
