"""Tests for the framework machinery in ``leadqual.frameworks._framework``."""

from __future__ import annotations

import json
from typing import Any

import attrs
import hypothesis.strategies as st
import pytest
from hypothesis import given

import leadqual as lq
from leadqual.frameworks import (
    BANT,
    AllOf,
    AnyOf,
    Assessment,
    Criterion,
    Framework,
    MinMet,
    MinScore,
    Option,
    Question,
    Status,
    Text,
)


def _criterion(key: str, weight: float = 1, **kwargs: Any) -> Criterion:
    options = (
        Option("yes", 1.0, Text("Yes", "Ja"), ("ja",)),
        Option("some", 0.5, Text("Some", "Wat")),
        Option("no", 0.0, Text("No", "Nee")),
    )
    return Criterion(
        key,
        Text(key.title(), key.upper()),
        weight=weight,
        questions=(Text(f"{key}?", f"{key}?"),),
        options=options,
        **kwargs,
    )


def _framework(*criteria: Criterion, rule: Any = None) -> Framework:
    if rule is None:
        return Framework("T", Text("Test", "Test"), criteria)
    return Framework("T", Text("Test", "Test"), criteria, pass_rule=rule)


class TestText:
    """Text: one text in English and Dutch."""

    def test_dutch_falls_back_to_english(self) -> None:
        """An untranslated text shows its English in Dutch rather than nothing."""
        assert Text("Need").get("nl") == "Need"
        assert Text("Need", "Noodzaak").get("nl") == "Noodzaak"

    def test_unknown_language(self) -> None:
        """Another language falls back to English, as seniority labels do."""
        assert Text("Need", "Behoefte").get("de") == "Need"
        assert Status.MET.label("fr") == "met"

    def test_english_required(self) -> None:
        """A text without English is a configuration error."""
        with pytest.raises(lq.ConfigError, match="en: expected a non-empty string"):
            Text("  ")


class TestOption:
    """Option: a named answer and its level."""

    @pytest.mark.parametrize("level", [-0.1, 1.5, float("nan"), True, "1"])
    def test_level_range(self, level: Any) -> None:
        """A level outside 0-1 (or not a number) is rejected with its place."""
        with pytest.raises(lq.ConfigError, match="level: expected a number from 0 to 1"):
            Option("x", level)


class TestCriterion:
    """Criterion: domain rules checked at construction."""

    @pytest.mark.parametrize("weight", [-1, float("inf"), float("nan"), "2"])
    def test_weight(self, weight: Any) -> None:
        """Weights are finite numbers >= 0."""
        with pytest.raises(lq.ConfigError, match="weight"):
            Criterion("need", Text("Need"), weight=weight)

    def test_met_at_above_zero(self) -> None:
        """met_at 0 would count a plain "no" as met."""
        with pytest.raises(lq.ConfigError, match="met_at"):
            Criterion("need", Text("Need"), met_at=0)


