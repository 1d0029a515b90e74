"""What every command prints: terminal-safe text, tables, JSON lines, formula-safe CSV."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring as _encode_text  # a str as the encoder writes it
from typing import TYPE_CHECKING, Any, TextIO

from leadqual._lang import format_number
from leadqual.scoring import format_points
from leadqual.scoring._score import reason_phrases
from leadqual.stage import Stage

if TYPE_CHECKING:
    from leadqual.icp import Fit
    from leadqual.lead import Lead
    from leadqual.scoring import Score

__all__ = [
    "JsonText",
    "csv_line",
    "encode_json",
    "funnel",
    "grid",
    "json_row",
    "printable",
    "safe_cell",
    "score_row",
    "table",
    "write_csv",
    "write_json",
    "write_lines",
]

# OWASP's CSV-injection rules: a cell a spreadsheet may read as a formula starts with one
# of these, possibly after whitespace or invisible characters (a BOM, a no-break space).
_FORMULA = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63")
# Characters that start a new cell or row (or hide) when a spreadsheet imports the text.
_CONTROL_START = frozenset("\t\r\n\x00\x0b\x0c")


def _invisible(char: str) -> bool:
    # Whitespace, control and format characters (BOM, zero-width space) show as nothing.
    return char.isspace() or not char.isprintable()


def safe_cell(value: object) -> object:
    r"""Neutralize text a spreadsheet would run as a formula (``=HYPERLINK(...)``).

    Numbers stay numbers. Text gets a leading apostrophe, as OWASP recommends for CSV
    injection, when it starts with ``= + - @`` (or their full-width forms), with a tab,
    carriage return, line feed or NUL, or with whitespace or invisible characters (a
    BOM, a no-break space) before one of ``= + - @``.

    >>> safe_cell("=cmd|' /C calc'!A0"), safe_cell(-30), safe_cell("Acme")
    ("'=cmd|' /C calc'!A0", -30, 'Acme')
    >>> safe_cell("﻿ =1+1"), safe_cell(" Acme")
    ("'﻿ =1+1", ' Acme')
    """
    if not isinstance(value, str) or not value:
        return value
    if value[0] in _CONTROL_START or value[0] in _FORMULA:
        return "'" + value
    if _invisible(value[0]):
        first = next((char for char in value if not _invisible(char)), "")
        if first in _FORMULA:
            return "'" + value
    return value


def score_row(score: Score, lead: Lead, lang: str) -> dict[str, Any]:
    """The ``score --format json`` row, plainly (the oracle :class:`JsonText` is held to)."""
    ledger = [
        {
            "rule": entry.rule,
            "group": entry.group,
            "points": entry.points,
            "raw_points": entry.raw_points,
            "decay": entry.decay,
            "kind": entry.kind,
            "label": {
                "en": score.rule_label(entry.rule, "en"),
                "nl": score.rule_label(entry.rule, "nl"),
            },
            "evidence": entry.evidence.describe(lang),
        }
        for entry in score.ledger
    ]
    return _with_icp(score, {**_head(score, lead, score.reasons(lang)), "ledger": ledger})


def _head(score: Score, lead: Lead, reasons: list[str]) -> dict[str, Any]:
    # Every key of the row before the ledger, in the row's order.
    return {
        "id": score.lead_id,
        "points": score.points,
        "fit": score.fit,
        "engagement": score.engagement,
        "stage": score.stage.value,
        "groups": dict(score.groups),
        "matrix": score.matrix,
        "company": lead.company.name,
        "reasons": reasons,
    }


def _with_icp(score: Score, row: dict[str, Any]) -> dict[str, Any]:
    fit = score.icp_fit
    if fit is not None:
        row["icp"] = _icp(fit)
    return row


def _icp(fit: Fit) -> dict[str, Any]:
    return {"grade": fit.grade.value, "score": fit.score, "coverage": fit.coverage}


def json_row(score: Score, lead: Lead, lang: str) -> dict[str, Any]:
    """:func:`score_row`'s exact row, built with less work per ledger entry.

    Each rule's two labels are looked up once per row rather than once per entry;
    ``tests/test_cli_rows.py`` checks on random models and leads that the two agree.
    """
    labels: dict[str, dict[str, str]] = {}
    label = score.rule_label
    ledger: list[dict[str, Any]] = []
    append = ledger.append
    for entry in score.ledger:
        rule = entry.rule
        names = labels.get(rule)
        if names is None:
            names = labels[rule] = {"en": label(rule, "en"), "nl": label(rule, "nl")}
        append(
            {
                "rule": rule,
                "group": entry.group,
                "points": entry.points,
                "raw_points": entry.raw_points,
                "decay": entry.decay,
                "kind": entry.kind,
                "label": dict(names),
                "evidence": entry.evidence.describe(lang),
            }
        )
    return _with_icp(score, {**_head(score, lead, score.reasons(lang)), "ledger": ledger})


_DUMPS = json.JSONEncoder(ensure_ascii=False).encode
encode_json = _DUMPS
"""One value as a JSON text, as :func:`write_json` writes it (``ensure_ascii=False``)."""


class JsonText:
    """``score --format json``: the text :func:`write_json` writes for :func:`json_row`.

    The same bytes, with less work: a ledger entry's text is put together from pieces
    encoded once per rule (its name, group, kind and labels), its numbers and its
    evidence phrase; the reasons are summed while the ledger is walked, not in a second
    walk; no row dictionary is built only to be encoded. ``tests/test_cli_rows.py`` holds
    it to :func:`score_row` on random models and leads.
    """

    __slots__ = ("_labels", "_pieces", "lang")

    LIMIT = 4_096
    """How many rules' pieces are kept (a model has far fewer; odd use cannot grow it)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._labels: object = None
        # (rule, group, kind) -> [head, tail, points, raw points, decay, text up to evidence]
        self._pieces: dict[tuple[str, str, str], list[Any]] = {}

    def __call__(self, score: Score, lead: Lead) -> str:
        """One row's JSON text (no line end)."""
        lang = self.lang
        if score.labels is not self._labels:  # another model: other labels
            self._labels = score.labels
            self._pieces = {}
        pieces = self._pieces
        totals: dict[str, list[float]] = {}
        ledger: list[str] = []
        append = ledger.append
        for entry in score.ledger:
            rule, group, kind, points = entry.rule, entry.group, entry.kind, entry.points
            if kind == "rule":
                if rule in totals:
                    totals[rule].append(points)
                else:
                    totals[rule] = [points]
            found = pieces.get((rule, group, kind))
            if found is None:
                found = self._pieces_of(score, rule, group, kind)
            raw, decay = entry.raw_points, entry.decay
            # A rule without limits or decay gives every entry the same number objects:
            # the same objects have the same text, so it is kept from the entry before.
            if points is found[2] and raw is found[3] and decay is found[4]:
                start = found[5]
            else:
                start = (
                    found[0]
                    + _number(points)
                    + ', "raw_points": '
                    + _number(raw)
                    + ', "decay": '
                    + _number(decay)
                    + found[1]
                )
                found[2:] = points, raw, decay, start
            append(start + _encode_text(entry.evidence.describe(lang)) + "}")
        text = _DUMPS(_head(score, lead, reason_phrases(totals, score.rule_label, lang)))
        fit = score.icp_fit
        icp = "" if fit is None else ', "icp": ' + _DUMPS(_icp(fit))
        # text ends with the head's closing brace: the ledger (and icp) go before it.
        return text[:-1] + ', "ledger": [' + ", ".join(ledger) + "]" + icp + "}"

    def _pieces_of(self, score: Score, rule: str, group: str, kind: str) -> list[Any]:
        names = {"en": score.rule_label(rule, "en"), "nl": score.rule_label(rule, "nl")}
        head = '{"rule": ' + _DUMPS(rule) + ', "group": ' + _DUMPS(group) + ', "points": '
        tail = ', "kind": ' + _DUMPS(kind) + ', "label": ' + _DUMPS(names) + ', "evidence": '
        if len(self._pieces) >= self.LIMIT:
            self._pieces.clear()
        found = self._pieces[rule, group, kind] = [head, tail, _NONE, _NONE, _NONE, ""]
        return found


