"""Checks to run in your own test suite on what you build with leadqual.

Like scikit-learn's ``check_estimator``: each ``check_*`` function inspects one of your
objects, exercises it, and raises a ``ConfigError`` listing every problem it found
(also in ``.errors``), or returns ``None`` when all is well. leadqual runs the same
checks on its built-ins.

>>> from leadqual.frameworks import BANT
>>> check_framework(BANT)
"""

from __future__ import annotations

import itertools
import json
import tomllib
from typing import TYPE_CHECKING

from leadqual._convert import structure, unstructure
from leadqual.exceptions import ConfigError, LeadqualError
from leadqual.frameworks import Framework
from leadqual.io._files import dumps_toml

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Iterator, Mapping
    from typing import Any

    from leadqual.frameworks import Criterion, Text
    from leadqual.lead import Lead
    from leadqual.scoring import ScoringModel
    from leadqual.typing import Store

__all__ = ["check_engine", "check_framework", "check_notifier", "check_store"]


def _texts(framework: Framework) -> Iterator[tuple[str, Text]]:
    yield "title", framework.title
    if framework.description is not None:
        yield "description", framework.description
    for i, criterion in enumerate(framework.criteria):
        place = f"criteria[{i}]"
        yield f"{place}.label", criterion.label
        if criterion.description is not None:
            yield f"{place}.description", criterion.description
        for j, question in enumerate(criterion.questions):
            yield f"{place}.questions[{j}]", question
        for j, option in enumerate(criterion.options):
            if option.label is not None:
                yield f"{place}.options[{j}].label", option.label


def _criterion_problems(criterion: Criterion, place: str) -> Iterator[str]:
    if criterion.weight == 0 and not (criterion.required or criterion.knockout or criterion.veto):
        yield f"{place}.weight: 0 has no effect; give it a weight or make it required"
    if not criterion.questions:
        yield f"{place}.questions: expected at least one question to ask"
    levels = [option.level for option in criterion.options]
    if any(later >= earlier for earlier, later in itertools.pairwise(levels)):
        yield f"{place}.options: levels must fall from best to worst, got {levels}"
    if levels and max(levels) < criterion.met_at:
        yield (
            f"{place}.options: no option reaches met_at {criterion.met_at:g}, "
            "so no named answer can meet the criterion"
        )
    for j, option in enumerate(criterion.options):
        if option.label is None:
            yield f"{place}.options[{j}].label: expected a label in English and Dutch"
    # A CRM picklist only sends option names: without a level-0 option a knock-out or
    # veto could only ever be triggered by a bare False.
    if levels and min(levels) > 0:
        for flag in ("knockout", "veto"):
            if getattr(criterion, flag):
                yield (
                    f"{place}.options: {flag} is set but no option has level 0, "
                    f"so no named answer can trigger it; add a 'none' option"
                )


def _behaviour_problems(framework: Framework) -> Iterator[str]:
    keys = framework.keys
    best = framework.assess(dict.fromkeys(keys, True))
    if best.score != 100 or not best.passed:  # noqa: PLR2004 - the top of the scale
        yield "assess(all True): expected score 100 and a pass; the pass rule is unreachable"
    worst = framework.assess(dict.fromkeys(keys, False))
    if worst.score != 0 or worst.passed:
        yield "assess(all False): expected score 0 and no pass"
    for criterion in framework.criteria:
        if criterion.required or criterion.knockout or criterion.veto:
            key = criterion.key
            if framework.assess({**dict.fromkeys(keys, True), key: False}).passed:
                yield f"assess(all True but {key} False): {key} must hold, expected no pass"


def _round_trip_problems(framework: Framework) -> Iterator[str]:
    data = unstructure(framework)
    try:
        via_json = json.loads(json.dumps(data))
        via_toml = tomllib.loads(dumps_toml(data))
    except (TypeError, ValueError, LeadqualError) as exc:
        yield f"unstructure: not plain JSON/TOML data ({exc})"
        return
    for fmt, loaded in (("JSON", via_json), ("TOML", via_toml)):
        try:
            back = structure(loaded, Framework)
        except ConfigError as exc:
            yield f"{fmt} round trip: {exc}"
            continue
        if back != framework:
            yield f"{fmt} round trip: the loaded framework differs from the original"
    try:
        json.dumps(unstructure(framework.assess({})))
    except (TypeError, ValueError) as exc:
        yield f"unstructure(assessment): not plain JSON ({exc})"