class TestFrameworkConstruction:
    """Framework(...): what construction refuses."""

    def test_duplicate_keys(self) -> None:
        """Two criteria with one key would silently share an answer."""
        with pytest.raises(lq.ConfigError, match=r"criteria\[1\].key: duplicate key 'a'"):
            _framework(_criterion("a"), _criterion("a"))

    def test_option_names_clash_after_normalising(self) -> None:
        """Options that differ only in case or separators would be ambiguous."""
        clash = Criterion(
            "a", Text("A"), options=(Option("Decision Maker", 1), Option("decision-maker", 0.5))
        )
        with pytest.raises(lq.ConfigError, match="clashes with option 'Decision Maker'"):
            _framework(clash)

    def test_reserved_unknown(self) -> None:
        """'unknown' always means unknown, so it cannot be an option."""
        bad = Criterion("a", Text("A"), options=(Option("Unknown", 0.2),))
        with pytest.raises(lq.ConfigError, match="reserved for unknown answers"):
            _framework(bad)

    def test_pass_rule_refers_to_criteria(self) -> None:
        """A pass rule over a criterion that does not exist is caught at construction."""
        with pytest.raises(lq.ConfigError, match=r"pass_rule.of\[0\]: no criterion 'zz'"):
            _framework(_criterion("a"), rule=MinMet(1, of=("zz",)))

    def test_pass_rule_count(self) -> None:
        """Requiring more criteria met than exist can never pass."""
        with pytest.raises(lq.ConfigError, match="count: expected a number from 1 to 2"):
            _framework(_criterion("a"), _criterion("b"), rule=MinMet(3))

    def test_nested_rules_are_checked(self) -> None:
        """Problems inside composed rules are reported with their place."""
        rule = AllOf((MinScore(50), AnyOf((MinScore(150),))))
        with pytest.raises(lq.ConfigError, match=r"rules\[1\].rules\[0\].score"):
            _framework(_criterion("a"), rule=rule)
        with pytest.raises(lq.ConfigError, match="expected at least one rule"):
            _framework(_criterion("a"), rule=AllOf(()))

    def test_needs_weight(self) -> None:
        """A framework whose weights are all zero cannot score anything."""
        with pytest.raises(lq.ConfigError, match="total weight above 0"):
            _framework(_criterion("a", weight=0))
        with pytest.raises(lq.ConfigError, match="at least one criterion"):
            _framework()

    def test_lists_become_tuples(self) -> None:
        """Lists given in Python are stored as tuples: hashable, equal to a loaded copy."""
        listed = Framework(
            "T",
            Text("Test", "Test"),
            [attrs.evolve(_criterion("a"), questions=[Text("a?", "a?")])],
            pass_rule=AllOf([MinMet(1, of=["a"])]),
        )
        assert listed == _framework(
            attrs.evolve(_criterion("a"), questions=(Text("a?", "a?"),)),
            rule=AllOf((MinMet(1, of=("a",)),)),
        )
        assert hash(listed) is not None

    def test_criterion_lookup(self) -> None:
        """Criteria are found by key; a wrong key lists the right ones."""
        assert BANT.criterion("need").label.nl == "Behoefte"
        assert BANT.criterion("timeline").label.nl == "Tijdpad"
        assert BANT.keys == ("budget", "authority", "need", "timeline")
        with pytest.raises(KeyError, match="'budget', 'authority'"):
            BANT.criterion("money")


