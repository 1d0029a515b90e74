"""``leadqual review`` and ``leadqual calibrate``: learn from outcomes."""

from __future__ import annotations

import argparse
import contextlib
import json
from typing import TYPE_CHECKING, Any, TextIO

from leadqual._time import parse_timestamp, resolve_timezone
from leadqual.cli._app import EXIT_OK, EXIT_REJECTED, Command
from leadqual.cli._import import add_input_options, input_format
from leadqual.cli._output import printable, write_json
from leadqual.cli._score import _open_rejects
from leadqual.io import dump_model, load_model
from leadqual.scoring import ScoringModel, format_points, starter_model

if TYPE_CHECKING:
    import datetime as dt

    from leadqual.io import Rejected
    from leadqual.lead import Lead
    from leadqual.review import Comparison, Review

__all__ = ["COMMANDS"]

_TEXTS = {
    "en": {
        "head": "{model}: {leads} leads, {won} won ({rate}); ROC AUC {auc}",
        "deciles": "Deciles (best scores first)",
        "decile": "  {d:>2}  {lo:>7} .. {hi:<7} {n:>6} leads  converts {conv:>6}  lift {lift:4.2f}"
        "  captures {cap:>6}",
        "bands": "Calibration (score band -> observed conversion)",
        "band": "  {band:<18} {n:>6} leads  converts {conv:>6}",
        "rules": "Rules",
        "rule": "  {rule:<{width}} {points:>6}  fires {share:>6}  converts {fired:>6} vs {rest:>6}"
        "  lift {lift:>4}  {note}",
        "losses": "High scores (>= {line}): {n} leads, {won} won; lost by reason:",
        "loss": "  {label:<28} {n:>5} ({share})",
        "suggestions": "Suggestions",
        "compare": "{a} vs {b}: ROC AUC {auc_a} vs {auc_b}; SQL only under {a}: {na} ({ca}),"
        " only under {b}: {nb} ({cb})",
        "wrote": "wrote {path}: {rules} rules, ROC AUC {auc} on the training leads",
        "rejected": "leadqual: {used} used, {rejected} rejected",
    },
    "nl": {
        "head": "{model}: {leads} leads, {won} gewonnen ({rate}); ROC AUC {auc}",
        "deciles": "Decielen (beste scores eerst)",
        "decile": "  {d:>2}  {lo:>7} .. {hi:<7} {n:>6} leads  converteert {conv:>6}"
        "  lift {lift:4.2f}"
        "  vangt {cap:>6}",
        "bands": "Kalibratie (scoreband -> waargenomen conversie)",
        "band": "  {band:<18} {n:>6} leads  converteert {conv:>6}",
        "rules": "Regels",
        "rule": "  {rule:<{width}} {points:>6}  vuurt {share:>6}"
        "  converteert {fired:>6} vs {rest:>6}  lift {lift:>4}  {note}",
        "losses": "Hoge scores (>= {line}): {n} leads, {won} gewonnen; verloren per reden:",
        "loss": "  {label:<28} {n:>5} ({share})",
        "suggestions": "Suggesties",
        "compare": "{a} tegen {b}: ROC AUC {auc_a} tegen {auc_b};"
        " alleen SQL onder {a}: {na} ({ca}),"
        " alleen onder {b}: {nb} ({cb})",
        "wrote": "{path} geschreven: {rules} regels, ROC AUC {auc} op de trainingsleads",
        "rejected": "leadqual: {used} gebruikt, {rejected} afgewezen",
    },
}


def _pct(value: float | None, lang: str) -> str:
    if value is None:
        return "-"
    shown = f"{value:.1%}"
    return shown.replace(".", ",") if lang == "nl" else shown


def _num(value: float | None, lang: str, digits: int = 3) -> str:
    if value is None:
        return "-"
    shown = f"{value:.{digits}f}"
    return shown.replace(".", ",") if lang == "nl" else shown


