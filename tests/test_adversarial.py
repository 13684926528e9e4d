"""Adversarial inputs (benchmarks/adversarial_corpus.py) always get a verdict, the same in any thread.

Timing is not tested here: ``benchmarks/adversarial.py`` measures it.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

import pytest

import unitreward
from unitreward import REASONS, Verdict

CORPUS_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "adversarial_corpus.py"


def _load_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("adversarial_corpus", CORPUS_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


CASES = _load_corpus().CASES
CHECKERS = {
    "default": unitreward.Checker(),
    "lenient": unitreward.Checker(rel_tol=0.05, abs_tol="1 cm", sig_figs=True, unitless_credit=0.5),
}


def test_corpus_covers_the_issue_list() -> None:
    names = {c.name for c in CASES}
    for required in [
        "power tower boxed",
        "power tower 9^9^9^9",
        "9!!!!!!",
        "1 MB completion",
        "10,000 nested braces",
        "1e999999 m",
        "nan m",
        "inf J",
        "unknown unit",
        "unbalanced frac",
        "binary junk",
    ]:
        assert required in names
    assert len(CASES) >= 50


def assert_sane(verdict: object) -> None:
    assert isinstance(verdict, Verdict)
    assert verdict.reason in REASONS
    assert isinstance(verdict.reward, float)
    assert math.isfinite(verdict.reward) and 0.0 <= verdict.reward <= 1.0
    assert verdict.answer is None or isinstance(verdict.answer, str)
    assert isinstance(verdict.expected, str)
    assert isinstance(str(verdict), str)


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_case_gets_a_verdict(case: object, checker: unitreward.Checker) -> None:
    assert_sane(checker.check(case.completion, case.solutions))  # type: ignore[attr-defined]


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
@pytest.mark.parametrize("case", [c for c in CASES if c.correct is not None], ids=lambda c: c.name)
def test_verdict_follows_the_policy(case: object, checker: unitreward.Checker) -> None:
    # adversarial noise is never paid; a right final answer inside the noise is
    verdict = checker.check(case.completion, case.solutions)  # type: ignore[attr-defined]
    assert verdict.correct is case.correct, str(verdict)  # type: ignore[attr-defined]
    if not case.correct:  # type: ignore[attr-defined]
        assert verdict.reward < 1.0


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
def test_thread_pool_gives_the_main_threads_verdicts(checker: unitreward.Checker) -> None:
    expected = [checker.check(c.completion, c.solutions) for c in CASES]
    with ThreadPoolExecutor(max_workers=4) as pool:
        # every case twice, concurrently, so the threads really do contend
        got = list(pool.map(lambda c: checker.check(c.completion, c.solutions), CASES + CASES))
    for case, want, a, b in zip(CASES, expected, got[: len(CASES)], got[len(CASES) :], strict=True):
        assert a == want, case.name
        assert b == want, case.name


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if "1 MB" in c.name or "nested" in c.name][:4],
    ids=lambda c: c.name,
)
def test_reward_function_shape_on_big_inputs(case: object) -> None:
    # the same inputs through the trainer-facing reward: one float or None per completion
    from unitreward import correctness

    rewards = correctness(
        prompts=["q"],
        completions=[case.completion],  # type: ignore[attr-defined]
        solutions=[case.solutions],  # type: ignore[attr-defined]
    )
    assert len(rewards) == 1
    assert rewards[0] is None or 0.0 <= rewards[0] <= 1.0
