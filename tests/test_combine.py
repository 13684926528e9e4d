"""Tests of the reward combinators in unitreward.combine."""

from __future__ import annotations

import functools
import math
import multiprocessing
import pickle
import warnings
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import pytest
from trl.rewards import (
    get_repetition_penalty_reward,
    get_soft_overlong_punishment,
    think_format_reward,
)

import unitreward
from unitreward.combine import AllOf, Clip, Gate, Weighted, all_of, any_of, clip, gate, weighted
from unitreward.engine.errors import ConfigError
from unitreward.rewards import Correctness, correctness, soft_think_format, think_format


# Module-level reward functions (picklable by reference), returning fixed columns.
def ones(completions: Any, **kwargs: Any) -> list[float | None]:
    return [1.0] * len(completions)


def column_a(completions: Any, a: list[Any], **kwargs: Any) -> list[float | None]:
    return list(a)


def column_b(completions: Any, b: list[Any], **kwargs: Any) -> list[float | None]:
    return list(b)


def nan_reward(completions: Any, **kwargs: Any) -> list[float]:
    return [math.nan] * len(completions)


async def async_half(completions: Any, **kwargs: Any) -> list[float | None]:
    return [0.5] * len(completions)


def wrong_length(completions: Any, **kwargs: Any) -> list[float | None]:
    return [1.0]


N = None
A = [1.0, 0.0, 1.0, N, N, 0.5]
B = [1.0, 1.0, 0.0, 1.0, N, N]
COMPLETIONS = ["c"] * len(A)


def run(reward: Any, **extra: Any) -> list[float | None]:
    return list(reward(completions=COMPLETIONS, a=A, b=B, **extra))


# ------------------------------------------------------------------ values and None


def test_weighted_is_trl_nansum() -> None:
    # TRL: sum of weight * reward over the non-None rewards; None only where all are None.
    assert run(weighted({column_a: 2.0, column_b: 0.5})) == [2.5, 0.5, 2.0, 0.5, N, 1.0]


def test_all_of_and_any_of() -> None:
    assert run(all_of(column_a, column_b)) == [1.0, 0.0, 0.0, 1.0, N, 0.5]
    assert run(any_of(column_a, column_b)) == [1.0, 1.0, 1.0, 1.0, N, 0.5]


def test_gate() -> None:
    # condition a, then b: b where a == 1; 0 where a < 1; b where a is None; None where b is None.
    assert run(gate(column_a, column_b)) == [1.0, 0.0, 0.0, 1.0, N, N]
    assert run(gate(column_a, column_b, threshold=0.5)) == [1.0, 0.0, 0.0, 1.0, N, N]
    assert run(gate(column_b, column_a)) == [1.0, 0.0, 0.0, N, N, 0.5]


def test_clip() -> None:
    assert run(clip(weighted({column_a: 3.0}), 0.5, 2.0)) == [2.0, 0.5, 2.0, N, N, 1.5]
    assert run(clip(column_a, high=0.5)) == [0.5, 0.0, 0.5, N, N, 0.5]
    assert run(clip(column_a, low=0.75)) == [1.0, 0.75, 1.0, N, N, 0.75]


def test_nan_from_a_component_counts_as_none() -> None:
    assert run(weighted({nan_reward: 1.0, column_a: 1.0})) == A
    assert run(all_of(nan_reward)) == [N] * len(A)


