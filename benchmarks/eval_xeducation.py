"""Evaluate points tables on the real X Education leads (9,240 leads, 38.5% converted).

Reads ``../shared/data/x-education/Leads.csv`` (or ``--csv PATH``), turns each row into a
``leadqual.Lead`` (occupation as job title, lead source, the web behaviour as numeric
attributes; the columns sales fills in after contact are left out because they leak the
outcome), scores it with

- the article's starter table (it knows only "Student" and free e-mail here: no events),
- a hand-made points table for this data written as a leadqual model,

and prints each model's ROC AUC next to the reference numbers measured on the same data
(hand-made fixed weights 0.832, logistic regression 0.897). It then reviews every rule
the way the article asks for at the quarterly review: how often it fires and how the
leads it fires on convert compared with the average. The "Student" penalty is the
example: students convert at about the average here, so the rule hurts.

    python benchmarks/eval_xeducation.py
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import leadqual as lq
from leadqual.scoring import AnyOf, Between, Equals, OneOf, Rule, ScoringModel, Thresholds


def _shared_csv() -> Path:
    """``shared/data/x-education/Leads.csv`` beside the clone or one of its parents."""
    here = Path(__file__).resolve().parents[1]
    for folder in here.parents:
        candidate = folder / "shared" / "data" / "x-education" / "Leads.csv"
        if candidate.exists():
            return candidate
    return here.parent / "shared" / "data" / "x-education" / "Leads.csv"


DEFAULT_CSV = _shared_csv()
AS_OF = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
NOT_ANSWERED = {"", "Select"}
NO_SIGNAL = 0.1  # a lift within 10% of 1 says nothing about conversion


def _number(text: str) -> float | None:
    try:
        return float(text) if text.strip() else None
    except ValueError:
        return None


def leads_from_csv(path: Path) -> Iterator[tuple[lq.Lead, bool]]:
    """Each row as a lead and whether it converted. "Select" means not answered."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            occupation = row["What is your current occupation"]
            attributes: dict[str, lq.lead.JSONValue] = {
                "lead_origin": row["Lead Origin"],
                "last_activity": row["Last Activity"] or None,
                "do_not_email": row["Do Not Email"] == "Yes",
                "total_visits": _number(row["TotalVisits"]),
                "time_on_site": _number(row["Total Time Spent on Website"]),
                "page_views_per_visit": _number(row["Page Views Per Visit"]),
            }
            lead = lq.Lead(
                id=row["Prospect ID"],
                job_title=None if occupation in NOT_ANSWERED else occupation,
                source=row["Lead Source"] or None,
                attributes={key: value for key, value in attributes.items() if value is not None},
            )
            yield lead, row["Converted"] == "1"


LEAKING = ("Tags", "Lead Quality", "Lead Profile")
"""Columns sales fills in after contact (and every ``Asymmetrique*`` one): never features."""
_IDS = ("Prospect ID", "Lead Number", "Converted")


def leaking(column: str) -> bool:
    """Whether ``column`` leaks the outcome (filled in by sales after contact)."""
    return column in LEAKING or column.startswith("Asymmetrique")


LEAKING_PATHS = (
    *(f"attributes.{column}" for column in LEAKING),
    "attributes.Asymmetrique*",
    "attributes.Lead Number",
)
"""The lead paths not to learn from when the file is read with the ``xeducation`` preset:
the leaking columns, and the lead number (an identifier, not a signal)."""


def read_with_preset(path: Path) -> list[lq.Lead]:
    """Every row through the ``xeducation`` preset (``Converted`` = 1 is a won outcome)."""
    return list(lq.load_leads(path, preset="xeducation"))


def hand_made_model() -> ScoringModel:
    """A fixed points table for this data, written in an afternoon from the dictionary."""
    return ScoringModel(
        name="x-education",
        rules=(
            Rule("add_form", 40, when=Equals("attributes.lead_origin", "Lead Add Form")),
            Rule("reference", 20, when=OneOf("source", ("Reference", "Welingak Website"))),
            Rule("working_professional", 35, when=Equals("job_title", "Working Professional")),
            Rule("long_visit", 25, when=Between("attributes.time_on_site", min=800)),
            Rule("medium_visit", 10, when=Between("attributes.time_on_site", min=300, max=800)),
            Rule(
                "engaged_last",
                15,
                when=OneOf(
                    "attributes.last_activity",
                    ("SMS Sent", "Email Opened", "Email Link Clicked", "Form Submitted on Website"),
                ),
            ),
            Rule(
                "cold_last",
                -15,
                when=AnyOf(
                    (
                        Equals("attributes.last_activity", "Olark Chat Conversation"),
                        Equals("attributes.last_activity", "Email Bounced"),
                    )
                ),
            ),
            Rule("do_not_email", -20, when=Equals("attributes.do_not_email", value=True)),
            Rule("olark_chat", -10, when=Equals("source", "Olark Chat")),
        ),
        thresholds=Thresholds(sql=60, mql=30),
    )


def roc_auc(scores: Sequence[float], outcomes: Sequence[bool]) -> float:
    """Area under the ROC curve (Mann-Whitney U with tied ranks averaged)."""
    order = sorted(range(len(scores)), key=scores.__getitem__)
    ranks = [0.0] * len(scores)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and scores[order[end + 1]] == scores[order[start]]:
            end += 1
        for k in range(start, end + 1):
            ranks[order[k]] = (start + end) / 2 + 1
        start = end + 1
    positives = sum(outcomes)
    negatives = len(outcomes) - positives
    rank_sum = sum(rank for rank, won in zip(ranks, outcomes, strict=True) if won)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def review(model: ScoringModel, data: Sequence[tuple[lq.Lead, bool]]) -> list[str]:
    """Per rule: share of leads it fires on and their conversion against the average."""
    base = sum(won for _, won in data) / len(data)
    fired: dict[str, list[bool]] = {rule.name: [] for rule in model.rules}
    for lead, won in data:
        for name in {entry.rule for entry in model.score(lead, AS_OF).ledger}:
            if name in fired:
                fired[name].append(won)
    lines = []
    for rule in model.rules:
        if not isinstance(rule, Rule):
            continue
        hits = fired[rule.name]
        if not hits:
            lines.append(f"  {rule.name:<22} {rule.points:>+5}  never fires")
            continue
        rate = sum(hits) / len(hits)
        lift = rate / base
        flag = ""
        if abs(lift - 1) < NO_SIGNAL:
            flag = "   <- no signal: converts about as the average"
        elif (rule.points > 0) != (lift > 1):
            flag = "   <- points point the wrong way"
        lines.append(
            f"  {rule.name:<22} {rule.points:>+5}  fires on {len(hits) / len(data):6.1%}"
            f"  converts {rate:6.1%} (lift {lift:4.2f}){flag}"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Score the data with both models and print AUCs and the rule review."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    args = parser.parse_args(argv)
    if not args.csv.exists():
        print(f"{args.csv} not found: the X Education data set is not on this machine")
        return 0
    data = list(leads_from_csv(args.csv))
    outcomes = [won for _, won in data]
    print(f"{len(data):,} leads, {sum(outcomes) / len(data):.1%} converted")
    print("reference (5-fold CV, same data): hand-made fixed 0.832, logistic regression 0.897")
    for model in (lq.starter_model(), hand_made_model()):
        points = [model.score(lead, AS_OF).points for lead, _ in data]
        print(f"\n{model.name}: ROC AUC {roc_auc(points, outcomes):.3f}")
        print("\n".join(review(model, data)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
