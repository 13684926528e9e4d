"""The README's main job, end to end: ``python examples/grpo_physics.py --demo``.

A real GRPOTrainer run on CPU with a tiny local model and the bundled data, in
a subprocess exactly as a user runs it: the format reward rises, each step logs
one short line, the tables name each reward and the verdict reasons, and the
two-panel PNG and the summary are written. Also here: what the script says
when a user gets an option wrong, or has no network.
"""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "examples" / "grpo_physics.py"


def offline_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env.pop("ACCELERATE_USE_CPU", None)
    return env


def test_help_lists_every_choice() -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, check=True
    ).stdout
    for option in (
        "--demo",
        "--model",
        "--dataset",
        "--num-generations",
        "--max-completion-length",
        "--per-device-train-batch-size",
        "--gradient-accumulation-steps",
        "--gradient-checkpointing",
        "--log-completions",
        "--beta",
        "--mask-truncated-completions",
        "--precision",
        "--lora",
        "--use-vllm",
        "--vllm-mode",
        "--smollm2",
        "--problems",
        "--topics",
        "--worked-examples",
        "--ask-unit",
        "--eval-problems",
        "--short-log",
        "--reward-weights",
    ):
        assert option in out, option
    # Every mode-dependent option shows its three defaults, [hub | demo | smollm2].
    assert "[16 | 8 | 8]" in out  # --num-generations


def test_hub_defaults_are_the_tutorials() -> None:
    # The non-demo path builds the tutorial's GRPOConfig (nothing is downloaded to build it).
    grpo_physics = _import_script()
    args, extra = grpo_physics.parse_args(["--output-dir", "unused", "--epsilon_high", "0.28"])
    config, precision = grpo_physics.build_config(args, extra)
    assert args.model == "qgallouedec/SmolLM2-360M-Rickified"
    assert args.dataset == "qgallouedec/rick-physics-grpo"
    assert args.rewards == ("think_format", "correctness")
    assert config.num_generations == 16
    assert config.max_completion_length == 512
    assert config.per_device_train_batch_size == 4
    assert config.gradient_accumulation_steps == 4
    assert config.gradient_checkpointing is True
    assert config.log_completions is True
    assert config.beta == 0.0
    assert config.mask_truncated_completions is True
    assert config.epsilon_high == 0.28  # any other GRPOConfig field passes through
    assert precision == "fp32" and not config.bf16 and not config.fp16  # no GPU here
    assert grpo_physics.pick_precision("fp16", use_cpu=False) == "fp16"
    lora = grpo_physics.build_peft_config(grpo_physics.parse_args(["--lora"])[0])
    assert lora.r == 16 and lora.target_modules == "all-linear"


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG, from its IHDR chunk."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.slow
def test_demo_reward_rises_and_writes_table_and_plot(tmp_path: Path) -> None:
    out_dir = tmp_path / "demo"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--demo", "--output-dir", str(out_dir)],
        capture_output=True,
        text=True,
        env=offline_env(),
        cwd=tmp_path,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

    # One short line per step (no progress bar, no dictionary of 40 metrics).
    step_lines = [line for line in proc.stdout.splitlines() if line.startswith("step ")]
    assert len(step_lines) == 60, proc.stdout[-2000:]
    assert all(len(line) <= 140 for line in step_lines), max(step_lines, key=len)
    assert re.match(r"step +1/60 +[\d.]+ s \| soft_think_format [\d.]+ ", step_lines[0])
    assert "{'loss'" not in proc.stdout and "'rewards/" not in proc.stdout

    # The table of first and last means names what each reward pays for.
    assert "| reward" in proc.stdout and "pays for" in proc.stdout
    for name, description in (
        ("soft_think_format", "graded <think> format"),
        ("think_format", "strict <think>...</think> format"),
        ("correctness", "right final answer"),
    ):
        assert re.search(rf"\| {name} +\| {re.escape(description)}", proc.stdout), name
    # The reasons table: what correctness made of the completions, early and late.
    assert "| correctness verdicts | first 12 steps | last 12 steps |" in proc.stdout
    assert re.search(r"\| no_answer +\| \d+% +\| \d+% +\|", proc.stdout)
    assert "peak GPU memory" in proc.stdout

    # Two panels: the reward curves above, the stacked verdict reasons below.
    width, height = png_size(out_dir / "reward_curve.png")
    assert height > 0.8 * width, (width, height)

    report = json.loads((out_dir / "reward_summary.json").read_text())
    assert report["steps"] == 60 and report["precision"] == "fp32" and report["mode"] == "demo"
    assert len(report["step_seconds"]) == 60
    soft = report["summary"]["soft_think_format"]
    # The graded format reward climbs: the mean of the last fifth of the run is
    # clearly above the first fifth (about 0.19 -> 0.43 with the default seed).
    assert soft["end_avg"] > soft["start_avg"] + 0.1, soft
    assert len(report["curves"]["correctness"]) == 60  # correctness was scored at every step
    # Reason shares are logged at every step and add up to 1 (every completion has one).
    reasons = report["reason_curves"]
    assert "no_answer" in reasons and all(len(points) == 60 for points in reasons.values())
    for step in range(60):
        assert abs(sum(points[step][1] for points in reasons.values()) - 1.0) < 1e-6
    # What the chart shows in this run (seed 42): the tiny model learns to open a
    # <think> block it never closes within 16 tokens, so no_answer grows.
    no_answer = report["reasons"]["no_answer"]
    assert no_answer["end_avg"] > no_answer["start_avg"], no_answer


