#!/usr/bin/env python
"""GRPO on physics word problems with unit-aware rewards (TRL 1.16 GRPOTrainer).

Two ways to run it:

* ``--demo``: offline, on a CPU, in about a minute. A tiny Llama and its
  tokenizer are built locally (``unitreward.data.tiny``), the problems come
  from ``unitreward.data.physics_problems``, and a graded format reward
  (``soft_think_format``) gives a randomly initialised model a signal it can
  climb quickly. The reward curve goes up; nothing is downloaded.

      python examples/grpo_physics.py --demo

* The tutorial's run (needs the Hugging Face Hub and a GPU; fits a 16 GB T4):
  ``qgallouedec/SmolLM2-360M-Rickified`` trained on
  ``qgallouedec/rick-physics-grpo`` with ``reward_funcs=[think_format,
  correctness]``, 16 generations of up to 512 tokens, batch 4, gradient
  accumulation 4, gradient checkpointing, completions logged, no KL term
  (``beta=0.0``) and truncated completions masked out of the loss.

      python examples/grpo_physics.py
      python examples/grpo_physics.py --lora            # LoRA adapters (peft)
      python examples/grpo_physics.py --use-vllm        # vLLM generation, colocated
      accelerate launch --config_file examples/configs/multi_gpu.yaml examples/grpo_physics.py

Precision is picked for the hardware: bf16 where the GPU supports it, fp16 on
GPUs without bf16 (T4, V100), fp32 on a CPU. At the end the script prints a
table of each reward's first and last mean, writes ``reward_curve.png`` and
``reward_summary.json`` to the output folder and prints the GPU's peak memory.

Any other ``GRPOConfig`` field can be given as ``--field_name value`` (with
underscores, as ``trl grpo`` spells them), e.g. ``--epsilon_high 0.28``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

HUB_MODEL = "qgallouedec/SmolLM2-360M-Rickified"
HUB_DATASET = "qgallouedec/rick-physics-grpo"
HUB_REWARDS = ("think_format", "correctness")
DEMO_REWARDS = ("soft_think_format", "think_format", "correctness")
READY_REWARDS = ("think_format", "soft_think_format", "correctness", "unit_dimension")

# Settings that differ between the tutorial's run and the demo. `None` in the
# parsed arguments means "not given": the mode's default applies.
HUB_DEFAULTS: dict[str, Any] = {
    "model": HUB_MODEL,
    "dataset": HUB_DATASET,
    "output_dir": "outputs/grpo-physics",
    "num_generations": 16,
    "max_completion_length": 512,
    "per_device_train_batch_size": 4,
    "gradient_accumulation_steps": 4,
    "learning_rate": 1e-6,
    "num_train_epochs": 1.0,
    "max_steps": -1,
    "logging_steps": 2,
    "gradient_checkpointing": True,
    "log_completions": True,
    "mask_truncated_completions": True,
    "save_model": True,
    "temperature": 1.0,
    "rewards": HUB_REWARDS,
}
DEMO_DEFAULTS: dict[str, Any] = {
    "model": None,  # built locally
    "dataset": None,  # unitreward.data.physics_problems
    "output_dir": "outputs/grpo-physics-demo",
    "num_generations": 8,
    "max_completion_length": 16,
    "per_device_train_batch_size": 32,
    "gradient_accumulation_steps": 1,
    "learning_rate": 5e-3,
    "num_train_epochs": 1.0,
    "max_steps": 60,
    "logging_steps": 1,
    "gradient_checkpointing": False,
    "log_completions": False,
    "mask_truncated_completions": False,
    "save_model": False,
    "temperature": 1.0,
    "rewards": DEMO_REWARDS,
}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="grpo_physics.py",
        description=(
            "GRPO on physics word problems with unitreward's unit-aware rewards. "
            "Without --demo it reproduces the GRPO physics tutorial (Hub model and data); "
            "with --demo it runs offline on a CPU with a tiny local model. Options left "
            "unset take the mode's default, shown as [hub | demo]. Any other GRPOConfig "
            "field can be passed as --field_name value."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    b = argparse.BooleanOptionalAction

    g = p.add_argument_group("mode")
    g.add_argument(
        "--demo", action="store_true", help="offline demo: tiny local model, bundled data, CPU"
    )
    g.add_argument(
        "--demo-problems", type=int, default=512, help="bundled problems in the demo (default 512)"
    )
    g.add_argument(
        "--tiny-model-dir",
        default=None,
        help="where the demo builds its tiny model [OUTPUT_DIR/tiny-model]; reused if it exists",
    )

    g = p.add_argument_group("model and data")
    g.add_argument(
        "--model", default=None, help=f"Hub id or local path [{HUB_MODEL} | tiny local model]"
    )
    g.add_argument(
        "--dataset",
        default=None,
        help=(
            f"Hub id, local data folder (save_to_disk or data files) or a .json/.jsonl/.parquet/.csv file "
            f"[{HUB_DATASET} | unitreward.data.physics_problems]"
        ),
    )
    g.add_argument(
        "--dataset-config", default=None, help="data set configuration name (Hub data sets)"
    )
    g.add_argument("--dataset-split", default="train", help="split to train on (default train)")
    g.add_argument(
        "--question-column", default="question", help="column with the question (default question)"
    )
    g.add_argument(
        "--solutions-column",
        default="solutions",
        help="column with the reference answer(s), a list or a string (default solutions)",
    )
    g.add_argument(
        "--system-prompt",
        default=None,
        help="system message added to each prompt [none, as in the tutorial | none]; "
        "'default' uses unitreward.data.DEFAULT_SYSTEM_PROMPT",
    )
    g.add_argument("--max-samples", type=int, default=None, help="train on the first N rows only")

    g = p.add_argument_group("rewards")
    g.add_argument(
        "--rewards",
        nargs="+",
        default=None,
        metavar="NAME",
        help=(
            f"reward functions: {', '.join(READY_REWARDS)} or a dotted path "
            f"(my_module.my_reward) [{' '.join(HUB_REWARDS)} | {' '.join(DEMO_REWARDS)}]"
        ),
    )
    g.add_argument(
        "--reward-weights", nargs="+", type=float, default=None, help="one weight per reward"
    )

    g = p.add_argument_group("GRPO")
    g.add_argument(
        "--num-generations", type=int, default=None, help="completions per prompt [16 | 8]"
    )
    g.add_argument(
        "--max-completion-length", type=int, default=None, help="max new tokens [512 | 16]"
    )
    g.add_argument(
        "--per-device-train-batch-size",
        type=int,
        default=None,
        help="completions per device per step [4 | 32]",
    )
    g.add_argument("--gradient-accumulation-steps", type=int, default=None, help="[4 | 1]")
    g.add_argument("--learning-rate", type=float, default=None, help="[1e-6 | 5e-3]")
    g.add_argument("--num-train-epochs", type=float, default=None, help="[1 | 1]")
    g.add_argument(
        "--max-steps", type=int, default=None, help="stop after N steps, -1 for epochs [-1 | 60]"
    )
    g.add_argument(
        "--beta",
        type=float,
        default=0.0,
        help="KL coefficient (default 0.0: no KL term, no reference model)",
    )
    g.add_argument(
        "--mask-truncated-completions",
        action=b,
        default=None,
        help="leave completions cut at the length limit out of the loss [on | off: a random "
        "tiny model almost never stops by itself within 16 tokens, so masking would leave "
        "nothing to learn from]",
    )
    g.add_argument(
        "--temperature", type=float, default=None, help="sampling temperature [1.0 | 1.0]"
    )
    g.add_argument("--seed", type=int, default=42, help="random seed (default 42)")

    g = p.add_argument_group("memory and speed")
    g.add_argument(
        "--precision",
        choices=("auto", "bf16", "fp16", "fp32"),
        default="auto",
        help="auto: bf16 on GPUs that support it, fp16 on older GPUs (T4), fp32 on CPU (default auto)",
    )
    g.add_argument("--gradient-checkpointing", action=b, default=None, help="[on | off]")
    g.add_argument(
        "--lora", action="store_true", help="train LoRA adapters (peft) instead of all weights"
    )
    g.add_argument("--lora-r", type=int, default=16, help="LoRA rank (default 16)")
    g.add_argument("--lora-alpha", type=int, default=32, help="LoRA alpha (default 32)")
    g.add_argument("--lora-dropout", type=float, default=0.05, help="LoRA dropout (default 0.05)")
    g.add_argument(
        "--lora-target-modules",
        nargs="+",
        default=["all-linear"],
        help="modules to adapt (default all-linear)",
    )
    g.add_argument("--use-vllm", action="store_true", help="generate with vLLM (pip install vllm)")
    g.add_argument(
        "--vllm-mode",
        choices=("colocate", "server"),
        default="colocate",
        help="colocate: vLLM shares the training GPU; server: a separate `trl vllm-serve` (default colocate)",
    )
    g.add_argument(
        "--vllm-gpu-memory-utilization",
        type=float,
        default=0.3,
        help="share of GPU memory vLLM may take in colocate mode (default 0.3)",
    )
    g.add_argument(
        "--vllm-server-base-url", default=None, help="URL of `trl vllm-serve` in server mode"
    )
    g.add_argument("--cpu", action="store_true", help="train on the CPU even if a GPU is present")
    g.add_argument(
        "--num-threads",
        type=int,
        default=None,
        help="CPU threads for torch [torch's default | 1: a tiny model gains nothing from more, "
        "and oversubscribed cores slow it down many times]",
    )

    g = p.add_argument_group("logging and output")
    g.add_argument(
        "--output-dir", default=None, help="[outputs/grpo-physics | outputs/grpo-physics-demo]"
    )
    g.add_argument("--logging-steps", type=int, default=None, help="[2 | 1]")
    g.add_argument(
        "--log-completions", action=b, default=None, help="print a completions table [on | off]"
    )
    g.add_argument(
        "--num-completions-to-print", type=int, default=1, help="rows of that table (default 1)"
    )
    g.add_argument(
        "--report-to", default="none", help="trackio, wandb, tensorboard, ... (default none)"
    )
    g.add_argument(
        "--save-model", action=b, default=None, help="save the trained model at the end [on | off]"
    )
    g.add_argument("--plot", action=b, default=True, help="write reward_curve.png (default on)")
    return p


def parse_args(argv: list[str] | None = None) -> tuple[argparse.Namespace, dict[str, Any]]:
    """Our options with the mode's defaults filled in, and any extra GRPOConfig fields."""
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    defaults = DEMO_DEFAULTS if args.demo else HUB_DEFAULTS
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    extra = _grpo_passthrough(rest, parser)
    return args, extra


