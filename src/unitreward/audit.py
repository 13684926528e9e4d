"""Audit a reward function: find out what it pays for before a GRPO run does.

:func:`audit` takes any TRL-style reward function
(``f(completions, **columns) -> list[float | None]``), draws correct answers
(the controls) and attacks (hedges, ranges, wrong prefixes, restated givens,
look-alike characters, notes to the grader ...; see
:data:`unitreward.strategies.ATTACKS`) against real problems, calls the
function on them as TRL's ``GRPOTrainer`` does, in the standard and the
conversational format, and reports per class how often a wrong answer was
paid (false pass) or a right one was not (false fail), with the shortest
counterexample hypothesis' shrinking finds.

The function runs in a worker process with a time limit per call, so one that
raises, hangs, exits, returns ``None`` or the wrong number of rewards is
reported as broken, never a crash or a hang of the audit.

The same audit is the ``unitreward audit`` command, and a test in two lines::

    from unitreward.audit import assert_audit_passes

    def test_my_reward_pays_no_attack():
        assert_audit_passes("my_rewards:accuracy", cases=10)

It needs the ``hypothesis`` extra (``pip install 'unitreward[hypothesis]'``).

>>> report = audit("unitreward.rewards:think_format", problems=3, cases=2,
...                classes=["empty", "correct"], isolation="thread")
>>> [(c.name, c.failures) for c in report.classes]
[('empty', 0), ('correct', 0)]
"""

from __future__ import annotations

import contextlib
import math
import random
import time
import types
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from unitreward._audit_inputs import Problem, load_problems, load_reward
from unitreward._audit_report import (
    EXIT_BROKEN,
    EXIT_GATE,
    EXIT_OK,
    EXIT_USAGE,
    AuditReport,
    ClassResult,
    Counterexample,
    FormatResult,
    GateResult,
)
from unitreward._isolated import RAISED, RETURNED, TIMEOUT, IsolatedCaller, Outcome
from unitreward.engine.errors import ConfigError

__all__ = [
    "EXIT_BROKEN",
    "EXIT_GATE",
    "EXIT_OK",
    "EXIT_USAGE",
    "FORMATS",
    "AuditReport",
    "ClassResult",
    "Counterexample",
    "FormatResult",
    "GateResult",
    "Problem",
    "assert_audit_passes",
    "audit",
    "load_problems",
    "load_reward",
    "parse_fail_on",
]

#: The completion formats TRL passes: strings, or lists of chat messages.
FORMATS: tuple[str, ...] = ("standard", "conversational")
#: Gate keys beyond the class names.
_GROUP_KEYS = ("any", "attacks", "controls")
#: Timeouts in one format before the function is declared hung there.
_BREAKER = 3
#: Formats whose every call raised in this many batches stop retrying single completions.
_NO_RETRY_AFTER = 2
#: Hypothesis runs per class when drawing cases (each asks for the cases still missing).
_DRAW_ROUNDS = 4


def _ignore(*args: Any, **kwargs: Any) -> None:
    """Stands in for TRL's ``log_extra`` and ``log_metric`` (picklable)."""


@dataclass(frozen=True)
class _Case:
    kind: str
    problem: int
    completion: str


@dataclass(frozen=True)
class _Scored:
    reward: float | None
    status: str  # number, none, bad_value, error, skipped


# --------------------------------------------------------------------------- options


def _all_classes() -> dict[str, tuple[bool, str]]:
    from unitreward.strategies.attack import ATTACKS, CONTROLS

    return {
        **{k: (True, v) for k, v in ATTACKS.items()},
        **{k: (False, v) for k, v in CONTROLS.items()},
    }