_NONE = object()  # no number seen yet (never the same object as one)


def _number(value: object) -> str:
    # What the encoder writes for a number: repr of a plain int or finite float.
    if isinstance(value, float):
        if type(value) is float and math.isfinite(value):
            return float.__repr__(value)
    elif type(value) is int:
        return int.__repr__(value)
    return _DUMPS(value)  # NaN, a bool, a subclass: as the encoder has it


def write_json(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """One JSON line per row."""
    write_lines((_DUMPS(row) for row in rows), out)


def write_lines(lines: Iterable[str], out: TextIO) -> None:
    """Each text as one line, written in batches rather than one call each.

    A failure mid-stream still leaves every line before it written (finally).
    """
    batch: list[str] = []
    try:
        for line in lines:
            batch.append(line)
            if len(batch) >= _BATCH:
                out.write("\n".join(batch) + "\n")
                batch.clear()
    finally:
        if batch:
            out.write("\n".join(batch) + "\n")


_BATCH = 256


_CSV_COLUMNS = ("id", "company", "points", "fit", "engagement", "stage", "matrix", "reasons")


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO, *, formula_guard: bool = True) -> None:
    """The rows as CSV, every text cell through :func:`safe_cell` unless ``formula_guard`` is off.

    A cell holding a line break of any kind (a lone carriage return too) is quoted, so a
    spreadsheet never reads the rest of it as a new row.
    """
    guard = safe_cell if formula_guard else _as_is
    out.write(csv_line(_CSV_COLUMNS))
    for row in rows:
        cells = [*(row[key] for key in _CSV_COLUMNS[:-1]), "; ".join(row["reasons"])]
        out.write(csv_line([guard("" if cell is None else cell) for cell in cells]))


