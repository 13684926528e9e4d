"""How long ``unitreward audit`` takes: about 1,000 cases per reward, three rewards, one run.

Usage::

    python benchmarks/audit.py [--cases-total 1000] [--problems 40] [--seed 0]
                               [--rewards substring,unitreward,trl-accuracy]

The audit of each reward draws ``--cases-total`` cases (spread evenly over the
22 classes; a class with fewer distinct completions, such as ``empty``, draws
fewer), scores each in both completion formats (standard and conversational),
and shrinks a counterexample for every class with a false pass. The table
prints, per reward: the cases drawn, the completions scored and the calls made,
then the seconds spent loading the problems, drawing the cases, scoring them
(the reward itself, in a worker process, plus the transfer) and shrinking, and
the total. The target: under 30 s for a fast reward on 2 cores.

The rewards: the tutorial's substring check (a TRL-style function defined here),
``unitreward.correctness`` and TRL's ``accuracy_reward`` (math-verify; skipped
when TRL is not installed).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from typing import Any

from unitreward.audit import audit
from unitreward.strategies import ATTACKS, CONTROLS


def substring_correctness(
    completions: list[Any], solutions: list[list[str]], **kwargs: Any
) -> list[float]:
    """The GRPO physics tutorial's correctness reward."""
    return [
        1.0 if any(ref in c[0]["content"] for ref in refs) else 0.0
        for c, refs in zip(completions, solutions, strict=True)
    ]


def _trl_accuracy() -> Any:
    try:
        from trl.rewards import accuracy_reward
    except ImportError:
        return None
    return accuracy_reward


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases-total", type=int, default=1000, help="cases per reward")
    parser.add_argument("--problems", type=int, default=40, help="bundled problems")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--rewards",
        default="substring,unitreward,trl-accuracy",
        help="comma-separated: substring, unitreward, trl-accuracy",
    )
    args = parser.parse_args(argv)
    classes = len(ATTACKS) + len(CONTROLS)
    per_class = math.ceil(args.cases_total / classes)
    rewards: dict[str, Any] = {
        "substring": substring_correctness,
        "unitreward": "unitreward.correctness",
        "trl-accuracy": _trl_accuracy(),
    }
    print(
        f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, "
        f"{per_class} cases per class x {classes} classes, {args.problems} problems, "
        f"seed {args.seed}"
    )
    header = (
        f"{'reward':<14}{'cases':>7}{'scored':>8}{'calls':>7}{'load s':>8}{'draw s':>8}"
        f"{'score s':>9}{'shrink s':>10}{'total s':>9}"
    )
    print(header)
    print("-" * len(header))
    for name in args.rewards.split(","):
        reward = rewards.get(name.strip())
        if reward is None:
            print(f"{name:<14}skipped (not installed or unknown)")
            continue
        start = time.perf_counter()
        report = audit(reward, problems=args.problems, cases=per_class, seed=args.seed)
        total = time.perf_counter() - start
        cases = report.settings["cases_drawn"]
        seconds = report.timings
        print(
            f"{name:<14}{cases:>7}{report.completions:>8}{report.calls:>7}"
            f"{seconds['load']:>8.1f}{seconds['draw']:>8.1f}{seconds['score']:>9.1f}"
            f"{seconds['shrink']:>10.1f}{total:>9.1f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