def _import_script():  # type: ignore[no-untyped-def]
    # The script imports its helpers (grpo_options, grpo_report, smollm2, ...) from its
    # own folder, which it puts on sys.path; keep it there for the functions called later.
    if str(SCRIPT.parent) not in sys.path:
        sys.path.insert(0, str(SCRIPT.parent))
    import grpo_physics

    return grpo_physics


def test_local_data_files_and_folders_load_like_hub_data(tmp_path: Path) -> None:
    import datasets

    from unitreward.data import physics_records

    script = _import_script()
    rows = [{"question": r["question"], "solution": r["answer"]} for r in physics_records(6)]
    jsonl = tmp_path / "rick.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    folder = tmp_path / "saved"
    datasets.DatasetDict({"train": datasets.Dataset.from_list(rows)}).save_to_disk(str(folder))
    for source in (jsonl, folder):
        args, _ = script.parse_args(
            [
                "--dataset",
                str(source),
                "--solutions-column",
                "solution",
                "--system-prompt",
                "default",
            ]
        )
        ds = script.prepare_dataset(args)
        assert len(ds) == 6
        assert ds[0]["solutions"] == rows[0]["solution"]  # renamed for the correctness reward
        assert [m["role"] for m in ds[0]["prompt"]] == ["system", "user"]


@pytest.mark.slow
def test_tutorial_path_runs_with_a_local_model_and_data(tmp_path: Path) -> None:
    # The non-demo code path (what runs with the Hub ids) on local stand-ins: data from a
    # save_to_disk folder, gradient checkpointing and the completions table on, model saved.
    import datasets

    from unitreward.data import physics_records
    from unitreward.data.tiny import build_tiny_model

    model = build_tiny_model(tmp_path / "model")
    rows = [{"question": r["question"], "solutions": r["solutions"]} for r in physics_records(8)]
    datasets.DatasetDict({"train": datasets.Dataset.from_list(rows)}).save_to_disk(
        str(tmp_path / "data")
    )
    out_dir = tmp_path / "run"
    cmd = [
        sys.executable,
        str(SCRIPT),
        "--model",
        str(model),
        "--dataset",
        str(tmp_path / "data"),
        "--output-dir",
        str(out_dir),
        "--max-steps",
        "2",
        "--logging-steps",
        "1",
        "--num-generations",
        "4",
        "--max-completion-length",
        "12",
        "--gradient-accumulation-steps",
        "1",
        "--num-threads",
        "1",
    ]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, env=offline_env(), cwd=tmp_path, timeout=600
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads((out_dir / "reward_summary.json").read_text())
    assert set(report["summary"]) == {"think_format", "correctness", "reward"}
    assert report["steps"] == 2
    assert (out_dir / "config.json").exists()  # the trained model is saved
    assert "think_format" in proc.stdout and "correctness" in proc.stdout