def _grpo_passthrough(rest: list[str], parser: argparse.ArgumentParser) -> dict[str, Any]:
    """Parse ``--field_name value`` pairs of GRPOConfig fields we have no option for."""
    if not rest:
        return {}
    from transformers import HfArgumentParser
    from trl import GRPOConfig

    hf = HfArgumentParser(GRPOConfig)
    namespace, unknown = hf.parse_known_args(rest)
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    given = {tok[2:].split("=", 1)[0].replace("-", "_") for tok in rest if tok.startswith("--")}
    return {name: getattr(namespace, name) for name in given if hasattr(namespace, name)}


# ---------------------------------------------------------------------------
# hardware
# ---------------------------------------------------------------------------


def pick_precision(requested: str, use_cpu: bool) -> str:
    """bf16 where the GPU has it (compute capability 8.0+), fp16 on older GPUs, fp32 on CPU."""
    if requested != "auto":
        return requested
    import torch

    if use_cpu or not torch.cuda.is_available():
        return "fp32"
    if torch.version.hip is not None:  # ROCm GPUs that run PyTorch support bf16
        return "bf16"
    major, _ = torch.cuda.get_device_capability()
    return "bf16" if major >= 8 else "fp16"


# ---------------------------------------------------------------------------
# model, data, rewards
# ---------------------------------------------------------------------------


