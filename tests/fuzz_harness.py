"""The fuzzing harness: mutate real leads and definition files, run everything on them.

Shared by ``tests/fuzz/`` (a small hypothesis budget in the normal run) and
``benchmarks/fuzz.py`` (the large budget: 100,000 leads, 10,000 definition files). A
case passes when every step either works or raises a ``LeadqualError``; anything else,
a lead that does not survive ``lead -> JSON -> lead``, or a case slower than
:data:`SLOW` seconds is a :class:`Finding`.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import random
import time
import traceback
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

import leadqual as lq
from leadqual._convert import unstructure_definition
from leadqual.cli import main
from leadqual.cli._output import score_row, write_csv
from leadqual.frameworks import BANT, BUILT_INS, MEDDIC, Framework
from leadqual.icp import (
    ICP,
    CompanySize,
    DepartmentCriterion,
    ExcludeCountries,
    ExcludeDomains,
    ExcludeIndustries,
    ExcludeSeniority,
    Geography,
    IndustryCriterion,
    PainPoints,
    SeniorityCriterion,
    Technology,
)
from leadqual.io import load_framework
from leadqual.io._files import dumps_toml
from leadqual.scoring import FitPoints

__all__ = [
    "AS_OF",
    "SLOW",
    "Finding",
    "base_definitions",
    "base_leads",
    "check_batch",
    "check_built",
    "check_definition",
    "check_lead",
    "check_mapping",
    "mutate",
]

AS_OF = "2026-11-26T09:00:00+01:00"
Moment = dt.datetime | str | None
SLOW = 1.0
"""Seconds one case may take."""

ICP_FULL = ICP(
    criteria=(
        CompanySize(min_employees=50, max_employees=5000, min_revenue=1e6, margin=0.5),
        IndustryCriterion(industries=("software", "manufacturing"), codes=("62.01",)),
        Geography(regions=("benelux",), near_countries=("DE",)),
        Technology(technologies=("salesforce", "exact-online")),
        PainPoints(pain_points=("manual reporting", "cost")),
        SeniorityCriterion(levels=("c_level", "owner"), near_levels=("head", "manager")),
        DepartmentCriterion(departments=("sales", "operations")),
    ),
    exclusions=(
        ExcludeSeniority(),
        ExcludeDomains(domains=("competitor.nl",)),
        ExcludeCountries(countries=("RU",)),
        ExcludeIndustries(industries=("gambling",)),
    ),
)
FIT_MODEL = attrs.evolve(lq.starter_model(), fit=FitPoints(ICP_FULL, 30))
MODELS = (lq.starter_model(), FIT_MODEL)
QUALIFIER = lq.Qualifier(model=FIT_MODEL, icp=ICP_FULL, framework=BANT)


@attrs.frozen
class Finding:
    """One case that broke a promise.

    Attributes:
        kind: ``"exception"``, ``"round trip"``, ``"slow"`` or ``"lost row"``.
        case: the input, shortened.
        error: the exception or what differed.
        owner: ``"issue 16"`` when the failure is inside the scoring kernel
            (``scoring/_compile.py``, ``scoring/_conditions.py``), else ``"issue 17"``.
        seconds: how long the case took.
    """

    kind: str
    case: str
    error: str
    owner: str = "issue 17"
    seconds: float = 0.0


def _owner(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    kernel = ("scoring/_compile.py", "scoring/_conditions.py", "scoring/_plan.py", "<leadqual")
    innermost = next(
        (frame.filename for frame in reversed(frames) if "leadqual" in frame.filename), ""
    )
    return "issue 16" if any(part in innermost for part in kernel) else "issue 17"


def _short(value: object) -> str:
    try:
        text = json.dumps(value, ensure_ascii=True, default=repr)
    except (ValueError, TypeError, RecursionError):
        text = "<unprintable>"
    return text if len(text) <= 300 else text[:300] + "…"


def _guard(case: object, step: Callable[[], None], found: list[Finding]) -> None:
    started = time.perf_counter()
    try:
        step()
    except lq.LeadqualError:
        pass
    except Exception as exc:  # noqa: BLE001 - that is what the fuzzer looks for
        error = f"{type(exc).__name__}: {str(exc)[:200]}"
        found.append(Finding("exception", _short(case), error, _owner(exc)))
    seconds = time.perf_counter() - started
    if seconds > SLOW:
        found.append(Finding("slow", _short(case), f"{seconds:.2f} s", seconds=seconds))


def _round_trip(lead: lq.Lead) -> None:
    text = json.dumps(lq.unstructure(lead), ensure_ascii=False)
    back = lq.Lead.from_mapping(json.loads(text))
    if back != lead:
        msg = f"lead -> JSON -> lead changed it: {text[:200]}"
        raise _RoundTripError(msg)


class _RoundTripError(AssertionError):
    """lead -> JSON -> lead was not the identity."""


def _evaluate(lead: lq.Lead, moments: tuple[Moment, ...] = (AS_OF, None)) -> None:
    for model in MODELS:
        for as_of in moments:
            score = model.score(lead, as_of=as_of)
            for lang in ("en", "nl"):
                score.explain(lang)
                row = score_row(score, lead, lang)
                json.dumps(row, ensure_ascii=False)
                write_csv([row], io.StringIO())
    fit = ICP_FULL.fit(lead)
    fit.explain("en")
    fit.explain("nl")
    for framework in BUILT_INS:
        framework.assess_lead(lead).explain("nl")
    for as_of in moments:
        verdict = QUALIFIER.qualify(lead, as_of=as_of)
        verdict.explain("en")
        verdict.explain("nl")


def check_lead(lead: lq.Lead, moments: tuple[Moment, ...] = (AS_OF, None)) -> list[Finding]:
    """Every evaluator, explanation and output on a lead, as of each of ``moments``."""
    found: list[Finding] = []
    case = lead.id

    def trip() -> None:
        try:
            _round_trip(lead)
        except _RoundTripError as exc:
            found.append(Finding("round trip", _short(case), str(exc)))

    _guard(case, trip, found)
    _guard(case, lambda: _evaluate(lead, moments), found)
    return found


def check_mapping(obj: object) -> list[Finding]:
    """``Lead.from_mapping`` then, if it loads, everything in :func:`check_lead`."""
    found: list[Finding] = []
    built: list[lq.Lead] = []

    def build() -> None:
        built.append(lq.Lead.from_mapping(obj))  # type: ignore[arg-type]  # any shape

    _guard(obj, build, found)
    if built:
        found.extend(attrs.evolve(finding, case=_short(obj)) for finding in check_lead(built[0]))
    return found


def _owner_of_reject(line: str) -> str:
    # Score the rejected lead again to see where the failure is.
    try:
        lead = lq.Lead.from_mapping(json.loads(json.loads(line)["raw"]))
        MODELS[0].score(lead, as_of=AS_OF)
    except Exception as exc:  # noqa: BLE001 - only its place matters
        return _owner(exc)
    return "issue 17"


def check_built(
    build: Callable[[], lq.Lead], case: str, moments: tuple[Moment, ...] = (AS_OF, None)
) -> list[Finding]:
    """A lead built from Python values (``build`` may raise a LeadqualError), then used."""
    found: list[Finding] = []
    built: list[lq.Lead] = []
    _guard(case, lambda: built.append(build()), found)
    if built:
        found.extend(attrs.evolve(finding, case=case) for finding in check_lead(built[0], moments))
    return found


def check_batch(records: list[str], fmt: str, tmp: Path) -> list[Finding]:
    """``leadqual score`` on a file: every record is printed or rejected, none lost."""
    suffix = {"jsonl": ".jsonl", "json": ".json", "csv": ".csv"}[fmt]
    path = tmp / f"batch{suffix}"
    if fmt == "json":
        path.write_text("[" + ",\n".join(records) + "]\n", encoding="utf-8", errors="surrogatepass")
    else:
        path.write_text("\n".join(records) + "\n", encoding="utf-8", errors="surrogatepass")
    rejects = tmp / "rejects.jsonl"
    out, err = io.StringIO(), io.StringIO()
    args = ["score", str(path), "--format", "json", "--rejects", str(rejects), "--as-of", AS_OF]
    found: list[Finding] = []
    started = time.perf_counter()
    code = main(args, stdout=out, stderr=err)
    seconds = time.perf_counter() - started
    expected = len(records) - (1 if fmt == "csv" else 0)  # the CSV header is no record
    scored = len(out.getvalue().splitlines())
    rejected = rejects.read_text(encoding="utf-8").splitlines() if rejects.exists() else []
    internal = [line for line in rejected if "internal error" in line]
    if code == 2 and not internal:
        found.append(Finding("exception", fmt, err.getvalue()[:300]))
    elif scored + len(rejected) != expected:
        detail = f"{expected} records, {scored} scored, {len(rejected)} rejected"
        found.append(Finding("lost row", fmt, detail))
    found.extend(Finding("exception", fmt, line[:300], _owner_of_reject(line)) for line in internal)
    if seconds > SLOW * max(1, len(records) / 100):
        found.append(Finding("slow", fmt, f"{seconds:.2f} s", seconds=seconds))
    return found


# --- inputs ----------------------------------------------------------------------------


def base_leads(generated: int = 200) -> list[dict[str, Any]]:
    """The bundled sample leads and generated ones, as plain JSON mappings."""
    text = resources.files("leadqual").joinpath("data/sample_leads.jsonl").read_text("utf-8")
    found = [json.loads(line) for line in text.splitlines() if line.strip()]
    found.extend(lq.unstructure(lead) for lead in lq.datasets.generate_leads(generated, seed=17))
    return found


def base_definitions() -> list[tuple[str, dict[str, Any]]]:
    """Definition files as plain data, each with the loader kind that reads it."""
    found: list[tuple[str, dict[str, Any]]] = [
        ("model", unstructure_definition(lq.starter_model())),
        ("icp", unstructure_definition(ICP_FULL)),
        ("qualifier", unstructure_definition(lq.Qualifier(model=lq.starter_model(), icp=ICP_FULL))),
        ("qualifier", unstructure_definition(lq.Qualifier(framework=MEDDIC))),
    ]
    found.extend(("framework", unstructure_definition(framework)) for framework in BUILT_INS)
    return found


_LOADERS: dict[str, Callable[[Path], object]] = {
    "model": lq.load_model,
    "icp": lq.load_icp,
    "framework": load_framework,
    "qualifier": lq.load_qualifier,
}


def check_definition(
    kind: str, text: str, suffix: str, tmp: Path, leads: list[lq.Lead]
) -> list[Finding]:
    """Load a definition file from text, then use what loaded on a few leads."""
    path = tmp / f"definition{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    found: list[Finding] = []
    loaded: list[object] = []
    case = f"{kind}{suffix}: {text[:200]!r}"

    def load() -> None:
        loaded.append(_LOADERS[kind](path))

    def use() -> None:
        thing = loaded[0]
        for lead in leads:
            if isinstance(thing, lq.ScoringModel):
                thing.score(lead, as_of=AS_OF).explain("nl")
            elif isinstance(thing, ICP):
                thing.fit(lead).explain("nl")
            elif isinstance(thing, Framework):
                thing.assess_lead(lead).explain("nl")
            elif isinstance(thing, lq.Qualifier):
                thing.qualify(lead, as_of=AS_OF).explain("nl")

    _guard(case, load, found)
    if loaded:
        _guard(case, use, found)
    return found


def render(data: object, suffix: str) -> str:
    """Plain data as the text of a definition file (YAML needs PyYAML)."""
    if suffix == ".json":
        return json.dumps(data, ensure_ascii=False)
    if suffix == ".toml":
        return dumps_toml(data)  # type: ignore[arg-type]  # any shape, may raise
    import yaml  # noqa: PLC0415 - a test dependency

    return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


# --- mutation --------------------------------------------------------------------------

_DEEP_LIST: object = []
for _ in range(100):
    _DEEP_LIST = [_DEEP_LIST]
_DEEP_DICT: object = {}
for _ in range(100):
    _DEEP_DICT = {"a": _DEEP_DICT}

_EDGE_TIMES = (
    "9999-12-31T23:59:59.999999-23:59",
    "9999-12-31T23:59:59+00:00",
    "0001-01-01T00:00:00+23:59",
    "0001-01-01T00:00:00+00:00",
    "2026-03-29T02:30:00",
    "2026-10-25T02:30:00",
    "2026-11-20T09:12:00+01:00:00.000001",
    "2026-13-01T00:00:00Z",
    "2026-11-20T09:12:00+01:00",
    "2026-11-26T09:00:00+01:00",
)

HOSTILE: tuple[object, ...] = (
    None,
    True,
    0,
    -1,
    2**63,
    10**400,
    -(10**400),
    1e308,
    -0.0,
    0.5,
    1.5,
    float("nan"),
    "",
    " ",
    "\x00",
    "\x1b[31mred\x1b]0;x\x07",
    "=1+1",
    "\r=1+1",
    "\ufeff@SUM(A1)",
    "\ud800",
    "a" * 1500,
    "http://[",
    "https://[x]/pricing",
    "/pricing",
    "https://acme.nl/pricing?plan=pro",
    "page_view",
    "demo_requested",
    "CEO",
    "Head of Operations",
    "student",
    "nl",
    "NL",
    "uk",
    "software",
    "62.01",
    " www.www.Acme.nl/x ",
    "http://https://x",
    "won",
    "lost",
    "sql",
    [],
    {},
    [1, "a", None],
    {"type": "page_view", "at": "2026-11-20T09:12:00+01:00", "properties": {"url": "/pricing"}},
    {"a": [1, {"b": None}]},
    _DEEP_LIST,
    _DEEP_DICT,
    *_EDGE_TIMES,
)


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(value, dict) and len(prefix) < 8:
        for key, item in value.items():
            found.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list) and len(prefix) < 8:
        for index, item in enumerate(value[:6]):
            found.extend(_paths(item, (*prefix, index)))
    return found


def _get(value: Any, path: tuple[object, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def _mutate_text(rng: random.Random, text: str) -> object:  # noqa: PLR0911 - one per kind
    choice = rng.randrange(7)
    if choice == 0:
        return text * rng.choice((2, 50, 2000))
    if choice == 1:
        position = rng.randrange(len(text) + 1)
        return (
            text[:position] + rng.choice('\x00\r\n\t\x1b\u202e\ufeff\xa0=\\"{[') + text[position:]
        )
    if choice == 2:
        return text[: rng.randrange(len(text) + 1)]
    if choice == 3:
        return text.upper() if rng.random() < 0.5 else f"  {text}  "
    if choice == 4:
        return int(text) if text.isdigit() and len(text) < 20 else rng.choice(_EDGE_TIMES)
    if choice == 5:
        return "9" * rng.choice((20, 309, 401, 4300, 4301))
    return rng.choice(HOSTILE)


def _mutate_once(rng: random.Random, data: Any) -> Any:
    paths = _paths(data)
    path = rng.choice(paths[1:] or paths)
    if not path:
        return rng.choice(HOSTILE)
    parent = _get(data, path[:-1])
    key = path[-1]
    current = parent[key]
    action = rng.randrange(8)
    if action == 0 and isinstance(parent, dict):
        del parent[key]
    elif action == 1 and isinstance(parent, list):
        parent.insert(rng.randrange(len(parent) + 1), copy.deepcopy(current))
    elif action == 2 and isinstance(current, str):
        parent[key] = _mutate_text(rng, current)
    elif action == 3 and isinstance(current, int | float) and not isinstance(current, bool):
        bigger = (
            current * 10 ** rng.randrange(1, 400) if isinstance(current, int) else current * 1e300
        )
        nudged = current + 1 if isinstance(current, int) else current + 0.5
        parent[key] = rng.choice((-current, bigger, nudged, 0))
    elif action == 4 and isinstance(parent, dict):
        parent[rng.choice(("extra", "kind", "id", "at", "type", "url", f"{key}_"))] = rng.choice(
            HOSTILE
        )
    elif action == 5:
        parent[key] = [current] if rng.random() < 0.5 else {"value": current}
    else:
        parent[key] = copy.deepcopy(rng.choice(HOSTILE))
    return data


def mutate(rng: random.Random, data: object, rounds: int | None = None) -> Any:
    """A deep copy of ``data`` with 1 to 4 random mutations (or ``rounds``)."""
    data = copy.deepcopy(data)
    for _ in range(rounds if rounds is not None else rng.randint(1, 4)):
        data = _mutate_once(rng, data)
    return data


def alias_bomb(levels: int = 9) -> str:
    """YAML of a few hundred bytes whose aliases expand to ``9 ** levels`` nodes."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines.extend(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]" for k in range(1, levels))
    return "\n".join(lines) + "\n"


