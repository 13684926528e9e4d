"""unitreward's rewards in TRL's AsyncGRPOTrainer, which scores in a spawned child process.

AsyncGRPOTrainer (trl.experimental.async_grpo, TRL 1.16) needs a vLLM server to generate, so
it cannot run on a CPU-only machine. Its reward path is tested here against its contract, as
its source states it: AsyncRolloutWorker.start() checks ``pickle.dumps`` of the reward
functions, spawns a child (``multiprocessing.get_context("spawn")``), names each reward with
``trl``'s ``get_callable_name``, and ``_score_group`` calls every sync reward through
``asyncio.to_thread(reward, completions=, prompts=, completion_ids=, **columns)``.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import pickle
from typing import Any

import pytest

trl = pytest.importorskip("trl", reason="needs the [train] extra")

from unitreward import Correctness, ThinkFormat, correctness, think_format, unit_dimension, weighted  # noqa: E402

REWARDS = [think_format, correctness, unit_dimension, Correctness(rel_tol=0.05, name="loose")]
NAMES = ["think_format", "correctness", "unit_dimension", "loose"]

PROMPTS = [[{"role": "user", "content": "A car moves at 12 m/s for 10 s. How far?"}]] * 3
COMPLETIONS = [
    [{"role": "assistant", "content": "<think>d = v t</think> It goes 0.12 km."}],  # right, in km
    [{"role": "assistant", "content": "<think>d = v t</think> It goes 125 m."}],  # 4% off
    [{"role": "assistant", "content": "It goes 120 s."}],  # no think block, wrong dimension
]
COLUMNS = {"solutions": [["120 m"]] * 3}


async def _score_group(reward_funcs: list[Any]) -> list[list[float | None]]:
    """As _AsyncRolloutLoop._score_group calls the rewards."""
    from trl.trainer.utils import is_async_callable  # type: ignore[attr-defined, unused-ignore]

    kwargs = dict(completions=COMPLETIONS, prompts=PROMPTS, completion_ids=[[1, 2]] * 3, **COLUMNS)
    return list(
        await asyncio.gather(
            *[
                f(**kwargs) if is_async_callable(f) else asyncio.to_thread(f, **kwargs)
                for f in reward_funcs
            ]
        )
    )


def _child(payload: bytes, results: Any) -> None:
    """The spawned child: unpickle the rewards (a fresh interpreter) and score as TRL does."""
    from trl.trainer.utils import get_callable_name  # type: ignore[attr-defined, unused-ignore]

    reward_funcs = pickle.loads(payload)
    names = [get_callable_name(f) for f in reward_funcs]
    results.put((names, asyncio.run(_score_group(reward_funcs))))


def _expected_scores() -> list[list[float]]:
    # think_format; correctness (125 m is 4% off); unit_dimension; loose (rel_tol 5%)
    return [[1.0, 1.0, 0.0], [1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [1.0, 1.0, 0.0]]


def test_rewards_survive_the_spawned_child_with_their_names() -> None:
    funcs = [*REWARDS, weighted([(think_format, 0.2), (correctness, 0.8)], name="physics")]
    payload = pickle.dumps(funcs)  # AsyncRolloutWorker.start() does exactly this first
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    child = ctx.Process(target=_child, args=(payload, results))
    child.start()
    names, scores = results.get(timeout=240)
    child.join(timeout=60)
    assert child.exitcode == 0
    assert names == [*NAMES, "physics"]
    assert scores[:4] == _expected_scores()
    assert scores[4] == pytest.approx([1.0, 0.2, 0.0])


def test_closures_are_what_the_worker_refuses() -> None:
    """The worker's own check: a closure fails pickle.dumps; unitreward's rewards pass it."""
    pickle.dumps(REWARDS)
    threshold = 0.5

    def closure(completions: list[Any], **kwargs: Any) -> list[float]:
        return [threshold] * len(completions)

    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        pickle.dumps([closure])


def test_names_match_the_sync_trainer() -> None:
    from trl.trainer.utils import get_callable_name  # type: ignore[attr-defined, unused-ignore]

    assert [get_callable_name(f) for f in REWARDS] == NAMES
    assert ThinkFormat(require_answer=True).__name__ == "think_format_require_answer_true"


def test_async_grpo_trainer_documents_this_contract() -> None:
    """Guard against TRL changing the contract these tests reproduce."""
    import inspect

    from trl.experimental.async_grpo import async_rollout_worker

    source = inspect.getsource(async_rollout_worker)
    assert 'mp.get_context("spawn")' in source
    assert "pickle.dumps(self._loop_kwargs)" in source
    assert "asyncio.to_thread(reward_func, **kwargs)" in source
    assert "get_callable_name(f) for f in reward_funcs" in source
    score_group = inspect.getsource(async_rollout_worker._AsyncRolloutLoop._score_group)
    for key in (
        "completions=group.completions",
        "prompts=group.prompts",
        "completion_ids=",
        "**group.reward_kwargs",
    ):
        assert key in score_group
