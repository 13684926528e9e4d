"""Time to score one trainer batch with the TRL rewards (what GRPOTrainer calls per step).

Usage::

    python benchmarks/batch.py [--size 1024] [--repeat 7] [--conversational]

A batch of ``--size`` synthetic physics completions (think block, then the
answer in one of several notations and units; a third wrong, some unformatted,
some truncated) with a ``solutions`` column of acceptable references per row,
as in ``rick-physics-grpo``; groups of ``--generations`` completions share a
problem, as in a GRPO batch. Every reward is called once on a warm-up batch
(the pint registry is built and the unit caches fill there, as in the first
training step), then on ``--repeat`` fresh batches (new numbers each time, so
no completion is scored twice); the table prints the median, fastest and
slowest time per batch and the median per completion. TRL's own
``think_format_reward`` is timed beside the format rewards for reference.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from unitreward import (
    correctness,
    gate,
    soft_think_format,
    think_format,
    unit_dimension,
    weighted,
)

# (reference unit, written unit, factor: written value = reference value * factor)
_UNITS: list[tuple[str, str, float]] = [
    ("m", "m", 1.0),
    ("m", "km", 1e-3),
    ("m", "meters", 1.0),
    ("m", r"\text{ m}", 1.0),
    ("m/s", "m/s", 1.0),
    ("m/s", "km/h", 3.6),
    ("m/s^2", "m/s²", 1.0),
    ("N", "N", 1.0),
    ("N", "kN", 1e-3),
    ("J", "kJ", 1e-3),
    ("J", "N·m", 1.0),
    ("W", "W", 1.0),
    ("s", "ms", 1e3),
    ("kg", "g", 1e3),
    ("Pa", "kPa", 1e-3),
    ("V", "V", 1.0),
]

_FORMS = [
    "The answer is {value} {unit}.",
    r"So the result is $\boxed{{{value}\,{unit}}}$.",
    "**Answer:** {value} {unit}",
    "<answer>{value} {unit}</answer>",
    "It comes to {value} {unit}.",
]


def make_batch(size: int, seed: int, generations: int = 8) -> tuple[list[str], list[list[str]]]:
    """``size`` completions and their ``solutions`` rows (seeded).

    Consecutive groups of ``generations`` completions answer the same problem
    (same references), as in a GRPO batch.
    """
    rng = random.Random(seed)
    completions: list[str] = []
    solutions: list[list[str]] = []
    ref_unit, ref_value = "m", 1.0
    for i in range(size):
        if i % generations == 0:
            ref_unit = rng.choice(_UNITS)[0]
            ref_value = round(rng.uniform(1, 999), rng.choice([0, 1, 2]))
        unit, factor = rng.choice([(u, f) for r, u, f in _UNITS if r == ref_unit])
        value = ref_value * factor
        if rng.random() < 0.33:  # wrong
            value *= rng.choice([0.5, 2.0, 1.3, 10.0])
        shown = f"{value:.4g}" if rng.random() < 0.8 else f"{value:.3e}"
        answer = rng.choice(_FORMS).format(value=shown, unit=unit)
        work = f"<think>Use the formula; the numbers give {ref_value} {ref_unit} or so.</think>\n"
        kind = rng.random()
        if kind < 0.8:
            text = work + answer
        elif kind < 0.9:
            text = answer  # no think block
        else:
            text = work[: rng.randint(5, 40)]  # truncated inside the think block
        completions.append(text)
        solutions.append([f"{ref_value} {ref_unit}", f"{ref_value:.1f} {ref_unit}"])
    return completions, solutions


def _trl_think_format() -> Callable[..., Any] | None:
    try:
        from trl.rewards import think_format_reward
    except ImportError:
        return None
    return think_format_reward  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1024, help="completions per batch")
    parser.add_argument("--repeat", type=int, default=7, help="timed batches per reward")
    parser.add_argument(
        "--generations",
        type=int,
        default=8,
        help="completions per problem (sharing references), as GRPO's num_generations; "
        "1 gives every completion its own references (the slowest case)",
    )
    parser.add_argument(
        "--conversational",
        action="store_true",
        help="pass completions as [{'role': 'assistant', 'content': ...}] lists",
    )
    args = parser.parse_args()

    rewards: list[tuple[str, Callable[..., Any]]] = [
        ("think_format", think_format),
        ("soft_think_format", soft_think_format),
        ("correctness", correctness),
        ("unit_dimension", unit_dimension),
        ("weighted(think_format, gate(think_format, correctness))",
         weighted({think_format: 0.2, gate(think_format, correctness): 1.0})),
    ]  # fmt: skip
    trl_reward = _trl_think_format()
    if trl_reward is not None:
        rewards.append(("trl.rewards.think_format_reward (reference)", trl_reward))

    def batch(seed: int) -> tuple[list[Any], list[list[str]]]:
        completions, solutions = make_batch(args.size, seed, args.generations)
        if args.conversational:
            return [[{"role": "assistant", "content": c}] for c in completions], solutions
        return list(completions), solutions

    print(
        f"batch of {args.size} completions ({'conversational' if args.conversational else 'standard'}), "
        f"{args.generations} per problem, median of {args.repeat} fresh batches after one "
        "warm-up batch\n"
    )
    header = f"{'reward':<58} {'median':>9} {'min':>9} {'max':>9} {'per completion':>15}"
    print(header)
    print("-" * len(header))
    for label, reward in rewards:
        times: list[float] = []
        is_trl = label.startswith("trl.")
        for rep in range(args.repeat + 1):
            completions, solutions = batch(1000 * rep + 1)
            if is_trl and not args.conversational:  # it reads conversational completions only
                completions = [[{"role": "assistant", "content": c}] for c in completions]
            start = time.perf_counter()
            out = reward(completions=completions, solutions=solutions)
            elapsed = time.perf_counter() - start
            assert len(out) == args.size
            if rep:  # rep 0 is the warm-up
                times.append(elapsed)
        median = statistics.median(times)
        print(
            f"{label:<58} {median * 1e3:>7.1f}ms {min(times) * 1e3:>7.1f}ms "
            f"{max(times) * 1e3:>7.1f}ms {median / args.size * 1e6:>12.1f} µs"
        )


if __name__ == "__main__":
    main()
