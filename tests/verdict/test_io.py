"""Tests for ``leadqual.verdict._io``: qualifiers as TOML/JSON files."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import leadqual as lq
from leadqual.frameworks import BANT, BUILT_INS, GPCTBA, Criterion, Framework, Text
from leadqual.icp import ICP, CompanySize, ExcludeDomains, Geography
from leadqual.io import dump_qualifier, load_qualifier
from leadqual.scoring import CustomRule
from leadqual.verdict import (
    EngagementScale,
    Policy,
    Qualifier,
    Weights,
)
from leadqual.verdict._io import qualifier_from_data, qualifier_to_data
from strategies import models

SMALL_ICP = ICP(
    criteria=(CompanySize(min_employees=50, max_employees=500), Geography(regions=("benelux",))),
    exclusions=(ExcludeDomains(domains=("rival.nl",)),),
    name="benelux smb",
)
CUSTOM = Framework(
    "NA",
    Text("Need, Authority", "Behoefte, Bevoegdheid"),
    (
        Criterion("need", Text("Need", "Behoefte"), weight=2),
        Criterion("authority", Text("Authority")),
    ),
)


@st.composite
def qualifiers(draw: st.DrawFn) -> Qualifier:
    """A qualifier with any mix of components, weights and policy."""
    model = draw(st.none() | st.just(lq.starter_model()) | models())
    icp = draw(st.none() | st.just(SMALL_ICP))
    framework = draw(st.none() | st.sampled_from((*BUILT_INS, CUSTOM)))
    if model is None and icp is None and framework is None:
        framework = BANT
    numbers = st.integers(0, 5) | st.floats(0, 5).map(lambda x: round(x, 3))
    weights = Weights(*(draw(numbers) + 1 for _ in range(3)))
    sql = draw(st.integers(0, 100))
    policy = Policy(
        sql=sql,
        mql=draw(st.integers(0, sql)),
        min_confidence=draw(st.sampled_from((0, 0.4, 0.75, 1))),
        call_within_minutes=draw(st.sampled_from((60, 15, 2.5))),
        mql_track=draw(st.sampled_from(("consideration", 'mid funnel "q"'))),
        intent_events=draw(
            st.sampled_from(((), ("demo_requested", "pricing_requested"), ("trial_started",)))
        ),
    )
    engagement = EngagementScale(full=draw(st.none() | st.integers(1, 200)))
    return Qualifier(model, icp, framework, weights=weights, engagement=engagement, policy=policy)


class TestQualifierFiles:
    """load_qualifier / dump_qualifier."""

    @given(qualifier=qualifiers(), suffix=st.sampled_from((".toml", ".json")))
    def test_round_trip(self, qualifier: Qualifier, suffix: str) -> None:
        """Writing and reading a qualifier gives back an equal qualifier, in both formats."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"qualifier{suffix}"
            dump_qualifier(qualifier, path)
            assert load_qualifier(path) == qualifier

    def test_built_ins_by_name(self) -> None:
        """A built-in framework and the starter model are written by name."""
        data = qualifier_to_data(Qualifier(lq.starter_model(), SMALL_ICP, BANT))
        assert data["model"] == "starter"
        assert data["framework"] == "BANT"
        assert data["icp"]["name"] == "benelux smb"
        assert qualifier_from_data(data) == Qualifier(lq.starter_model(), SMALL_ICP, BANT)

    def test_custom_framework_embedded(self) -> None:
        """Other frameworks and models are embedded as tables."""
        model = attrs.evolve(lq.starter_model(), name="mine")
        data = qualifier_to_data(Qualifier(model=model, framework=CUSTOM))
        assert data["framework"]["name"] == "NA"
        assert data["model"]["name"] == "mine"

    def test_name_is_case_insensitive(self) -> None:
        """``framework = "bant"`` finds BANT; "GPCTBA" finds "GPCTBA/C&I"."""
        assert qualifier_from_data({"framework": "bant"}).framework == BANT
        assert qualifier_from_data({"framework": "GPCTBA"}).framework == GPCTBA

    def test_toml_by_hand(self, tmp_path: Path) -> None:
        """A hand-written TOML file with the policy and weights loads."""
        path = tmp_path / "q.toml"
        path.write_text(
            'model = "starter"\nframework = "GPCTBA"\n'
            "[weights]\nframework = 3\n[policy]\nsql = 70\ncall_within_minutes = 30\n",
            encoding="utf-8",
        )
        qualifier = load_qualifier(path)
        assert qualifier.policy.sql == 70
        assert qualifier.policy.call_within_minutes == 30
        assert qualifier.weights == Weights(framework=3)

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"framework": "BANTT"}, r"framework: unknown built-in framework 'BANTT'"),
            ({"model": "fancy"}, r"model: unknown built-in model 'fancy'"),
            ({"framework": "BANT", "policy": {"sql": "high"}}, r"policy\.sql: expected a number"),
            ({"framework": "BANT", "policy": {"sql": 120}}, r"policy\.sql: expected a number from"),
            ({"framework": "BANT", "weight": {}}, r"unexpected key\(s\) 'weight'"),
            ({}, r"expected at least one of model, icp, framework"),
            ([], r"expected a table at the top"),
        ],
    )
    def test_errors_name_the_place(self, data: object, message: str) -> None:
        """Bad files are ConfigErrors that name the place."""
        with pytest.raises(lq.ConfigError, match=message):
            qualifier_from_data(data)

    def test_error_names_the_file(self, tmp_path: Path) -> None:
        """Loading a bad file names it."""
        path = tmp_path / "bad.json"
        path.write_text(json.dumps({"framework": "nope"}), encoding="utf-8")
        with pytest.raises(lq.ConfigError, match=r"bad\.json: framework: unknown"):
            load_qualifier(path)

    def test_custom_rule_cannot_be_written(self, tmp_path: Path) -> None:
        """Python-only rules refuse to be written, as in model files."""
        rule = CustomRule("x", lambda lead, as_of: 0)  # noqa: ARG005
        model = attrs.evolve(lq.starter_model(), rules=(*lq.starter_model().rules, rule))
        with pytest.raises(lq.NotSerializableError):
            dump_qualifier(Qualifier(model=model), tmp_path / "q.toml")


class TestIntentEventsInFiles:
    """Policy.intent_events in qualifier files."""

    def test_written_and_read(self, tmp_path: Path) -> None:
        """The intent events are written out and read back, an empty list included."""
        for events in ((), ("demo_requested", "pricing_requested"), ("trial_started",)):
            qualifier = Qualifier(framework=BANT, policy=Policy(intent_events=events))
            data = qualifier_to_data(qualifier)
            assert data["policy"]["intent_events"] == list(events)
            for suffix in (".toml", ".json"):
                path = tmp_path / f"q{suffix}"
                dump_qualifier(qualifier, path)
                assert load_qualifier(path) == qualifier

    def test_by_hand(self, tmp_path: Path) -> None:
        """A hand-written list of event types; a bare text is an error with its place."""
        path = tmp_path / "q.toml"
        path.write_text('framework = "BANT"\n[policy]\nintent_events = ["trial_started"]\n')
        assert load_qualifier(path).policy.intent_events == ("trial_started",)
        path.write_text('framework = "BANT"\n[policy]\nintent_events = "demo_requested"\n')
        with pytest.raises(lq.ConfigError, match=r"policy\.intent_events: expected a list"):
            load_qualifier(path)
