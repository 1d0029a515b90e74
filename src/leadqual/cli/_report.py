"""``leadqual report``: the KPIs of lead histories, and the offline HTML dashboard."""

from __future__ import annotations

import argparse
import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from leadqual._time import resolve_timezone
from leadqual.cli._app import EXIT_ERROR, EXIT_OK, EXIT_REJECTED, Command
from leadqual.cli._output import printable
from leadqual.cli._score import _as_of, _load_model, _open_rejects

if TYPE_CHECKING:
    import datetime as dt

    from leadqual.io import Format, Rejected
    from leadqual.lead import Lead

__all__ = ["COMMANDS"]


def _cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from leadqual.io import load_icp  # noqa: PLC0415 - lean start-up
    from leadqual.metrics import report  # noqa: PLC0415
    from leadqual.report import render_dashboard  # noqa: PLC0415

    if (args.db is None) == (args.leads is None):
        err.write("leadqual: error: report takes LEADS or --db URL (one of them)\n")
        return EXIT_ERROR
    zone = resolve_timezone(args.timezone)
    as_of = _as_of(args.as_of, zone)
    icp = load_icp(args.icp) if args.icp else None
    leads: list[Lead] = []
    rejected: list[Rejected] = []
    scores: dict[str, tuple[float | None, str | None]] = {}
    if args.db is not None:
        leads, points = _from_store(args.db)
        for lead in leads:
            fit = icp.fit(lead) if icp is not None else None
            scores[lead.id] = (points.get(lead.id), fit.grade.value if fit else None)
    else:
        leads, rejected = _from_file(args.leads, zone)
        model = _load_model(args.model)
        for lead in leads:
            score = model.score(lead, as_of=as_of)
            fit = icp.fit(lead) if icp is not None else score.icp_fit
            scores[lead.id] = (score.points, fit.grade.value if fit is not None else None)
    kpis = report(
        leads,
        sla_minutes=args.sla_minutes,
        as_of=as_of,
        scores={key: value[0] for key, value in scores.items() if value[0] is not None},
    )
    rejects = _open_rejects(args.rejects)
    with rejects if rejects is not None else contextlib.nullcontext():
        if rejects is not None:
            rejects.writelines(
                json.dumps({"line": r.line, "reason": r.reason, "raw": r.raw}) + "\n"
                for r in rejected
            )
    if args.html:
        page = render_dashboard(
            leads, lang=args.lang, scores=scores, sla_minutes=args.sla_minutes, as_of=as_of,
            kpis=kpis,
        )  # fmt: skip
        Path(args.html).write_text(page, encoding="utf-8")
    if args.format == "json":
        out.write(json.dumps(kpis.to_data(), ensure_ascii=False) + "\n")
    else:
        _table(kpis.to_data(), kpis.lines(args.lang), args.lang, out)
    if rejected:
        err.write(f"leadqual: {len(leads)} read, {len(rejected)} rejected\n")
        err.writelines(f"  line {item.line}: {item.reason}\n" for item in rejected[:20])
        return EXIT_REJECTED
    return EXIT_OK


def _from_file(source: str, zone: dt.tzinfo | None) -> tuple[list[Lead], list[Rejected]]:
    from leadqual.io import Rejected, read_leads  # noqa: PLC0415 - lean start-up

    fmt: Format | None = "jsonl" if source == "-" else None
    leads: list[Lead] = []
    rejected: list[Rejected] = []
    for row in read_leads(source, default_timezone=zone, format=fmt):
        if isinstance(row, Rejected):
            rejected.append(row)
        else:
            leads.append(row.lead)
    return leads, rejected


def _from_store(url: str) -> tuple[list[Lead], dict[str, float]]:
    """Every stored lead with its timeline as CRM state, and the model's stored points."""
    from leadqual.lifecycle._desk import crm_leads  # noqa: PLC0415 - lean start-up
    from leadqual.store import open_store  # noqa: PLC0415

    with open_store(url) as store:
        return crm_leads(store)


def _table(data: dict[str, object], lines: list[str], lang: str, out: TextIO) -> None:
    heading = {"en": "leads", "nl": "leads"}[lang]
    out.write(f"{data['leads']} {heading}\n")
    out.writelines(f"  {line}\n" for line in lines)
    sources = data["by_source"]
    assert isinstance(sources, dict)  # noqa: S101 - the shape to_data() builds
    header = {
        "en": ("source", "leads", "won", "conversion", "win rate"),
        "nl": ("bron", "leads", "gewonnen", "conversie", "winratio"),
    }[lang]
    out.write("\n" + "  ".join(f"{h:>12}" if k else f"{h:<20}" for k, h in enumerate(header)))
    out.write("\n")
    for source, row in sources.items():
        cells = [
            f"{printable(source)[:20]:<20}",
            f"{row['leads']:>12}",
            f"{row['won']:>12}",
            f"{_pct(row['conversion'], lang):>12}",
            f"{_pct(row['win_rate'], lang):>12}",
        ]
        out.write("  ".join(cells) + "\n")


def _pct(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.1f}%"
    return text.replace(".", ",") if lang == "nl" else text


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("leads", nargs="?", help="leads file with CRM state, or - for stdin")
    parser.add_argument("--db", help="read the lead store at this URL instead of a file")
    parser.add_argument("--html", help="write the offline dashboard to this HTML file")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "--model", help="scoring model for the score column of LEADS; default: starter"
    )
    parser.add_argument("--icp", help="ICP file for the grade column")
    parser.add_argument("--as-of", help="ISO-8601 'now' for open SQLs and scores, or 'now'")
    parser.add_argument("--sla-minutes", type=float, default=60.0, help="follow-up SLA")
    parser.add_argument("--timezone", help="zone for timestamps without an offset")
    parser.add_argument("--rejects", help="write rejected rows (JSON lines) to this file")


COMMANDS = (
    Command("report", "KPIs of lead histories; --html writes the dashboard", _configure,
            _cmd_report),
)  # fmt: skip
"""The commands this module adds to ``leadqual``."""