def mutate_text(rng: random.Random, text: str) -> str:
    """Byte-level damage to a file's text: cut, flip, splice, alias bombs."""
    choice = rng.randrange(5)
    if choice == 0 and text:
        return text[: rng.randrange(len(text))]
    if choice == 1 and text:
        position = rng.randrange(len(text))
        return text[:position] + chr(rng.randrange(32, 0x250)) + text[position + 1 :]
    if choice == 2:
        return alias_bomb(rng.randint(3, 10)) + text
    if choice == 3 and text:
        position = rng.randrange(len(text))
        return (
            text[:position]
            + rng.choice(("[" * 3000, "{", "&a ", "*a", "\x00", '"'))
            + text[position:]
        )
    return text


def edge_datetimes(rng: random.Random) -> dt.datetime:
    """An aware datetime near the ends of the calendar or in a DST gap or fold."""
    import zoneinfo  # noqa: PLC0415

    zone = zoneinfo.ZoneInfo("Europe/Amsterdam")
    options = (
        dt.datetime.max.replace(tzinfo=dt.timezone(-dt.timedelta(hours=23, minutes=59))),
        dt.datetime.max.replace(tzinfo=dt.UTC),
        dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=23, minutes=59))),
        dt.datetime.min.replace(tzinfo=dt.UTC),
        dt.datetime(2026, 3, 29, 2, 30, tzinfo=zone),
        dt.datetime(2026, 10, 25, 2, 30, tzinfo=zone, fold=1),
        dt.datetime(2026, 10, 25, 2, 30, tzinfo=zone),
        dt.datetime(2026, 11, 20, 9, 12, tzinfo=dt.timezone(dt.timedelta(microseconds=1))),
    )
    return rng.choice(options)
