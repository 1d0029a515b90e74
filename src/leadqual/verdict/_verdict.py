"""What :meth:`Qualifier.qualify` returns: the decision, its score, parts and reasons.

A :class:`Verdict` is plain data: every text it can show exists in English and Dutch
inside it (as :class:`~leadqual.frameworks.Text`), so ``leadqual.unstructure(verdict)``
gives JSON that holds everything, and ``reasons``/``explain``/``opening_line`` only
pick a language.
"""

from __future__ import annotations

import datetime as dt
import functools

import attrs

from leadqual._core.labels import LabelledEnum, phrases
from leadqual._lang import (
    format_datetime,
    format_number,
    format_percent,
    language,
)
from leadqual.frameworks import Question, Text
from leadqual.lead import Event
from leadqual.scoring import format_points
from leadqual.stage import Stage
from leadqual.verdict._opening import opening_line, signal_kind

__all__ = [
    "Decision",
    "FollowUp",
    "KnockOutReason",
    "Part",
    "Verdict",
    "signal_kind",
]


class Decision(LabelledEnum):
    """What to do with the lead now.

    - ``CALL_NOW``: a Sales Qualified Lead; notify the owner and call within the hour.
    - ``NURTURE``: not (yet) sales-ready, or "not now" (an explicit "no need" or
      "no budget"); keep it warm with content. Never "lost": a lead is lost only when
      it says no or chooses a competitor, which people record.
    - ``RESEARCH``: too little is known to judge (low confidence); enrich the data and
      ask the open questions before deciding.
    - ``DISQUALIFY``: a knock-out applied (competitor, student, a knock-out rule).
    """

    CALL_NOW = "call_now"
    NURTURE = "nurture"
    RESEARCH = "research"
    DISQUALIFY = "disqualify"


@attrs.frozen
class Part:
    """One component of the weighted score: fit, engagement or the framework.

    Attributes:
        name: ``"fit"``, ``"engagement"`` or ``"framework"``.
        label: the component's name in both languages (the framework's own name).
        score: 0-100, or ``None`` when unknown (no ICP data, no answers yet): an
            unknown part is left out of the average, never counted as 0.
        weight: the configured weight.
        coverage: share (0-1) of the part's data that is known; the part counts with
            ``weight x coverage``.
        share: the part's share (0-1) of the weighted average (0 when unknown).
        contribution: what the part adds to :attr:`Verdict.score`; the contributions
            add up exactly to the score.
    """

    name: str
    label: Text
    score: float | None
    weight: float
    coverage: float
    share: float
    contribution: float

    @property
    def known(self) -> bool:
        """Whether the part has a score."""
        return self.score is not None


@attrs.frozen
class KnockOutReason:
    """Why a lead is disqualified whatever it scores.

    Attributes:
        source: ``"icp"`` (an ICP exclusion), ``"framework"`` (an explicit "no" to a
            knock-out criterion) or ``"model"`` (a knock-out rule of the scoring model).
        key: the exclusion kind, criterion key or rule name.
        text: the reason in English and Dutch.
    """

    source: str
    key: str
    text: Text

    def describe(self, lang: str = "en") -> str:
        """The reason in ``lang``."""
        return self.text.get(lang)


@attrs.frozen
class FollowUp:
    """The next step for the owner of the lead.

    Attributes:
        task: what to do, in English and Dutch ("Call this lead within 60 minutes").
        notify: tell the owner at once (e-mail, Slack, push): true for ``CALL_NOW``.
        within_minutes: the deadline as a period, for ``CALL_NOW`` (speed to lead).
        due: the moment the lead crossed the line (:attr:`since`) plus the period,
            when ``qualify`` was given an ``as_of``; in the past when the call is overdue.
        since: the moment the lead crossed the line: the event that made the verdict
            ``CALL_NOW`` (a demo request from ten days ago makes the call overdue),
            or ``as_of`` when no event did (answers alone).
        track: the nurture track for ``NURTURE`` (``"consideration"`` for an MQL,
            ``"awareness"`` for a new lead, by default).
    """

    task: Text
    notify: bool = False
    within_minutes: float | None = None
    due: dt.datetime | None = None
    track: str | None = None
    since: dt.datetime | None = None

    @property
    def within(self) -> dt.timedelta | None:
        """The deadline as a ``timedelta`` (``None`` when there is none)."""
        if self.within_minutes is None:
            return None
        return dt.timedelta(minutes=self.within_minutes)

    def describe(self, lang: str = "en") -> str:
        """The task in ``lang``, with the due time when known."""
        text = self.task.get(lang)
        if self.due is not None:
            word = "uiterlijk" if language(lang) == "nl" else "by"
            text += f" ({word} {format_datetime(self.due, lang)})"
        return text