def parse_fail_on(spec: Iterable[str] | Mapping[str, float] | None) -> dict[str, float]:
    """Gates from ``KEY=RATE`` strings (or a mapping): the highest rate each key allows.

    A key is a class name, ``any`` (every class), ``attacks`` or ``controls``;
    a rate is a fraction in ``[0, 1]`` or a percentage (``5%``). For an attack
    the rate is its false-pass rate, for a control its false-fail rate.

    Raises:
        ConfigError: For an unknown key or a rate out of range.

    >>> parse_fail_on(["any=0", "hedge=5%"])
    {'any': 0.0, 'hedge': 0.05}
    """
    if spec is None:
        return {}
    items = list(spec.items()) if isinstance(spec, Mapping) else []
    if not isinstance(spec, Mapping):
        for text in spec:
            for part in str(text).split(","):
                key, sep, value = part.partition("=")
                if not sep:
                    raise ConfigError(f"a gate is KEY=RATE (e.g. any=0), got {part!r}")
                items.append((key.strip(), value.strip()))
    known = _all_classes()
    gates: dict[str, float] = {}
    for key, value in items:
        if key not in known and key not in _GROUP_KEYS:
            choices = ", ".join([*_GROUP_KEYS, *known])
            raise ConfigError(f"unknown gate key {key!r}; choose from {choices}")
        try:
            rate = (
                float(value[:-1]) / 100
                if isinstance(value, str) and value.endswith("%")
                else float(value)
            )
        except (TypeError, ValueError):
            raise ConfigError(f"gate {key}: the rate must be a number, got {value!r}") from None
        if not 0.0 <= rate <= 1.0:
            raise ConfigError(f"gate {key}: the rate must be in [0, 1] (or 0-100%), got {value!r}")
        gates[key] = rate
    return gates