def test_gate_puts_correctness_behind_the_format() -> None:
    completions = [
        "<think>d = v t</think> The answer is 120 m.",  # format and answer
        "The answer is 120 m.",  # right answer, no format: gated to 0
        "<think>d = v t</think> The answer is 100 m.",  # format, wrong answer
    ]
    reward = gate(think_format, correctness)
    assert reward(completions, solution=["120 m"] * 3) == [1.0, 0.0, 0.0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the unusable reference is warned about once per process
        assert reward(completions, solution=[None] * 3) == [N, N, N]


# ------------------------------------------------------------------ any TRL-style reward


def test_trl_rewards_as_components() -> None:
    overlong = get_soft_overlong_punishment(max_completion_len=10, soft_punish_cache=5)
    repetition = get_repetition_penalty_reward(ngram_size=2, max_penalty=-1.0)
    reward = weighted({think_format_reward: 1.0, overlong: 1.0, repetition: 0.5})
    completions = [
        [{"role": "assistant", "content": "<think>a</think>b"}],
        [{"role": "assistant", "content": "b"}],
    ]
    ids = [[1, 2, 3], [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]]
    # first: format 1, length 3 (no penalty), no repeats; second: format 0, too long (-1),
    # fully repetitive (-1 * 0.5 weight... scaled by the repeated fraction 10/11).
    out = reward(completions=completions, completion_ids=ids)
    assert out[0] == pytest.approx(1.0)
    assert out[1] == pytest.approx(-1.0 + 0.5 * -(1 - 1 / 11))
    assert reward.__name__ == (
        "weighted_think_format_reward_soft_overlong_punishment_reward_repetition_penalty_reward"
    )
    clipped = clip(overlong, -0.5, 0.0)
    assert clipped(completions=["a", "b"], completion_ids=[[1] * 7, [1] * 20]) == [-0.4, -0.5]


def test_partial_and_async_components() -> None:
    half = functools.partial(column_a, a=[0.5] * len(A))
    reward = weighted({half: 1.0, async_half: 1.0})
    assert reward(completions=COMPLETIONS) == [1.0] * len(A)
    assert reward.__name__ == "weighted_column_a_async_half"


def test_wrong_length_is_reported() -> None:
    with pytest.raises(ValueError, match="returned 1 rewards for 2 completions"):
        all_of(wrong_length)(completions=["a", "b"])


# ------------------------------------------------------------------ flattening


def test_flatten_same_combinator() -> None:
    nested = all_of(all_of(column_a, column_b), ones)
    assert isinstance(nested, AllOf)
    assert nested.funcs == (column_a, column_b, ones)
    assert run(nested) == run(all_of(column_a, column_b, ones))
    assert any_of(any_of(column_a), column_b).funcs == (column_a, column_b)


def test_flatten_weighted_multiplies_and_merges() -> None:
    nested = weighted({weighted({column_a: 2.0, column_b: 1.0}): 0.5, column_a: 1.0})
    assert isinstance(nested, Weighted)
    assert nested.parts == ((column_a, 2.0), (column_b, 0.5))
    assert run(nested) == run(weighted({column_a: 2.0, column_b: 0.5}))


def test_flatten_gate_and_clip() -> None:
    nested = gate(column_a, gate(column_b, ones))
    flat = gate(all_of(column_a, column_b), ones)
    assert isinstance(nested, Gate) and isinstance(nested.condition, AllOf)
    assert nested.then is ones
    assert run(nested) == run(flat)
    clipped = clip(clip(column_a, 0.0, 0.8), 0.2, 1.0)
    assert isinstance(clipped, Clip) and clipped.func is column_a
    assert (clipped.low, clipped.high) == (0.2, 0.8)
    assert run(clipped) == [0.8, 0.2, 0.8, N, N, 0.5]
    # disjoint ranges are not merged
    disjoint = clip(clip(column_a, 0.0, 0.1), 0.5, 1.0)
    assert isinstance(disjoint.func, Clip)
    assert run(disjoint) == [0.5, 0.5, 0.5, N, N, 0.5]


def test_named_inner_combinations_are_kept() -> None:
    inner = all_of(column_a, column_b, name="both")
    outer = all_of(inner, ones)
    assert outer.funcs == (inner, ones)
    assert outer.__name__ == "all_of_both_ones"


# ------------------------------------------------------------------ names, logging


def test_names() -> None:
    assert gate(think_format, correctness).__name__ == "gate_think_format_correctness"
    assert all_of(think_format, correctness).__name__ == "all_of_think_format_correctness"
    assert any_of(think_format, Correctness(rel_tol=0.1)).__name__ == (
        "any_of_think_format_correctness_rel_tol_0.1"
    )
    assert clip(correctness, 0, 1).__name__ == "clip_correctness"
    assert weighted({correctness: 1}, name="score").__name__ == "score"
    assert repr(weighted({think_format: 0.5, correctness: 1.0})) == (
        "weighted({think_format: 0.5, correctness: 1})"
    )
    assert repr(gate(think_format, correctness)) == "gate(think_format, correctness)"


def test_component_means_are_logged() -> None:
    metrics: dict[str, list[float]] = {}
    extra: dict[str, list[Any]] = {}

    def log_metric(name: str, value: float) -> None:
        metrics.setdefault(name, []).append(value)

    def log_extra(name: str, values: list[Any]) -> None:
        extra.setdefault(name, []).extend(values)

    reward = weighted({column_a: 1.0, column_b: 1.0})
    run(reward, log_metric=log_metric, log_extra=log_extra)
    assert metrics["weighted_column_a_column_b/column_a"] == [pytest.approx(2.5 / 4)]
    assert metrics["weighted_column_a_column_b/column_b"] == [pytest.approx(3.0 / 4)]

    # Components' own diagnostics arrive under the combination's prefix.
    metrics.clear()
    completions = ["<think>a</think> 3 m", "3 m"]
    gated = gate(think_format, correctness)
    out = gated(completions, solution=["3 m"] * 2, log_metric=log_metric, log_extra=log_extra)
    assert out == [1.0, 0.0]
    assert metrics["gate_think_format_correctness/think_format"] == [0.5]
    assert metrics["gate_think_format_correctness/correctness"] == [1.0]
    assert metrics["gate_think_format_correctness/correctness/correct"] == [1.0]
    assert extra["gate_think_format_correctness/correctness/reason"] == ["correct", "correct"]


def test_no_hooks_needed_outside_trl() -> None:
    assert weighted({think_format: 1.0})(["<think>a</think>b"]) == [1.0]


def test_real_rewards_inside_combinations() -> None:
    completions = ["<think>x</think> 0.12 km", "0.12 km", "<think>x", "<think>x</think> 5 kg"]
    reward = weighted({soft_think_format: 0.25, gate(think_format, correctness): 1.0})
    assert reward(completions, solutions=[["120 m"]] * 4) == [1.25, 0.0, 0.125, 0.25]
    assert unitreward.weighted is weighted


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    "build",
    [
        lambda: weighted({}),
        lambda: weighted({column_a: "1"}),
        lambda: weighted({column_a: math.inf}),
        lambda: weighted({column_a: True}),
        lambda: weighted([("correctness", 1.0)]),
        lambda: all_of(),
        lambda: any_of(3),
        lambda: gate(column_a, None),
        lambda: gate(column_a, column_b, threshold=math.nan),
        lambda: clip(column_a),
        lambda: clip(column_a, 1.0, 0.0),
        lambda: all_of(column_a, name=""),
    ],
)
def test_invalid_arguments_raise_config_error(build: Any) -> None:
    with pytest.raises(ConfigError):
        build()