def _read(args: argparse.Namespace) -> tuple[list[Lead], list[Rejected]]:
    from leadqual.io import Rejected, read_leads  # noqa: PLC0415 - lean start-up

    zone = resolve_timezone(args.timezone)
    leads: list[Lead] = []
    rejected: list[Rejected] = []
    rows = read_leads(
        args.leads,
        default_timezone=zone,
        format=input_format(args),
        preset=args.preset,
        mapping=args.mapping,
    )
    for row in rows:
        if isinstance(row, Rejected):
            rejected.append(row)
        else:
            leads.append(row.lead)
    return leads, rejected


def _as_of(args: argparse.Namespace) -> dt.datetime | str | None:
    if args.as_of == "decision":
        return "decision"
    if args.as_of == "none":
        return None
    return parse_timestamp(args.as_of, resolve_timezone(args.timezone))


def _finish(args: argparse.Namespace, used: int, rejected: list[Rejected], err: TextIO) -> int:
    rejects = _open_rejects(args.rejects)
    with rejects if rejects is not None else contextlib.nullcontext():
        if rejects is not None:
            write_json(
                ({"line": r.line, "reason": r.reason, "raw": r.raw} for r in rejected), rejects
            )
    if not rejected:
        return EXIT_OK
    err.write(_TEXTS[args.lang]["rejected"].format(used=used, rejected=len(rejected)) + "\n")
    err.writelines(f"  line {item.line}: {printable(item.reason)}\n" for item in rejected[:20])
    return EXIT_REJECTED


def _review_text(found: Review, line: float, lang: str) -> list[str]:
    t = _TEXTS[lang]
    out = [
        t["head"].format(
            model=printable(found.model),
            leads=found.leads,
            won=found.positives,
            rate=_pct(found.conversion, lang),
            auc=_num(found.auc, lang),
        ),
        "",
        t["deciles"],
    ]
    out.extend(
        t["decile"].format(
            d=d.decile,
            lo=format_points(d.min_points),
            hi=format_points(d.max_points),
            n=d.leads,
            conv=_pct(d.conversion, lang),
            lift=d.lift,
            cap=_pct(d.captured, lang),
        )
        for d in found.deciles
    )
    out += ["", t["bands"]]
    for band in found.calibration:
        low = "" if band.low is None else format_points(band.low)
        high = "" if band.high is None else format_points(band.high)
        shown = f"< {high}" if band.low is None else f">= {low}" if band.high is None else ""
        out.append(
            t["band"].format(
                band=shown or f"{low} .. {high}", n=band.leads, conv=_pct(band.conversion, lang)
            )
        )
    out += ["", t["rules"]]
    width = max([4, *(len(printable(r.rule)) for r in found.rules)])
    out.extend(
        t["rule"]
        .format(
            rule=printable(r.rule),
            width=width,
            points="?" if r.points is None else format_points(r.points),
            share=_pct(r.share, lang),
            fired=_pct(r.conversion_fired, lang),
            rest=_pct(r.conversion_not_fired, lang),
            lift=_num(r.lift, lang, 2),
            note=printable(r.note),
        )
        .rstrip()
        for r in found.rules
    )
    out += [
        "",
        t["losses"].format(line=format_points(line), n=found.high_scores, won=found.high_score_won),
    ]
    out.extend(
        t["loss"].format(label=printable(loss.label), n=loss.leads, share=_pct(loss.share, lang))
        for loss in found.losses
    )
    if found.suggestions:
        out += ["", t["suggestions"]]
        out.extend(f"  - {printable(s)}" for s in found.suggestions)
    return out


def _compare_text(both: Comparison, lang: str) -> str:
    return _TEXTS[lang]["compare"].format(
        a=printable(both.a.model),
        b=printable(both.b.model),
        auc_a=_num(both.a.auc, lang),
        auc_b=_num(both.b.auc, lang),
        na=both.only_a[0],
        ca=_pct(both.only_a[1], lang),
        nb=both.only_b[0],
        cb=_pct(both.only_b[1], lang),
    )


def _model(path: str | None) -> ScoringModel:
    return starter_model() if path is None else load_model(path)


