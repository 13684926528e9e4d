"""The audit's machinery: drawing cases, calling the reward as TRL does, shrinking.

* :func:`strategies_for` builds each class's strategy against one problem
  (or says why the problem cannot be used);
* :func:`draw_cases` draws a class's cases with hypothesis, seeded;
* :class:`Subject` calls the reward on batches in one completion format, as
  ``GRPOTrainer`` does (``prompts``, ``completions``, ``completion_ids``, the
  dataset's columns, ``trainer_state``, ``log_extra``, ``log_metric``), retries
  single completions where a batch failed, gives up on a format after three
  timeouts, and keeps the statistics a :class:`FormatResult` reports;
* :func:`shrink` runs hypothesis' ``find`` within a call budget and keeps the
  shortest failing completion it meets.
"""

from __future__ import annotations

import contextlib
import math
import random
import types
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from unitreward._audit_inputs import Problem
from unitreward._audit_report import FormatResult
from unitreward._isolated import RAISED, RETURNED, TIMEOUT, IsolatedCaller, Outcome

#: The completion formats TRL passes: strings, or lists of chat messages.
FORMATS: tuple[str, ...] = ("standard", "conversational")

#: Timeouts in one format before the function is declared hung there.
BREAKER = 3
#: Formats whose every call raised in this many batches stop retrying single completions.
_NO_RETRY_AFTER = 2
#: Hypothesis runs per class when drawing cases (each asks for the cases still missing).
_DRAW_ROUNDS = 4


def _ignore(*args: Any, **kwargs: Any) -> None:
    """Stands in for TRL's ``log_extra`` and ``log_metric`` (picklable)."""


@dataclass(frozen=True)
class Case:
    """One drawn completion: its class, the index of its problem, the text.

    >>> Case("empty", 0, "").kind
    'empty'
    """

    kind: str
    problem: int
    completion: str


@dataclass(frozen=True)
class Scored:
    """What one completion got: a reward, or why not (``none``, ``bad_value``, ``error``...).

    >>> Scored(1.0, "number").reward
    1.0
    """

    reward: float | None
    status: str  # number, none, bad_value, error, skipped


# --------------------------------------------------------------------------- drawing cases


@contextlib.contextmanager
def stable_generation() -> Iterator[None]:
    """Draw as if no other module were imported: a seed gives the same audit in any process.

    Hypothesis (6.13x and later) also draws literals it finds in the caller's own
    modules, so what it generates depends on what the process has imported: the
    audit of the same reward with the same seed differed between a fresh
    ``unitreward audit`` and a test session. This switches that source off while
    the audit draws and shrinks. It reaches into hypothesis' internals, guarded:
    where they differ it does nothing, and the audit still runs, reproducibly
    within one environment.

    >>> with stable_generation():
    ...     pass
    """
    try:
        from hypothesis.internal.conjecture import providers

        original = providers._get_local_constants
        empty = providers.Constants()  # type: ignore[attr-defined]
        cache = providers.CONSTANTS_CACHE.cache
    except (ImportError, AttributeError, TypeError):  # pragma: no cover - other versions
        yield
        return
    providers._get_local_constants = lambda: empty
    cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = original
        cache.clear()


def strategies_for(problem: Problem, rel_tol: float) -> dict[str, Any] | str:
    """Each class's strategy against this problem, or why the problem cannot be used.

    >>> p = Problem("Convert 90 km/h to m/s.", ("25 m/s",))
    >>> "restated_given" in strategies_for(p, 1e-2)
    True
    >>> strategies_for(Problem(None, ("25 m/s", "25 km/h")), 1e-2)
    "its references disagree ('25 m/s', '25 km/h')"
    """
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