class TestAssess:
    """Framework.assess: answers to levels, statuses, knock-outs."""

    fw = _framework(_criterion("a", 3), _criterion("b", 1))

    def test_answer_kinds(self) -> None:
        """True/False, numbers and options (any case, with aliases) all become levels."""
        a = self.fw.assess({"a": True, "b": 0.25})
        assert (a.result("a").level, a.result("b").level) == (1.0, 0.25)
        assert a.score == pytest.approx(81.25)
        b = self.fw.assess({"a": " JA ", "b": "Some"})
        assert (b.result("a").answer, b.result("b").answer) == ("yes", "some")
        assert self.fw.assess({"a": False, "b": 0}).score == 0

    @pytest.mark.parametrize("unknown", [None, "", "unknown", " Unknown "])
    def test_unknown_words(self, unknown: Any) -> None:
        """Missing, None, blank and 'unknown' are all unknown, never "no"."""
        result = self.fw.assess({"a": unknown}).result("a")
        assert result.status is Status.UNKNOWN
        assert result.answer is None

    def test_foreign_keys_ignored(self) -> None:
        """Answers for other frameworks' criteria are ignored, whatever their value."""
        a = self.fw.assess({"a": "yes", "champion": "whatever", "metrics": 7})
        assert a.score == 75

    def test_out_of_range(self) -> None:
        """A number outside 0-1 names the criterion and what is allowed."""
        with pytest.raises(lq.AnswerError, match=r"^b: answer 1.5 is out of range; expected"):
            self.fw.assess({"b": 1.5})
        with pytest.raises(lq.AnswerError, match="a: answer nan"):
            self.fw.assess({"a": float("nan")})

    def test_unknown_option(self) -> None:
        """An unknown option name lists the options of that criterion."""
        with pytest.raises(lq.AnswerError) as info:
            BANT.assess({"budget": "maybe"})
        assert str(info.value) == (
            "budget: unknown answer 'maybe'; expected one of 'approved', 'allocated', "
            "'planned', 'seeking', 'none', yes/no (true/false) or a number from 0 to 1"
        )
        assert info.value.place == "budget"
        assert isinstance(info.value, ValueError)

    def test_unsupported_types(self) -> None:
        """Lists, tables and non-mappings are rejected as answers."""
        with pytest.raises(lq.AnswerError, match="a: unsupported answer \\["):
            self.fw.assess({"a": ["yes"]})  # type: ignore[dict-item]
        with pytest.raises(lq.AnswerError, match="expected a mapping"):
            self.fw.assess([("a", True)])  # type: ignore[arg-type]

    def test_statuses(self) -> None:
        """Met at or above met_at, unmet at 0, partial in between."""
        fw = _framework(_criterion("a", met_at=0.5), _criterion("b"), _criterion("c"))
        a = fw.assess({"a": "some", "b": "some", "c": "no"})
        assert [r.status for r in a.results] == [Status.MET, Status.PARTIAL, Status.UNMET]
        assert a.met == ("a",)

    def test_score_potential_coverage(self) -> None:
        """Unknowns add nothing to the score but everything to the potential."""
        a = self.fw.assess({"b": "yes"})
        assert (a.score, a.potential, a.coverage) == (25, 100, 0.25)
        assert a.missing == ("a",)
        assert [r.max_points for r in a.results] == [75, 25]

    def test_knockout(self) -> None:
        """An explicit "no" on a knock-out criterion fails the lead whatever its score."""
        fw = _framework(_criterion("a", 1, knockout=True), _criterion("b", 9), rule=MinScore(50))
        out = fw.assess({"a": "no", "b": "yes"})
        assert (out.score, out.passed, out.knockouts, out.knocked_out) == (90, False, ("a",), True)
        unknown = fw.assess({"b": "yes"})
        assert (unknown.passed, unknown.knocked_out) == (True, False)
        partial = fw.assess({"a": "some", "b": "yes"})
        assert partial.knockouts == ()

    def test_required(self) -> None:
        """A required criterion must be met; unknown or partial is not enough."""
        fw = _framework(_criterion("a", 1, required=True), _criterion("b", 9), rule=MinScore(50))
        assert fw.assess({"a": "yes", "b": "yes"}).passed
        assert not fw.assess({"b": "yes"}).passed
        assert not fw.assess({"a": "some", "b": "yes"}).passed
        assert "with A met" in fw.assess({}).rule.en

    def test_required_no_blocks(self) -> None:
        """An explicit "no" on a required criterion blocks the pass without a knock-out."""
        fw = _framework(_criterion("a", 1, required=True), _criterion("b", 9), rule=MinScore(50))
        out = fw.assess({"a": "no", "b": "yes"})
        assert (out.passed, out.knocked_out, out.blockers, out.blocked) == (
            False,
            False,
            ("a",),
            True,
        )
        assert fw.assess({"a": "some", "b": "yes"}).blockers == ()
        assert fw.assess({"b": "yes"}).blockers == ()

    def test_veto(self) -> None:
        """A veto criterion blocks the pass on an explicit "no" only, never disqualifies."""
        fw = _framework(_criterion("a", 1, veto=True), _criterion("b", 9), rule=MinScore(50))
        no = fw.assess({"a": "no", "b": "yes"})
        assert (no.score, no.passed, no.knockouts, no.blockers) == (90, False, (), ("a",))
        assert fw.assess({"a": "some", "b": "yes"}).passed
        assert fw.assess({"b": "yes"}).passed
        assert fw.assess({}).rule == Text(
            "a score of at least 50, with A not answered no",
            "een score van minstens 50, met A niet met nee beantwoord",
        )

    def test_knockout_wins_over_blocker(self) -> None:
        """A knock-out that is also required is reported as a knock-out only."""
        fw = _framework(_criterion("a", knockout=True, required=True), _criterion("b"))
        out = fw.assess({"a": False})
        assert (out.knockouts, out.blockers) == (("a",), ())

    @pytest.mark.parametrize(
        ("word", "value"),
        [
            *[(w, True) for w in ("yes", "YES", "Yes", "ja", "JA", "true", "True", "y", "J")],
            *[(w, False) for w in ("no", "No", "nee", "NEE", "false", "FALSE", "n", " N ")],
        ],
    )
    def test_checkbox_words(self, word: str, value: bool) -> None:
        """CRM checkbox values are yes/no for every criterion, in English and Dutch."""
        result = BANT.assess({"need": word}).result("need")
        assert result.answer is value
        assert result.level == (1.0 if value else 0.0)
        assert result == BANT.assess({"need": value}).result("need")

    def test_option_named_like_a_checkbox_wins(self) -> None:
        """A criterion's own option called "yes", "no" or "ja" keeps its meaning."""
        result = self.fw.assess({"a": "Ja", "b": "no"})
        assert (result.result("a").answer, result.result("b").answer) == ("yes", "no")
        half = attrs.evolve(_criterion("b"), options=(Option("n", 0.5),))
        odd = _framework(_criterion("a"), half)
        assert odd.assess({"b": "N"}).result("b").level == 0.5
        assert odd.assess({"b": "nee"}).result("b").level == 0.0

    def test_assess_lead(self) -> None:
        """A lead's answers feed assess directly."""
        lead = lq.Lead.from_mapping({"id": "L-1", "answers": {"a": "yes", "x": "other"}})
        assert self.fw.assess_lead(lead) == self.fw.assess(lead.answers)
        assert self.fw.assess_lead(lead).score == 75

    @given(
        st.dictionaries(
            st.sampled_from(["a", "b"]),
            st.one_of(st.booleans(), st.floats(0, 1), st.sampled_from(["yes", "some", "no"])),
        )
    )
    def test_score_bounds(self, answers: dict[str, Any]) -> None:
        """0 <= score <= potential <= 100, and the points add up to the score."""
        a = self.fw.assess(answers)
        assert 0 <= a.score <= a.potential <= 100
        assert sum(r.points for r in a.results) == pytest.approx(a.score)


