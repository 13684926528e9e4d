"""Real TRL training runs on a tiny local model (CPU, offline): the rewards work in the trainer.

These are the slow tests (marked ``slow``; they still run in CI). Each run is a
few dozen steps of a model of ~100k parameters.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
from typing import Any

import pytest

pytest.importorskip("trl", reason="needs the [train] extra")

from unitreward import correctness, gate, soft_think_format, think_format
from unitreward.data.tiny import THINK_TOKENS, build_tiny_model

pytestmark = pytest.mark.slow

# The settings that make a random tiny model learn the think format on CPU.
COMMON: dict[str, Any] = {
    "per_device_train_batch_size": 32,
    "num_generations": 8,
    "max_completion_length": 16,
    "learning_rate": 5e-3,
    "logging_steps": 1,
    "bf16": False,
    "use_cpu": True,
    "report_to": "none",
    "save_strategy": "no",
    "seed": 0,
    "disable_tqdm": True,
    "gradient_checkpointing": False,
}


@pytest.fixture(autouse=True)
def one_torch_thread() -> Any:
    """Run the tiny model on one thread: several threads only add overhead at this size
    (and oversubscribe a shared CI machine); results are the same either way."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def _dataset(rows: list[dict[str, Any]]) -> Any:
    from datasets import Dataset

    return Dataset.from_list(rows)


def _history(trainer: Any, key: str) -> list[float]:
    return [float(r[key]) for r in trainer.state.log_history if key in r]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def test_tiny_model_reloads(tiny_model_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(tiny_model_dir)
    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    assert type(model).__name__ == "LlamaForCausalLM"
    assert tok.eos_token is not None and tok.pad_token is not None
    # The think tags are single, non-special tokens that survive skip_special_tokens=True.
    for tag in THINK_TOKENS:
        ids = tok(tag, add_special_tokens=False)["input_ids"]
        assert len(ids) == 1
        assert tok.decode(ids, skip_special_tokens=True) == tag
    text = "<think>v = 12 m/s, t = 10 s</think> The answer is 120 m."
    assert tok.decode(tok(text)["input_ids"], skip_special_tokens=True) == text
    prompt = tok.apply_chat_template(
        [{"role": "user", "content": "How far?"}], tokenize=False, add_generation_prompt=True
    )
    assert prompt.endswith("<|assistant|>\n")
    # Deterministic: the same seed gives the same weights.
    again = AutoModelForCausalLM.from_pretrained(build_tiny_model(tmp_path / "again", seed=0))
    for a, b in zip(model.state_dict().values(), again.state_dict().values(), strict=True):
        assert torch.equal(a, b)


def test_grpo_trainer_learns_the_format(
    tiny_model_dir: pathlib.Path, tmp_path: pathlib.Path, physics_rows: Any
) -> None:
    from trl import GRPOConfig, GRPOTrainer

    steps = 32
    args = GRPOConfig(output_dir=str(tmp_path), max_steps=steps, **COMMON)
    gated = gate(think_format, correctness)
    trainer = GRPOTrainer(
        model=str(tiny_model_dir),
        reward_funcs=[soft_think_format, think_format, correctness, gated],
        args=args,
        train_dataset=_dataset(physics_rows(64)),
    )
    trainer.train()

    for name in ("soft_think_format", "think_format", "correctness", gated.__name__):
        assert len(_history(trainer, f"rewards/{name}/mean")) == steps
    # Correctness's diagnostics reach the trainer's metrics and completions table.
    last = trainer.state.log_history[-2]
    assert "correctness/no_answer" in last and "correctness/correct" in last
    fractions = [last[f"correctness/{r}"] for r in ("correct", "wrong_value", "no_answer")]
    assert all(0.0 <= f <= 1.0 for f in fractions)
    assert f"{gated.__name__}/think_format" in last
    extra = trainer._logs["extra"]
    assert {"correctness/answer", "correctness/reason"} <= set(extra)
    assert len(extra["correctness/reason"]) == len(trainer._logs["completion"])
    # The graded format reward rises: compare the first and last quarters of the run.
    soft = _history(trainer, "rewards/soft_think_format/mean")
    first, last_quarter = _mean(soft[:8]), _mean(soft[-8:])
    assert last_quarter > first + 0.05, soft


def test_rloo_trainer(
    tiny_model_dir: pathlib.Path, tmp_path: pathlib.Path, physics_rows: Any
) -> None:
    import torch
    from transformers import AutoModelForCausalLM
    from trl import RLOOConfig, RLOOTrainer

    steps = 12
    args = RLOOConfig(output_dir=str(tmp_path), max_steps=steps, **COMMON)
    trainer = RLOOTrainer(
        model=str(tiny_model_dir),
        reward_funcs=[soft_think_format, correctness],
        args=args,
        train_dataset=_dataset(physics_rows(64)),
    )
    before = AutoModelForCausalLM.from_pretrained(tiny_model_dir).state_dict()
    trainer.train()
    assert len(_history(trainer, "rewards/soft_think_format/mean")) == steps
    assert len(_history(trainer, "rewards/correctness/mean")) == steps
    assert "correctness/no_answer" in trainer.state.log_history[-2]
    after = trainer.model.state_dict()
    assert any(not torch.equal(before[k], after[k].cpu()) for k in before)
    soft = _history(trainer, "rewards/soft_think_format/mean")
    assert _mean(soft[-4:]) > _mean(soft[:4]) + 0.02, soft


def test_trl_grpo_command_line_with_dotted_reward_paths(
    tiny_model_dir: pathlib.Path, tmp_path: pathlib.Path, physics_rows: Any
) -> None:
    trl = shutil.which("trl", path=os.path.dirname(sys.executable)) or shutil.which("trl")
    assert trl is not None, "the trl console script is installed with the [train] extra"
    data = tmp_path / "data"
    data.mkdir()
    with open(data / "train.jsonl", "w") as f:
        for row in physics_rows(16):
            f.write(json.dumps(row) + "\n")
    out = tmp_path / "out"
    command = [
        trl,
        "grpo",
        "--model_name_or_path", str(tiny_model_dir),
        "--dataset_name", str(data),
        "--reward_funcs", "unitreward.correctness", "unitreward.think_format",
        "--output_dir", str(out),
        "--max_steps", "2",
        "--per_device_train_batch_size", "8",
        "--num_generations", "4",
        "--max_completion_length", "8",
        "--logging_steps", "1",
        "--use_cpu", "--bf16", "False", "--gradient_checkpointing", "False",
        "--report_to", "none", "--save_strategy", "no", "--disable_tqdm", "True",
    ]  # fmt: skip
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "OMP_NUM_THREADS": "1",
    }
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "rewards/correctness/mean" in output
    assert "rewards/think_format/mean" in output
    assert (out / "model.safetensors").exists()