def draw_cases(kind: str, pool: Sequence[tuple[int, Any]], n: int, seed: int) -> list[Case]:
    """Up to ``n`` distinct cases of one class over the problems of ``pool``, seeded.

    The problem is drawn too (from a seeded shuffle of the pool), so every
    example is one consistent draw, as hypothesis requires.

    >>> pool = [(0, strategies_for(Problem(None, ("120 m",)), 1e-2)["missing_unit"])]
    >>> cases = draw_cases("missing_unit", pool, 3, seed=0)
    >>> len(cases), cases[0].completion  # the simplest first
    (3, '<think>\\n\\n</think>\\n\\nThe answer is 120.')
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
    drawn: list[Case] = []
    seen: set[tuple[int, str]] = set()

    def collect(case: tuple[int, str]) -> None:
        if len(drawn) < n and case not in seen:
            seen.add(case)
            drawn.append(Case(kind, *case))

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
        with stable_generation():
            run()
        if len(drawn) == before:
            break  # nothing new: the class has no more distinct cases
    return drawn


# --------------------------------------------------------------------------- calling the reward


class Subject:
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
        return self.timeouts[fmt] >= BREAKER

    def kwargs(self, cases: Sequence[Case], fmt: str) -> dict[str, Any]:
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

    def call(self, cases: Sequence[Case], fmt: str) -> tuple[str, list[Scored]]:
        """One call on ``cases``: the call's status and one result per case."""
        self.calls += 1
        outcome: Outcome = self.caller.call(self.kwargs(cases, fmt))
        if outcome.status != RETURNED:
            if outcome.status == TIMEOUT:
                self.timeouts[fmt] += 1
            self._note(fmt, outcome.status, outcome.message)
            return outcome.status, [Scored(None, "error")] * len(cases)
        value = outcome.value
        if isinstance(value, str):
            self._note(fmt, "not_a_list", value)
            return "not_a_list", [Scored(None, "error")] * len(cases)
        if value is None or len(value) != len(cases):
            got = "no list" if value is None else f"{len(value)} reward(s)"
            self._note(fmt, "wrong_length", f"returned {got} for {len(cases)} completions")
            return "wrong_length", [Scored(None, "error")] * len(cases)
        self._note(fmt, "ok", "")
        scored = []
        for item in value:
            if item is None or (isinstance(item, float) and math.isnan(item)):
                scored.append(Scored(None, "none"))
            elif isinstance(item, float) and math.isfinite(item):
                scored.append(Scored(item, "number"))
            else:
                self.messages[fmt].setdefault("bad_value", f"a reward of {item!r}")
                scored.append(Scored(None, "bad_value"))
        return "ok", scored

    def score(
        self, cases: Sequence[Case], fmt: str, batch: int, seed: int, bar: Any
    ) -> list[Scored]:
        """Every case in one format: batches, and single calls where a batch failed."""
        results: list[Scored] = [Scored(None, "skipped")] * len(cases)
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
                            results[i] = Scored(None, "skipped")
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
                parts.append(f"gave up after {BREAKER} timeouts: {rewards['skipped']} not scored")
            problem = "; ".join(parts) or None
        return FormatResult(fmt, calls, dict(statuses), dict(rewards), supported, problem)


# --------------------------------------------------------------------------- shrinking


class _Budget(Exception):
    """The shrinking budget of one class is spent."""


def fails(attack: bool, reward: float, pay_above: float, full_reward: float) -> bool:
    """Whether a reward is a false pass (an attack paid) or a false fail (a control not paid).

    >>> fails(True, 0.5, 0.0, 1.0), fails(False, 0.5, 0.0, 1.0), fails(False, 1.0, 0.0, 1.0)
    (True, True, False)
    """
    return reward > pay_above if attack else reward < full_reward - 1e-9


def shrink(
    subject: Subject,
    kind: str,
    problems: Sequence[int],
    strategies: Sequence[Mapping[str, Any] | str],
    fmt: str,
    budget: int,
    check: Callable[[float], bool],
) -> tuple[Case, float] | None:
    """The shortest failing case hypothesis' ``find`` reaches within ``budget`` calls."""
    from hypothesis import HealthCheck, Phase, find, settings
    from hypothesis import strategies as st
    from hypothesis.errors import HypothesisException

    best: list[tuple[Case, float]] = []
    calls = [0]

    def pair(index: int) -> Any:
        chosen = cast(Mapping[str, Any], strategies[index])  # only problems with strategies fail
        return chosen[kind].map(lambda probe: (index, probe))

    def failing(drawn: tuple[int, Any]) -> bool:
        if calls[0] >= budget or subject.hung(fmt):
            raise _Budget
        calls[0] += 1
        index, probe = drawn
        case = Case(kind, index, probe.completion)
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
    with contextlib.suppress(_Budget, HypothesisException), stable_generation():
        find(strategy, failing, settings=options)
    return best[0] if best else None