def check_framework(framework: Framework) -> None:
    """Check a qualification framework, built-in or your own, and exercise it.

    What construction already guarantees (unique criterion keys, unambiguous option
    names, levels from 0 to 1, a pass rule over existing criteria) is not repeated.
    This checks the rest:

    - weights: every criterion counts (a weight of 0 only on required or knock-out
      criteria);
    - languages: every label, description, question and option label has English and
      Dutch text;
    - questions: every criterion has at least one;
    - options: levels fall strictly from the best option to the worst, every option
      has a label, at least one option meets the criterion, and a knock-out or veto
      criterion with options has one at level 0 (else no picklist value triggers it);
    - behaviour: all ``True`` scores 100 and passes; all
      ``False`` scores 0 and fails (a pass rule that lets such a lead through, like a
      minimum score of 0, is a mistake); all ``True`` but a "no" on one required,
      veto or knock-out criterion fails;
    - data: the framework round-trips exactly through JSON and TOML, and its
      assessments unstructure to plain JSON.

    Raises:
        ConfigError: listing every problem found, each with its place.

    >>> from leadqual.frameworks import Criterion, Framework, Text
    >>> draft = Framework("NEED", Text("Need"), (Criterion("need", Text("Need")),))
    >>> check_framework(draft)
    Traceback (most recent call last):
    ...
    leadqual.exceptions.ConfigError: framework 'NEED' fails 3 checks: title: ...
    """
    problems = [
        f"{place}: missing the {lang!r} text"
        for place, text in _texts(framework)
        for lang, value in (("en", text.en), ("nl", text.nl))
        if not value.strip()
    ]
    for i, criterion in enumerate(framework.criteria):
        problems.extend(_criterion_problems(criterion, f"criteria[{i}]"))
    problems.extend(_behaviour_problems(framework))
    problems.extend(_round_trip_problems(framework))
    if problems:
        count = f"{len(problems)} check{'s' if len(problems) > 1 else ''}"
        msg = f"framework {framework.name!r} fails {count}: " + "; ".join(problems)
        raise ConfigError(msg, errors=problems)


