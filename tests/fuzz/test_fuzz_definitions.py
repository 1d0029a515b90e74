"""Fuzzing definition files: models, ICPs, frameworks and qualifiers in TOML/JSON/YAML.

Each case mutates the data of a real definition (the starter model, a full ICP, every
built-in framework, two qualifiers), writes it in one format, sometimes damages the
text (cuts, flipped characters, alias bombs), loads it and uses what loads.
"""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzz_harness as fh
import leadqual as lq

DEFINITIONS = fh.base_definitions()
LEADS = [lq.Lead.from_mapping(mapping) for mapping in fh.base_leads(0)[:4]]


class TestMutatedDefinitions:
    """Definition files with random damage."""

    @settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        st.randoms(use_true_random=False),
        st.sampled_from(DEFINITIONS),
        st.sampled_from([".json", ".toml", ".yaml"]),
        st.booleans(),
    )
    def test_loads_and_works_or_is_a_leadqual_error(
        self,
        tmp_path: Path,
        rng: random.Random,
        definition: tuple[str, dict[str, object]],
        suffix: str,
        damage_text: bool,
    ) -> None:
        """Loading is bounded and fails only with a LeadqualError; what loads, works."""
        kind, data = definition
        try:
            text = fh.render(fh.mutate(rng, data), suffix)
        except lq.LeadqualError:
            return  # TOML cannot hold the mutated data (a null, say): nothing to load
        if damage_text:
            text = fh.mutate_text(rng, text)
        found = fh.check_definition(kind, text, suffix, tmp_path, LEADS)
        assert [f"{f.kind}: {f.error} in {f.case}" for f in found] == []

    def test_unchanged_definitions_load(self, tmp_path: Path) -> None:
        """The base definitions themselves load in every format and work."""
        for kind, data in DEFINITIONS:
            for suffix in (".json", ".toml", ".yaml"):
                found = fh.check_definition(kind, fh.render(data, suffix), suffix, tmp_path, LEADS)
                assert found == []
