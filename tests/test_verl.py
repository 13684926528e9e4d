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