def prepare_model(args: argparse.Namespace, use_cpu: bool) -> str:
    if not args.demo:
        return str(args.model)
    if args.model is not None:
        return str(args.model)
    from accelerate import PartialState

    from unitreward.data.tiny import build_tiny_model

    target = Path(args.tiny_model_dir or Path(args.output_dir) / "tiny-model")
    # Under `accelerate launch` the first process builds it, the others wait and reuse it.
    with PartialState(cpu=use_cpu).main_process_first():
        if not (target / "config.json").exists():
            build_tiny_model(target, seed=args.seed)
    return str(target)


def _load_local_or_hub(args: argparse.Namespace) -> Any:
    import datasets

    source = str(args.dataset)
    path = Path(source)
    if path.is_dir() and (
        (path / "dataset_info.json").exists() or (path / "dataset_dict.json").exists()
    ):
        loaded = datasets.load_from_disk(source)
        return loaded[args.dataset_split] if isinstance(loaded, datasets.DatasetDict) else loaded
    suffix = path.suffix.lower()
    if path.is_file() and suffix in {".json", ".jsonl", ".parquet", ".csv"}:
        builder = {".jsonl": "json", ".json": "json", ".parquet": "parquet", ".csv": "csv"}[suffix]
        return datasets.load_dataset(builder, data_files=source, split="train")
    return datasets.load_dataset(source, name=args.dataset_config, split=args.dataset_split)


