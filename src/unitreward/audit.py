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

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

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
from unitreward._audit_run import (
    FORMATS,
    Case,
    Scored,
    Subject,
    draw_cases,
    fails,
    shrink,
    strategies_for,
)
from unitreward._isolated import IsolatedCaller
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

#: Gate keys beyond the class names.
_GROUP_KEYS = ("any", "attacks", "controls")


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


def _counterexample(
    subject: Subject,
    kind: str,
    attack: bool,
    failed: Sequence[tuple[int, str, float]],
    drawn: Sequence[Case],
    problems: Sequence[Problem],
    strategies: Sequence[Mapping[str, Any] | str],
    budget: int,
    thresholds: tuple[float, float],
) -> Counterexample:
    """The shortest failing case: of the sample, or shrunk from it by hypothesis."""
    i, fmt, paid = min(failed, key=lambda t: (len(drawn[t[0]].completion), drawn[t[0]].completion))
    best, shrunk = (drawn[i], paid), False
    failing = sorted(
        {drawn[j].problem for j, f, _ in failed if f == fmt},
        key=lambda p: (len(problems[p].solutions[0]), p),
    )

    def check(reward: float) -> bool:
        return fails(attack, reward, *thresholds)

    if budget and not subject.hung(fmt):
        found = shrink(subject, kind, failing, strategies, fmt, budget, check)
        if found is not None and len(found[0].completion) <= len(best[0].completion):
            best, shrunk = found, True
    case, paid = best
    problem = problems[case.problem]
    return Counterexample(
        case.completion, problem.solutions[0], problem.question, paid, fmt, problem.source, shrunk
    )


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
        made = strategies_for(problem, rel_tol)
        if isinstance(made, str):
            skipped[problem.source] = made
        strategies.append(made)
    usable = [i for i, s in enumerate(strategies) if not isinstance(s, str)]
    if not usable:
        reasons = "; ".join(f"{k}: {v}" for k, v in list(skipped.items())[:3])
        raise ConfigError(f"no problem has a reference attacks can be built against ({reasons})")

    bar = _Bar(progress)
    known = _all_classes()
    drawn: list[Case] = []
    pools: dict[str, list[tuple[int, Any]]] = {}
    marks = {"setup": time.perf_counter()}
    gen = bar.phase("drawing cases", len(chosen) * cases)
    for kind in chosen:
        pools[kind] = [
            (i, s[kind]) for i in usable if not isinstance(s := strategies[i], str) and kind in s
        ]
        if pools[kind]:
            drawn += draw_cases(kind, pools[kind], cases, seed)
        if gen is not None:
            gen.update(cases)

    marks["draw"] = time.perf_counter()
    spec = reward if isinstance(reward, str) else None
    caller = IsolatedCaller(func, timeout=timeout, isolation=isolation, spec=spec)
    subject = Subject(caller, problem_list)
    try:
        results: dict[str, list[Scored]] = {}
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
            index = [i for i, c in enumerate(drawn) if c.kind == kind]
            scored = [
                (i, fmt, paid)
                for fmt in supported
                for i in index
                if (paid := results[fmt][i].reward) is not None
            ]
            failed = [t for t in scored if fails(attack, t[2], pay_above, full_reward)]
            example = None
            if failed:
                example = _counterexample(
                    subject,
                    kind,
                    attack,
                    failed,
                    drawn,
                    problem_list,
                    strategies,
                    shrink_budget,
                    (pay_above, full_reward),
                )
            values = [r for _, _, r in scored]
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
        f"{len(usable)} bundled physics problems (seed {seed})"
        if data is None
        else f"{len(usable)} problems from {data}"
        if isinstance(data, (str, Path))
        else f"{len(usable)} problems given as rows"
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
