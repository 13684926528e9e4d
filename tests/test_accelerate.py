"""The demo under ``accelerate launch --num_processes 2`` on CPU (gloo): the multi-process
path works with unitreward's rewards (picklable, same results on every rank)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "examples" / "grpo_physics.py"


@pytest.mark.slow
def test_demo_under_accelerate_launch_two_processes(tmp_path: Path) -> None:
    accelerate = shutil.which("accelerate", path=str(Path(sys.executable).parent))
    assert accelerate is not None, "accelerate is a dependency of unitreward[train]"
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    env.pop("ACCELERATE_USE_CPU", None)
    out_dir = tmp_path / "run"
    cmd = [
        accelerate,
        "launch",
        # --multi_gpu selects the torchrun launcher; with --cpu in the script (no GPU
        # here anyway) accelerate sets up MULTI_CPU with the gloo backend.
        "--multi_gpu",
        "--num_processes",
        "2",
        "--num_machines",
        "1",
        "--mixed_precision",
        "no",
        "--dynamo_backend",
        "no",
        "--main_process_port",
        "29517",
        str(SCRIPT),
        "--demo",
        "--cpu",
        "--output-dir",
        str(out_dir),
        "--max-steps",
        "4",
        "--per-device-train-batch-size",
        "8",
        "--demo-problems",
        "64",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]
    report = json.loads((out_dir / "reward_summary.json").read_text())
    assert report["num_processes"] == 2
    assert report["distributed_type"] == "MULTI_CPU"
    assert report["steps"] == 4
    for name in ("soft_think_format", "think_format", "correctness"):
        values = [v for _, v in report["curves"][name]]
        assert len(values) == 4 and all(0.0 <= v <= 1.0 for v in values)
    # Both ranks trained and reported.
    assert "[process 0]" in output and "[process 1]" in output
    assert (out_dir / "reward_curve.png").exists()