def prepare_dataset(args: argparse.Namespace) -> Any:
    from unitreward.data import DEFAULT_SYSTEM_PROMPT, physics_problems, to_prompts

    if args.demo and args.dataset is None:
        dataset = physics_problems(args.demo_problems, seed=args.seed)
    else:
        dataset = _load_local_or_hub(args)
    if args.max_samples is not None:
        dataset = dataset.select(range(min(args.max_samples, len(dataset))))
    if args.solutions_column != "solutions":
        if "solutions" in dataset.column_names:
            dataset = dataset.remove_columns("solutions")
        dataset = dataset.rename_column(args.solutions_column, "solutions")
    if "prompt" not in dataset.column_names:
        system = DEFAULT_SYSTEM_PROMPT if args.system_prompt == "default" else args.system_prompt
        dataset = to_prompts(
            dataset, system_prompt=system or None, question_column=args.question_column
        )
    return dataset


def resolve_rewards(names: list[str] | tuple[str, ...]) -> list[Any]:
    import importlib

    import unitreward

    funcs = []
    for name in names:
        if name in READY_REWARDS:
            funcs.append(getattr(unitreward, name))
        elif "." in name:
            module, attr = name.rsplit(".", 1)
            funcs.append(getattr(importlib.import_module(module), attr))
        else:
            raise SystemExit(
                f"unknown reward {name!r}: use one of {READY_REWARDS} or a dotted path"
            )
    return funcs


