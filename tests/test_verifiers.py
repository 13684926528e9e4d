"""The verifiers adapter: v1 task rewards (real verifiers 0.4) and classic rubric functions."""

from __future__ import annotations

import asyncio
import inspect
import pickle
from types import SimpleNamespace
from typing import Any, get_origin

import pytest

from unitreward.engine.errors import ConfigError
from unitreward.integrations.verifiers import (
    GroupRubricReward,
    RubricReward,
    TaskReward,
    correctness,
    group_rubric_correctness,
    rubric_correctness,
)

# --------------------------------------------------------------------------- classic rubric (0.1-0.3)
# The contract of verifiers.Rubric (0.1-0.3; verifiers 0.4 dropped it): a function is a group
# function when it names a plural argument or is annotated to return a list; it is called with
# only the arguments it names, or with all of them when it takes **kwargs.
_GROUP_INDICATORS = {"states", "prompts", "completions", "answers", "tasks", "infos"}


def rubric_is_group(func: Any) -> bool:
    sig = inspect.signature(func)
    annotation = sig.return_annotation
    returns_list = (
        annotation is list or get_origin(annotation) is list or annotation == "list[float]"
    )
    return bool(set(sig.parameters) & _GROUP_INDICATORS) or returns_list


def rubric_objects(
    prompt: Any, completion: Any, answer: Any, info: Any | None = None
) -> dict[str, Any]:
    """What Rubric.score_objects passes a per-rollout function."""
    state = {"prompt": prompt, "completion": completion, "answer": answer, "info": info or {}}
    return {
        "prompt": prompt,
        "completion": completion,
        "answer": answer,
        "state": state,
        "info": info or {},
        "task": None,
    }


CHAT_PROMPT = [
    {"role": "system", "content": "Think first."},
    {"role": "user", "content": "A car moves at 12 m/s for 10 s. How far?"},
]

# Each row: the completion (chat messages, as verifiers keeps them), the answer column, the reward.
RUBRIC_ROWS = [
    (
        [{"role": "assistant", "content": "<think>d = v t</think> It goes 0.12 km."}],
        "120 m",
        1.0,
    ),  # km
    ([{"role": "assistant", "content": "It goes 120 m/s."}], "120 m", 0.0),  # wrong dimension
    (
        [{"role": "assistant", "content": "It goes 0.12 km.", "reasoning_content": "d = v t"}],
        "120 m",
        1.0,
    ),  # reasoning split off
    (
        "<think>x</think> \\boxed{54 km/h}",
        '["15 m/s", "15.0 m/s"]',
        1.0,
    ),  # string completion, JSON list
    ([{"role": "assistant", "content": ""}], "120 m", 0.0),  # empty reply
]


@pytest.mark.parametrize(("completion", "answer", "expected"), RUBRIC_ROWS)
def test_rubric_function_per_rollout(completion: Any, answer: str, expected: float) -> None:
    assert not rubric_is_group(rubric_correctness)
    assert rubric_correctness(**rubric_objects(CHAT_PROMPT, completion, answer)) == expected


def test_rubric_group_function() -> None:
    assert rubric_is_group(group_rubric_correctness)
    objects = [rubric_objects(CHAT_PROMPT, c, a) for c, a, _ in RUBRIC_ROWS]
    group = {
        "prompts": [o["prompt"] for o in objects],
        "completions": [o["completion"] for o in objects],
        "answers": [o["answer"] for o in objects],
        "states": [o["state"] for o in objects],
        "infos": [o["info"] for o in objects],
        "tasks": [None] * len(objects),
    }
    assert group_rubric_correctness(**group) == [e for _, _, e in RUBRIC_ROWS]


def test_rubric_reads_the_reference_from_info_when_answer_is_empty() -> None:
    objects = rubric_objects(CHAT_PROMPT, "It is 3 m.", "", {"solutions": ["3 m", "300 cm"]})
    assert rubric_correctness(**objects) == 1.0


def test_rubric_unusable_reference_scores_zero_and_warns_once() -> None:
    with pytest.warns(UserWarning, match="cannot use the reference"):
        assert rubric_correctness(completion="3 m", answer="#no-reference-here#") == 0.0


def test_rubric_names_options_and_pickling() -> None:
    assert rubric_correctness.__name__ == "correctness"
    assert group_rubric_correctness.__name__ == "group_correctness"
    loose = pickle.loads(pickle.dumps(RubricReward(rel_tol=0.1, name="physics")))
    assert loose.__name__ == "physics"
    assert loose(completion="It is 105 m.", answer="100 m") == 1.0
    assert rubric_correctness(completion="It is 105 m.", answer="100 m") == 0.0


