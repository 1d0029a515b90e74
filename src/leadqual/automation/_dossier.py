"""The hand-off dossier: everything known about a lead, for the rep's first call.

Profile, fit with evidence, the parts of the verdict, a timeline of pages viewed and
content downloaded, why it qualified, the framework's gaps with the next questions,
and the opening line; as JSON data, text or HTML, in English or Dutch. Personal data
(e-mail, phone, names) can be redacted by configuration.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from leadqual.lead import Lead
    from leadqual.verdict import Verdict

__all__ = ["REDACTED", "dossier", "dossier_html", "dossier_text"]

REDACTED = "[redacted]"
_PERSONAL = frozenset({"email", "phone", "names"})

_LABELS = {
    "en": {
        "title": "Dossier {id}",
        "profile": "Profile",
        "score": "Score",
        "parts": "How the score is made",
        "timeline": "Timeline",
        "why": "Why it qualified",
        "gaps": "Still unknown, ask next",
        "opening": "Opening line",
        "unknown": "unknown",
    },
    "nl": {
        "title": "Dossier {id}",
        "profile": "Profiel",
        "score": "Score",
        "parts": "Zo is de score opgebouwd",
        "timeline": "Tijdlijn",
        "why": "Waarom deze lead kwalificeert",
        "gaps": "Nog onbekend, vraag daarom",
        "opening": "Openingszin",
        "unknown": "onbekend",
    },
}


def _check(redact: Iterable[str]) -> frozenset[str]:
    chosen = frozenset(redact)
    unknown = sorted(chosen - _PERSONAL)
    if unknown:
        from leadqual.exceptions import ConfigError  # noqa: PLC0415 - only on bad input

        raise ConfigError.at(
            place="redact", detail=f"expected email, phone or names, got {unknown[0]!r}"
        )
    return chosen


def _event_row(event: Any) -> dict[str, Any]:  # noqa: ANN401 - an Event
    row: dict[str, Any] = {"at": event.at.isoformat(), "type": event.type}
    for key in ("url", "content_type", "topic", "title"):
        value = event.properties.get(key)
        if isinstance(value, str):
            row[key] = value
    return row


def dossier(
    lead: Lead, verdict: Verdict, *, lang: str = "en", redact: Iterable[str] = ()
) -> dict[str, Any]:
    """The dossier as JSON data in ``lang``; ``redact`` any of ``email``, ``phone``, ``names``.

    >>> import leadqual as lq
    >>> from leadqual.verdict import Qualifier
    >>> lead = lq.Lead.from_mapping({"id": "L-1", "email": "m.jansen@vdberg.nl",
    ...     "first_name": "Marieke", "events": [
    ...     {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"}]})
    >>> qualifier = Qualifier(model=lq.starter_model())
    >>> verdict = qualifier.qualify(lead, as_of="2026-11-21T14:30:00+01:00")
    >>> data = dossier(lead, verdict, lang="nl", redact=["email", "names"])
    >>> data["profile"]["email"], data["profile"]["first_name"]
    ('[redacted]', '[redacted]')
    >>> data["opening_line"]
    'Goedemiddag [redacted], ik zie dat u vandaag een demo heeft aangevraagd.'
    """
    hidden = _check(redact)
    company = lead.company
    profile: dict[str, Any] = {
        "id": lead.id,
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "email": lead.email,
        "phone": lead.phone,
        "job_title": lead.job_title,
        "source": lead.source,
        "owner": lead.owner,
        "company": {
            k: v for k, v in attrs.asdict(company, recurse=False).items() if v not in (None, (), {})
        },
    }
    opening = verdict.opening_line(lang)
    if "names" in hidden:
        for key in ("first_name", "last_name"):
            if profile[key] is not None:
                if opening is not None:
                    opening = opening.replace(profile[key], REDACTED)
                profile[key] = REDACTED
        if profile["owner"] is not None and "@" in str(profile["owner"]) and "email" in hidden:
            profile["owner"] = REDACTED
    for key in ("email", "phone"):
        if key in hidden and profile[key] is not None:
            profile[key] = REDACTED
    profile["company"] = {
        k: (list(v) if isinstance(v, tuple) else v)
        for k, v in profile["company"].items()
        if not k.startswith("_")
    }
    timeline = [
        _event_row(e)
        for e in sorted(lead.events, key=lambda e: e.at)
        if verdict.as_of is None or e.at <= verdict.as_of
    ]
    return {
        "lead_id": lead.id,
        "lang": lang,
        "profile": profile,
        "decision": verdict.decision.value,
        "stage": verdict.stage.value,
        "score": verdict.score,
        "points": verdict.points,
        "grade": verdict.grade,
        "parts": [
            {
                "name": p.name,
                "label": p.label.get(lang),
                "score": p.score,
                "contribution": p.contribution,
            }
            for p in verdict.parts
        ],
        "timeline": timeline,
        "why": verdict.reasons(lang),
        "questions": verdict.next_questions(lang),
        "opening_line": opening,
    }


def dossier_text(data: dict[str, Any]) -> str:
    """The dossier as plain text (for e-mail and terminals)."""
    labels = _LABELS.get(data["lang"], _LABELS["en"])
    profile = data["profile"]
    lines = [labels["title"].format(id=data["lead_id"]), ""]
    lines.append(labels["profile"] + ":")
    keys = ("first_name", "last_name", "email", "phone", "job_title", "source", "owner")
    lines.extend(f"  {key}: {profile[key]}" for key in keys if profile.get(key))
    lines.extend(f"  company.{k}: {v}" for k, v in profile["company"].items())
    lines.append(f"{labels['score']}: {data['score']} ({data['decision']}, {data['stage']})")
    lines.append(labels["parts"] + ":")
    for part in data["parts"]:
        score = labels["unknown"] if part["score"] is None else part["score"]
        lines.append(f"  {part['label']}: {score} -> {part['contribution']}")
    lines.append(labels["timeline"] + ":")
    for row in data["timeline"]:
        detail = " ".join(
            str(row[k]) for k in ("url", "content_type", "topic", "title") if k in row
        )
        lines.append(f"  {row['at']}  {row['type']} {detail}".rstrip())
    lines.append(labels["why"] + ":")
    lines.extend(f"  - {reason}" for reason in data["why"])
    if data["questions"]:
        lines.append(labels["gaps"] + ":")
        lines.extend(f"  - {question}" for question in data["questions"])
    if data["opening_line"]:
        lines.append(f"{labels['opening']}: {data['opening_line']}")
    return "\n".join(lines) + "\n"


def _detail(row: dict[str, Any]) -> str:
    return " ".join(str(row[k]) for k in ("url", "content_type", "topic", "title") if k in row)


def dossier_html(data: dict[str, Any]) -> str:
    """The dossier as a small self-contained HTML page (every value escaped)."""
    esc = html.escape
    labels = _LABELS.get(data["lang"], _LABELS["en"])
    parts = [f'<!doctype html><html lang="{esc(data["lang"])}"><meta charset="utf-8">']
    parts.append(f"<h1>{esc(labels['title'].format(id=data['lead_id']))}</h1>")
    if data["opening_line"]:
        parts.append(
            f"<p><strong>{esc(labels['opening'])}:</strong> {esc(data['opening_line'])}</p>"
        )
    rows = "".join(
        f"<tr><th>{esc(k)}</th><td>{esc(str(v))}</td></tr>"
        for k, v in data["profile"].items()
        if v and k != "company"
    )
    rows += "".join(
        f"<tr><th>company.{esc(k)}</th><td>{esc(str(v))}</td></tr>"
        for k, v in data["profile"]["company"].items()
    )
    parts.append(f"<h2>{esc(labels['profile'])}</h2><table>{rows}</table>")
    parts.append(f"<h2>{esc(labels['why'])}</h2><ul>")
    parts.extend(f"<li>{esc(r)}</li>" for r in data["why"])
    parts.append(f"</ul><h2>{esc(labels['timeline'])}</h2><ol>")
    parts.extend(
        f"<li><time>{esc(row['at'])}</time> {esc(row['type'])} {esc(_detail(row))}</li>"
        for row in data["timeline"]
    )
    parts.append("</ol>")
    if data["questions"]:
        parts.append(f"<h2>{esc(labels['gaps'])}</h2><ul>")
        parts.extend(f"<li>{esc(q)}</li>" for q in data["questions"])
        parts.append("</ul>")
    parts.append("</html>")
    return "".join(parts)
