"""Draw docs/assets/benchmarks.png: accuracy and speed of unitreward, substring and math-verify.

Usage (from the repository root; needs matplotlib and math-verify)::

    python docs/gen_benchmark_plot.py [EVAL.jsonl]

It scores every labelled completion of EVAL.jsonl with the three methods the benchmarks
compare (the same peers as ``benchmarks/accuracy.py``, from ``benchmarks/_peers.py``),
then draws two panels: precision and recall of each method, and the time per completion
(median and 99th percentile of the fastest of ``--repeat`` timings per completion, as
``benchmarks/speed.py`` measures; unitreward after one warm-up pass, math-verify with its
default timeouts, all in this one process). It prints the numbers it plotted.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "assets" / "benchmarks.png"
DEFAULT_EVAL = ROOT / "benchmarks" / "data" / "dev.jsonl"

Score = Callable[[Any, list[str]], float]


def _peers() -> tuple[Score, Score, Callable[..., list[dict[str, Any]]], Callable[..., float]]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from _peers import load_jsonl, math_verify_reward, percentile, substring_reward

    return substring_reward, math_verify_reward, load_jsonl, percentile


def score_all(
    score: Score, rows: Sequence[dict[str, Any]], repeat: int = 1
) -> tuple[list[float], list[float]]:
    """Each row's reward, and the fastest of ``repeat`` timings of it (as ``timeit`` does)."""
    rewards, seconds = [], []
    for row in rows:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            reward = score(row["completion"], row["solutions"])
            best = min(best, time.perf_counter() - start)
        seconds.append(best)
        rewards.append(float(reward))
    return rewards, seconds


def precision_recall(
    rewards: Sequence[float], rows: Sequence[dict[str, Any]]
) -> tuple[float, float]:
    """Precision and recall of "reward >= 0.5" against the labels."""
    tp = sum(r >= 0.5 and bool(row["label"]) for r, row in zip(rewards, rows, strict=True))
    fp = sum(r >= 0.5 and not row["label"] for r, row in zip(rewards, rows, strict=True))
    fn = sum(r < 0.5 and bool(row["label"]) for r, row in zip(rewards, rows, strict=True))
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "eval_file",
        nargs="?",
        default=str(DEFAULT_EVAL),
        metavar="EVAL.jsonl",
        help="labelled completions (default: the bundled copy of the dev set)",
    )
    parser.add_argument("-o", "--output", default=str(OUTPUT), help=f"PNG to write ({OUTPUT})")
    parser.add_argument(
        "--repeat", type=int, default=3, help="time each completion K times, keep the fastest"
    )
    args = parser.parse_args(argv)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from unitreward import Checker

    substring_reward, math_verify_reward, load_jsonl, percentile = _peers()
    rows = load_jsonl(args.eval_file)
    checker = Checker()

    def unitreward_reward(completion: Any, solutions: list[str]) -> float:
        return checker.check(completion, solutions).reward

    methods: dict[str, Score] = {
        "unitreward": unitreward_reward,
        "substring": substring_reward,
        "math-verify": math_verify_reward,
    }
    score_all(unitreward_reward, rows)  # warm-up: unit registry and caches
    score_all(math_verify_reward, rows[:10])  # warm-up: imports
    results = {name: score_all(score, rows, args.repeat) for name, score in methods.items()}

    names = list(methods)
    quality = {name: precision_recall(results[name][0], rows) for name in names}
    median = {name: percentile(results[name][1], 50) for name in names}
    p99 = {name: percentile(results[name][1], 99) for name in names}
    print(f"{len(rows)} labelled completions from {args.eval_file}")
    print(f"{'method':<13}{'precision':>10}{'recall':>8}{'median':>12}{'p99':>12}")
    for name in names:
        precision, recall = quality[name]
        print(
            f"{name:<13}{precision:>10.3f}{recall:>8.3f}"
            f"{median[name] * 1e6:>9.1f} µs{p99[name] * 1e6:>9.1f} µs"
        )

    colors = {"unitreward": "#3f51b5", "substring": "#9e9e9e", "math-verify": "#ff9800"}
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    x = range(len(names))
    width = 0.38
    for offset, index, label, hatch in (
        (-width / 2, 0, "precision", ""),
        (width / 2, 1, "recall", "//"),
    ):
        bars = left.bar(
            [i + offset for i in x],
            [quality[n][index] for n in names],
            width,
            label=label,
            color=[colors[n] for n in names],
            hatch=hatch,
            edgecolor="white",
        )
        left.bar_label(bars, fmt="%.2f", fontsize=8)
    left.set_xticks(list(x), names)
    left.set_ylim(0, 1.12)
    left.set_title(f"accuracy on {len(rows)} labelled completions")
    left.legend(loc="upper right", fontsize="small")

    for offset, stats, label, alpha in (
        (-width / 2, median, "median", 1.0),
        (width / 2, p99, "p99", 0.5),
    ):
        bars = right.bar(
            [i + offset for i in x],
            [stats[n] * 1e6 for n in names],
            width,
            label=label,
            color=[colors[n] for n in names],
            alpha=alpha,
        )
        right.bar_label(bars, fmt="%.0f", fontsize=8)
    right.set_yscale("log")
    right.set_xticks(list(x), names)
    right.set_ylabel("µs per completion (log scale)")
    right.set_title("time per completion, one process")
    right.legend(loc="upper left", fontsize="small")

    fig.suptitle("unitreward vs the substring check and math-verify")
    fig.tight_layout()
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.output, dpi=110)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
