"""The Python backend: render a model's plan once as generated code, then score many leads.

One function is generated from the plan (``_plan``): it adds up points and records each
match as a small ``(rule index, event)`` tuple, which costs little since only matches are
recorded; the ledger is built from those on demand, without scoring again. As attrs does
in ``_make.py``, only identifiers the
backend chose are written into the source; every value from the model (event types,
field keys, needles, bounds, points, group names) reaches the code as a named constant,
never through ``repr()``. The source is kept (``source``) and registered in
:mod:`linecache` under a unique file name, so a traceback shows the line.

Large models are rendered in chunks of rules, one function each, so compiling stays
linear in the number of rules.

Points are kept on a grid of 1/1024: rule points and decayed points are rounded to it,
so sums of ledger entries are exact whatever the order of adding.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import itertools
import linecache
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from leadqual._core.events import (
    canonical_key,
    canonical_order,
    count_after,
    effective_events,
    event_limit,
)
from leadqual._core.grid import quantize
from leadqual._core.names import product_key
from leadqual._core.urls import url_path
from leadqual._freemail import is_free_email_domain
from leadqual._time import resolve_as_of
from leadqual.exceptions import ConfigError, LeadError
from leadqual.icp import Fit
from leadqual.lead import Event, Lead, thaw
from leadqual.scoring import _plan as nodes
from leadqual.scoring._score import Entry, Evidence, Ledger, Score
from leadqual.stage import Stage

if TYPE_CHECKING:
    from leadqual.scoring._model import ScoringModel

# url_path stays importable from here for code written before it moved to _core.
__all__ = ["CompiledModel", "compile_model", "quantize", "url_path"]

_DAY = 86400.0
MAX_TOTAL = 2.0**40
"""The largest size of a score or group sum: up to it every sum on the 1/1024 grid is
exact (floats hold 53 bits); beyond it scoring refuses with a LeadError."""

_CHUNK = 200  # rules per generated function: keeps compiling linear in the rule count
_LOCAL_CONSTANTS = 256


# --- runtime helpers the generated code calls ---------------------------------------------


@functools.lru_cache(maxsize=4096)
def _url_fold(url: str) -> str | None:
    path = url_path(url)
    return None if path is None else path.casefold()


def _read_url(value: object) -> object:
    return url_path(str(value)) if isinstance(value, str) else value


def _product_keys(value: object) -> object:
    if value is None:
        return None
    items = value if isinstance(value, list | tuple) else (value,)
    return tuple(product_key(item) if isinstance(item, str) else item for item in items)


def _items(value: object) -> tuple[object, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple | frozenset | set):
        return tuple(item for item in value if item is not None)
    return (value,)


def _present(value: object) -> bool:
    return bool(_items(value))


def _equal_key(value: object) -> tuple[str, object] | None:
    # Text case-insensitively, numbers numerically, booleans only to booleans.
    if isinstance(value, str):
        return ("s", value.casefold())
    if isinstance(value, bool):
        return ("b", bool(value))
    if isinstance(value, int | float):
        return ("n", value)
    return None


def _equal_any(value: object, keys: frozenset[tuple[str, object]]) -> bool:
    return any(_equal_key(item) in keys for item in _items(value))


def _any_text(value: object, test: Callable[[str], bool]) -> bool:
    return any(isinstance(item, str) and test(item.casefold()) for item in _items(value))


def _number(value: object) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int):
        return int(value)  # exact; comparing a huge int with a float bound cannot overflow
    number = float(value)
    return number if number - number == 0 else None  # finite


def _text_test(op: str, needle: str) -> Callable[[str], bool]:
    if op == "contains":
        return lambda text: needle in text
    if op == "prefix":
        return lambda text: text.startswith(needle)
    if op == "suffix":
        return lambda text: text.endswith(needle)
    return lambda text: text == needle


def _glob_shape(pattern: str) -> tuple[str, str] | None:
    # The common glob shapes as a text test (op, needle); None when a regex is needed.
    body = pattern.strip("*")
    if any(char in body for char in "*?["):
        return None
    starts, ends = pattern.startswith("*"), pattern.endswith("*")
    if starts and ends:
        return ("contains", body)
    if ends:
        return ("prefix", body)
    if starts:
        return ("suffix", body)
    return ("equal", body)


def _glob_test(pattern: str) -> Callable[[str], bool]:
    shape = _glob_shape(pattern)
    if shape is not None:
        return _text_test(*shape)
    # fnmatch's translation cannot backtrack catastrophically (CPython >= 3.9 emits
    # atomic-style groups for runs of '*'), and the pattern is user data, not a regex.
    match = re.compile(fnmatch.translate(pattern), re.DOTALL).match
    return lambda text: match(text) is not None


_RUNTIME: Mapping[str, object] = {
    "_url_fold": _url_fold,
    "_read_url": _read_url,
    "_product_keys": _product_keys,
    "_present": _present,
    "_equal_any": _equal_any,
    "_any_text": _any_text,
    "_number": _number,
    "_is_free": is_free_email_domain,
    "_canonical_key": canonical_key,
}

_INLINE = {
    "contains": "{needle} in {t}",
    "prefix": "{t}.startswith({needle})",
    "suffix": "{t}.endswith({needle})",
    "equal": "{t} == {needle}",
}


# --- rendering the plan -------------------------------------------------------------------


class _Renderer:
    """Renders plan predicates as expressions; collects the constants they name."""

    __slots__ = ("constants", "texts")

    def __init__(self) -> None:
        self.constants: dict[str, object] = {}
        # Event properties read once per event-type branch, as folded text (see `prelude`).
        self.texts: dict[nodes.Value, str] = {}

    def const(self, value: object) -> str:
        """Hand ``value`` to the generated code under a fresh name and return the name."""
        name = f"_c{len(self.constants)}"
        self.constants[name] = value
        return name

    def read(self, value: nodes.Value) -> str:
        """The expression reading ``value`` (raw, not folded)."""
        if isinstance(value, nodes.UrlPath):
            return f"_read_url({self.read(value.value)})"
        if isinstance(value, nodes.ProductKey):
            return f"_product_keys({self.read(value.value)})"
        if value.subject == "event":
            return f"props.get({self.const(value.path[0])})"
        if value.path[0] in ("attributes", "answers") and len(value.path) == 2:  # noqa: PLR2004
            return f"lead.{value.path[0]}.get({self.const(value.path[1])})"
        # Built-in lead paths: identifiers from leadqual's own table of fields.
        return "lead." + ".".join(value.path)

    def event_text(self, value: nodes.Value) -> str:
        """The variable holding an event value casefolded, or ``None`` if no plain str."""
        name = self.texts.get(value)
        if name is None:
            name = self.texts[value] = f"_f{len(self.texts)}"
        return name

    def prelude(self, indent: int) -> list[str]:
        """Statements binding every ``event_text`` variable asked for since the last call."""
        pad = " " * indent
        lines = []
        for value, name in self.texts.items():
            field = value.value if isinstance(value, nodes.UrlPath) else value
            fold = "_url_fold(_v)" if isinstance(value, nodes.UrlPath) else "_v.casefold()"
            lines.append(
                f"{pad}{name} = {fold} if (_v := {self.read(field)}).__class__ is str else None"
            )
        self.texts = {}
        return lines

    def _text(self, value: nodes.Value, fast: Callable[[str], str], slow: str) -> str:
        # `fast(folded)` when the value is one plain str (the hot case), else `slow`
        # formatted with the raw value's expression; both mean the same for a str.
        subject = value.subject if isinstance(value, nodes.Field) else value.value.subject
        if subject == "event":
            folded = self.event_text(value)
            return (
                f"(({fast(folded)}) if {folded} is not None else ({slow.format(self.read(value))}))"
            )
        read, hot, cold = self.read(value), fast("_v.casefold()"), slow.format("_v")
        return f"(({hot}) if (_v := {read}).__class__ is str else ({cold}))"

    def holds(self, node: nodes.Predicate) -> str:  # noqa: C901, PLR0911 - a branch per node
        """An expression that is true when ``node`` is true."""
        if isinstance(node, nodes.And | nodes.Or):
            join = " and " if isinstance(node, nodes.And) else " or "
            return "(" + join.join(self.holds(part) for part in node.parts) + ")"
        if isinstance(node, nodes.Not):
            return self.false(node.part)
        if isinstance(node, nodes.Present):
            return f"_present({self.read(node.value)})"
        if isinstance(node, nodes.Equal):
            return self._equal(node)
        if isinstance(node, nodes.Text):
            return self._inline(node.value, node.op, node.needle, _text_test(node.op, node.needle))
        if isinstance(node, nodes.Glob):
            shape = _glob_shape(node.pattern)
            test = _glob_test(node.pattern)
            if shape is not None:
                return self._inline(node.value, shape[0], shape[1], test)
            name = self.const(test)
            return self._text(node.value, lambda t: f"{name}({t})", f"_any_text({{}}, {name})")
        if isinstance(node, nodes.Range):
            checks = [f"(_n := _number({self.read(node.value)})) is not None"]
            if node.min is not None:
                checks.append(f"_n >= {self.const(node.min)}")
            if node.max is not None:
                checks.append(f"_n <= {self.const(node.max)}")
            return "(" + " and ".join(checks) + ")"
        read = self.read(node.value)  # FreeDomain, the last kind
        if not node.extra:
            return f"_is_free({read})"
        extra = self.const(node.extra)
        return f"(_is_free(_d := {read}) or (_d is not None and _d.casefold() in {extra}))"

    def _equal(self, node: nodes.Equal) -> str:
        texts = frozenset(o.casefold() for o in node.options if isinstance(o, str))
        keys = self.const(frozenset(_equal_key(option) for option in node.options))
        if not texts:
            fast: Callable[[str], str] = lambda _t: "False"  # noqa: E731
        elif len(texts) == 1:
            one = self.const(next(iter(texts)))
            fast = lambda t: f"{t} == {one}"  # noqa: E731
        else:
            many = self.const(texts)
            fast = lambda t: f"{t} in {many}"  # noqa: E731
        return self._text(node.value, fast, f"_equal_any({{}}, {keys})")

    def _inline(self, value: nodes.Value, op: str, needle: str, test: Callable[[str], bool]) -> str:
        name, check = self.const(needle), self.const(test)
        template = _INLINE[op]
        return self._text(
            value, lambda t: template.format(t=t, needle=name), f"_any_text({{}}, {check})"
        )

    def known(self, node: nodes.Predicate) -> str | None:
        """An expression true when ``node`` is not unknown; ``None`` when it never is."""
        if isinstance(node, nodes.And | nodes.Or):
            parts = [self.known(part) for part in node.parts]
            if any(part is None for part in parts):
                return None
            return "(" + " or ".join(part for part in parts if part is not None) + ")"
        if isinstance(node, nodes.Not):
            return self.known(node.part)
        if isinstance(node, nodes.Present):
            return None
        return f"_present({self.read(node.value)})"

    def false(self, node: nodes.Predicate) -> str:
        """An expression that is true when ``node`` is false (known not to hold)."""
        if isinstance(node, nodes.And | nodes.Or):
            join = " or " if isinstance(node, nodes.And) else " and "
            return "(" + join.join(self.false(part) for part in node.parts) + ")"
        if isinstance(node, nodes.Not):
            return self.holds(node.part)
        known = self.known(node)
        if known is None:
            return f"(not {self.holds(node)})"
        return f"({known} and not {self.holds(node)})"


def _tracked(rule: nodes.RuleNode) -> bool:
    # Needs its matches collected after the loop (limits, decay, knock-out).
    return rule.knock_out or (
        rule.event is not None
        and (
            rule.decay is not None
            or rule.max_count is not None
            or rule.once_per_seconds is not None
            or rule.within_seconds is not None
        )
    )


# One generator for the whole function, so one reading of the plan; hence its length.
def _render(plan: nodes.Plan, src: _Renderer) -> str:  # noqa: C901, PLR0915
    rules = [rule for rule in plan.rules if isinstance(rule, nodes.RuleNode)]
    event_rules = [rule for rule in rules if rule.event is not None]
    field_rules = [rule for rule in rules if rule.event is None]
    group_index = {name: k for k, name in enumerate(plan.group_names())}
    body: list[str] = []
    helpers: list[str] = []
    groups = len(plan.groups)
    body.extend(f"    g{k} = 0" for k in range(groups))
    # Every match, as (rule index, event or None), for the ledger; `_h` is hits.append.
    body.append("    hits = []")
    body.append("    _h = hits.append")
    # Events after the limit, counted so a sender's clock running ahead shows.
    body.append("    ignored = False" if event_rules else "    ignored = True")
    for rule in event_rules:
        if _tracked(rule):
            body.append(f"    m{rule.index} = []")
        if rule.when is not None:
            body.append(f"    w{rule.index} = {src.holds(rule.when)}")

    def action(rule: nodes.RuleNode, target: str) -> str:
        hit = f"_h(({rule.index}, {target}))"
        if _tracked(rule):
            return f"m{rule.index}.append({target}); {hit}"
        return f"g{group_index[rule.group]} += {src.const(rule.points)}; {hit}"

    by_type: dict[str | None, list[nodes.RuleNode]] = {}
    for rule in event_rules:
        assert rule.event is not None  # noqa: S101 - narrowed above
        by_type.setdefault(rule.event.type, []).append(rule)
    if event_rules:
        # Ids are deduplicated in the loop: identical copies (replayed webhooks) are
        # skipped; copies that differ return None so the caller resolves them with
        # effective_events (the canonical copy) and calls again.
        body.append("    seen = {}")
        body.append("    for e in events:")
        # No as_of means no limit at all (not a far-future date an offset could pass).
        body.append("        if limit is not None and e.at > limit:")
        body.append("            ignored = True")
        body.append("            continue")
        # Copies are identical only when their canonical keys are: == on events
        # would call {"n": True} and {"n": 1} equal (True == 1 in Python).
        body.append("        if (i := e.id) is not None:")
        body.append("            if i in seen:")
        body.append(
            "                if (s := seen[i]) is e or _canonical_key(s) == _canonical_key(e):"
        )
        body.append("                    continue")
        body.append("                return None")
        body.append("            seen[i] = e")
        body.append("        t = e.type")
        first = True
        for event_type, group in by_type.items():
            if event_type is None:
                continue
            keyword = "if" if first else "elif"
            first = False
            body.append(f"        {keyword} t == {src.const(event_type)}:")
            body.extend(_with_props(_event_checks(group, src, action, helpers, indent=12), 12))
        if None in by_type:
            body.extend(
                _with_props(_event_checks(by_type[None], src, action, helpers, indent=8), 8)
            )
    for start in range(0, len(field_rules), _CHUNK):
        chunk = field_rules[start : start + _CHUNK]
        lines = _field_checks(chunk, src, group_index)
        if len(field_rules) <= _CHUNK:
            body.extend(lines)
            continue
        # A chunk of field rules as its own function: it returns what it added.
        name = f"_fields{start // _CHUNK}"
        tracked = [f"m{rule.index}" for rule in chunk if _tracked(rule)]
        helpers.append(f"def {name}(lead, _h):")
        helpers.extend(f"    g{k} = 0" for k in range(groups))
        helpers.extend(lines)
        helpers.append(f"    return {', '.join([*(f'g{k}' for k in range(groups)), *tracked])},")
        results = [f"_a{k}" for k in range(groups)]
        body.append(f"    {', '.join([*results, *tracked])}, = {name}(lead, _h)")
        body.extend(f"    g{k} += _a{k}" for k in range(groups))
    sums = ", ".join(f"{src.const(name)}: g{k}" for k, name in enumerate(plan.group_names()))
    tracked_names = ", ".join(f"m{rule.index}" for rule in rules if _tracked(rule))
    tracked_tuple = f"({tracked_names}{',' if tracked_names else ''})"
    body.append(f"    return {{{sums}}}, {tracked_tuple}, hits, ignored")
    # Constants of a small model become defaults (local names are the fastest to read);
    # a large model's, like its chunk functions', are read as globals.
    defaults = ""
    if len(src.constants) <= _LOCAL_CONSTANTS:
        defaults = "".join(f", {name}={name}" for name in src.constants)
    head = f"def _score(lead, events, limit{defaults}):"
    return "\n".join([*helpers, head, *body]) + "\n"


def _with_props(lines: list[str], indent: int) -> list[str]:
    # Properties are read only in the branches whose rules test them.
    if any("props" in line for line in lines):
        return [" " * indent + "props = e.properties", *lines]
    return lines


def _field_checks(
    rules: list[nodes.RuleNode], src: _Renderer, group_index: dict[str, int]
) -> list[str]:
    lines = []
    for rule in rules:
        assert rule.when is not None  # noqa: S101 - a field rule has a condition
        points = src.const(rule.points)
        group = group_index[rule.group]
        lines.append(f"    if {src.holds(rule.when)}:")
        lines.append(f"        g{group} += {points}; _h(({rule.index}, None))")
        if _tracked(rule):
            lines.append(f"        m{rule.index} = True")
            lines.append("    else:")
            lines.append(f"        m{rule.index} = False")
    return lines


def _event_checks(
    rules: list[nodes.RuleNode],
    src: _Renderer,
    action: Callable[[nodes.RuleNode, str], str],
    helpers: list[str],
    *,
    indent: int,
) -> list[str]:
    pad = " " * indent
    if len(rules) > _CHUNK:
        # A branch with many rules calls chunk functions, each returning what it added.
        out: list[str] = []
        for start in range(0, len(rules), _CHUNK):
            chunk = rules[start : start + _CHUNK]
            name = f"_events{len(helpers)}"
            lines = _event_lines(chunk, src, action, "    ")
            whens = sorted({f"w{rule.index}" for rule in chunk if rule.when is not None})
            # Untracked points go to local sums; tracked rules append to lists given.
            groups = sorted({line.split()[0] for line in lines if " += " in line})
            lists = sorted({f"m{rule.index}" for rule in chunk if _tracked(rule)})
            args = ", ".join(["e", "props", "_h", *lists, *whens])
            helpers.append(f"def {name}({args}):")
            helpers.extend(f"    {g} = 0" for g in groups)
            helpers.extend(src.prelude(4))
            helpers.extend(lines)
            helpers.append(f"    return {', '.join(groups) or 'None'},")
            if groups:
                temps = [f"_s{k}" for k in range(len(groups))]
                out.append(f"{pad}{', '.join(temps)}, = {name}({args})")
                out.extend(f"{pad}{g} += {temp}" for g, temp in zip(groups, temps, strict=True))
            else:
                out.append(f"{pad}{name}({args})")
        return out
    lines = _event_lines(rules, src, action, pad)
    return [*src.prelude(indent), *lines] or [f"{pad}pass"]


def _event_lines(
    rules: list[nodes.RuleNode],
    src: _Renderer,
    action: Callable[[nodes.RuleNode, str], str],
    pad: str,
) -> list[str]:
    out: list[str] = []
    for rule in rules:
        assert rule.event is not None  # noqa: S101 - an event rule
        tests = []
        if rule.when is not None:
            tests.append(f"w{rule.index}")
        if rule.event.where is not None:
            tests.append(src.holds(rule.event.where))
        if tests:
            out.append(f"{pad}if {' and '.join(tests)}:")
            out.append(f"{pad}    {action(rule, 'e')}")
        else:
            out.append(f"{pad}{action(rule, 'e')}")
    if not out:
        out.append(f"{pad}pass")
    return out


_SERIAL = itertools.count(1)


def _generate(source: str, constants: dict[str, object], what: str) -> Callable[..., Any]:
    # A unique file name made of leadqual's own words: model names may hold any text.
    filename = f"<leadqual model {next(_SERIAL)} {what}>"
    namespace: dict[str, Any] = {**_RUNTIME, **constants}
    code = compile(source, filename, "exec")
    exec(code, namespace)  # noqa: S102 - identifiers only; every value is a named constant
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    function: Callable[..., Any] = namespace["_score"]
    return function


def _check_total(lead: Lead, value: float) -> None:
    if not -MAX_TOTAL <= value <= MAX_TOTAL:
        msg = (
            f"lead {lead.id!r}: a sum of points beyond ±{MAX_TOTAL:g} cannot be kept "
            "exact; lower the rule points or limit how often rules count"
        )
        raise LeadError(msg)


def fit_points(fit: nodes.FitNode, lead: Lead) -> tuple[Fit, float]:
    """The ICP fit behind fit points and the points it earns (to a quarter point)."""
    profile = fit.icp.fit(lead)
    quarters = round(fit.points * profile.estimate(fit.prior) / 100 * 4)
    return profile, quantize(quarters / 4)


def _clamp(value: float, low: float | None, high: float | None) -> float:
    # The maximum first, then the minimum (a minimum above the maximum wins).
    if high is not None and value > high:
        value = high
    if low is not None and value < low:
        value = low
    return value


def cap_groups(
    plan: nodes.Plan, sums: dict[str, float]
) -> tuple[dict[str, float], float, list[tuple[str, float]]]:
    """Group caps, then the total caps: the capped sums, the total and every cut."""
    caps: list[tuple[str, float]] = []
    groups: dict[str, float] = {}
    for group in plan.groups:
        value = sums[group.name]
        capped = _clamp(value, group.min, group.max)
        if capped != value:
            caps.append((group.name, capped - value))
        groups[group.name] = capped
    total = sum(groups.values())
    capped_total = _clamp(total, plan.min_total, plan.max_total)
    if capped_total != total:
        caps.append(("total", capped_total - total))
    return groups, capped_total, caps


def stage_of(plan: nodes.Plan, groups: Mapping[str, float], total: float, knocked: bool) -> Stage:
    """The stage for the capped sums (a knock-out disqualifies)."""
    thresholds = plan.thresholds
    if knocked:
        return Stage.DISQUALIFIED
    if total >= thresholds.sql and all(groups[n] >= need for n, need in thresholds.sql_groups):
        return Stage.SQL
    if (
        thresholds.mql is not None
        and total >= thresholds.mql
        and all(groups[n] >= need for n, need in thresholds.mql_groups)
    ):
        return Stage.MQL
    return Stage.NEW


def reference_time(lead: Lead, events: Sequence[Event]) -> dt.datetime | None:
    """Without as_of, ages are measured from the lead's own latest moment (never the clock)."""
    moments = [event.at for event in events]
    if lead.created_at is not None:
        moments.append(lead.created_at)
    return max(moments) if moments else None


