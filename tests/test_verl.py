"""The verl adapter: verl's custom-reward contract, loaded the way verl loads it."""

from __future__ import annotations

import importlib.util
import inspect
import pickle
import sys
import warnings
from functools import partial

import numpy as np
import pytest

import unitreward.integrations.verl as verl_adapter
from unitreward.data import physics_records
from unitreward.engine.errors import ConfigError
from unitreward.integrations.verl import compute_score, to_verl_rows


def load_like_verl(reward_kwargs: dict | None = None):  # type: ignore[no-untyped-def]
    """What verl's get_custom_reward_fn does with custom_reward_function.path/name/reward_kwargs."""
    path = verl_adapter.__file__
    spec = importlib.util.spec_from_file_location("custom_module", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["custom_module"] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["custom_module"]
    raw_fn = module.compute_score
    kwargs = dict(reward_kwargs or {})

    def wrapped_fn(*args, **kw):  # type: ignore[no-untyped-def]
        return raw_fn(*args, **kw, **kwargs)

    return wrapped_fn


def test_signature_is_verls() -> None:
    params = list(inspect.signature(compute_score).parameters)
    assert params[:4] == ["data_source", "solution_str", "ground_truth", "extra_info"]
    assert inspect.signature(compute_score).parameters["extra_info"].default is None


@pytest.mark.parametrize(
    ("response", "ground_truth", "expected"),
    [
        ("<think>d = v t</think> It travels 0.12 km.", "120 m", 1.0),  # converted unit
        ("<think>...</think> \\boxed{54 km/h}", ["15 m/s", "15.0 m/s"], 1.0),  # list of refs
        ("<think>...</think> \\boxed{54 km/h}", np.array(["15 m/s"]), 1.0),  # parquet array
        ("The answer is 120 m.", '["120 m", "120 meters"]', 1.0),  # JSON list in a string
        ("It weighs 5 g.", "5 kg", 0.0),  # wrong prefix
        ("It lasts 120 s.", ["120 m"], 0.0),  # wrong dimension
        ("<think>120 m</think>", "120 m", 0.0),  # nothing after the think block
        ("", "120 m", 0.0),  # empty response
    ],
)
def test_scores(response: str, ground_truth: object, expected: float) -> None:
    assert compute_score("unitreward/physics", response, ground_truth) == expected


def test_called_by_keyword_as_verl_does() -> None:
    fn = load_like_verl()
    score = fn(
        data_source="openai/gsm8k",
        solution_str="<think>p = m v</think> The momentum is 2.5 N·s.",
        ground_truth=["2.5 kg·m/s"],
        extra_info={"split": "train", "index": 0},
    )
    assert score == 1.0 and isinstance(score, float)


def test_reward_kwargs_pass_through_like_verls_config() -> None:
    fn = load_like_verl({"rel_tol": 0.1})
    assert fn(data_source="x", solution_str="It is 105 m.", ground_truth="100 m") == 1.0
    strict = load_like_verl()
    assert strict(data_source="x", solution_str="It is 105 m.", ground_truth="100 m") == 0.0


def test_extra_manager_keywords_are_ignored() -> None:
    # verl's DAPO reward manager adds strict_box_verify (and sometimes more).
    assert compute_score("x", "\\boxed{3 m}", "3 m", {}, strict_box_verify=True) == 1.0


def test_dict_result_has_score_and_numeric_extras() -> None:
    result = compute_score("x", "<think>a</think> 3 km", "3000 m", return_dict=True)
    assert result == {"score": 1.0, "acc": 1.0, "dimension_ok": 1.0, "format": 1.0}
    wrong = compute_score("x", "3 km", "3000 s", return_dict=True)
    assert wrong == {"score": 0.0, "acc": 0.0, "dimension_ok": 0.0, "format": 0.0}
    assert all(isinstance(v, float) for v in wrong.values())


def test_format_weight_mixes_format_and_correctness() -> None:
    good_format_wrong_value = "<think>hmm</think> 7 m"
    assert compute_score("x", good_format_wrong_value, "3 m", format_weight=0.25) == 0.25
    assert compute_score("x", "3 m", "3 m", format_weight=0.25) == 0.75
    assert compute_score("x", "<think>a</think> 3 m", "3 m", format_weight=0.25) == 1.0


def test_unusable_reference_scores_zero_with_one_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = compute_score("x", "It is 3 m.", "no reference here at all #1")
        second = compute_score("x", "It is 3 m.", "no reference here at all #1")
        empty = compute_score("x", "It is 3 m.", [])
    assert first == second == empty == 0.0
    messages = [str(w.message) for w in caught]
    assert sum("no reference here at all #1" in m for m in messages) <= 1
    assert any("[]" in m for m in messages)


@pytest.mark.parametrize(
    "kwargs",
    [{"rel_tol": -1}, {"format_weight": 1.5}, {"format_weight": "a lot"}],
)
def test_invalid_options_raise(kwargs: dict) -> None:
    with pytest.raises(ConfigError):
        compute_score("x", "3 m", "3 m", **kwargs)


def test_never_raises_on_hostile_input() -> None:
    hostile = ["\\boxed{" * 2000, "9" * 100_000 + " m", "10^10^10^10 m", "nan m", "\x00\udcff"]
    for text in hostile:
        score = compute_score("x", text, "3 m")
        assert 0.0 <= score <= 1.0


def test_picklable_for_ray_workers() -> None:
    fn = pickle.loads(pickle.dumps(partial(compute_score, rel_tol=0.05)))
    assert fn("x", "3.1 m", "3 m") == 1.0


def test_to_verl_rows_layout_and_round_trip() -> None:
    records = physics_records(20, seed=2)
    rows = to_verl_rows(records, system_prompt="Think, then answer.", split="test")
    assert len(rows) == 20
    row = rows[3]
    assert row["data_source"] == "unitreward/physics"
    assert row["ability"] == "physics"
    assert row["prompt"][0] == {"role": "system", "content": "Think, then answer."}
    assert row["prompt"][1] == {"role": "user", "content": records[3]["question"]}
    assert row["reward_model"] == {"style": "rule", "ground_truth": records[3]["solutions"]}
    assert row["extra_info"]["split"] == "test" and row["extra_info"]["index"] == 3
    for row, record in zip(rows, records, strict=True):
        truth = row["reward_model"]["ground_truth"]
        for rendering in record["solutions"]:
            assert compute_score(row["data_source"], f"<think>.</think> {rendering}", truth) == 1.0
    with pytest.raises(ConfigError):
        to_verl_rows([{"question": "How far?"}])


def test_to_verl_rows_writes_parquet(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd  # a dependency of datasets, as pyarrow is

    path = tmp_path / "train.parquet"
    pd.DataFrame(to_verl_rows(physics_records(5))).to_parquet(path)
    back = pd.read_parquet(path)
    truth = back.iloc[0]["reward_model"]["ground_truth"]  # numpy array after the round trip
    assert compute_score(back.iloc[0]["data_source"], truth[0], truth) == 1.0


# --------------------------------------------------------------------------- the question


def test_question_from_extra_info_reaches_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    import unitreward.integrations._common as common

    seen: list[object] = []

    class Recording:
        def check(self, text: str, refs: list[str], question: str | None = None) -> object:
            seen.append(question)
            from unitreward import check

            return check(text, refs)

    monkeypatch.setattr(common, "CHECK_TAKES_QUESTION", True)
    monkeypatch.setattr(verl_adapter, "cached_checker", lambda *a, **k: Recording())
    compute_score("x", "It is 3 m.", "3 m", {"question": "How far?", "index": 0})
    compute_score("x", "It is 3 m.", "3 m", {"index": 1})  # no question: None
    assert seen == ["How far?", None]


def test_to_verl_rows_keeps_the_question_for_the_reward() -> None:
    (row,) = to_verl_rows([{"question": "How far in 10 s at 12 m/s?", "solutions": ["120 m"]}])
    assert row["extra_info"]["question"] == "How far in 10 s at 12 m/s?"


# --------------------------------------------------------------------------- real verl
# verl's own reward path on CPU: its config, its loader (custom_reward_function.path/name and
# reward_kwargs), its reward managers, its DataProto, a real tokenizer decoding real token ids.


@pytest.fixture(scope="module")
def verl_pkg():  # type: ignore[no-untyped-def]
    from conftest import require_framework

    return require_framework("verl", "pip install --no-deps verl (see .ci/run)")


def _verl_batch(tokenizer, rows):  # type: ignore[no-untyped-def]
    """A DataProto laid out as verl's rollout leaves it: left-padded prompts, right-padded
    responses, one attention mask over both, and the parquet row's non-tensor fields."""
    import torch
    from verl import DataProto

    def encode(texts, length, left):  # type: ignore[no-untyped-def]
        ids = torch.full((len(texts), length), tokenizer.pad_token_id)
        mask = torch.zeros((len(texts), length), dtype=torch.long)
        for i, text in enumerate(texts):
            tokens = tokenizer(text, add_special_tokens=False)["input_ids"][:length]
            span = slice(length - len(tokens), length) if left else slice(0, len(tokens))
            ids[i, span] = torch.tensor(tokens)
            mask[i, span] = 1
        return ids, mask

    prompt_ids, prompt_mask = encode([r["prompt"][-1]["content"] for r in rows], 48, left=True)
    response_ids, response_mask = encode([r["response"] for r in rows], 64, left=False)
    return DataProto.from_dict(
        tensors={
            "prompts": prompt_ids,
            "responses": response_ids,
            "input_ids": torch.cat([prompt_ids, response_ids], 1),
            "attention_mask": torch.cat([prompt_mask, response_mask], 1),
        },
        non_tensors={
            key: np.array([r[key] for r in rows], dtype=object)
            for key in ("data_source", "reward_model", "extra_info")
        },
    )


# Each row: a response and the acceptable answers, as to_verl_rows writes them; the score.
VERL_ROWS = [
    ("<think>d = v t</think> It goes 0.12 km.", ["120 m", "120 meters"], 1.0),  # unit converted
    ("<think>m = F/a</think> The mass is 5 g.", ["5 kg"], 0.0),  # wrong prefix
    ("<think>v = d/t</think> \\boxed{54 km/h}", ["15 m/s"], 1.0),  # boxed, other unit
    ("<think>t = d/v</think> It takes 120 m.", ["120 s"], 0.0),  # wrong dimension
]


def _verl_rows() -> list[dict]:
    records = [
        {"question": f"Question {i}?", "solutions": refs}
        for i, (_, refs, _) in enumerate(VERL_ROWS)
    ]
    rows = to_verl_rows(records)
    for row, (response, _, _) in zip(rows, VERL_ROWS, strict=True):
        row["response"] = response
        row["reward_model"]["ground_truth"] = np.array(
            row["reward_model"]["ground_truth"]
        )  # as parquet
    return rows


def _verl_config(verl_pkg, tiny_model_dir, path: str, reward_kwargs: dict):  # type: ignore[no-untyped-def]
    import os

    from omegaconf import OmegaConf

    config = OmegaConf.load(
        os.path.join(
            os.path.dirname(verl_pkg.__file__), "trainer/config/_generated_ppo_trainer.yaml"
        )
    )
    config.actor_rollout_ref.model.path = str(tiny_model_dir)
    config.reward.custom_reward_function.path = path
    config.reward.custom_reward_function.name = "compute_score"
    config.reward.custom_reward_function.reward_kwargs = reward_kwargs
    return config


@pytest.mark.parametrize("by", ["pkg", "file"])
def test_real_verl_reward_loop_scores_through_the_configured_function(
    verl_pkg, tiny_model_dir, by: str
) -> None:  # type: ignore[no-untyped-def]
    """verl 0.9's reward loop worker, built from verl's full trainer config, loads the adapter
    by package path or file path and scores a batch of token ids into the rm_scores tensor."""
    from verl.experimental.reward_loop.reward_loop import RewardLoopWorker

    path = "pkg://unitreward.integrations.verl" if by == "pkg" else verl_adapter.__file__
    config = _verl_config(verl_pkg, tiny_model_dir, path, {"return_dict": True})
    worker = RewardLoopWorker(config)
    rows = _verl_rows()
    data = _verl_batch(worker.input_tokenizer, rows)
    outputs = worker.loop.run_until_complete(worker.compute_score_batch(data))
    expected = [score for _, _, score in VERL_ROWS]
    assert [o["reward_score"] for o in outputs] == expected
    assert [o["reward_extra_info"]["acc"] for o in outputs] == expected
    assert [o["reward_extra_info"]["dimension_ok"] for o in outputs] == [1.0, 1.0, 1.0, 0.0]
    # What verl does next with the scores: one reward on each response's last valid token.
    rm_scores = type(worker.reward_manager).assemble_rm_scores(
        data, [o["reward_score"] for o in outputs]
    )
    last = data.batch["attention_mask"][:, 48:].sum(-1) - 1
    assert rm_scores.sum(-1).tolist() == expected
    assert rm_scores[range(len(rows)), last].tolist() == expected


def test_real_verl_reward_kwargs_reach_the_function(verl_pkg, tiny_model_dir) -> None:  # type: ignore[no-untyped-def]
    from verl.trainer.ppo.reward import get_custom_reward_fn

    loose = get_custom_reward_fn(
        _verl_config(
            verl_pkg, tiny_model_dir, "pkg://unitreward.integrations.verl", {"rel_tol": 0.1}
        )
    )
    strict = get_custom_reward_fn(
        _verl_config(verl_pkg, tiny_model_dir, "pkg://unitreward.integrations.verl", {})
    )
    call = {
        "data_source": "x",
        "solution_str": "It is 105 m.",
        "ground_truth": "100 m",
        "extra_info": {},
    }
    assert loose(**call) == 1.0
    assert strict(**call) == 0.0


def test_real_verl_legacy_naive_manager(verl_pkg, tiny_model_dir) -> None:  # type: ignore[no-untyped-def]
    """The legacy verl.workers.reward_manager NaiveRewardManager (the brief's naive.py)."""
    from transformers import AutoTokenizer
    from verl.workers.reward_manager.naive import NaiveRewardManager

    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    manager = NaiveRewardManager(tokenizer=tokenizer, num_examine=0, compute_score=compute_score)
    data = _verl_batch(tokenizer, _verl_rows())
    result = manager(data, return_dict=True)
    assert result["reward_tensor"].sum(-1).tolist() == [score for _, _, score in VERL_ROWS]