def build_config(args: argparse.Namespace, extra: dict[str, Any]) -> Any:
    import torch
    from trl import GRPOConfig

    use_cpu = args.cpu or not torch.cuda.is_available()
    precision = pick_precision(args.precision, use_cpu)
    kwargs: dict[str, Any] = {
        "output_dir": args.output_dir,
        "num_generations": args.num_generations,
        "max_completion_length": args.max_completion_length,
        "per_device_train_batch_size": args.per_device_train_batch_size,
        "gradient_accumulation_steps": args.gradient_accumulation_steps,
        "learning_rate": args.learning_rate,
        "num_train_epochs": args.num_train_epochs,
        "max_steps": args.max_steps,
        "beta": args.beta,
        "mask_truncated_completions": args.mask_truncated_completions,
        "temperature": args.temperature,
        "seed": args.seed,
        "gradient_checkpointing": args.gradient_checkpointing,
        "bf16": precision == "bf16",
        "fp16": precision == "fp16",
        "use_cpu": use_cpu,
        "logging_steps": args.logging_steps,
        "log_completions": args.log_completions,
        "num_completions_to_print": args.num_completions_to_print,
        "report_to": args.report_to,
        "save_strategy": "no",
        "reward_weights": args.reward_weights,
        "use_vllm": args.use_vllm,
    }
    if args.use_vllm:
        kwargs["vllm_mode"] = args.vllm_mode
        if args.vllm_mode == "colocate":
            kwargs["vllm_gpu_memory_utilization"] = args.vllm_gpu_memory_utilization
        elif args.vllm_server_base_url:
            kwargs["vllm_server_base_url"] = args.vllm_server_base_url
    kwargs.update(extra)
    return GRPOConfig(**kwargs), precision


def build_peft_config(args: argparse.Namespace) -> Any:
    if not args.lora:
        return None
    try:
        from peft import LoraConfig
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise SystemExit("--lora needs peft: pip install 'unitreward[train]'") from e
    targets = args.lora_target_modules
    return LoraConfig(
        r=args.lora_r,
        lora_alpha=args.lora_alpha,
        lora_dropout=args.lora_dropout,
        target_modules=targets[0] if targets == ["all-linear"] else targets,
        task_type="CAUSAL_LM",
    )


# ---------------------------------------------------------------------------
# summary: table, plot, peak memory
# ---------------------------------------------------------------------------


def reward_curves(log_history: list[dict[str, Any]]) -> dict[str, list[tuple[int, float]]]:
    """``{"think_format": [(step, mean), ...], ..., "reward": [...]}`` from the trainer's logs."""
    curves: dict[str, list[tuple[int, float]]] = {}
    for entry in log_history:
        step = int(entry.get("step", 0))
        for key, value in entry.items():
            if not isinstance(value, (int, float)) or math.isnan(float(value)):
                continue
            if key.startswith("rewards/") and key.endswith("/mean"):
                name = key[len("rewards/") : -len("/mean")]
            elif key == "reward":
                name = "reward"
            else:
                continue
            curves.setdefault(name, []).append((step, float(value)))
    return curves


def summarize(curves: dict[str, list[tuple[int, float]]]) -> dict[str, dict[str, float]]:
    """First and last logged mean per reward, and the mean over the first and last fifth."""
    summary = {}
    for name, points in curves.items():
        values = [v for _, v in points]
        k = max(1, len(values) // 5)
        summary[name] = {
            "first": values[0],
            "last": values[-1],
            "start_avg": sum(values[:k]) / k,
            "end_avg": sum(values[-k:]) / k,
            "window": k,
            "logs": len(values),
        }
    return summary


def format_table(summary: dict[str, dict[str, float]]) -> str:
    if not summary:
        return "no rewards were logged"
    k = int(next(iter(summary.values()))["window"])
    header = ("reward", "first", "last", f"first {k} avg", f"last {k} avg", "change")
    rows = [
        (
            name,
            f"{s['first']:.3f}",
            f"{s['last']:.3f}",
            f"{s['start_avg']:.3f}",
            f"{s['end_avg']:.3f}",
            f"{s['end_avg'] - s['start_avg']:+.3f}",
        )
        for name, s in summary.items()
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), sep, *(line(r) for r in rows)])