def custom_points(rule: nodes.CustomNode, lead: Lead, moment: dt.datetime | None) -> float:
    """What a custom rule's function returns, checked and put on the grid."""
    from leadqual.scoring._model import MAX_POINTS  # noqa: PLC0415 - cycle

    value = rule.function(lead, moment)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not -MAX_POINTS <= value <= MAX_POINTS  # False for NaN as well
    ):
        msg = (
            f"custom rule {rule.name!r} returned {_shown(value)}; expected a number of points "
            f"from {-MAX_POINTS:g} to {MAX_POINTS:g}"
        )
        raise ConfigError(msg)
    return quantize(value)


def _shown(value: object) -> str:
    if isinstance(value, int) and abs(value) > 10**30:
        return f"an integer of {len(str(abs(value) // 10**30)) + 30} digits"
    return repr(value)


def fixed(moment: dt.datetime) -> dt.datetime:
    """The same instant with a fixed UTC offset, so differences are elapsed time.

    Two datetimes sharing one ``ZoneInfo`` subtract by wall clock (an hour off across a
    DST change); leadqual's own timestamps already carry fixed offsets.
    """
    if moment.tzinfo.__class__ is dt.timezone:
        return moment
    return moment.replace(tzinfo=dt.timezone(moment.utcoffset() or dt.timedelta()), fold=0)