def _store_problems(store: Store) -> Iterator[str]:  # noqa: C901 - one check per step
    import datetime as dt  # noqa: PLC0415 - only this check needs these
    from contextlib import suppress  # noqa: PLC0415

    from leadqual.exceptions import LifecycleError  # noqa: PLC0415
    from leadqual.lead import Lead  # noqa: PLC0415
    from leadqual.lifecycle import Feedback  # noqa: PLC0415
    from leadqual.stage import Stage  # noqa: PLC0415

    as_of = dt.datetime(2026, 11, 21, 14, 30, tzinfo=dt.UTC)
    view = {"type": "page_view", "at": "2026-11-21T14:00:00+01:00", "properties": {"url": "/x"}}
    data = {
        "id": "check-store-1",
        "events": [view, view, {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"}],
    }
    lead = Lead.from_mapping(data)
    if store.leads():
        yield "the store must be empty before the check"
        return
    first = store.ingest([lead], as_of=as_of)
    if (first.created, first.events_added, len(first.handoffs)) != (1, 3, 1):
        yield f"ingest: expected 1 lead, 3 events and 1 hand-off, got {first}"
    again = store.ingest([lead], as_of=as_of + dt.timedelta(days=1))
    if again.unchanged != 1 or again.events_added or again.handoffs:
        yield f"ingest: the same input twice must change nothing, got {again}"
    stored = store.lead(lead.id)
    if stored.stage is not Stage.SQL or len(stored.lead.events) != 3:  # noqa: PLR2004
        yield f"lead: expected an SQL with 3 events, got {stored.stage} and {stored.events}"
    if len(store.snapshots(lead.id)) != 1:
        yield "snapshots: expected one verdict after an unchanged second ingest"
    before = store.history(lead.id)
    with suppress(LifecycleError):
        store.feedback(lead.id, Feedback.lost("budget", as_of))
        yield "feedback: lost with reason 'budget' must raise LifecycleError"
    if store.history(lead.id) != before:
        yield "feedback: a refused move must write nothing"
    items = store.claim("check-1", now=as_of)
    if [item.key for item in items] != list(first.handoffs):
        yield f"claim: expected the hand-off {first.handoffs}, got {items}"
    if store.claim("check-2", now=as_of):
        yield "claim: an item under lease must not be claimed by another worker"
    if items and not store.mark_sent(items[0].key, worker="check-1", now=as_of):
        yield "mark_sent: the worker holding the lease must be able to mark it sent"
    if store.claim("check-2", now=as_of + dt.timedelta(days=1)):
        yield "claim: a sent item must never be claimed again"


def check_store(store: Store) -> None:
    """Check a store implementation on an empty store: merging, idempotence, outbox.

    Ingests a lead twice (the second time must change nothing), reads it back, refuses
    an illegal move without writing, and claims, leases and marks its hand-off. Raises
    ``ConfigError`` listing every problem found.

    >>> from leadqual.store import open_store
    >>> with open_store("sqlite://") as store:
    ...     check_store(store)
    """
    problems = list(_store_problems(store))
    if problems:
        msg = f"store {getattr(store, 'url', store)!r}: " + "; ".join(problems)
        raise ConfigError(msg, errors=problems)


def check_notifier(notifier: object) -> None:
    """Check a notifier (:class:`leadqual.typing.Notifier`) by sending a hand-off twice.

    It needs a non-empty ``name`` and a ``send`` that accepts the same hand-off twice
    (a re-send after a crash) and fails only with ``NotifyError``.

    The notifier really sends: point it at a test receiver.

    >>> from leadqual.notify import CallbackNotifier
    >>> check_notifier(CallbackNotifier(lambda item: None))
    >>> check_notifier(object())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    leadqual.exceptions.ConfigError: notifier: expected a non-empty text 'name'; notifier: ...
    """
    import datetime as dt  # noqa: PLC0415 - only this check needs them

    from leadqual.exceptions import NotifyError  # noqa: PLC0415
    from leadqual.lifecycle import OutboxItem  # noqa: PLC0415

    problems = []
    name = getattr(notifier, "name", None)
    if not isinstance(name, str) or not name:
        problems.append("notifier: expected a non-empty text 'name'")
    send = getattr(notifier, "send", None)
    if not callable(send):
        problems.append("notifier: expected a send(item) method")
    if not problems and callable(send):
        item = OutboxItem(
            "lq-check",
            "L-check",
            "sql",
            {
                "lead_id": "L-check",
                "due": "2026-12-01T10:00:00+01:00",
                "text": {"en": "check", "nl": "check"},
            },
            created_at=dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC),
        )
        for attempt in ("first", "repeated"):
            try:
                send(item)
            except NotifyError as exc:
                problems.append(f"notifier.send: the {attempt} send failed: {exc}")
                break
            except Exception as exc:  # noqa: BLE001 - the check reports any other error
                problems.append(f"notifier.send: raised {type(exc).__name__}, expected NotifyError")
                break
    if problems:
        raise ConfigError("; ".join(problems), errors=problems)


def check_engine(
    engine: str | Callable[..., Iterable[Mapping[str, Any]]],
    model: ScoringModel,
    leads: Iterable[Lead],
    *,
    as_of: dt.datetime | str | None = None,
) -> None:
    """Check that an engine scores ``leads`` exactly as the reference interpreter does.

    ``engine`` is a name from :data:`leadqual.engines.ENGINES` (``"polars"``, …) or a
    function ``(model, leads, as_of) -> rows`` giving one mapping per lead in the output
    layout of :mod:`leadqual.engines._layout`. Every lead's row must hold the same
    ``lead_id``, ``points``, ``fit``, ``engagement``, ``stage``, group sums and rule
    points as the slow, obvious interpreter of the model's plan computes, in input
    order, with numbers equal exactly (they all lie on the 1/1024 grid). Run it from
    your tests on random models and leads (hypothesis) for an engine of your own.

    Raises:
        ConfigError: listing every difference, each with the lead's id and column.

    >>> import leadqual as lq
    >>> check_engine("python", lq.starter_model(), [lq.Lead("L-1", job_title="Student")])
    """
    from leadqual.engines import layout, resolve_as_of, score_leads  # noqa: PLC0415
    from leadqual.engines._layout import score_row  # noqa: PLC0415
    from leadqual.scoring._reference import interpret  # noqa: PLC0415

    batch = list(leads)
    moment = resolve_as_of(as_of)
    plan = model.compile().plan
    shape = layout(plan)
    expected = [score_row(shape, lead.id, interpret(plan, lead, moment)) for lead in batch]
    if isinstance(engine, str):
        got = score_leads(model, batch, engine=engine, as_of=moment)
        name = engine
    else:
        got = [dict(row) for row in engine(model, batch, moment)]
        name = getattr(engine, "__name__", "engine")
    problems = []
    if len(got) != len(expected):
        problems.append(f"expected {len(expected)} rows, one per lead, got {len(got)}")
    for index, (want, have) in enumerate(zip(expected, got, strict=False)):
        for column, value in want.items():
            other = have.get(column, "<missing>")
            same = (
                other == value
                if isinstance(value, str)
                else isinstance(other, int | float)
                and not isinstance(other, bool)
                and float(other) == float(value)
            )
            if not same:
                problems.append(
                    f"row {index} (lead {want['lead_id']!r}): {column}: expected {value!r}, "
                    f"got {other!r}"
                )
    if problems:
        count = f"{len(problems)} difference{'s' if len(problems) > 1 else ''}"
        msg = f"engine {name!r} differs from the reference in {count}: " + "; ".join(problems[:20])
        raise ConfigError(msg, errors=problems)
