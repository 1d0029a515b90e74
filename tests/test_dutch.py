"""Every user-facing text exists in English and Dutch, and the Dutch reads as Dutch.

The walk finds text tables by shape, not by name, so it keeps working when tables move
(into a shared ``Text`` kernel, say): a module-level mapping keyed by ``"en"`` and
``"nl"``, anything with ``en`` and ``nl`` string attributes, enums with a
``label(lang)`` method, and the ``Text`` values inside attrs objects such as the built-in
frameworks. Then it reads what the library writes for generated leads, as a new Dutch
user would, and checks the register: the rep is "je", the lead "u".
"""

from __future__ import annotations

import enum
import importlib
import io
import pkgutil
import re
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

import leadqual as lq
from leadqual import datasets
from leadqual._lang import format_datetime, format_number, format_percent
from leadqual.cli import main
from leadqual.frameworks import BUILT_INS, Framework
from leadqual.icp import ICP, CompanySize, ExcludeSeniority, Geography, IndustryCriterion

# English words that have no business inside a Dutch sentence. Loanwords Dutch B2B uses
# as they are (lead, fit, engagement, demo, webinar, nurture, champion, timing, knock-out,
# sales, content, whitepaper, checklist) are deliberately not on the list.
ENGLISH = frozenset(
    {
        "the", "with", "without", "and", "not", "yes", "none", "unknown", "yet", "now",
        "points", "rule", "rules", "grade", "coverage", "confidence", "decayed", "cap",
        "call", "research", "approved", "requested", "visited", "downloaded", "pricing",
        "employees", "revenue", "industry", "industries", "match", "mismatch", "near",
        "miss", "logistics", "manufacturing", "case_study", "case", "study", "owner",
        "track", "next", "step", "ask", "reached", "below", "above", "score's", "within",
        "minutes", "days", "ago", "today", "yesterday", "answered", "qualified", "by",
        "at", "on", "are", "you", "your", "our", "who", "what", "when",
        "why", "how", "which", "has", "does", "need", "authority",
        "timeline", "consideration", "awareness", "decision", "maker", "influencer",
        "user", "role", "seniority", "department", "company", "size", "location",
        "technology", "pain", "excluded", "competitor", "domain", "country", "new",
        "disqualified", "lost", "customer", "opportunity",
    }
)  # fmt: skip
# Words that were once used and must not come back.
BANNED = ("IKP", "vervallen", "Ideaal Klantprofiel (IKP)")
WORD = re.compile(r"[A-Za-zÀ-ÿ_']+")


# Terms of art Dutch B2B uses in English, as the article does.
TERMS = re.compile(r"(Marketing|Sales) Qualified Lead")


def _english_words(dutch: str) -> set[str]:
    # Quoted values ('Student'), placeholders ({id}) and URLs are data, not prose.
    prose = re.sub(r"'[^']*'|\"[^\"]*\"|\{[^}]*\}|\S*/\S*", " ", TERMS.sub(" ", dutch))
    return {word for word in WORD.findall(prose) if word.lower() in ENGLISH}


def _modules() -> Iterator[Any]:
    for info in pkgutil.walk_packages(lq.__path__, "leadqual."):
        if info.name.endswith("__main__"):  # importing it runs the command line
            continue
        try:
            yield importlib.import_module(info.name)
        except ImportError:  # an optional extra that is not installed
            continue


def _pairs(value: object, where: str, seen: set[int]) -> Iterator[tuple[str, str | None, str]]:
    """Yield (english, dutch, where) for every bilingual text reachable from ``value``."""
    if id(value) in seen or isinstance(value, str | int | float | bool | type(None)):
        return
    seen.add(id(value))
    en, nl = getattr(value, "en", None), getattr(value, "nl", None)
    if isinstance(en, str) and (nl is None or isinstance(nl, str)):
        if en:
            yield en, nl, where
    elif isinstance(value, type):
        yield from _enum_pairs(value, where)
    elif isinstance(value, dict):
        yield from _dict_pairs(value, where, seen)
    elif isinstance(value, tuple | list | frozenset):
        for index, item in enumerate(value):
            yield from _pairs(item, f"{where}[{index}]", seen)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            yield from _pairs(getattr(value, field.name, None), f"{where}.{field.name}", seen)