def read_evidence(lead: Lead, field: str) -> Any:  # noqa: ANN401 - any JSON value
    """A lead field's value as shown in a ledger entry (plain lists and dicts)."""
    head, _, rest = field.partition(".")
    if head in ("attributes", "answers") and rest:
        return thaw(getattr(lead, head).get(rest))
    value: Any = lead
    for part in field.split("."):
        value = getattr(value, part, None)
    if isinstance(value, tuple):
        return list(value)
    return value


def _throttle(ordered: list[Event], period: dt.timedelta) -> list[Event]:
    """At most one event per ``period`` of elapsed time, the earliest first."""
    throttled: list[Event] = []
    last: dt.datetime | None = None
    for event in ordered:
        at = fixed(event.at)
        if last is None or at - last >= period:
            throttled.append(event)
            last = at
    return throttled


def _apply_limits(
    rule: nodes.RuleNode, matched: list[Event], reference: dt.datetime | None
) -> list[tuple[Event, float, float]]:
    ordered = canonical_order(matched)
    if reference is not None:
        reference = fixed(reference)
    if rule.within_seconds is not None and reference is not None:
        try:
            horizon = reference - dt.timedelta(seconds=rule.within_seconds)
        except OverflowError:  # before year 1: every event is within the window
            pass
        else:
            ordered = [event for event in ordered if event.at >= horizon]
    if rule.once_per_seconds is not None:
        ordered = _throttle(ordered, dt.timedelta(seconds=rule.once_per_seconds))
    if rule.max_count is not None:
        ordered = ordered[: rule.max_count]
    out = []
    for event in ordered:
        factor = 1.0
        if rule.decay is not None and reference is not None:
            age = (reference - event.at).total_seconds() / _DAY
            factor = rule.decay.factor(age)
        points = quantize(rule.points * factor) if factor != 1 else rule.points
        out.append((event, factor, points))
    return out