def _cmd_review(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from leadqual.review import compare, review, review_to_data  # noqa: PLC0415

    leads, rejected = _read(args)
    model = _model(args.model)
    segments = tuple(args.segment) if args.segment else None
    options: dict[str, Any] = {"as_of": _as_of(args), "lang": args.lang}
    if segments is not None:
        options["segments"] = segments
    found = review(model, leads, args.outcome, **options)
    data: dict[str, Any] = review_to_data(found)
    both = None
    if args.compare is not None:
        other = load_model(args.compare)
        both = compare(model, other, leads, args.outcome, as_of=options["as_of"], lang=args.lang)
        data = {**data, "compare": review_to_data(both)}
    if args.format == "json":
        out.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
    else:
        out.write("\n".join(_review_text(found, model.thresholds.sql, args.lang)) + "\n")
        if both is not None:
            out.write("\n" + _compare_text(both, args.lang) + "\n")
    return _finish(args, len(leads), rejected, err)


def _cmd_calibrate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from leadqual.review import Calibrator, outcomes, roc_auc, score_at  # noqa: PLC0415

    leads, rejected = _read(args)
    base = load_model(args.model) if args.model is not None else None
    calibrator = Calibrator(
        model=base,
        max_rules=args.max_rules,
        sql_probability=args.sql_probability,
        points_to_double_odds=args.points_to_double_odds,
        monotone=args.monotone,
        exclude=tuple(args.exclude or ()),
        as_of=_as_of(args),
        rejection_rate=args.rejection_rate,
        capacity_per_week=args.capacity,
        name=args.name,
    )
    learned = calibrator.fit(leads, args.outcome)
    dump_model(learned, args.output)
    auc = roc_auc(score_at(learned, leads, calibrator.as_of), outcomes(leads, args.outcome))
    if args.format == "json":
        row = {
            "model": args.output,
            "rules": len(learned.rules),
            "auc": auc,
            "leads": len(leads),
            "sql": learned.thresholds.sql,
            "mql": learned.thresholds.mql,
            "description": learned.description,
        }
        out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    else:
        shown = _TEXTS[args.lang]["wrote"].format(
            path=printable(args.output), rules=len(learned.rules), auc=_num(auc, args.lang)
        )
        out.write(shown + "\n" + printable(learned.description) + "\n")
    return _finish(args, len(leads), rejected, err)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("leads", help="leads file, or - for standard input")
    parser.add_argument(
        "--outcome",
        required=True,
        help="lead path of the outcome: 'outcome' (status won) or e.g. attributes.Converted",
    )
    parser.add_argument(
        "--as-of",
        default="decision",
        help="'decision' (each lead as it stood at its decision time), 'none', or ISO-8601",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    add_input_options(parser)


def _configure_review(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--model", help="model file to review; default: the starter model")
    parser.add_argument("--compare", help="a second model file, reviewed side by side")
    parser.add_argument(
        "--segment", action="append", help="lead path to break win rates down by (repeatable)"
    )


def _configure_calibrate(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--model", help="a model whose rules join the candidates")
    parser.add_argument("-o", "--output", required=True, help="the model file to write")
    parser.add_argument("--max-rules", type=int, default=60)
    parser.add_argument("--sql-probability", type=float, default=0.5)
    parser.add_argument("--points-to-double-odds", type=float, default=20.0)
    parser.add_argument("--monotone", choices=("auto", "none"), default="auto")
    parser.add_argument("--exclude", action="append", help="lead path (glob) not to learn from")
    parser.add_argument("--rejection-rate", type=float, help="share of leads below the SQL line")
    parser.add_argument("--capacity", type=float, help="SQLs sales can take per week")
    parser.add_argument("--name", default="learned", help="the learned model's name")


COMMANDS = (
    Command(
        "review",
        "how well a model orders the outcomes, each rule's lift, suggestions",
        _configure_review,
        _cmd_review,
    ),
    Command(
        "calibrate",
        "learn a readable integer points table from outcomes",
        _configure_calibrate,
        _cmd_calibrate,
    ),
)
"""The commands this module adds to ``leadqual``."""