# ------------------------------------------------------------------ pickling and threads

COMBINATIONS = [
    weighted({think_format: 0.2, gate(think_format, correctness): 1.0}),
    all_of(think_format, correctness),
    any_of(soft_think_format, correctness, name="either"),
    clip(weighted({correctness: 2.0}), 0.0, 1.5),
    weighted({get_soft_overlong_punishment(max_completion_len=8, soft_punish_cache=4): 1.0}),
]
BATCH = ["<think>v t</think> 120 m", "120 m", "<think>v t</think> 0.1 km", "<think>"] * 3
IDS = [[1] * (i % 10) for i in range(len(BATCH))]


def _score(reward: Any) -> list[float | None]:
    return list(reward(BATCH, solution=["120 m"] * len(BATCH), completion_ids=IDS))


@pytest.mark.parametrize("reward", COMBINATIONS, ids=lambda r: r.__name__)
def test_pickle_round_trip(reward: Any) -> None:
    clone = pickle.loads(pickle.dumps(reward))
    assert clone.__name__ == reward.__name__
    if "overlong" not in reward.__name__:  # TRL's reward classes compare by identity
        assert clone == reward
    assert repr(clone) == repr(reward)
    assert _score(clone) == _score(reward)


def test_spawn_process_pool_gives_the_same_rewards() -> None:
    expected = [_score(r) for r in COMBINATIONS]
    with ProcessPoolExecutor(
        max_workers=2, mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        assert list(pool.map(_score, COMBINATIONS)) == expected


def test_thread_pool_gives_the_same_rewards() -> None:
    expected = [_score(r) for r in COMBINATIONS]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(_score, COMBINATIONS * 6)) == expected * 6