def _enum_pairs(value: type, where: str) -> Iterator[tuple[str, str | None, str]]:
    if issubclass(value, enum.Enum) and hasattr(value, "label"):
        for member in value:
            yield member.label("en"), member.label("nl"), f"{where}.{member.name}"


def _dict_pairs(
    value: dict[Any, Any], where: str, seen: set[int]
) -> Iterator[tuple[str, str | None, str]]:
    if "en" in value and "nl" in value:
        en, nl = value["en"], value["nl"]
        if isinstance(en, str):
            yield en, nl if isinstance(nl, str) else None, where
        elif isinstance(en, dict | tuple):
            items = en.items() if isinstance(en, dict) else enumerate(en)
            other = nl if isinstance(nl, dict) else dict(enumerate(nl))
            for key, text in items:
                if isinstance(text, str):
                    found = other.get(key)
                    yield text, found if isinstance(found, str) else None, f"{where}[{key}]"
        return
    for key, item in value.items():
        yield from _pairs(item, f"{where}[{key!r}]", seen)


def all_texts() -> list[tuple[str, str | None, str]]:
    """Every bilingual text of every module, plus the built-in frameworks and starter model."""
    seen: set[int] = set()
    found: list[tuple[str, str | None, str]] = []
    for module in _modules():
        for name, value in vars(module).items():
            # Classes are walked where they are defined; functions and modules hold no text.
            defined_here = getattr(value, "__module__", module.__name__) == module.__name__
            if name.startswith("__") or (
                callable(value) and not (isinstance(value, type) and defined_here)
            ):
                continue
            found.extend(_pairs(value, f"{module.__name__}.{name}", seen))
    for framework in BUILT_INS:
        found.extend(_pairs(framework, framework.name, seen))
    found.extend(_pairs(lq.starter_model(), "starter_model", seen))
    return found


TEXTS = all_texts()
TRANSLATED = [(en, nl, where) for en, nl, where in TEXTS if nl is not None]


class TestWalk:
    """The walk over every bilingual text table."""

    def test_finds_the_tables(self) -> None:
        """The walk reaches stages, reasons, frameworks, ICP, verdict and scoring texts."""
        places = " ".join(where for _, _, where in TEXTS)
        for table in ("Stage", "Reason", "BANT", "Grade", "Match", "Decision", "starter_model"):
            assert table in places
        assert len(TRANSLATED) > 300

    def test_both_languages(self) -> None:
        """Every text has an English and a Dutch version, neither of them blank."""
        missing = [where for en, nl, where in TEXTS if not en.strip() or not (nl or "").strip()]
        # Framework texts without a Dutch version fall back to English on purpose
        # (a user's own framework); the built-ins have every text in both.
        assert [where for where in missing if not where.startswith("leadqual.testing")] == []

    @pytest.mark.parametrize(("en", "nl", "where"), TRANSLATED, ids=[w for *_, w in TRANSLATED])
    def test_dutch_has_no_english(self, en: str, nl: str, where: str) -> None:
        """The Dutch text holds none of the untranslated English words, nor banned words."""
        assert _english_words(nl) == set(), f"{where}: {nl!r} (English: {en!r})"
        assert not any(word in nl for word in BANNED), f"{where}: {nl!r}"


class TestFormatting:
    """Numbers and dates inside Dutch sentences."""

    def test_numbers(self) -> None:
        """Decimal comma, thousands dot, percent without a space."""
        assert format_number(84.21, "nl") == "84,21"
        assert format_number(-7.5, "nl") == "-7,5"
        assert format_number(250000, "nl") == "250.000"
        assert format_percent(0.25, "nl", digits=1) == "25,0%"
        assert format_number(84.21, "en") == "84.21"

    def test_dates(self) -> None:
        """Day, month name in lower case, clock time with "uur"."""
        at = (
            lq.Lead.from_mapping(
                {
                    "id": "x",
                    "events": [{"type": "demo_requested", "at": "2026-12-01T10:00:00+01:00"}],
                }
            )
            .events[0]
            .at
        )
        assert format_datetime(at, "nl") == "1 december, 10:00 uur"

    def test_unknown_language_is_english(self) -> None:
        """Any other language code gets English."""
        assert format_number(1.5, "de") == "1.5"


