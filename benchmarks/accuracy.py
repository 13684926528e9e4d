"""Accuracy of unitreward against labeled completions, beside the naive substring check and math-verify.

Usage::

    python benchmarks/accuracy.py EVAL.jsonl [--peers substring,math-verify] [--show-errors]

EVAL.jsonl holds one JSON object per line with ``id``, ``category``, ``solutions``
(a list of acceptable references), ``completion``, ``label`` (1 when the
completion's final answer is right, 0 when not) and ``why``.

A method predicts "positive" when its reward is >= 0.5. Precision is TP / (TP + FP),
recall TP / (TP + FN). unitreward runs with its default options. The unitreward
row is printed first (math-verify is slower), and the last line of the output is
a one-line unitreward summary.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _peers import (
    MATH_VERIFY_TIMEOUT,
    fmt_seconds,
    load_jsonl,
    math_verify_available,
    math_verify_reward,
    substring_reward,
)

THRESHOLD = 0.5
DEFAULT_EVAL = Path(__file__).resolve().parent / "data" / "dev.jsonl"
PEERS = ("substring", "math-verify")


@dataclass
class Result:
    name: str
    rewards: list[float | None] = field(default_factory=list)  # None: not run (budget spent)
    seconds: list[float] = field(default_factory=list)
    raised: int = 0
    details: list[str] = field(default_factory=list)

    def counts(self, rows: Sequence[dict[str, Any]], category: str | None = None) -> Counter[str]:
        c: Counter[str] = Counter()
        for row, reward in zip(rows, self.rewards, strict=True):
            if reward is None or (category is not None and row["category"] != category):
                continue
            predicted = reward >= THRESHOLD
            positive = bool(row["label"])
            c[("T" if predicted == positive else "F") + ("P" if predicted else "N")] += 1
        return c

    def precision_recall(self, rows: Sequence[dict[str, Any]]) -> tuple[float, float]:
        c = self.counts(rows)
        precision = c["TP"] / (c["TP"] + c["FP"]) if c["TP"] + c["FP"] else float("nan")
        recall = c["TP"] / (c["TP"] + c["FN"]) if c["TP"] + c["FN"] else float("nan")
        return precision, recall


def run(
    name: str,
    score: Callable[[Any, list[str]], tuple[float, str]],
    rows: Sequence[dict[str, Any]],
    budget: float = float("inf"),
) -> Result:
    result = Result(name)
    start = time.perf_counter()
    for row in rows:
        if time.perf_counter() - start > budget:
            result.rewards.append(None)
            result.details.append("not run: time budget spent")
            continue
        t0 = time.perf_counter()
        try:
            reward, detail = score(row["completion"], row["solutions"])
        except Exception as exc:  # a reward function that raises scores 0 here
            result.raised += 1
            reward, detail = 0.0, f"raised {type(exc).__name__}: {exc}"
        result.seconds.append(time.perf_counter() - t0)
        result.rewards.append(reward)
        result.details.append(detail)
    return result


HEADER = (
    f"{'method':<12}{'precision':>10}{'recall':>8}{'F1':>7}"
    f"{'TP':>5}{'FP':>5}{'FN':>5}{'TN':>5}{'raised':>8}{'median':>11}{'total':>10}"
)


def table_row(result: Result, rows: Sequence[dict[str, Any]]) -> str:
    c = result.counts(rows)
    precision, recall = result.precision_recall(rows)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    times = sorted(result.seconds)
    median = times[len(times) // 2] if times else float("nan")
    line = (
        f"{result.name:<12}{precision:>10.3f}{recall:>8.3f}{f1:>7.3f}"
        f"{c['TP']:>5}{c['FP']:>5}{c['FN']:>5}{c['TN']:>5}{result.raised:>8}"
        f"{fmt_seconds(median):>11}{fmt_seconds(sum(times)):>10}"
    )
    skipped = result.rewards.count(None)
    return line + (f"  ({skipped} rows not run: time budget spent)" if skipped else "")


def category_table(results: Sequence[Result], rows: Sequence[dict[str, Any]]) -> str:
    categories = sorted({row["category"] for row in rows})
    width = max(len(c) for c in [*categories, "category"]) + 2
    lines = [
        "false positives / false negatives by category (FP/FN):",
        f"{'category':<{width}}{'n':>4}{'pos':>5}" + "".join(f"{r.name:>14}" for r in results),
    ]
    for category in categories:
        n = sum(row["category"] == category for row in rows)
        pos = sum(row["category"] == category and bool(row["label"]) for row in rows)
        cells = ""
        for result in results:
            c = result.counts(rows, category)
            cells += f"{c['FP']:>9}/{c['FN']:<4}"
        lines.append(f"{category:<{width}}{n:>4}{pos:>5}{cells}")
    return "\n".join(lines)


def show_errors(result: Result, rows: Sequence[dict[str, Any]]) -> str:
    lines = [f"misclassified by {result.name}, grouped by category:"]
    wrong = [
        (row, reward, detail)
        for row, reward, detail in zip(rows, result.rewards, result.details, strict=True)
        if reward is not None and (reward >= THRESHOLD) != bool(row["label"])
    ]
    for row, reward, detail in sorted(wrong, key=lambda w: (w[0]["category"], w[0]["id"])):
        kind = "FP" if reward >= THRESHOLD else "FN"
        completion = row["completion"]
        text = completion if isinstance(completion, str) else repr(completion)
        text = text if len(text) <= 300 else text[:150] + " [...] " + text[-150:]
        lines += [
            f"- {kind} {row['id']} [{row['category']}] label={row['label']} reward={reward:g}",
            f"    solutions:  {row['solutions']}",
            f"    verdict:    {detail}",
            f"    why:        {row.get('why', '')}",
            "    completion: " + text.replace("\n", "\n                "),
        ]
    if not wrong:
        lines.append("(none)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "eval_file",
        nargs="?",
        default=str(DEFAULT_EVAL),
        metavar="EVAL.jsonl",
        help="labelled completions (default: the bundled copy of the dev set)",
    )
    parser.add_argument(
        "--peers",
        default=",".join(PEERS),
        help=f"comma-separated peers to run beside unitreward ({', '.join(PEERS)}; "
        "'none' for none; default: both)",
    )
    parser.add_argument(
        "--mv-timeout",
        type=int,
        default=MATH_VERIFY_TIMEOUT,
        help=f"math-verify's parse/verify timeout in whole seconds (default: {MATH_VERIFY_TIMEOUT})",
    )
    parser.add_argument(
        "--mv-budget",
        type=float,
        default=20.0,
        help="stop running math-verify after this many seconds in all; the rest are "
        "reported as not run (default: 20)",
    )
    parser.add_argument(
        "--show-errors", action="store_true", help="print the rows unitreward misclassifies"
    )
    args = parser.parse_args(argv)
    peers = [] if args.peers == "none" else [p.strip() for p in args.peers.split(",") if p.strip()]
    unknown = set(peers) - set(PEERS)
    if unknown:
        parser.error(
            f"unknown peers: {', '.join(sorted(unknown))} (choose from {', '.join(PEERS)})"
        )

    rows = load_jsonl(args.eval_file)
    positives = sum(bool(row["label"]) for row in rows)
    print(
        f"accuracy on {args.eval_file}: {len(rows)} rows, {positives} labeled correct, "
        f"{len(rows) - positives} incorrect; predicted positive = reward >= {THRESHOLD}"
    )
    print("unitreward with default options; times are per completion (median) and in all")
    print()

    import unitreward

    checker = unitreward.Checker()

    def unitreward_score(completion: Any, solutions: list[str]) -> tuple[float, str]:
        verdict = checker.check(completion, solutions)
        return verdict.reward, str(verdict)

    run("warm-up", unitreward_score, rows[:20])  # build the registry and caches once
    results = [run("unitreward", unitreward_score, rows)]
    print(HEADER)
    print(table_row(results[0], rows), flush=True)

    if "substring" in peers:
        results.append(
            run("substring", lambda c, s: (substring_reward(c, s), "substring check"), rows)
        )
        print(table_row(results[-1], rows), flush=True)
    if "math-verify" in peers:
        if math_verify_available():
            results.append(
                run(
                    "math-verify",
                    lambda c, s: (
                        math_verify_reward(c, s, timeout=args.mv_timeout),
                        "math-verify",
                    ),
                    rows,
                    budget=args.mv_budget,
                )
            )
            print(table_row(results[-1], rows), flush=True)
        else:
            print("math-verify    not installed (pip install math-verify)")

    print()
    print(category_table(results, rows))
    if args.show_errors:
        print()
        print(show_errors(results[0], rows))
    precision, recall = results[0].precision_recall(rows)
    c = results[0].counts(rows)
    print()
    print(
        f"unitreward: precision {precision:.3f}, recall {recall:.3f} "
        f"(FP {c['FP']}, FN {c['FN']}, raised {results[0].raised}) on {len(rows)} rows"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