class TestPassRules:
    """MinScore, MinMet, AllOf, AnyOf."""

    fw = _framework(_criterion("a"), _criterion("b"), _criterion("c"), _criterion("d"))

    def test_min_met(self) -> None:
        """'3 of 4 criteria met' is a pass rule, not a score."""
        fw = _framework(*self.fw.criteria, rule=MinMet(3))
        assert fw.assess({"a": 1, "b": 1, "c": 1}).passed
        assert not fw.assess({"a": 1, "b": 1, "c": 0.5, "d": 0.5}).passed

    def test_min_met_of(self) -> None:
        """A count can be limited to named criteria."""
        fw = _framework(*self.fw.criteria, rule=MinMet(1, of=("c", "d")))
        assert not fw.assess({"a": 1, "b": 1}).passed
        assert fw.assess({"d": 1}).passed
        assert fw.assess({}).rule.en == "at least 1 of 2 criteria met (c, d)"

    def test_combined(self) -> None:
        """all_of and any_of combine rules."""
        rule = AnyOf((MinScore(90), AllOf((MinScore(40), MinMet(1, of=("a",))))))
        fw = _framework(*self.fw.criteria, rule=rule)
        assert fw.assess({"a": 1, "b": 1}).passed
        assert not fw.assess({"b": 1, "c": 1}).passed
        assert fw.assess({"b": 1, "c": 1, "d": 1, "a": 0.6}).passed
        assert fw.assess({}).rule.nl == (
            "(een score van minstens 90 of een score van minstens 40 en "
            "minstens 1 van 1 criteria voldaan (a))"
        )

    def test_default(self) -> None:
        """Without a rule, a framework passes from a score of 60."""
        assert self.fw.pass_rule == MinScore(60)
        assert self.fw.assess({"a": 1, "b": 1, "c": 0.4}).passed
        assert not self.fw.assess({"a": 1, "b": 1, "c": 0.3}).passed


class TestNextQuestions:
    """Assessment.next_questions: what to ask next."""

    def test_order_by_impact(self) -> None:
        """Unknown heavy criteria first, then partial ones by the points still open."""
        fw = _framework(_criterion("a", 1), _criterion("b", 4), _criterion("c", 3))
        a = fw.assess({"b": "some"})
        assert [q.key for q in a.next_questions()] == ["c", "b", "a"]
        assert [r.impact for r in a.results] == [12.5, 25, 37.5]

    def test_settled_criteria_not_asked(self) -> None:
        """Met and unmet criteria are settled: their questions are not asked again."""
        fw = _framework(_criterion("a"), _criterion("b"), _criterion("c"))
        a = fw.assess({"a": "yes", "b": "no"})
        assert [q.key for q in a.next_questions()] == ["c"]

    def test_ties_go_to_decisive_criteria(self) -> None:
        """On equal impact, knock-out and required criteria are asked first."""
        fw = _framework(_criterion("a"), _criterion("b", knockout=True), _criterion("c"))
        assert [q.key for q in fw.assess({}).next_questions()] == ["b", "a", "c"]

    def test_limit(self) -> None:
        """A limit keeps the first questions only."""
        questions = BANT.assess({}).next_questions(limit=1)
        assert questions == (BANT.assess({}).next_questions()[0],)
        assert isinstance(questions[0], Question)
        assert str(questions[0]) == questions[0].text.en