# --- what the library writes, read as a Dutch sales manager would ------------------------

ICP_ = ICP(
    criteria=(
        CompanySize(min_employees=20, max_employees=500, weight=2),
        Geography(regions=("benelux",)),
        IndustryCriterion(industries=("manufacturing", "transport_logistics", "wholesale")),
    ),
    exclusions=(ExcludeSeniority(levels=("student",)),),
)
AS_OF = "2026-12-01T14:30:00+01:00"
FRAMEWORKS = {framework.name: framework for framework in BUILT_INS}


def dutch_output(count: int = 150) -> list[str]:
    """Every Dutch text the library writes for ``count`` generated leads."""
    leads = list(datasets.generate_leads(count, seed=15))
    model = lq.starter_model()
    texts: list[str] = []
    for index, lead in enumerate(leads):
        framework: Framework = BUILT_INS[index % len(BUILT_INS)]
        verdict = lq.Qualifier(model=model, icp=ICP_, framework=framework).qualify(
            lead, as_of=AS_OF
        )
        score = model.score(lead, as_of=AS_OF)
        texts.append(score.explain("nl"))
        texts.append(ICP_.fit(lead).explain("nl"))
        texts.append(verdict.explain("nl"))
        texts.append(framework.assess_lead(lead).explain("nl"))
    demo = io.StringIO()
    assert main(["--lang", "nl", "demo"], stdout=demo) == 0
    texts.append(demo.getvalue())
    return texts


OUTPUT = dutch_output()
# Data the lead brought (names, titles, pain points, URLs) is quoted or follows "lead:".
DATA = re.compile(
    r"\(lead: [^;)]*|codes? [\d., ]+|Openingszin: .*|Is [^?]* de uitdaging|\S+@\S+|\S*/\S*"
)


class TestOutput:
    """What a Dutch user reads after scoring and qualifying generated leads."""

    def test_no_decimal_points_or_iso_dates(self) -> None:
        """Numbers carry a decimal comma, dates are written out ("1 december, 10:00 uur")."""
        for text in OUTPUT:
            prose = DATA.sub(" ", text)
            # A dot between digits is a decimal point unless three digits follow (1.500).
            assert not re.search(r"\d\.(?!\d{3}(\D|$))\d", prose), text
            assert not re.search(r"\d{4}-\d{2}-\d{2}", prose), text

    def test_no_english_words(self) -> None:
        """No untranslated English word in the Dutch output (data aside)."""
        for text in OUTPUT:
            for line in text.splitlines():
                prose = DATA.sub(" ", line)
                assert _english_words(prose) == set(), line

    def test_register(self) -> None:
        """The rep reads "je", the lead is asked with "u": never the other way round."""
        for framework in BUILT_INS:
            for criterion in framework.criteria:
                to_rep = criterion.description.get("nl") if criterion.description else ""
                assert not re.search(r"\b(u|uw)\b", to_rep), to_rep
                for question in criterion.questions:
                    to_lead = question.get("nl")
                    assert not re.search(r"\b(je|jij|jou|jouw)\b", to_lead), to_lead
        for text in OUTPUT:
            for line in text.splitlines():
                if line.startswith(("Volgende stap:", "- ")):
                    assert not re.search(r"\b(u|uw)\b", DATA.sub(" ", line)), line
                if line.startswith(("Openingszin:", "Volgende vraag:")):
                    assert not re.search(r"\b(je|jij|jouw)\b", line), line

    def test_framework_names_for_all(self) -> None:
        """Every built-in framework was used in the output above."""
        assert set(FRAMEWORKS) == {framework.name for framework in BUILT_INS}
