"""The OpenRLHF adapter: its reward_func contract, and OpenRLHF's own loader and executor."""

from __future__ import annotations

import asyncio
import importlib.util
import pickle
import warnings
from types import SimpleNamespace
from typing import Any

import pytest

torch = pytest.importorskip("torch", reason="OpenRLHF's reward_func returns torch tensors")

import unitreward.integrations.openrlhf as openrlhf_adapter  # noqa: E402
from unitreward.engine.errors import ConfigError  # noqa: E402
from unitreward.integrations.openrlhf import RewardFunc, response_text, reward_func  # noqa: E402

CHATML_PROMPT = (
    "<|im_start|>user\nA car moves at 12 m/s for 10 s. How far?<|im_end|>\n<|im_start|>assistant\n"
)


def load_like_openrlhf(path: str) -> Any:
    """What OpenRLHF's SingleTurnAgentExecutor does with --reward.remote_url FILE.py."""
    spec = importlib.util.spec_from_file_location("reward_func", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.reward_func


# Each row: the decoded query (prompt + response, special tokens kept), the label, the reward.
ROWS = [
    (CHATML_PROMPT + "<think>d = v t</think> It goes 0.12 km.<|im_end|>", "120 m", 1.0),  # km
    (
        CHATML_PROMPT + "<think>d = v t</think> \\boxed{120 m}<|im_end|><|endoftext|>",
        "120 m",
        1.0,
    ),  # two end tokens
    (
        CHATML_PROMPT + "<think>d = v t</think> The answer is 120 m.<|im_end|>",
        "120 m",
        1.0,
    ),  # phrase + end token
    (
        CHATML_PROMPT + "<think>d = v t</think> It goes 120 m/s.<|im_end|>",
        "120 m",
        0.0,
    ),  # wrong dimension
    (
        CHATML_PROMPT + "<think>d = v t</think> It goes 12 m.<|im_end|>",
        '["120 m", "0.12 km"]',
        0.0,
    ),  # JSON list label
    (
        CHATML_PROMPT + "<think>d = v t</think> It goes 0.12 km.<|im_end|>",
        '["120 m", "0.12 km"]',
        1.0,
    ),
    (CHATML_PROMPT + "<think>d = v t and it goes on", "120 m", 0.0),  # truncated in the think block
]


@pytest.mark.parametrize(("query", "label", "expected"), ROWS)
def test_reward_func_scores_the_response(query: str, label: str, expected: float) -> None:
    out = reward_func([query], [CHATML_PROMPT], [label])
    assert set(out) == {"rewards", "scores", "extra_logs"}
    assert out["rewards"].dtype == torch.float32 and out["rewards"].tolist() == [expected]
    assert out["scores"].tolist() == [expected]
    assert out["extra_logs"]["unitreward/correct"].tolist() == [expected]


def test_the_question_in_the_prompt_is_not_scored() -> None:
    # The prompt states 12 m/s and 10 s; a response with no answer must not be paid for them.
    assert reward_func([CHATML_PROMPT + "I am not sure."], [CHATML_PROMPT], ["12 m/s"])[
        "rewards"
    ].tolist() == [0.0]


@pytest.mark.parametrize(
    ("query", "prompt", "expected"),
    [
        ("PROMPT 3 m</s>", "PROMPT", " 3 m"),  # prefix removed, </s> stripped
        ("<bos>PROMPT 3 m<eos>", "PROMPT", " 3 m"),  # prompt found after a BOS token
        ("other 3 m<|eot_id|>\n", "PROMPT", "other 3 m"),  # prompt not found: whole query
        ("PROMPT 3 m <|im_end|> <|endoftext|>", "PROMPT", " 3 m"),  # several end tokens
        ("PROMPT a <|tool|> b", "PROMPT", " a <|tool|> b"),  # special tokens inside are kept
    ],
)
def test_response_text(query: str, prompt: str, expected: str) -> None:
    assert response_text(query, prompt) == expected


def test_batch_and_extra_logs() -> None:
    queries = [q for q, _, _ in ROWS]
    out = reward_func(queries, [CHATML_PROMPT] * len(ROWS), [label for _, label, _ in ROWS])
    assert out["rewards"].tolist() == [e for _, _, e in ROWS]
    assert out["extra_logs"]["unitreward/dimension_ok"].tolist()[3] == 0.0
    assert out["extra_logs"]["unitreward/unusable_reference"].tolist() == [0.0] * len(ROWS)


def test_unusable_label_scores_zero_with_one_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = reward_func(["P 3 m", "P 3 m"], ["P", "P"], ["", "#openrlhf-unusable#"])
    assert out["rewards"].tolist() == [0.0, 0.0]
    assert out["extra_logs"]["unitreward/unusable_reference"].tolist() == [1.0, 1.0]
    assert len([w for w in caught if "cannot use the reference" in str(w.message)]) == 2


def test_options_and_format_weight() -> None:
    fn = RewardFunc(rel_tol=0.1, format_weight=0.25)
    out = fn(
        ["P<think>x</think> 105 m", "P 105 m", "P<think>x</think> 3 s"], ["P"] * 3, ["100 m"] * 3
    )
    assert out["rewards"].tolist() == [1.0, 0.75, 0.25]


@pytest.mark.parametrize(
    "kwargs",
    [{"rel_tol": -1}, {"format_weight": 2}, {"format_weight": True}, {"unitless_credit": 3}],
)
def test_invalid_options_raise_at_construction(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        RewardFunc(**kwargs)


def test_mismatched_batch_raises_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="label_key"):
        reward_func(["a", "b"], ["a", "b"], ["3 m"])


def test_loaded_from_its_file_as_openrlhf_loads_it() -> None:
    fn = load_like_openrlhf(openrlhf_adapter.__file__)
    assert fn(["P 0.12 km"], ["P"], ["120 m"])["rewards"].tolist() == [1.0]


def test_a_users_own_file_with_options(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "reward_func.py"
    path.write_text(
        "from unitreward.integrations.openrlhf import RewardFunc\n"
        "reward_func = RewardFunc(rel_tol=0.1)\n",
        encoding="utf-8",
    )
    assert load_like_openrlhf(str(path))(["P 105 m"], ["P"], ["100 m"])["rewards"].tolist() == [1.0]


def test_picklable() -> None:
    fn = pickle.loads(pickle.dumps(RewardFunc(rel_tol=0.05)))
    assert fn(["P 3.1 m"], ["P"], ["3 m"])["rewards"].tolist() == [1.0]


# --------------------------------------------------------------------------- real OpenRLHF
# OpenRLHF's SingleTurnAgentExecutor: it loads the file from --reward.remote_url, decodes the
# prompt + response token ids with a real tokenizer (special tokens kept), calls reward_func in
# a worker thread and stores rewards/scores/extra_logs. Only vLLM is replaced: an engine object
# that "generates" fixed token ids.


class _FixedEngine:
    def __init__(self, token_ids: list[int]) -> None:
        self.token_ids = token_ids

    async def generate(
        self, prompt_token_ids: list[int], params: Any, multi_modal_data: Any = None
    ) -> Any:
        output = SimpleNamespace(token_ids=self.token_ids, finish_reason="stop", logprobs=None)
        return SimpleNamespace(outputs=[output])


@pytest.mark.parametrize(
    ("response", "label", "expected"),
    [
        ("<think>d = v t</think> It goes 0.12 km.", "120 m", 1.0),  # converted unit
        ("<think>d = v t</think> It goes 5 s.", "120 m", 0.0),  # wrong dimension
    ],
)
def test_real_openrlhf_single_turn_executor(
    tiny_model_dir, response: str, label: str, expected: float
) -> None:  # type: ignore[no-untyped-def]
    from transformers import AutoTokenizer

    from conftest import require_framework

    require_framework("openrlhf", "pip install --no-deps openrlhf (see .ci/run)")
    from openrlhf.utils.agent import SingleTurnAgentExecutor

    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    prompt = tokenizer.apply_chat_template(
        [{"role": "user", "content": "A car moves at 12 m/s for 10 s. How far?"}],
        tokenize=False,
        add_generation_prompt=True,
    )
    eos = tokenizer.convert_tokens_to_ids(tokenizer.eos_token)
    engine = _FixedEngine(tokenizer(response, add_special_tokens=False)["input_ids"] + [eos])
    executor = SingleTurnAgentExecutor(remote_rm_url=openrlhf_adapter.__file__)
    params = SimpleNamespace(max_tokens=64, logprobs=None)
    output = asyncio.run(executor.execute(prompt, label, params, 512, tokenizer, engine))
    assert output["reward"].tolist() == [expected]
    assert output["scores"].tolist() == [expected]
    assert output["extra_logs"]["unitreward/correct"].tolist() == [expected]
    # What OpenRLHF's samples generator does next with them.
    assert torch.tensor([output["reward"]]).flatten().tolist() == [expected]
