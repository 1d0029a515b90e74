"""``leadqual demo``: the product on the bundled sample, end to end.

For the top leads: the ICP grade, the verdict, the next step and an opening line; then
the funnel as it stands, and KPIs computed the honest way (cohort rates over lead
histories), on synthetic histories because the sample has none.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from leadqual._lang import format_datetime
from leadqual.cli._app import EXIT_OK, Command
from leadqual.cli._output import funnel, printable, score_row, table

if TYPE_CHECKING:
    from leadqual.icp import ICP

__all__ = ["COMMANDS", "demo_icp"]

_TOP = 5
_HISTORIES = 2000


def demo_icp() -> ICP:
    """The demo's ideal customer: Dutch and Belgian firms of 50–1,000 staff, senior buyers.

    >>> import leadqual as lq
    >>> lead = lq.Lead("L-1", job_title="CEO", company=lq.Company(
    ...     employees=180, industry="manufacturing", country="NL"))
    >>> demo_icp().fit(lead).grade.value
    'A'
    """
    from leadqual.icp import (  # noqa: PLC0415 - only the demo builds this ICP
        ICP,
        CompanySize,
        Geography,
        IndustryCriterion,
        SeniorityCriterion,
    )

    return ICP(
        criteria=(
            CompanySize(min_employees=50, max_employees=1000, margin=0.5),
            IndustryCriterion(industries=("manufacturing", "software", "wholesale", "logistics")),
            Geography(countries=("NL", "BE")),
            SeniorityCriterion(levels=("c_level", "owner", "director", "manager")),
        )
    )


def _cmd_demo(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    from leadqual import datasets  # noqa: PLC0415 - only the demo needs the sample
    from leadqual.frameworks import BANT  # noqa: PLC0415
    from leadqual.metrics import report  # noqa: PLC0415
    from leadqual.scoring import starter_model  # noqa: PLC0415
    from leadqual.verdict import Qualifier  # noqa: PLC0415

    lang = args.lang
    model = starter_model()
    icp = demo_icp()
    qualifier = Qualifier(model=model, icp=icp, framework=BANT)
    leads = datasets.sample_leads()
    as_of = datasets.DEFAULT_AS_OF
    scores = [model.score(lead, as_of=as_of) for lead in leads]
    order = sorted(range(len(leads)), key=lambda k: (-scores[k].points, leads[k].id))
    rows = [score_row(scores[k], leads[k], lang) for k in order]
    heading = {
        "en": f"leadqual demo: {len(leads)} sample leads, starter model, as of {as_of:%Y-%m-%d}",
        "nl": f"leadqual demo: {len(leads)} voorbeeldleads, startmodel, stand van "
        f"{format_datetime(as_of, 'nl', year=True, time=False)}",
    }[lang]
    out.write(heading + "\n\n")
    out.write(table(rows, lang, ranked=True) + "\n\n")
    top = {"en": f"Top {_TOP}: what to do next", "nl": f"Top {_TOP}: wat je nu doet"}[lang]
    out.write(top + "\n")
    words = {
        "en": ("grade", "verdict", "next step", "opening line"),
        "nl": ("klasse", "oordeel", "volgende stap", "openingszin"),
    }[lang]
    for k in order[:_TOP]:
        lead = leads[k]
        verdict = qualifier.qualify(lead, as_of=as_of)
        grade = icp.fit(lead).grade.value
        name = printable(lead.company.name or lead.email or lead.id)
        out.write(f"- {printable(lead.id)} {name}\n")
        out.write(f"    {words[0]} {grade}, {words[1]}: {verdict.decision.label(lang)}")
        out.write(f" ({verdict.score:.0f}/100)\n")
        out.write(f"    {words[2]}: {printable(verdict.follow_up.describe(lang))}\n")
        line = verdict.opening_line(lang)
        if line:
            out.write(f"    {words[3]}: “{printable(line)}”\n")
    out.write("\n" + funnel(scores, lang, snapshot=True) + "\n\n")
    histories = list(datasets.generate_histories(_HISTORIES, seed=1, as_of=as_of))
    kpis = report(histories, as_of=as_of)
    note = {
        "en": f"KPIs over {_HISTORIES} synthetic lead histories (the sample has no CRM history;"
        " run `leadqual report` on yours):",
        "nl": f"Kerncijfers over {_HISTORIES} synthetische leadhistories (het voorbeeld heeft"
        " geen CRM-historie; draai `leadqual report` op je eigen leads):",
    }[lang]
    out.write(note + "\n")
    out.writelines(f"  {line}\n" for line in kpis.lines(lang))
    return EXIT_OK


def _no_arguments(_parser: argparse.ArgumentParser) -> None:
    pass


COMMANDS = (
    Command(
        "demo",
        "show the product on the bundled sample: verdicts, next steps, honest KPIs",
        _no_arguments,
        _cmd_demo,
    ),
)
"""The commands this module adds to ``leadqual``."""