class TestAssessment:
    """Assessment: a frozen, explainable value."""

    def test_frozen_value(self) -> None:
        """An assessment is a frozen value; the same answers give an equal one."""
        a = BANT.assess({"need": "urgent"})
        assert a == BANT.assess({"need": "urgent"})
        assert isinstance(a, Assessment)
        with pytest.raises(AttributeError):
            a.score = 100  # type: ignore[misc]

    def test_unstructures_to_json(self) -> None:
        """The assessment unstructures to plain JSON with statuses as strings."""
        data = lq.unstructure(BANT.assess({"need": "urgent", "budget": 0.5}))
        text = json.dumps(data)
        assert json.loads(text) == data
        assert data["results"][0] == {
            "key": "budget",
            "label": {"en": "Budget", "nl": "Budget"},
            "status": "partial",
            "answer": 0.5,
            "level": 0.5,
            "points": 12.5,
            "max_points": 25.0,
            "impact": 12.5,
        }
        assert [q["key"] for q in data["questions"]][::2] == ["authority", "timeline", "budget"]

    def test_result_lookup(self) -> None:
        """Results are found by key; a wrong key is a KeyError naming the right ones."""
        a = BANT.assess({})
        assert a.result("need").status is Status.UNKNOWN
        with pytest.raises(KeyError, match="'budget'"):
            a.result("money")

    def test_explain(self) -> None:
        """The explanation exists in English and Dutch and names what to ask next."""
        a = BANT.assess({"need": True, "authority": "influencer", "budget": "none"})
        assert a.explain() == (
            "BANT: score 48 of 100 (at most 65 once everything is known)\n"
            "Not qualified yet; the rule: at least 3 of 4 criteria met, with Need met and "
            "Budget not answered no.\n"
            "Not now because of: Budget.\n"
            "- Budget: not met (No budget), 0/25\n"
            "- Authority: partly met (Influencer), 15/25\n"
            "- Need: met (yes), 33/33\n"
            "- Timeline: unknown, 0/17\n"
            "Ask next: By when do you want a solution in place?"
        )
        dutch = a.explain("nl")
        assert (
            "Nog niet gekwalificeerd; de regel: minstens 3 van 4 criteria voldaan, met "
            "Behoefte voldaan en Budget niet met nee beantwoord."
        ) in dutch
        assert "- Behoefte: voldaan (ja), 33/33" in dutch
        assert "- Bevoegdheid: deels voldaan (Beïnvloeder), 15/25" in dutch
        assert "- Budget: niet voldaan (Geen budget), 0/25" in dutch
        assert "Nu even niet vanwege: Budget." in dutch
        assert "Volgende vraag: Wanneer wilt u een oplossing in gebruik hebben?" in dutch

    def test_explain_knockout_labels(self) -> None:
        """Knock-outs are named by their label in the language, not by their key."""
        fw = _framework(_criterion("a", knockout=True), _criterion("b"))
        text = fw.assess({"a": "no"}).explain("nl")
        assert "Afgevallen op: A." in text
        assert "- A: niet voldaan (Nee), 0/50" in text

    def test_show_answer(self) -> None:
        """Answers show as people read them: option labels, yes/no, numbers, or None."""
        a = BANT.assess({"budget": "Gereserveerd", "need": True, "authority": 0.5})
        assert a.result("budget").show_answer("nl") == "Gereserveerd, nog niet vrijgegeven"
        assert a.result("budget").show_answer() == "Allocated, awaiting sign-off"
        assert a.result("need").show_answer("nl") == "ja"
        assert a.result("authority").show_answer("nl") == "0,5"
        assert a.result("timeline").show_answer("nl") is None
        unlabelled = _framework(attrs.evolve(_criterion("a"), options=(Option("top", 1.0),)))
        assert unlabelled.assess({"a": "top"}).result("a").show_answer("nl") == "top"

    def test_explain_numbers(self) -> None:
        """Numeric answers are shown as given, a pass is said as such."""
        fw = _framework(_criterion("a"), rule=MinScore(50))
        text = fw.assess({"a": 0.75}).explain()
        assert "Qualified; the rule: a score of at least 50." in text
        assert "- A: met (0.75), 75/100" in text


class TestCompiled:
    """Framework construction prepares the work of assess."""

    def test_compiled_once(self) -> None:
        """Assessing reuses what construction prepared (timings live in benchmarks/)."""
        first = BANT.assess({}).next_questions()
        second = BANT.assess({}).next_questions()
        assert all(a is b for a, b in zip(first, second, strict=True))
        named = BANT.assess({"need": "urgent", "budget": True}).results
        again = BANT.assess({"need": "Urgent", "budget": True}).results
        assert all(a is b for a, b in zip(named, again, strict=True))

    def test_hashable(self) -> None:
        """Frameworks are frozen values: equal definitions are equal and hash alike."""
        copy = Framework(BANT.name, BANT.title, BANT.criteria, BANT.pass_rule, BANT.description)
        assert copy == BANT
        assert hash(copy) == hash(BANT)