def _check_int(name: str, value: object, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ConfigError(f"{name} must be an int >= {low}, got {value!r}")
    return value


def _check_float(name: str, value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{name} must be a number, got {value!r}")
    if not (math.isfinite(value) and low <= value <= high):
        raise ConfigError(f"{name} must be in [{low:g}, {high:g}], got {value!r}")
    return float(value)


def _reward_and_name(reward: object) -> tuple[Callable[..., Any], str]:
    if isinstance(reward, str):
        return load_reward(reward), reward
    if not callable(reward):
        raise ConfigError(f"reward must be a callable or a MODULE:FUNCTION string, got {reward!r}")
    return reward, str(getattr(reward, "__name__", None) or type(reward).__name__)


# --------------------------------------------------------------------------- drawing cases


def _strategies(problem: Problem, rel_tol: float) -> dict[str, Any] | str:
    """Each class's strategy against this problem, or why the problem cannot be used."""
    from hypothesis.errors import InvalidArgument

    from unitreward.engine.errors import UnitrewardError
    from unitreward.engine.quantity import is_close, parse_quantity
    from unitreward.strategies.attack import _strategies_by_kind

    parsed = []
    for text in problem.solutions:
        try:
            parsed.append(parse_quantity(text))
        except (UnitrewardError, ValueError):
            return f"reference {text!r} is not a quantity"
    first = parsed[0]
    for other in parsed[1:]:
        same = (other.unit is None and first.unit is None) or (
            other.unit is not None and other.unit.same_dimension(first.unit)
        )
        if not same or not is_close(other, first, rel_tol=rel_tol):
            return f"its references disagree ({first.text!r}, {other.text!r})"
    try:
        return _strategies_by_kind(
            first,
            question=problem.question,
            rel_tol=rel_tol,
            think=True,
            accepted=[q.units for q in parsed],
        )
    except InvalidArgument as exc:
        return f"no attack can be built: {exc}"


def _draw(kind: str, pool: Sequence[tuple[int, Any]], n: int, seed: int) -> list[_Case]:
    """Up to ``n`` distinct cases of one class over the problems of ``pool``, seeded.

    The problem is drawn too (from a seeded shuffle of the pool), so every
    example is one consistent draw, as hypothesis requires.
    """
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis import strategies as st

    order = [
        strategy.map(lambda probe, index=index: (index, probe.completion))
        for index, strategy in pool
    ]  # mapped once: a strategy made on every draw is validated on every draw
    random.Random(f"{seed}:{kind}").shuffle(order)
    cases = st.sampled_from(order).flatmap(lambda strategy: strategy)
    drawn: list[_Case] = []
    seen: set[tuple[int, str]] = set()

    def collect(case: tuple[int, str]) -> None:
        if len(drawn) < n and case not in seen:
            seen.add(case)
            drawn.append(_Case(kind, *case))

    # Rounds of exactly the examples still missing (hypothesis cannot be stopped early
    # without failing); duplicates are rare, and a small class ends a round exhausted.
    for round_ in range(_DRAW_ROUNDS):
        missing = n - len(drawn)
        if missing <= 0:
            break
        before = len(drawn)
        run = settings(
            max_examples=missing + round_,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )(hypothesis_seed(zlib.crc32(f"{seed}:{kind}:{round_}".encode()))(given(cases)(collect)))
        run()
        if len(drawn) == before:
            break  # nothing new: the class has no more distinct cases
    return drawn


# --------------------------------------------------------------------------- calling the reward


class _Subject:
    """The reward under audit, called as TRL calls it, with statistics per format."""

    def __init__(self, caller: IsolatedCaller, problems: Sequence[Problem]) -> None:
        self.caller = caller
        self.problems = problems
        self.columns = sorted({name for p in problems for name in p.columns})
        self.calls = 0
        self.statuses: dict[str, Counter[str]] = {f: Counter() for f in FORMATS}
        self.messages: dict[str, dict[str, str]] = {f: {} for f in FORMATS}
        self.timeouts: Counter[str] = Counter()

    def hung(self, fmt: str) -> bool:
        return self.timeouts[fmt] >= _BREAKER

    def kwargs(self, cases: Sequence[_Case], fmt: str) -> dict[str, Any]:
        conversational = fmt == "conversational"
        rows = [self.problems[c.problem] for c in cases]
        completions: list[Any] = [
            [{"role": "assistant", "content": c.completion}] if conversational else c.completion
            for c in cases
        ]
        kwargs: dict[str, Any] = {
            "prompts": [p.prompt_as(conversational) for p in rows],
            "completions": completions,
            "completion_ids": [[0] * max(1, len(c.completion) // 4) for c in cases],
        }
        for name in self.columns:
            kwargs[name] = [p.columns.get(name) for p in rows]
        kwargs["trainer_state"] = types.SimpleNamespace(global_step=0, epoch=0.0, max_steps=0)
        kwargs["log_extra"] = _ignore
        kwargs["log_metric"] = _ignore
        return kwargs

    def _note(self, fmt: str, status: str, message: str) -> None:
        self.statuses[fmt][status] += 1
        if message:
            self.messages[fmt].setdefault(status, message)

    def call(self, cases: Sequence[_Case], fmt: str) -> tuple[str, list[_Scored]]:
        """One call on ``cases``: the call's status and one result per case."""
        self.calls += 1
        outcome: Outcome = self.caller.call(self.kwargs(cases, fmt))
        if outcome.status != RETURNED:
            if outcome.status == TIMEOUT:
                self.timeouts[fmt] += 1
            self._note(fmt, outcome.status, outcome.message)
            return outcome.status, [_Scored(None, "error")] * len(cases)
        value = outcome.value
        if isinstance(value, str):
            self._note(fmt, "not_a_list", value)
            return "not_a_list", [_Scored(None, "error")] * len(cases)
        if value is None or len(value) != len(cases):
            got = "no list" if value is None else f"{len(value)} reward(s)"
            self._note(fmt, "wrong_length", f"returned {got} for {len(cases)} completions")
            return "wrong_length", [_Scored(None, "error")] * len(cases)
        self._note(fmt, "ok", "")
        scored = []
        for item in value:
            if item is None or (isinstance(item, float) and math.isnan(item)):
                scored.append(_Scored(None, "none"))
            elif isinstance(item, float) and math.isfinite(item):
                scored.append(_Scored(item, "number"))
            else:
                self.messages[fmt].setdefault("bad_value", f"a reward of {item!r}")
                scored.append(_Scored(None, "bad_value"))
        return "ok", scored

    def score(
        self, cases: Sequence[_Case], fmt: str, batch: int, seed: int, bar: Any
    ) -> list[_Scored]:
        """Every case in one format: batches, and single calls where a batch failed."""
        results: list[_Scored] = [_Scored(None, "skipped")] * len(cases)
        order = list(range(len(cases)))
        random.Random(f"{seed}:{fmt}").shuffle(order)  # mixed classes, as in a training batch
        retry, all_raised = True, 0
        for start in range(0, len(order), batch):
            chunk = order[start : start + batch]
            if not self.hung(fmt):
                status, scored = self.call([cases[i] for i in chunk], fmt)
                for i, s in zip(chunk, scored, strict=True):
                    results[i] = s
                if status in (RAISED, "crashed", TIMEOUT) and len(chunk) > 1 and retry:
                    single_ok = False
                    for i in chunk:
                        if self.hung(fmt):
                            results[i] = _Scored(None, "skipped")
                            continue
                        status_i, (result,) = self.call([cases[i]], fmt)
                        results[i] = result
                        single_ok = single_ok or status_i == "ok"
                    if not single_ok and not self.statuses[fmt]["ok"]:
                        all_raised += 1
                        retry = all_raised < _NO_RETRY_AFTER
            if bar is not None:
                bar.update(len(chunk))
        return results

    def format_result(self, fmt: str, rewards: Counter[str]) -> FormatResult:
        statuses = self.statuses[fmt]
        messages = self.messages[fmt]
        calls = sum(statuses.values())
        supported = not (calls and statuses[RAISED] == calls)
        problem = None
        if not supported:
            problem = f"every call raised {messages.get(RAISED, '')}".strip()
        else:
            parts = []
            for status, label in (
                (RAISED, "raised"),
                (TIMEOUT, "timed out"),
                ("crashed", "crashed"),
                ("wrong_length", "returned the wrong number of rewards"),
                ("not_a_list", "returned no list"),
            ):
                if statuses[status]:
                    parts.append(
                        f"{label} in {statuses[status]} of {calls} calls ({messages.get(status, '')})"
                    )
            if rewards["bad_value"]:
                parts.append(
                    f"{rewards['bad_value']} rewards not a finite number ({messages['bad_value']})"
                )
            if self.hung(fmt):
                parts.append(f"gave up after {_BREAKER} timeouts: {rewards['skipped']} not scored")
            problem = "; ".join(parts) or None
        return FormatResult(fmt, calls, dict(statuses), dict(rewards), supported, problem)


# --------------------------------------------------------------------------- shrinking


class _Budget(Exception):
    """The shrinking budget of one class is spent."""


def _fails(attack: bool, reward: float, pay_above: float, full_reward: float) -> bool:
    return reward > pay_above if attack else reward < full_reward - 1e-9


def _shrink(
    subject: _Subject,
    kind: str,
    attack: bool,
    problems: Sequence[int],
    strategies: Sequence[Mapping[str, Any] | str],
    fmt: str,
    budget: int,
    check: Callable[[float], bool],
) -> tuple[_Case, float] | None:
    """The shortest failing case hypothesis' ``find`` reaches within ``budget`` calls."""
    from hypothesis import HealthCheck, Phase, find, settings
    from hypothesis import strategies as st
    from hypothesis.errors import HypothesisException

    best: list[tuple[_Case, float]] = []
    calls = [0]

    def pair(index: int) -> Any:
        chosen = cast(Mapping[str, Any], strategies[index])  # only problems with strategies fail
        return chosen[kind].map(lambda probe: (index, probe))

    def failing(drawn: tuple[int, Any]) -> bool:
        if calls[0] >= budget or subject.hung(fmt):
            raise _Budget
        calls[0] += 1
        index, probe = drawn
        case = _Case(kind, index, probe.completion)
        _, (result,) = subject.call([case], fmt)
        if result.reward is None or not check(result.reward):
            return False
        key = (len(case.completion), case.completion)
        if not best or key < (len(best[0][0].completion), best[0][0].completion):
            best[:] = [(case, result.reward)]
        return True

    strategy = st.sampled_from(list(problems)).flatmap(pair)
    options = settings(
        database=None,
        derandomize=True,
        deadline=None,
        max_examples=budget,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    with contextlib.suppress(_Budget, HypothesisException):
        find(strategy, failing, settings=options)
    return best[0] if best else None


# --------------------------------------------------------------------------- the audit


class _Bar:
    """A tqdm progress bar on stderr, or nothing."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None

    def phase(self, desc: str, total: int) -> Any:
        self.close()
        if not self.enabled:
            return None
        try:
            from tqdm import tqdm  # type: ignore[import-untyped, unused-ignore]
        except ImportError:
            return None
        import sys

        self.bar = tqdm(total=total, desc=desc, file=sys.stderr, leave=False, unit="case")
        return self.bar

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _classes(classes: object) -> list[str]:
    known = _all_classes()
    if classes is None:
        return list(known)
    chosen = [classes] if isinstance(classes, str) else list(classes)  # type: ignore[call-overload]
    unknown = [c for c in chosen if c not in known]
    if unknown or not chosen:
        raise ConfigError(f"unknown class(es) {unknown!r}; choose from {', '.join(known)}")
    return list(dict.fromkeys(chosen))


def _gates(gates: Mapping[str, float], results: Sequence[ClassResult]) -> tuple[GateResult, ...]:
    out = []
    for key, max_rate in gates.items():
        covered = [
            c
            for c in results
            if key == "any"
            or (key == "attacks" and c.attack)
            or (key == "controls" and not c.attack)
            or key == c.name
        ]
        failing = tuple(
            (c.name, c.rate) for c in covered if c.rate is not None and c.rate > max_rate + 1e-12
        )
        out.append(GateResult(key, max_rate, failing))
    return tuple(out)


def audit(
    reward: Callable[..., Any] | str,
    *,
    data: str | Path | Sequence[Mapping[str, Any]] | None = None,
    problems: int = 40,
    cases: int = 30,
    seed: int = 0,
    classes: str | Sequence[str] | None = None,
    formats: Sequence[str] = FORMATS,
    fail_on: Iterable[str] | Mapping[str, float] | None = None,
    timeout: float = 10.0,
    batch_size: int = 16,
    rel_tol: float = 1e-2,
    pay_above: float = 0.0,
    full_reward: float = 1.0,
    shrink_budget: int = 200,
    isolation: str = "process",
    progress: bool = False,
) -> AuditReport:
    """Audit ``reward``: how often it pays for each attack, and fails each control.

    Args:
        reward: A TRL-style reward function, or its name (``pkg.mod:func``,
            ``pkg.mod.func``, ``path/to/file.py:func``).
        data: Problems: ``None`` for the bundled physics problems, a ``.jsonl``
            or ``.csv`` file, or row dicts (see :func:`load_problems`).
        problems: How many problems to use.
        cases: Cases drawn per class (each scored in every format).
        seed: Makes the run reproducible: the problems, the cases, the batches.
        classes: Class names to audit (:data:`~unitreward.strategies.ATTACKS`,
            :data:`~unitreward.strategies.CONTROLS`); ``None`` for all.
        formats: ``standard`` (completions are strings) and/or
            ``conversational`` (chat messages). A format in which every call
            raises is reported as unsupported and left out.
        fail_on: Gates, ``{"any": 0.0}`` or ``["hedge=0.05"]`` (see
            :func:`parse_fail_on`).
        timeout: Seconds to wait for one call of the function.
        batch_size: Completions per call, as a trainer batches them.
        rel_tol: The tolerance the attacks are wrong beyond (three times as far).
        pay_above: An attack counts as paid (a false pass) when its reward is
            above this.
        full_reward: A control counts as failed when its reward is below this.
        shrink_budget: Calls per class that shrinking may spend.
        isolation: ``process`` (a child process, killed when a call hangs) or
            ``thread`` (for functions that cannot run in a child process).
        progress: Show a progress bar on stderr (tqdm).

    Returns:
        An :class:`AuditReport`; its ``exit_code`` is what the command returns.

    Raises:
        ConfigError: For bad options, a reward that cannot be loaded, or data
            without a usable problem.
        ImportError: When hypothesis is not installed (with the install hint).
    """
    start = time.perf_counter()
    try:
        import hypothesis  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "the audit needs hypothesis: pip install 'unitreward[hypothesis]'"
        ) from exc
    func, name = _reward_and_name(reward)
    chosen = _classes(classes)
    gates = parse_fail_on(fail_on)
    for key in gates:
        if key not in _GROUP_KEYS and key not in chosen:
            raise ConfigError(f"gate {key!r} names a class this audit does not run")
    fmts = [formats] if isinstance(formats, str) else list(formats)
    if not fmts or any(f not in FORMATS for f in fmts):
        raise ConfigError(f"formats must be a non-empty subset of {FORMATS}, got {formats!r}")
    _check_int("problems", problems, 1)
    _check_int("cases", cases, 1)
    _check_int("seed", seed, 0)
    _check_int("batch_size", batch_size, 1)
    _check_int("shrink_budget", shrink_budget, 0)
    _check_float("timeout", timeout, 1e-3, 86400.0)
    _check_float("rel_tol", rel_tol, 0.0, 0.25)
    _check_float("pay_above", pay_above, -1e300, 1e300)
    _check_float("full_reward", full_reward, -1e300, 1e300)
    if isolation not in ("process", "thread"):
        raise ConfigError(f"isolation must be 'process' or 'thread', got {isolation!r}")

    problem_list, skipped = load_problems(data, n=problems, seed=seed)
    skipped = dict(skipped)
    strategies: list[Mapping[str, Any] | str] = []
    for problem in problem_list:
        made = _strategies(problem, rel_tol)
        if isinstance(made, str):
            skipped[problem.source] = made
        strategies.append(made)
    usable = [i for i, s in enumerate(strategies) if not isinstance(s, str)]
    if not usable:
        reasons = "; ".join(f"{k}: {v}" for k, v in list(skipped.items())[:3])
        raise ConfigError(f"no problem has a reference attacks can be built against ({reasons})")

    bar = _Bar(progress)
    known = _all_classes()
    drawn: list[_Case] = []
    pools: dict[str, list[tuple[int, Any]]] = {}
    marks = {"setup": time.perf_counter()}
    gen = bar.phase("drawing cases", len(chosen) * cases)
    for kind in chosen:
        pools[kind] = [
            (i, s[kind]) for i in usable if not isinstance(s := strategies[i], str) and kind in s
        ]
        if pools[kind]:
            drawn += _draw(kind, pools[kind], cases, seed)
        if gen is not None:
            gen.update(cases)

    marks["draw"] = time.perf_counter()
    caller = IsolatedCaller(func, timeout=timeout, isolation=isolation)
    subject = _Subject(caller, problem_list)
    try:
        results: dict[str, list[_Scored]] = {}
        for fmt in fmts:
            scoring = bar.phase(f"scoring ({fmt})", len(drawn))
            results[fmt] = subject.score(drawn, fmt, batch_size, seed, scoring)
        format_results = []
        for fmt in fmts:
            rewards = Counter(r.status for r in results[fmt])
            format_results.append(subject.format_result(fmt, rewards))
        supported = [f.name for f in format_results if f.supported]

        class_results: list[ClassResult] = []
        marks["score"] = time.perf_counter()
        shrinking = bar.phase("shrinking", len(chosen))
        for kind in chosen:
            attack, meaning = known[kind]

            def check(reward: float, attack: bool = attack) -> bool:
                return _fails(attack, reward, pay_above, full_reward)

            index = [i for i, c in enumerate(drawn) if c.kind == kind]
            scored = [
                (i, fmt, results[fmt][i].reward)
                for fmt in supported
                for i in index
                if results[fmt][i].reward is not None
            ]
            failed = [(i, fmt, r) for i, fmt, r in scored if r is not None and check(r)]
            example = None
            if failed:
                i, fmt, r = min(
                    failed, key=lambda t: (len(drawn[t[0]].completion), drawn[t[0]].completion)
                )
                best, shrunk = (drawn[i], r), False
                failing_problems = sorted(
                    {drawn[j].problem for j, f, _ in failed if f == fmt},
                    key=lambda p: (len(problem_list[p].solutions[0]), p),
                )
                if shrink_budget and not subject.hung(fmt):
                    found = _shrink(
                        subject,
                        kind,
                        attack,
                        failing_problems,
                        strategies,
                        fmt,
                        shrink_budget,
                        check,
                    )
                    if found is not None and len(found[0].completion) <= len(best[0].completion):
                        best, shrunk = found, True
                case, paid = best
                problem = problem_list[case.problem]
                example = Counterexample(
                    case.completion,
                    problem.solutions[0],
                    problem.question,
                    paid,
                    fmt,
                    problem.source,
                    shrunk,
                )
            values = [r for _, _, r in scored if r is not None]
            class_results.append(
                ClassResult(
                    name=kind,
                    attack=attack,
                    meaning=meaning,
                    problems=len(pools[kind]),
                    runs=len(index) * len(supported),
                    scored=len(values),
                    failures=len(failed),
                    mean_reward=math.fsum(values) / len(values) if values else None,
                    counterexample=example,
                )
            )
            if shrinking is not None:
                shrinking.update(1)
        marks["shrink"] = time.perf_counter()
    finally:
        bar.close()
        caller.close()

    data_text = (
        f"{len(problem_list)} bundled physics problems (seed {seed})"
        if data is None
        else f"{len(problem_list)} problems from {data}"
        if isinstance(data, (str, Path))
        else f"{len(problem_list)} problems given as rows"
    )
    return AuditReport(
        reward=name,
        data=data_text,
        problems=len(usable),
        skipped=skipped,
        seed=seed,
        cases=cases,
        formats=tuple(format_results),
        classes=tuple(class_results),
        gates=_gates(gates, class_results),
        settings={
            "formats": fmts,
            "timeout_s": timeout,
            "batch_size": batch_size,
            "rel_tol": rel_tol,
            "pay_above": pay_above,
            "full_reward": full_reward,
            "shrink_budget": shrink_budget,
            "isolation": caller.isolation,
            "calls": subject.calls,
            "cases_drawn": len(drawn),
        },
        timings={  # where the time went
            "load": round(marks["setup"] - start, 3),
            "draw": round(marks["draw"] - marks["setup"], 3),
            "score": round(marks["score"] - marks["draw"], 3),
            "shrink": round(marks["shrink"] - marks["score"], 3),
        },
        elapsed=time.perf_counter() - start,
    )


def assert_audit_passes(
    reward: Callable[..., Any] | str,
    *,
    fail_on: Iterable[str] | Mapping[str, float] | None = None,
    **options: Any,
) -> AuditReport:
    """Run :func:`audit` as a test: raise ``AssertionError`` with the table when it fails.

    Fails when a gate fails (by default ``any=0``: no attack paid, no control
    failed) or the reward function is broken. Takes :func:`audit`'s options.

    >>> assert_audit_passes("unitreward.rewards:think_format", problems=2, cases=2,
    ...                     classes=["empty"], isolation="thread").exit_code
    0
    """
    report = audit(reward, fail_on={"any": 0.0} if fail_on is None else fail_on, **options)
    if report.exit_code != EXIT_OK:
        raise AssertionError("the reward audit failed\n" + report.table())
    return report


# --------------------------------------------------------------------------- the command

_EPILOG = """\
exit codes: 0 no gate failed; 1 a --fail-on gate failed; 2 usage error (bad option, reward
or data that cannot be loaded); 3 the reward function is broken (it raised, hung, crashed,
returned the wrong number of rewards or a non-number in a format it otherwise supports, or
returned no reward at all).

example: unitreward audit my_rewards:accuracy --cases 50 --fail-on any=0 --json audit.json
"""


def add_command(commands: Any) -> None:
    """Add the ``audit`` command to the ``unitreward`` parser's subcommands."""
    import argparse

    parser: argparse.ArgumentParser = commands.add_parser(
        "audit",
        help="red-team a reward function: which attacks does it pay for?",
        description="Draw correct answers and attacks (hedges, ranges, wrong prefixes, restated\n"
        "givens, look-alike characters, notes to the grader, ...) against real problems, run\n"
        "them through a TRL-style reward function in the standard and conversational formats,\n"
        "and report per class the false-pass rate (attacks) or false-fail rate (controls),\n"
        "with the shortest counterexample.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "reward",
        metavar="MODULE:FUNCTION",
        help="the reward function: pkg.mod:func, pkg.mod.func or path/to/file.py:func",
    )
    data = parser.add_argument_group("what to audit on")
    data.add_argument(
        "--data",
        metavar="FILE",
        help="problems as .jsonl or .csv: 'solutions' (or 'solution'), optionally 'question' "
        "or 'prompt' (default: the bundled physics problems)",
    )
    data.add_argument("--problems", type=int, default=40, metavar="N", help="problems (default 40)")
    data.add_argument(
        "-n", "--cases", type=int, default=30, metavar="N", help="cases per class (default 30)"
    )
    data.add_argument("--seed", type=int, default=0, help="seed for a reproducible run (default 0)")
    data.add_argument(
        "--classes",
        metavar="A,B",
        help="only these classes (comma-separated; default: every attack and control)",
    )
    data.add_argument(
        "--format",
        choices=["both", *FORMATS],
        default="both",
        help="completion format(s) to call the reward with (default both)",
    )
    gate = parser.add_argument_group("gate and report")
    gate.add_argument(
        "--fail-on",
        action="append",
        default=[],
        metavar="CLASS=RATE",
        help="exit 1 when a class's rate is above RATE (0.05 or 5%%); CLASS may be any, attacks "
        "or controls; repeatable",
    )
    gate.add_argument("--json", metavar="OUT.json", help="write the full report as JSON")
    gate.add_argument(
        "--plot", metavar="OUT.png", help="save a bar chart of the rates (needs matplotlib)"
    )
    gate.add_argument("-q", "--quiet", action="store_true", help="print no table")
    gate.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    how = parser.add_argument_group("how the reward is called and judged")
    how.add_argument(
        "--timeout", type=float, default=10.0, metavar="S", help="seconds per call (default 10)"
    )
    how.add_argument(
        "--batch-size", type=int, default=16, metavar="N", help="completions per call (default 16)"
    )
    how.add_argument(
        "--rel-tol",
        type=float,
        default=1e-2,
        metavar="F",
        help="the reward's tolerance; wrong values are three times as far (default 0.01)",
    )
    how.add_argument(
        "--pay-above",
        type=float,
        default=0.0,
        metavar="X",
        help="an attack rewarded above X is a false pass (default 0)",
    )
    how.add_argument(
        "--full-reward",
        type=float,
        default=1.0,
        metavar="X",
        help="a control rewarded below X is a false fail (default 1)",
    )
    how.add_argument(
        "--shrink-budget",
        type=int,
        default=200,
        metavar="N",
        help="calls per class for shrinking a counterexample (default 200; 0: no shrinking)",
    )
    how.add_argument(
        "--isolation",
        choices=["process", "thread"],
        default="process",
        help="run the reward in a child process (default; killed when it hangs) or a thread",
    )
    parser.set_defaults(handler=run_command)


def run_command(args: Any) -> int:
    """Run ``unitreward audit`` for parsed arguments; return the exit code."""
    import sys

    def fail(message: str) -> int:
        print(f"unitreward audit: error: {message}", file=sys.stderr)
        return EXIT_USAGE

    try:
        report = audit(
            args.reward,
            data=args.data,
            problems=args.problems,
            cases=args.cases,
            seed=args.seed,
            classes=[c.strip() for c in args.classes.split(",")] if args.classes else None,
            formats=FORMATS if args.format == "both" else (args.format,),
            fail_on=args.fail_on,
            timeout=args.timeout,
            batch_size=args.batch_size,
            rel_tol=args.rel_tol,
            pay_above=args.pay_above,
            full_reward=args.full_reward,
            shrink_budget=args.shrink_budget,
            isolation=args.isolation,
            progress=not args.no_progress and sys.stderr.isatty(),
        )
    except (ConfigError, ImportError) as exc:
        return fail(str(exc))
    if not args.quiet:
        print(report.table())
    if args.json:
        try:
            report.write_json(args.json)
        except OSError as exc:
            return fail(f"cannot write {args.json}: {exc.strerror}")
        if not args.quiet:
            print(f"report written to {args.json}")
    if args.plot:
        try:
            report.plot(args.plot)
        except ImportError as exc:
            return fail(str(exc))
        if not args.quiet:
            print(f"plot written to {args.plot}")
    return report.exit_code