class CompiledModel:
    """A model's plan rendered as generated functions; made by :meth:`ScoringModel.compile`.

    Pickles as its model and plan (never its functions) and renders again when loaded.
    """

    __slots__ = (
        "_custom",
        "_fast",
        "_group_names",
        "_label_map",
        "_ledger_rules",
        "_mql",
        "_mql_groups",
        "_simple",
        "_sql",
        "_sql_groups",
        "_tolerance",
        "_tracked",
        "_uncapped",
        "model",
        "plan",
        "source",
    )

    def __init__(self, model: ScoringModel, plan: nodes.Plan | None = None) -> None:
        self.model = model
        self.plan = plan if plan is not None else nodes.build_plan(model)
        plan = self.plan
        self._custom = tuple(rule for rule in plan.rules if isinstance(rule, nodes.CustomNode))
        self._tracked = tuple(
            rule for rule in plan.rules if isinstance(rule, nodes.RuleNode) and _tracked(rule)
        )
        self._group_names = plan.group_names()
        self._tolerance = plan.future_tolerance_seconds
        self._ledger_rules = tuple((rule, _how(rule)) for rule in plan.rules)
        self._sql, self._mql = plan.thresholds.sql, plan.thresholds.mql
        self._sql_groups, self._mql_groups = plan.thresholds.sql_groups, plan.thresholds.mql_groups
        self._label_map = {rule.name: dict(rule.labels) for rule in model.rules}
        if model.fit is not None:
            self._label_map[self.plan.fit.name] = {  # type: ignore[union-attr]
                lang: model.fit.label(lang) for lang in ("en", "nl")
            }
        self._uncapped = (
            plan.min_total is None
            and plan.max_total is None
            and all(group.min is None and group.max is None for group in plan.groups)
        )
        # Nothing to do after the generated loop: no limits, decay, knock-outs, custom
        # rules, fit points or caps. The starter model is such a model.
        self._simple = (
            self._uncapped and plan.fit is None and not self._custom and not self._tracked
        )
        fast_src = _Renderer()
        self.source = _render(plan, fast_src)
        self._fast = _generate(self.source, fast_src.constants, "score")

    def __reduce__(self) -> tuple[Any, ...]:
        return (CompiledModel, (self.model, self.plan))

    # -- scoring -------------------------------------------------------------------------

    def score(self, lead: Lead, as_of: dt.datetime | str | None = None) -> Score:
        """Score one lead; see :meth:`ScoringModel.score`."""
        # An aware datetime is by far the common case: skip the parser for it.
        moment: dt.datetime | None
        if isinstance(as_of, dt.datetime) and as_of.tzinfo is not None:
            moment = as_of
        else:
            moment = resolve_as_of(as_of)
        limit = event_limit(moment, self._tolerance) if self._tolerance else moment
        try:
            events: Sequence[Event] = lead.events
            result = self._fast(lead, events, limit)
        except AttributeError:
            # Checked only here, off the hot path: a dict or other object is no lead.
            given: object = lead
            if not isinstance(given, Lead):
                msg = (
                    f"expected a Lead (use Lead.from_mapping for plain data), "
                    f"got {type(given).__name__}"
                )
                raise TypeError(msg) from None
            raise
        if result is None:  # copies of one event id that differ: resolve, then again
            events = effective_events(events, limit)
            result = self._fast(lead, events, limit)
            result = (*result[:3], True)  # the resolved events hold no late ones: look
        sums, tracked, hits, late = result
        # Counted only when a late event may exist: each id once.
        ignored = count_after(lead.events, limit) if late else 0
        if self._simple:
            total = sum(sums.values())
            if not -MAX_TOTAL <= total <= MAX_TOTAL:
                _check_total(lead, total)
            return self._result(lead, moment, sums, total, (), None, events, hits, ignored)
        return self._finish(lead, moment, events, sums, tracked, hits, ignored)

    def _finish(  # noqa: C901, PLR0912, PLR0917 - each kind of after-loop work is one short branch
        self,
        lead: Lead,
        moment: dt.datetime | None,
        events: Sequence[Event],
        sums: dict[str, float],
        tracked: tuple[Any, ...],
        hits: list[tuple[int, Event | None]],
        ignored: int,
    ) -> Score:
        """Limits, decay, knock-outs, custom rules, fit points and caps, after the loop."""
        knocked: list[str] = []
        plan = self.plan
        if tracked or self._custom:
            reference = moment or reference_time(lead, events)
            position = 0
            for rule in plan.rules:
                if isinstance(rule, nodes.CustomNode):
                    points = custom_points(rule, lead, moment)
                    if points:
                        sums[rule.group] += points
                    continue
                if not _tracked(rule):
                    continue
                matched = tracked[position]
                position += 1
                if rule.event is None:
                    if matched and rule.knock_out:
                        knocked.append(rule.name)
                    continue
                contributions = _apply_limits(rule, matched, reference)
                if contributions and rule.knock_out:
                    knocked.append(rule.name)
                for _event, _factor, points in contributions:
                    sums[rule.group] += points
        profile = None
        if plan.fit is not None:
            profile, points = fit_points(plan.fit, lead)
            sums[plan.fit.group] += points
            if profile.knocked_out and plan.fit.knock_out:
                knocked.append(plan.fit.name)
        for value in sums.values():
            _check_total(lead, value)
        if self._uncapped:
            groups, total = sums, sum(sums.values())
        else:
            groups, total, _caps = cap_groups(plan, sums)
        _check_total(lead, total)
        knocks = tuple(knocked) if knocked else ()
        return self._result(lead, moment, groups, total, knocks, profile, events, hits, ignored)

    def _result(  # noqa: PLR0917 - private, one call site
        self,
        lead: Lead,
        moment: dt.datetime | None,
        groups: dict[str, float],
        total: float,
        knocked: tuple[str, ...],
        profile: Fit | None,
        events: Sequence[Event],
        hits: list[tuple[int, Event | None]],
        ignored: int,
    ) -> Score:
        plan = self.plan
        # stage_of, unrolled: this runs once per lead on the hot path.
        if knocked:
            stage = Stage.DISQUALIFIED
        elif total >= self._sql and (
            not self._sql_groups or all(groups[n] >= need for n, need in self._sql_groups)
        ):
            stage = Stage.SQL
        elif (
            self._mql is not None
            and total >= self._mql
            and (not self._mql_groups or all(groups[n] >= need for n, need in self._mql_groups))
        ):
            stage = Stage.MQL
        else:
            stage = Stage.NEW
        matrix = None
        if plan.matrix is not None:
            matrix = plan.matrix.label(
                groups[plan.matrix.fit_group], groups[plan.matrix.engagement_group]
            )
        # Positional, in field order: this runs once per lead on the hot path.
        return Score(
            lead.id,
            total,
            groups,
            stage,
            matrix,
            moment,
            knocked,
            Ledger(self.ledger, lead, moment, events, hits),
            self._label_map,
            profile,
            ignored,
        )

    # -- the ledger ----------------------------------------------------------------------

    def ledger(  # noqa: C901, PLR0912 - one short branch per kind of rule
        self,
        lead: Lead,
        moment: dt.datetime | None,
        events: Sequence[Event],
        hits: Iterable[tuple[int, Event | None]],
    ) -> tuple[Entry, ...]:
        """Every contribution to the lead's score, in model order, caps last.

        ``events`` and ``hits`` are what scoring saw and matched (the generated function
        records each match), so the ledger never scores again.
        """
        by_rule: dict[int, list[Event | None]] = {}
        for index, event in hits:
            if index in by_rule:
                by_rule[index].append(event)
            else:
                by_rule[index] = [event]
        reference: dt.datetime | None = None
        plan = self.plan
        entries: list[Entry] = []
        # int zeros, as in the generated code: cap entries print as 20, not 20.0
        sums: dict[str, float] = dict.fromkeys(self._group_names, 0)
        # Model order; without custom rules (which always run) only the rules that matched.
        ledger_rules = self._ledger_rules
        indices = range(len(ledger_rules)) if self._custom else sorted(by_rule)
        for position in indices:
            rule, how = ledger_rules[position]
            group = rule.group
            if how == _CUSTOM:
                assert isinstance(rule, nodes.CustomNode)  # noqa: S101 - by how
                points = custom_points(rule, lead, moment)
                if points:
                    sums[group] += points
                    entries.append(Entry(rule.name, group, points, points, label=rule.label))
                continue
            assert isinstance(rule, nodes.RuleNode)  # noqa: S101 - by how
            matched = by_rule.get(rule.index)
            if not matched:
                continue
            raw = rule.points
            if how == _FIELD:
                sums[group] += raw
                evidence = (
                    _NO_EVIDENCE
                    if rule.evidence is None
                    else Evidence(None, rule.evidence, read_evidence(lead, rule.evidence))
                )
                entries.append(Entry(rule.name, group, raw, raw, 1.0, evidence, "rule", rule.label))
                continue
            if how == _PLAIN:
                # No limits or decay: every match counts in full, in canonical order.
                sums[group] += raw * len(matched)
                if len(matched) == 1:
                    evidence = Evidence(matched[0])
                    entries.append(
                        Entry(rule.name, group, raw, raw, 1.0, evidence, "rule", rule.label)
                    )
                    continue
                name, label = rule.name, rule.label
                entries.extend(
                    [
                        Entry(name, group, raw, raw, 1.0, Evidence(event), "rule", label)
                        for event in canonical_order(matched)  # type: ignore[arg-type]
                    ]
                )
                continue
            if reference is None:
                reference = moment or reference_time(lead, events)
            events_matched = [event for event in matched if event is not None]
            for event, factor, points in _apply_limits(rule, events_matched, reference):
                sums[group] += points
                entries.append(
                    Entry(
                        rule.name,
                        group,
                        points,
                        raw,
                        factor,
                        Evidence(event=event),
                        "rule",
                        rule.label,
                    )
                )
        if plan.fit is not None:
            entries.append(fit_entry(plan.fit, lead, sums))
        if not self._uncapped:
            _groups, _total, caps = cap_groups(plan, sums)
            entries.extend(cap_entries(caps))
        return tuple(entries)