@attrs.frozen
class Verdict:
    """The weighted qualification verdict for one lead.

    Attributes:
        lead_id: the lead's id.
        decision: call now, nurture, research first or disqualify.
        stage: ``SQL`` (call now), ``MQL`` or ``NEW`` (nurture, research) or
            ``DISQUALIFIED``; never ``LOST``, which only people record.
        score: 0-100, the weighted average of the known parts; the sum of
            ``part.contribution`` exactly (values on a 1/1024 grid).
        confidence: 0-1, how much of the weighted data is known
            (``Σ weight x coverage / Σ weight``).
        parts: one :class:`Part` per configured component.
        follow_up: the next step (deadline, track).
        knock_outs: every knock-out that applied, with its reason.
        as_of: the moment qualified, when given.
        points: the scoring model's total, when a model is configured.
        why: the reasons in both languages (see :meth:`reasons`).
        questions: the framework's next questions, most decisive first.
        signals: the most telling events, best first: what the opening line is made of.
        signal_kinds: the kind of each signal (``demo``, ``pricing_page``...), as read
            with the qualifier's :class:`SignalPatterns`.
        first_name: the lead's first name, for the opening line.
        pain_points: the lead's known pain points (``attributes["pain_points"]``).
        model_stage: the scoring model's own threshold stage (``None`` without a
            model); the verdict's ``stage`` already weighs it, see
            :mod:`leadqual.lifecycle` for how the stages combine.
        grade: the ICP fit's grade (``None`` without an ICP).
        ignored_future: how many of the lead's events were after ``as_of`` and did not
            count (see ``Score.ignored_future``): a sender's clock running ahead shows.
    """

    lead_id: str
    decision: Decision
    stage: Stage
    score: float
    confidence: float
    parts: tuple[Part, ...]
    follow_up: FollowUp
    knock_outs: tuple[KnockOutReason, ...] = ()
    as_of: dt.datetime | None = None
    points: float | None = None
    why: tuple[Text, ...] = ()
    questions: tuple[Question, ...] = ()
    signals: tuple[Event, ...] = ()
    signal_kinds: tuple[str, ...] = ()
    first_name: str | None = None
    pain_points: tuple[str, ...] = ()
    model_stage: Stage | None = None
    grade: str | None = None
    ignored_future: int = attrs.field(default=0, eq=False)

    @property
    def overdue(self) -> bool:
        """Whether the follow-up's due time lies before ``as_of`` (call at once)."""
        due = self.follow_up.due
        return due is not None and self.as_of is not None and due < self.as_of

    def part(self, name: str) -> Part:
        """The part called ``name`` (``"fit"``, ``"engagement"``, ``"framework"``).

        Raises:
            KeyError: the qualifier has no such component.
        """
        for part in self.parts:
            if part.name == name:
                return part
        msg = f"no part {name!r}; expected one of {[p.name for p in self.parts]}"
        raise KeyError(msg)

    def reasons(self, lang: str = "en") -> list[str]:
        """Why this verdict, as short sentences: knock-outs, the decision, each part."""
        return [text.get(lang) for text in self.why]

    def next_questions(self, lang: str = "en", limit: int | None = None) -> list[str]:
        """The framework's questions to ask next, in ``lang``, most decisive first."""
        chosen = self.questions if limit is None else self.questions[:limit]
        return [question.text.get(lang) for question in chosen]

    def opening_line(self, lang: str = "en") -> str | None:
        """A personal first sentence for the rep, made only of what the lead did.

        Built from the most telling events (a demo request, pricing, a download…) and,
        when known, the lead's first pain point. ``None`` when nothing specific is
        known (a generic line is exactly what the rep should not open with) and for a
        disqualified lead, who gets no sales call. Dutch (``"nl"``) addresses the
        lead with the formal "u"; any language other than Dutch gives English.
        """
        return opening_line(self, lang)

    def _repr_html_(self) -> str:
        from leadqual._display import explained_html  # noqa: PLC0415 - notebooks only

        return explained_html(self.explain())

    def explain(self, lang: str = "en") -> str:
        """The verdict in words: decision, score, parts, reasons, next step."""
        t = _explain_texts()
        lines = [
            t["head"]
            .get(lang)
            .format(
                id=self.lead_id,
                decision=self.decision.label(lang),
                stage=self.stage.label(lang),
                score=_number(self.score, lang),
                confidence=format_percent(self.confidence, lang),
            )
        ]
        for part in self.parts:
            if part.score is None:
                lines.append(f"  {part.label.get(lang)}: {t['unknown'].get(lang)}")
                continue
            lines.append(
                f"  {part.label.get(lang)}: {_number(part.score, lang)}"
                f" x {format_percent(part.share, lang)} = {_number(part.contribution, lang)}"
            )
        lines.extend(f"- {reason}" for reason in self.reasons(lang))
        lines.append(f"{t['next'].get(lang)}: {self.follow_up.describe(lang)}")
        line = self.opening_line(lang)
        if line is not None:
            lines.append(f'{t["open"].get(lang)}: "{line}"')
        questions = self.next_questions(lang, limit=1)
        if questions:
            lines.append(f"{t['ask'].get(lang)}: {questions[0]}")
        if self.ignored_future:
            key = "ignored_one" if self.ignored_future == 1 else "ignored"
            lines.append(t[key].get(lang).format(n=self.ignored_future))
        return "\n".join(lines)


@functools.cache
def _explain_texts() -> dict[str, Text]:
    """The words of :meth:`Verdict.explain`, from the phrase catalogue (read once)."""
    return {key: Text(**names) for key, names in phrases("Verdict.explain").items()}


def _number(value: float, lang: str) -> str:
    return format_points(value) if language(lang) == "en" else format_number(value, lang)
