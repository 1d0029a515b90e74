"""Models and qualifiers pickle as data (their plan), before and after scoring."""

from __future__ import annotations

import datetime as dt
import pickle
import subprocess
import sys

import leadqual as lq
from leadqual.scoring import CompiledModel
from leadqual.verdict import Qualifier

AS_OF = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
LEAD = lq.Lead.from_mapping(
    {
        "id": "L-1",
        "job_title": "Student",
        "events": [
            {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"},
            {
                "type": "page_view",
                "at": "2026-11-22T10:00:00+01:00",
                "properties": {"url": "https://acme.nl/pricing"},
            },
        ],
    }
)


class TestPickle:
    """pickle of ScoringModel, CompiledModel and Qualifier."""

    def test_model_before_and_after_scoring(self) -> None:
        """A model pickles before and after its first score, and scores the same."""
        model = lq.starter_model()
        before = pickle.loads(pickle.dumps(model))  # noqa: S301 - our own bytes
        expected = model.score(LEAD, AS_OF)
        after = pickle.loads(pickle.dumps(model))  # noqa: S301
        assert before == after == model
        assert before.score(LEAD, AS_OF) == after.score(LEAD, AS_OF) == expected
        assert list(after.score(LEAD, AS_OF).ledger) == list(expected.ledger)

    def test_compiled_pickles_its_plan(self) -> None:
        """A compiled model pickles as model and plan, never as generated functions."""
        compiled = lq.starter_model().compile()
        data = pickle.dumps(compiled)
        assert b"_score" not in data
        loaded = pickle.loads(data)  # noqa: S301
        assert isinstance(loaded, CompiledModel)
        assert loaded.plan == compiled.plan
        assert loaded.score(LEAD, AS_OF) == compiled.score(LEAD, AS_OF)

    def test_qualifier(self) -> None:
        """A qualifier pickles after qualifying and qualifies the same."""
        qualifier = Qualifier(model=lq.starter_model())
        expected = qualifier.qualify(LEAD, AS_OF)
        loaded = pickle.loads(pickle.dumps(qualifier))  # noqa: S301
        assert loaded.qualify(LEAD, AS_OF) == expected

    def test_another_process(self) -> None:
        """A model and a qualifier pickled here score the same in a fresh interpreter."""
        model = lq.starter_model()
        model.score(LEAD, AS_OF)
        qualifier = Qualifier(model=model)
        payload = pickle.dumps((model, qualifier, LEAD, AS_OF))
        script = (
            "import pickle, sys\n"
            "model, qualifier, lead, as_of = pickle.loads(sys.stdin.buffer.read())\n"
            "score = model.score(lead, as_of)\n"
            "verdict = qualifier.qualify(lead, as_of)\n"
            "sys.stdout.buffer.write(pickle.dumps((score, list(score.ledger), verdict)))\n"
        )
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", script], input=payload, capture_output=True, check=True
        )
        score, ledger, verdict = pickle.loads(done.stdout)  # noqa: S301
        expected = model.score(LEAD, AS_OF)
        assert score == expected
        assert ledger == list(expected.ledger)
        assert verdict == qualifier.qualify(LEAD, AS_OF)