_CUSTOM, _FIELD, _PLAIN, _LIMITED = range(4)
_NO_EVIDENCE = Evidence()


def _how(rule: nodes.CustomNode | nodes.RuleNode) -> int:
    # How the ledger builds a rule's entries: one kind of branch per rule, chosen once.
    if isinstance(rule, nodes.CustomNode):
        return _CUSTOM
    if rule.event is None:
        return _FIELD
    return _LIMITED if _tracked(rule) else _PLAIN


def fit_entry(fit: nodes.FitNode, lead: Lead, sums: dict[str, float]) -> Entry:
    """The ledger entry for fit points (added to ``sums``)."""
    profile, points = fit_points(fit, lead)
    sums[fit.group] += points
    value: dict[str, Any] = {
        "grade": profile.grade.value,
        "score": profile.score,
        "coverage": profile.coverage,
    }
    if profile.knockouts:
        value["knock_out"] = profile.knockouts[0].explain()
    evidence = Evidence(field="icp", value=value)
    raw = quantize(fit.points)
    return Entry(fit.name, fit.group, points, raw, 1.0, evidence, "rule", fit.label)


def cap_entries(caps: Iterable[tuple[str, float]]) -> list[Entry]:
    """Ledger entries for the caps' cuts."""
    return [
        Entry(f"cap:{name}", name, amount, amount, kind="cap", label=f"cap on {name}")
        for name, amount in caps
    ]


def compile_model(model: ScoringModel) -> CompiledModel:
    """Compile ``model`` (use :meth:`ScoringModel.compile`, which caches)."""
    return CompiledModel(model)