def plot_curves(curves: dict[str, list[tuple[int, float]]], path: Path, title: str) -> Path | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - depends on the environment
        print("matplotlib is not installed: no reward curve (pip install 'unitreward[train]')")
        return None
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for name, points in curves.items():
        steps = [s for s, _ in points]
        values = [v for _, v in points]
        style = (
            {"linewidth": 2.0, "color": "black", "linestyle": "--"}
            if name == "reward"
            else {"linewidth": 1.5}
        )
        label = "total (sum of rewards)" if name == "reward" else name
        ax.plot(steps, values, label=label, **style)
    ax.set_xlabel("training step")
    ax.set_ylabel("mean reward")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def peak_memory_report() -> str:
    import torch

    if not torch.cuda.is_available():
        return "peak GPU memory: no GPU used"
    allocated = torch.cuda.max_memory_allocated() / 2**30
    reserved = torch.cuda.max_memory_reserved() / 2**30
    total = torch.cuda.get_device_properties(0).total_memory / 2**30
    name = torch.cuda.get_device_name(0)
    return (
        f"peak GPU memory: {allocated:.2f} GiB allocated, {reserved:.2f} GiB reserved "
        f"(of {total:.1f} GiB on {name})"
    )


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    args, extra = parse_args(argv)
    if args.demo:
        # The demo never touches the network, even if a token or cache is around.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

    import torch
    from accelerate import PartialState
    from trl import GRPOTrainer

    threads = args.num_threads if args.num_threads is not None else (1 if args.demo else None)
    if threads is not None:
        torch.set_num_threads(threads)
    started = time.perf_counter()
    Path(args.output_dir).mkdir(parents=True, exist_ok=True)
    config, precision = build_config(args, extra)
    model = prepare_model(args, config.use_cpu)
    dataset = prepare_dataset(args)
    rewards = resolve_rewards(args.rewards)
    state = PartialState(cpu=config.use_cpu)
    if state.is_main_process:
        device = "CPU" if config.use_cpu else "GPU"
        if state.num_processes > 1:
            device = f"{state.num_processes} processes on {device} ({state.distributed_type.value})"
        print(
            f"model {model} | {len(dataset)} prompts | rewards {[r.__name__ for r in rewards]} | "
            f"{precision} on {device} | {args.num_generations} generations x "
            f"{args.max_completion_length} tokens | batch {args.per_device_train_batch_size} x "
            f"accumulation {args.gradient_accumulation_steps}"
            + (" | LoRA" if args.lora else "")
            + (f" | vLLM {args.vllm_mode}" if args.use_vllm else ""),
            flush=True,
        )

    trainer = GRPOTrainer(
        model=model,
        reward_funcs=rewards,
        args=config,
        train_dataset=dataset,
        peft_config=build_peft_config(args),
    )
    trainer.train()
    if args.save_model:
        trainer.save_model(args.output_dir)

    summary: dict[str, dict[str, float]] = {}
    if trainer.accelerator.is_main_process:
        curves = reward_curves(trainer.state.log_history)
        summary = summarize(curves)
        out = Path(args.output_dir)
        report = {
            "summary": summary,
            "curves": curves,
            "num_processes": trainer.accelerator.num_processes,
            "distributed_type": str(trainer.accelerator.distributed_type.value),
            "precision": precision,
            "steps": trainer.state.global_step,
        }
        (out / "reward_summary.json").write_text(json.dumps(report, indent=2))
        print()
        print(format_table(summary))
        if args.plot:
            title = "GRPO demo (tiny model, CPU)" if args.demo else f"GRPO: {Path(str(model)).name}"
            png = plot_curves(curves, out / "reward_curve.png", title)
            if png is not None:
                print(f"reward curve: {png}")
        print(f"summary: {out / 'reward_summary.json'}")
        print(f"wall time: {time.perf_counter() - started:.0f} s")
    print(
        peak_memory_report()
        + (
            f" [process {trainer.accelerator.process_index}]"
            if trainer.accelerator.num_processes > 1
            else ""
        )
    )
    if trainer.accelerator.num_processes > 1:
        # Every rank leaves together and tears the process group down first: a rank that
        # exits while gloo's threads still run aborts ("terminate called without an
        # active exception") and accelerate reports the whole launch as failed.
        trainer.accelerator.wait_for_everyone()
        state.destroy_process_group()
    return summary


if __name__ == "__main__":
    main(sys.argv[1:])