def _as_is(value: object) -> object:
    return value


_QUOTE_WHEN = frozenset(',"\r\n')


def csv_line(cells: Iterable[object]) -> str:
    """One CSV record; a cell with a separator, quote or any line break is quoted."""
    # The csv module quotes only the characters of its own line terminator ("\n" here),
    # not a bare "\r"; this quotes any cell that holds a separator, quote or line break.
    fields = []
    for cell in cells:
        text = cell if isinstance(cell, str) else _csv_scalar(cell)
        if _QUOTE_WHEN.intersection(text):
            text = '"' + text.replace('"', '""') + '"'
        fields.append(text)
    return ",".join(fields) + "\n"


def _csv_scalar(value: object) -> str:
    # As csv.writer writes numbers: repr for floats, str for the rest.
    return repr(value) if isinstance(value, float) else str(value)


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


def table(rows: Sequence[dict[str, Any]], lang: str, *, ranked: bool) -> str:
    headers: list[str] = {
        "en": ["#", "id", "company", "points", "stage", "top reasons"],
        "nl": ["#", "id", "bedrijf", "punten", "fase", "belangrijkste redenen"],
    }[lang]
    body: list[list[str]] = [
        [
            str(index),
            printable(row["id"]),
            printable(row["company"] or "?")[:28],
            format_points(row["points"]) if lang == "en" else format_number(row["points"], lang),
            _short_stage(Stage(row["stage"]), lang),
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


_SHORT_STAGES_NL = {
    Stage.NEW: "NIEUW",
    Stage.OPPORTUNITY: "KANS",
    Stage.CUSTOMER: "KLANT",
    Stage.DISQUALIFIED: "AFGEWEZEN",
    Stage.LOST: "VERLOREN",
}


def _short_stage(stage: Stage, lang: str) -> str:
    # The stage column is short: MQL and SQL in both languages, the others translated.
    return _SHORT_STAGES_NL.get(stage, stage.value.upper()) if lang == "nl" else stage.value.upper()


def funnel(scores: Sequence[Score], lang: str, *, snapshot: bool = False) -> str:
    """The scored stages now; with ``snapshot``, no conversion rate (it would not be one).

    ``SQL / (MQL + SQL)`` at one moment is a share, not a conversion rate: a real rate
    follows leads over time (``leadqual.metrics.mql_to_sql``).
    """
    counts = Counter(score.stage for score in scores)
    total = len(scores)
    title = {"en": "Funnel", "nl": "Funnel"}[lang]
    lines = [f"{title} ({total} leads):"]
    for stage in (Stage.SQL, Stage.MQL, Stage.NEW, Stage.DISQUALIFIED):
        share = counts[stage] / total * 100 if total else 0.0
        shown = format_number(share, lang, digits=1)
        lines.append(f"  {stage.label(lang):<32} {counts[stage]:>5}  {shown:>5}%")
    qualified = counts[Stage.MQL] + counts[Stage.SQL]
    if snapshot:
        lines[0] = {
            "en": f"Stages now ({total} leads, a snapshot, not a conversion rate):",
            "nl": f"Fases nu ({total} leads, een momentopname, geen conversie):",
        }[lang]
    elif qualified:
        rate = counts[Stage.SQL] / qualified * 100
        label = {"en": "MQL→SQL conversion", "nl": "Conversie MQL→SQL"}[lang]
        bench = {"en": "Dutch B2B average ~13%", "nl": "gemiddeld zo'n 13% in de Nederlandse B2B"}[
            lang
        ]
        lines.append(f"  {label}: {format_number(rate, lang, digits=1)}% ({bench})")
    return "\n".join(lines)


def grid(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain text table: every cell made terminal-safe, columns padded to fit.

    >>> print(grid(["id", "stage"], [["L-1", "sql"]]))
    id   stage
    ---  -----
    L-1  sql
    """
    body = [[printable("" if cell is None else str(cell)) for cell in row] for row in rows]
    widths = [max([len(h), *(len(line[k]) for line in body)]) for k, h in enumerate(headers)]

    def fmt(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(widths[k]) for k, cell in enumerate(cells)).rstrip()

    return "\n".join([fmt(headers), fmt(["-" * w for w in widths]), *(fmt(r) for r in body)])
