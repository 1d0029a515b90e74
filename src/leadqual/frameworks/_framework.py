"""Qualification frameworks as objects: criteria, answers, pass rules and assessments.

A :class:`Framework` is a weighted *scale*, not a checklist: every criterion turns its
answer into a level from 0 to 1, the levels are weighted into a score from 0 to 100,
and a :class:`PassRule` ("3 of 4 criteria met", "score at least 60") says whether the
lead qualifies. Unknown answers are reported as unknown, never scored as "no": they
add nothing to the score, but they never knock a lead out either, and they are what
:meth:`Assessment.next_questions` asks about first.

An explicit "no" (level 0) weighs by what the criterion says: on a ``knockout``
criterion it disqualifies the lead; on a ``required`` or ``veto`` criterion it keeps
the lead from passing ("not now": nurture) without disqualifying it.

Everything a framework needs per answer is prepared once, when it is constructed, so
:meth:`Framework.assess` is a short loop over the criteria.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from leadqual._convert import Tagged
from leadqual._core.labels import LabelledEnum, phrases
from leadqual._lang import format_number, shown
from leadqual._numbers import is_finite
from leadqual.exceptions import AnswerError, ConfigError
from leadqual.frameworks._synonyms import SYNONYMS, UNKNOWN_SYNONYMS, loose
from leadqual.lead import Answer

if TYPE_CHECKING:
    from leadqual.lead import Lead

__all__ = [
    "AllOf",
    "AnyOf",
    "Assessment",
    "Criterion",
    "CriterionResult",
    "Framework",
    "MinMet",
    "MinScore",
    "Option",
    "PassRule",
    "Question",
    "Status",
    "Text",
]

LANGUAGES = ("en", "nl")
"""The languages every user-facing text of a framework exists in."""

UNKNOWN_WORDS = frozenset({"", "unknown"})
"""Answers that mean "not known yet" for every criterion (after normalisation)."""

BOOLEAN_WORDS = {
    **dict.fromkeys(("yes", "y", "true", "ja", "j"), True),
    **dict.fromkeys(("no", "n", "false", "nee"), False),
}
"""CRM checkbox values read as ``True``/``False`` (after normalisation), in English and
Dutch, for every criterion; an option of the criterion with the same name wins."""

DEFAULT_MET_AT = 0.75
"""The level from which a criterion counts as met, unless the criterion says otherwise."""


def normalise(name: str) -> str:
    """The form option names are matched in: CRM values like ``"Decision Maker"`` match.

    >>> normalise(" Decision-Maker ")
    'decision_maker'
    """
    return name.strip().lower().replace("-", "_").replace(" ", "_")


# Lists given in Python become tuples, so frameworks stay hashable and compare equal to
# the same framework loaded from a file. One typed function per element type, because
# the attrs mypy plugin cannot infer a generic converter's argument type.
def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _texts(items: Iterable[Text]) -> tuple[Text, ...]:
    return tuple(items)


def _options(items: Iterable[Option]) -> tuple[Option, ...]:
    return tuple(items)


def _criteria(items: Iterable[Criterion]) -> tuple[Criterion, ...]:
    return tuple(items)


def _rules(items: Iterable[PassRule]) -> tuple[PassRule, ...]:
    return tuple(items)


def _non_empty(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        detail = f"expected a non-empty string, got {value!r}"
        raise ConfigError.at(place=attribute.name, detail=detail)


def _unit(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        detail = f"expected a number from 0 to 1, got {value!r}"
        raise ConfigError.at(place=attribute.name, detail=detail)


def _weight(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    ok = is_finite(value)
    if not ok or value < 0:  # type: ignore[operator]
        detail = f"expected a number of at least 0, got {value!r}"
        raise ConfigError.at(place=attribute.name, detail=detail)


@attrs.frozen
class Text:
    """A user-facing text in English and Dutch.

    Args:
        en: the English text.
        nl: the Dutch text; empty means "not translated yet" and falls back to English
            (:func:`leadqual.testing.check_framework` reports it).

    Any other language falls back to English too, as the ICP's seniority labels do:
    a text is never missing.

    >>> Text("Authority", "Bevoegdheid").get("nl")
    'Bevoegdheid'
    >>> Text("Budget").get("nl")
    'Budget'
    >>> Text("Authority", "Bevoegdheid").get("de")
    'Authority'
    """

    en: str = attrs.field(validator=_non_empty)
    nl: str = ""

    def get(self, lang: str = "en") -> str:
        """The text in ``lang``: Dutch for ``"nl"`` when translated, else English."""
        if lang == "nl" and self.nl:
            return self.nl
        return self.en

    def __str__(self) -> str:
        return self.en


@attrs.frozen
class Option:
    """A named answer to a criterion, as a CRM picklist would hold it.

    Args:
        key: the name stored in the CRM (``"approved"``). Matching ignores case,
            surrounding spaces and the difference between ``-``, ``_`` and a space.
        level: how far this answer meets the criterion, from 0 (not at all) to 1.
        label: the name shown to people.
        aliases: other names the same answer goes by in CRMs (``"high"`` for ``"urgent"``).

    >>> Option("approved", 1.0, Text("Approved", "Goedgekeurd")).level
    1.0
    """

    key: str = attrs.field(validator=_non_empty)
    level: float = attrs.field(validator=_unit)
    label: Text | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen
class Criterion:
    """One thing a framework asks about (the B of BANT), and how its answers count.

    Args:
        key: the answer key (``"budget"``); frameworks that share a key share answers.
        label: what the letter stands for (``Text("Budget", "Budget")``).
        weight: relative weight in the score; only ratios between criteria matter.
        questions: what to ask to learn the answer, best question first.
        options: named answers, listed from best to worst.
        description: what the criterion means, for people filling it in.
        required: the lead does not pass unless this criterion is met; an explicit
            "no" (level 0) is reported in :attr:`Assessment.blockers`.
        knockout: an explicit "no" (level 0) disqualifies the lead, whatever its score.
        met_at: the level from which the criterion counts as met (partial below it).
        veto: an explicit "no" (level 0) keeps the lead from passing, without
            disqualifying it ("not now": nurture); unknown and partial answers do not.
            BANT's budget: "no budget" is not now, "planned" can be outweighed.

    >>> need = Criterion("need", Text("Need", "Behoefte"), weight=4)
    >>> need.met_at
    0.75
    """

    key: str = attrs.field(validator=_non_empty)
    label: Text
    weight: float = attrs.field(default=1, validator=_weight)
    questions: tuple[Text, ...] = attrs.field(default=(), converter=_texts)
    options: tuple[Option, ...] = attrs.field(default=(), converter=_options)
    description: Text | None = None
    required: bool = False
    knockout: bool = False
    met_at: float = attrs.field(default=DEFAULT_MET_AT, validator=_unit)
    veto: bool = False

    def __attrs_post_init__(self) -> None:
        if self.met_at <= 0:
            raise ConfigError.at(place="met_at", detail="expected a level above 0, got 0")


class Status(LabelledEnum):
    """How far one criterion is met."""

    MET = "met"
    PARTIAL = "partial"
    UNMET = "unmet"
    UNKNOWN = "unknown"


class PassRule(Tagged):
    """When an assessment passes; written in files as ``{"kind": "min_met", ...}``.

    Variants: :class:`MinScore`, :class:`MinMet`, :class:`AllOf`, :class:`AnyOf`.
    """

    __slots__ = ()

    def passes(self, score: float, met: Collection[str]) -> bool:
        """Whether a score and the keys of the met criteria satisfy the rule."""
        raise NotImplementedError

    def problems(self, keys: Collection[str]) -> list[str]:
        """What is wrong with the rule for a framework with these criterion keys."""
        raise NotImplementedError

    def describe(self, lang: str, total: int) -> str:
        """The rule in words; ``total`` is the number of criteria of the framework."""
        raise NotImplementedError


@attrs.frozen
class MinScore(PassRule):
    """Pass when the score reaches ``score`` (0-100).

    >>> MinScore(60).passes(75.0, met=())
    True
    """

    kind: ClassVar[str] = "min_score"
    score: float

    def passes(self, score: float, met: Collection[str]) -> bool:  # noqa: ARG002
        """Whether ``score`` reaches the minimum."""
        return score >= self.score

    def problems(self, keys: Collection[str]) -> list[str]:  # noqa: ARG002
        """A minimum outside 0-100 can never or always be reached."""
        if not 0 <= self.score <= 100:  # noqa: PLR2004 - the score scale
            return [f"score: expected a number from 0 to 100, got {self.score!r}"]
        return []

    def describe(self, lang: str, total: int) -> str:  # noqa: ARG002
        """``"a score of at least 60"``."""
        text = Text("a score of at least {n}", "een score van minstens {n}")
        return text.get(lang).format(n=format_number(self.score, lang))


@attrs.frozen
class MinMet(PassRule):
    """Pass when at least ``count`` criteria are met: "3 of 4 BANT criteria met".

    Args:
        count: how many must be met.
        of: the criteria to count; empty means all criteria of the framework.

    >>> MinMet(3).passes(0.0, met={"budget", "need", "authority"})
    True
    >>> MinMet(1, of=("budget",)).passes(90.0, met={"need"})
    False
    """

    kind: ClassVar[str] = "min_met"
    count: int
    of: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    def passes(self, score: float, met: Collection[str]) -> bool:  # noqa: ARG002
        """Whether enough of the counted criteria are met."""
        if not self.of:
            return len(met) >= self.count
        return sum(key in met for key in self.of) >= self.count

    def problems(self, keys: Collection[str]) -> list[str]:
        """Unknown criterion keys, and counts that can never be reached."""
        found = [
            f"of[{index}]: no criterion {key!r}; expected one of {sorted(keys)}"
            for index, key in enumerate(self.of)
            if key not in keys
        ]
        most = len(self.of) if self.of else len(keys)
        if not 1 <= self.count <= most:
            found.append(f"count: expected a number from 1 to {most}, got {self.count!r}")
        return found

    def describe(self, lang: str, total: int) -> str:
        """``"at least 3 of 4 criteria met (…)"``."""
        text = Text(
            "at least {count} of {n} criteria met", "minstens {count} van {n} criteria voldaan"
        )
        words = text.get(lang).format(count=self.count, n=len(self.of) or total)
        return f"{words} ({', '.join(self.of)})" if self.of else words


@attrs.frozen
class _Combined(PassRule):
    """Rules combined: :class:`AllOf` needs every one to pass, :class:`AnyOf` one."""

    every: ClassVar[bool]
    joiner: ClassVar[Text]
    rules: tuple[PassRule, ...] = attrs.field(converter=_rules)

    def passes(self, score: float, met: Collection[str]) -> bool:
        """Whether all rules pass (:class:`AllOf`) or any rule passes (:class:`AnyOf`)."""
        results = (rule.passes(score, met) for rule in self.rules)
        return all(results) if self.every else any(results)

    def problems(self, keys: Collection[str]) -> list[str]:
        """The problems of each rule, with its place."""
        if not self.rules:
            return ["rules: expected at least one rule"]
        return [
            f"rules[{index}].{problem}"
            for index, rule in enumerate(self.rules)
            for problem in rule.problems(keys)
        ]

    def describe(self, lang: str, total: int) -> str:
        """The rules joined by "and", or by "or" in brackets."""
        words = self.joiner.get(lang).join(rule.describe(lang, total) for rule in self.rules)
        return words if self.every else f"({words})"


@attrs.frozen
class AllOf(_Combined):
    """Pass when every one of ``rules`` passes.

    >>> AllOf((MinScore(50), MinMet(1, of=("need",)))).passes(60.0, met={"need"})
    True
    """

    kind: ClassVar[str] = "all_of"
    every: ClassVar[bool] = True
    joiner: ClassVar[Text] = Text(" and ", " en ")


@attrs.frozen
class AnyOf(_Combined):
    """Pass when at least one of ``rules`` passes.

    >>> AnyOf((MinScore(80), MinMet(4))).passes(85.0, met=())
    True
    """

    kind: ClassVar[str] = "any_of"
    every: ClassVar[bool] = False
    joiner: ClassVar[Text] = Text(" or ", " of ")


@attrs.frozen
class Question:
    """A question to ask a lead, carrying the key of the criterion it informs.

    >>> q = Question("budget", Text("Is there a budget?", "Is er budget?"))
    >>> q.key, q.text.get("nl")
    ('budget', 'Is er budget?')
    """

    key: str
    text: Text

    def __str__(self) -> str:
        return self.text.en


@attrs.frozen
class CriterionResult:
    """What one criterion contributed to an assessment.

    Attributes:
        key: the criterion's key.
        label: the criterion's name in both languages.
        status: met, partial, unmet or unknown.
        answer: the answer as understood: ``True``/``False``, a number, or the canonical
            option key; ``None`` when unknown.
        level: the answer's level from 0 to 1; ``None`` when unknown.
        points: what it added to the score (0 to ``max_points``).
        max_points: what it could add at most: its share of the 100.
        impact: how many points an answer could still move (0 once met or unmet).
        answer_label: the label of the named option answered, for people
            (``"Geen budget"`` rather than ``"none"``); ``None`` for other answers.
    """

    key: str
    label: Text
    status: Status
    answer: Answer | None
    level: float | None
    points: float
    max_points: float
    impact: float
    answer_label: Text | None = None

    def show_answer(self, lang: str = "en") -> str | None:
        """The answer as people read it in ``lang``; ``None`` when unknown.

        A named option shows its label, ``True``/``False`` show as "yes"/"ja" and
        "no"/"nee", a number shows as given (with a decimal comma in Dutch).

        >>> from leadqual.frameworks import BANT
        >>> BANT.assess({"budget": "none"}).result("budget").show_answer("nl")
        'Geen budget'
        """
        answer = self.answer
        if answer is None:
            return None
        if self.answer_label is not None:
            return self.answer_label.get(lang)
        if answer is True:
            return _YES.get(lang)
        if answer is False:
            return _NO.get(lang)
        if isinstance(answer, str):
            return answer
        return f"{answer:g}" if lang == "en" else format_number(answer, lang)


_YES, _NO = Text("yes", "ja"), Text("no", "nee")


@attrs.frozen
class Assessment:
    """The result of :meth:`Framework.assess`: a frozen value that unstructures to JSON.

    Attributes:
        framework: the framework's name (``"BANT"``).
        score: 0-100, the weighted levels of the *known* answers; unknowns add nothing.
        potential: the score if every unknown criterion turned out fully met.
        coverage: share of the total weight that is answered, from 0 to 1.
        passed: the pass rule holds, every required criterion is met, no veto
            criterion is answered "no" and nothing knocked the lead out.
        results: one :class:`CriterionResult` per criterion, in framework order.
        knockouts: keys of knock-out criteria answered with an explicit "no": the lead
            is disqualified.
        questions: what to ask next, most decisive first (see :meth:`next_questions`).
        rule: the pass rule in words, English and Dutch.
        blockers: keys of required and veto criteria answered with an explicit "no"
            (level 0), unless they are knock-outs: the lead cannot pass while they
            stand, but it is not disqualified ("not now": nurture).
    """

    framework: str
    score: float
    potential: float
    coverage: float
    passed: bool
    results: tuple[CriterionResult, ...]
    knockouts: tuple[str, ...]
    questions: tuple[Question, ...]
    rule: Text
    blockers: tuple[str, ...] = ()

    @property
    def missing(self) -> tuple[str, ...]:
        """Keys of the criteria whose answer is unknown, in framework order."""
        return tuple(r.key for r in self.results if r.status is Status.UNKNOWN)

    @property
    def met(self) -> tuple[str, ...]:
        """Keys of the criteria that are met, in framework order."""
        return tuple(r.key for r in self.results if r.status is Status.MET)

    @property
    def knocked_out(self) -> bool:
        """Whether a knock-out criterion was answered with an explicit "no"."""
        return bool(self.knockouts)

    @property
    def blocked(self) -> bool:
        """Whether a required or veto criterion was answered with an explicit "no"."""
        return bool(self.blockers)

    def result(self, key: str) -> CriterionResult:
        """The result for one criterion, by key.

        Raises:
            KeyError: the framework has no criterion ``key``.
        """
        for result in self.results:
            if result.key == key:
                return result
        msg = f"no criterion {key!r}; expected one of {[r.key for r in self.results]}"
        raise KeyError(msg)

    def next_questions(self, limit: int | None = None) -> tuple[Question, ...]:
        """What to ask next, ordered by how much the answer could change the outcome.

        Questions of unknown and partly met criteria come first by the points their
        answer could still move; on a tie, knock-out and required criteria go first,
        then framework order. All questions of one criterion stay together.
        ``limit`` keeps only the first few.
        """
        return self.questions if limit is None else self.questions[:limit]

    def _repr_html_(self) -> str:
        from leadqual._display import explained_html  # noqa: PLC0415 - notebooks only

        return explained_html(self.explain())

    def explain(self, lang: str = "en") -> str:
        """The assessment in words, in English (``"en"``) or Dutch (``"nl"``)."""
        t = _explain_texts()
        verdict = t["passed"] if self.passed else t["not_passed"]
        lines = [
            t["head"]
            .get(lang)
            .format(name=self.framework, score=self.score, potential=self.potential),
            f"{verdict.get(lang)}; {t['rule'].get(lang)}: {self.rule.get(lang)}.",
        ]
        for key, words in ((self.knockouts, t["knockout"]), (self.blockers, t["blocked"])):
            if key:
                labels = ", ".join(self.result(k).label.get(lang) for k in key)
                lines.append(f"{words.get(lang)}: {labels}.")
        for r in self.results:
            shown = "" if r.answer is None else f" ({r.show_answer(lang)})"
            line = f"- {r.label.get(lang)}: {r.status.label(lang)}{shown}"
            lines.append(f"{line}, {r.points:.0f}/{r.max_points:.0f}")
        if self.questions:
            lines.append(f"{t['ask'].get(lang)}: {self.questions[0].text.get(lang)}")
        return "\n".join(lines)


@functools.cache
def _explain_texts() -> dict[str, Text]:
    """The words of :meth:`Assessment.explain`, from the phrase catalogue (read once)."""
    return {key: Text(**names) for key, names in phrases("Assessment.explain").items()}


@attrs.frozen
class _Plan:
    """One criterion prepared for scoring: everything ``assess`` needs, looked up once.

    Results are frozen values, so the result of every named option, of ``True``, of
    ``False`` and of "unknown" is built here once and shared by all assessments; only
    numeric answers build a new one.
    """

    key: str
    label: Text
    weight: float
    max_points: float
    met_at: float
    knockout: bool
    required: bool
    veto: bool
    decisive: bool
    questions: tuple[Question, ...]
    allowed: str
    lookup: dict[str, CriterionResult] = attrs.field(factory=dict)
    loose: dict[str, CriterionResult] = attrs.field(factory=dict)
    unknown: CriterionResult = attrs.field(init=False)
    yes: CriterionResult = attrs.field(init=False)
    no: CriterionResult = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        unknown = CriterionResult(
            self.key,
            self.label,
            Status.UNKNOWN,
            None,
            None,
            0.0,
            self.max_points,
            self.max_points,
        )
        object.__setattr__(self, "unknown", unknown)
        object.__setattr__(self, "yes", self.result(answer=True, level=1.0))
        object.__setattr__(self, "no", self.result(answer=False, level=0.0))

    def result(self, answer: Answer, level: float, label: Text | None = None) -> CriterionResult:
        """The result of a known answer at ``level`` (``label``: the option's)."""
        points = self.max_points * level
        if level >= self.met_at:
            status, impact = Status.MET, 0.0
        elif level <= 0:
            status, impact = Status.UNMET, 0.0
        else:
            status, impact = Status.PARTIAL, self.max_points - points
        return CriterionResult(
            self.key, self.label, status, answer, level, points, self.max_points, impact, label
        )

    def read(self, raw: object) -> CriterionResult:
        """The result of one raw answer."""
        if isinstance(raw, str):
            found = self.lookup.get(raw)
            if found is not None:
                return found
            name = normalise(raw)
            if name in UNKNOWN_WORDS:
                return self.unknown
            found = self.lookup.get(name) or self.loose.get(loose(raw))
            if found is not None:
                return found
            raise AnswerError.at(place=self.key, detail=f"unknown answer {raw!r}; {self.allowed}")
        if isinstance(raw, bool):
            return self.yes if raw else self.no
        if isinstance(raw, int | float):
            if 0 <= raw <= 1:
                return self.result(raw, float(raw))
            raise AnswerError.at(
                place=self.key, detail=f"answer {raw!r} is out of range; {self.allowed}"
            )
        if raw is None:
            return self.unknown
        detail = f"unsupported answer {shown(raw)}; {self.allowed}"
        raise AnswerError.at(place=self.key, detail=detail)


def _plan(criterion: Criterion, place: str, total: float) -> tuple[_Plan, list[str]]:
    names = ", ".join(repr(option.key) for option in criterion.options)
    allowed = (
        f"expected one of {names}, yes/no (true/false) or a number from 0 to 1"
        if names
        else "expected yes/no (true/false) or a number from 0 to 1"
    )
    plan = _Plan(
        key=criterion.key,
        label=criterion.label,
        weight=criterion.weight,
        max_points=100 * criterion.weight / total if total else 0.0,
        met_at=criterion.met_at,
        knockout=criterion.knockout,
        required=criterion.required,
        veto=criterion.veto,
        decisive=criterion.knockout or criterion.required or criterion.veto,
        questions=tuple(Question(criterion.key, text) for text in criterion.questions),
        allowed=allowed,
    )
    problems: list[str] = []
    owners: dict[str, str] = {}
    for index, option in enumerate(criterion.options):
        result = plan.result(option.key, option.level, option.label)
        for name in (option.key, *option.aliases):
            normal = normalise(name)
            if normal in UNKNOWN_WORDS:
                problems.append(
                    f"{place}.options[{index}]: {name!r} is reserved for unknown answers"
                )
            elif normal in owners:
                problems.append(
                    f"{place}.options[{index}]: {name!r} clashes with option {owners[normal]!r}"
                )
            else:
                owners[normal] = option.key
                plan.lookup[normal] = result
    # The options' own English and Dutch labels ("Binnen 3 maanden") are answers too, as
    # a CRM picklist shows them; a label that another option already owns is left out.
    for option in criterion.options:
        if option.label is None:
            continue
        result = plan.result(option.key, option.level, option.label)
        for text in (option.label.en, option.label.nl):
            normal = normalise(text) if text else ""
            if normal and normal not in owners and normal not in UNKNOWN_WORDS:
                owners[normal] = option.key
                plan.lookup[normal] = result
        # The exact key is looked up first, saving the normalising on the usual path.
        plan.lookup.setdefault(option.key, result)
    # Checkbox values ("yes", "Nee") for every criterion; an option of that name wins.
    for word, value in BOOLEAN_WORDS.items():
        plan.lookup.setdefault(word, plan.yes if value else plan.no)
    _add_synonyms(plan, criterion)
    return plan, problems


def _add_synonyms(plan: _Plan, criterion: Criterion) -> None:
    # Every name above in its loose form ("Beinvloeder", "1 - 3 months"), then the
    # synonyms of _synonyms.py ("asap", "dit kwartaal"); what is owned stays owned.
    for name, result in plan.lookup.items():
        plan.loose.setdefault(loose(name), result)
    for word in UNKNOWN_SYNONYMS:
        plan.loose.setdefault(word, plan.unknown)
    table = SYNONYMS.get(criterion.key, {})
    for option in criterion.options:
        result = plan.result(option.key, option.level, option.label)
        for text in table.get(option.key, ()):
            plan.loose.setdefault(loose(text), result)


@attrs.frozen
class _Compiled:
    plans: tuple[_Plan, ...]
    total: float
    rule: Text


def _describe(framework: Framework) -> Text:
    rule, total = framework.pass_rule, len(framework.criteria)
    required = [c.label for c in framework.criteria if c.required]
    vetoes = [c.label for c in framework.criteria if c.veto and not c.required]
    words = {"en": rule.describe("en", total), "nl": rule.describe("nl", total)}
    for lang, (with_, and_, met, vetoed) in {
        "en": (", with ", " and ", "{} met", "{} not answered no"),
        "nl": (", met ", " en ", "{} voldaan", "{} niet met nee beantwoord"),
    }.items():
        conditions = [
            template.format(", ".join(label.get(lang) for label in labels))
            for labels, template in ((required, met), (vetoes, vetoed))
            if labels
        ]
        if conditions:
            words[lang] += with_ + and_.join(conditions)
    return Text(words["en"], words["nl"])


def _compile(framework: Framework) -> _Compiled:
    criteria = framework.criteria
    total = sum(criterion.weight for criterion in criteria)
    problems: list[str] = []
    if not criteria:
        problems.append("criteria: expected at least one criterion")
    elif total <= 0:
        problems.append("criteria: expected a total weight above 0")
    plans: list[_Plan] = []
    seen: set[str] = set()
    for index, criterion in enumerate(criteria):
        if criterion.key in seen:
            problems.append(f"criteria[{index}].key: duplicate key {criterion.key!r}")
        seen.add(criterion.key)
        plan, found = _plan(criterion, f"criteria[{index}]", total)
        plans.append(plan)
        problems.extend(found)
    problems.extend(f"pass_rule.{problem}" for problem in framework.pass_rule.problems(seen))
    if problems:
        msg = f"invalid framework {framework.name!r}: " + "; ".join(problems)
        raise ConfigError(msg, errors=problems)
    return _Compiled(tuple(plans), total, _describe(framework))


def _order(item: tuple[int, float, _Plan]) -> tuple[float, bool, int]:
    index, impact, plan = item
    return -impact, not plan.decisive, index


@attrs.frozen
class Framework:
    """A qualification framework: weighted criteria, a pass rule, questions to ask.

    Args:
        name: short name (``"BANT"``), also the framework's identity in results.
        title: what the letters stand for, in both languages.
        criteria: the criteria, in the order they are usually discussed.
        pass_rule: when an assessment passes (default: a score of at least 60).
        description: when to use the framework.

    Construction checks what assessing depends on (unique keys, unambiguous option
    names, a pass rule over existing criteria) and raises ``ConfigError`` otherwise;
    :func:`leadqual.testing.check_framework` checks the rest (translations, monotone
    levels, questions).

    >>> fw = Framework("NA", Text("Need, Authority"), (
    ...     Criterion("need", Text("Need", "Behoefte"), weight=2),
    ...     Criterion("authority", Text("Authority", "Bevoegdheid")),
    ... ))
    >>> fw.assess({"need": True, "authority": 0.5}).score
    83.33333333333333
    """

    name: str = attrs.field(validator=_non_empty)
    title: Text
    criteria: tuple[Criterion, ...] = attrs.field(converter=_criteria)
    pass_rule: PassRule = attrs.field(factory=lambda: MinScore(60))
    description: Text | None = None
    # Prepared once here because a framework is assessed many times.
    _compiled: _Compiled = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_compiled", _compile(self))

    @property
    def keys(self) -> tuple[str, ...]:
        """The criterion keys, in order."""
        return tuple(criterion.key for criterion in self.criteria)

    def criterion(self, key: str) -> Criterion:
        """The criterion with ``key``.

        Raises:
            KeyError: there is no such criterion.
        """
        for criterion in self.criteria:
            if criterion.key == key:
                return criterion
        msg = f"{self.name} has no criterion {key!r}; expected one of {list(self.keys)}"
        raise KeyError(msg)

    def assess(self, answers: Mapping[str, Answer | None]) -> Assessment:
        """Weigh the answers into an :class:`Assessment`.

        ``answers`` maps criterion keys to ``True``/``False``, a number from 0 to 1, or
        one of the criterion's option names; a missing key, ``None``, ``""`` or
        ``"unknown"`` means unknown. Keys of no criterion here are ignored, so one
        lead's answers can feed several frameworks.

        Raises:
            AnswerError: an answer to one of these criteria is out of range or not one
                of its options; the message names the criterion and what is allowed.

        >>> from leadqual.frameworks import BANT
        >>> a = BANT.assess({"need": "urgent", "authority": "decision_maker"})
        >>> round(a.score), a.missing, a.next_questions()[0].key
        (58, ('budget', 'timeline'), 'budget')
        """
        if not isinstance(answers, Mapping):
            # Reachable from untyped callers (a list from a JSON file, a CSV cell).
            shown = type(answers).__name__  # type: ignore[unreachable]
            msg = f"answers: expected a mapping of criterion keys, got {shown}"
            raise AnswerError(msg)
        results: list[CriterionResult] = []
        open_items: list[tuple[int, float, _Plan]] = []
        met: set[str] = set()
        knockouts: list[str] = []
        blockers: list[str] = []
        earned = unknown = 0.0
        all_met = True
        compiled = self._compiled
        for index, plan in enumerate(compiled.plans):
            result = plan.read(answers.get(plan.key))
            results.append(result)
            status = result.status
            if status is Status.UNKNOWN:
                unknown += plan.weight
                open_items.append((index, result.impact, plan))
            else:
                earned += plan.weight * result.level  # type: ignore[operator]  # known: a level
                if status is Status.MET:
                    met.add(plan.key)
                elif status is Status.PARTIAL:
                    open_items.append((index, result.impact, plan))
                elif plan.knockout:
                    knockouts.append(plan.key)
                elif plan.required or plan.veto:
                    blockers.append(plan.key)
            if plan.required and status is not Status.MET:
                all_met = False
        total = compiled.total
        score = 100 * earned / total
        passed = not knockouts and not blockers and all_met and self.pass_rule.passes(score, met)
        open_items.sort(key=_order)
        return Assessment(
            framework=self.name,
            score=score,
            potential=100 * (earned + unknown) / total,
            coverage=(total - unknown) / total,
            passed=passed,
            results=tuple(results),
            knockouts=tuple(knockouts),
            questions=tuple(q for _, _, plan in open_items for q in plan.questions),
            rule=compiled.rule,
            blockers=tuple(blockers),
        )

    def assess_lead(self, lead: Lead) -> Assessment:
        """Assess the answers a lead carries (``lead.answers``).

        >>> from leadqual import Lead
        >>> from leadqual.frameworks import BANT
        >>> BANT.assess_lead(Lead("L-1", answers={"budget": "none"})).blockers
        ('budget',)
        """
        try:
            return self.assess(lead.answers)
        except AnswerError as exc:
            if exc.place is None:
                raise
            raise AnswerError.at(place=f"answers.{exc.place}", detail=exc.detail or "") from None