@pytest.mark.parametrize("kwargs", [{"rel_tol": -1}, {"name": ""}, {"unitless_credit": 2}])
def test_invalid_options_raise(kwargs: dict[str, Any]) -> None:
    for cls in (TaskReward, RubricReward, GroupRubricReward):
        with pytest.raises(ConfigError):
            cls(**kwargs)


def test_group_length_mismatch_raises() -> None:
    with pytest.raises(ConfigError, match="2 completions but 1 answers"):
        group_rubric_correctness(completions=["a", "b"], answers=["3 m"])


# --------------------------------------------------------------------------- v1 contract (duck-typed)


def test_task_reward_reads_task_data_and_trace() -> None:
    task = {"prompt": [{"role": "user", "content": "How far?"}], "solutions": ["120 m"]}
    trace = SimpleNamespace(
        root_reply=None,
        assistant_messages=[SimpleNamespace(content="0.12 km", reasoning_content="d = v t")],
    )
    assert asyncio.run(correctness(task=task, trace=trace)) == 1.0
    assert (
        asyncio.run(
            correctness(task=task, trace=SimpleNamespace(root_reply=None, assistant_messages=[]))
        )
        == 0.0
    )


# --------------------------------------------------------------------------- real verifiers 0.4


@pytest.fixture(scope="module")
def vf() -> Any:
    from conftest import require_framework

    require_framework("verifiers", "pip install verifiers (see .ci/run)")
    return pytest.importorskip("verifiers.v1")


def _trace(vf: Any, data: Any, reply: str, reasoning: str | None = None) -> Any:
    from verifiers.v1.graph import MessageNode
    from verifiers.v1.trace import AgentInfo, TraceTask

    return vf.Trace(
        task=TraceTask(type="PhysicsTask", data=data),
        agent=AgentInfo(config=vf.AgentConfig()),
        nodes=[
            MessageNode(message=vf.UserMessage(content=data.prompt_text)),
            MessageNode(
                parent=0,
                sampled=True,
                message=vf.AssistantMessage(content=reply, reasoning_content=reasoning),
            ),
        ],
    )


# Each row: the final reply, its reasoning_content, the reference field value, the reward.
V1_ROWS = [
    ("It goes 0.12 km.", "d = v t", ["120 m", "120 meters"], 1.0),  # km, reasoning split off
    ("<think>d = v t</think> \\boxed{120 m}", None, "120 m", 1.0),  # think block in the content
    ("It goes 120 s.", None, ["120 m"], 0.0),  # wrong dimension
    ("The mass is 5 g.", None, "5 kg", 0.0),  # wrong prefix
]


@pytest.mark.parametrize(("reply", "reasoning", "reference", "expected"), V1_ROWS)
def test_real_verifiers_plugged_by_import_path(
    vf: Any, reply: str, reasoning: str | None, reference: Any, expected: float
) -> None:
    """A task config plugs the reward by import path, with no code; Task.score records it."""

    class PhysicsData(vf.TaskData):
        solutions: list[str] | str

    class PhysicsTask(vf.Task[PhysicsData]):
        pass

    data = PhysicsData(prompt="A car moves at 12 m/s for 10 s. How far?", solutions=reference)
    config = vf.TaskConfig(
        rewards={
            "correctness": {"fn": "unitreward.integrations.verifiers:correctness", "weight": 2.0}
        }
    )
    task = PhysicsTask(data, config)
    trace = _trace(vf, data, reply, reasoning)
    asyncio.run(task.score(trace))
    assert trace.rewards["correctness"].score == expected
    assert trace.rewards["correctness"].weight == 2.0


def test_real_verifiers_reward_method_and_answer_field(vf: Any) -> None:
    """A @vf.reward method that delegates, with the reference in an `answer` field."""

    loose = TaskReward(rel_tol=0.1)

    class AnswerData(vf.TaskData):
        answer: str

    class AnswerTask(vf.Task[AnswerData]):
        @vf.reward(weight=1.0)
        async def physics(self, task: Any, trace: Any) -> float:
            return await loose(task=task, trace=trace)

    data = AnswerData(prompt="How long?", answer="100 s")
    task = AnswerTask(data)
    trace = _trace(vf, data, "It takes 105 s.")
    asyncio.run(task.score(trace))
    assert trace.rewards["physics"].score == 1.0


def test_real_verifiers_extra_fields_of_wire_task_data(vf: Any) -> None:
    """Task data read back from traces.jsonl keeps task fields as pydantic extras."""
    data = vf.WireTaskData(prompt="How far?", solution="3 m")
    trace = _trace(vf, data, "It is 300 cm.")
    assert asyncio.run(correctness(task=data, trace=trace)) == 1.0
