"""Speed and memory of unitreward beside math-verify, on the same completions, in one process.

Usage::

    python benchmarks/speed.py [EVAL.jsonl] [--synthetic N] [--memory N] [--no-math-verify]

Corpora: the completions of EVAL.jsonl (default ``benchmarks/data/dev.jsonl``
when it exists) and N synthetic physics completions (seeded; think block,
various notations and units). unitreward gets one warm-up pass over each corpus
(warm caches: the pint registry and parsed unit strings), then every completion
is timed in ``--repeat`` passes with ``time.perf_counter_ns`` and its fastest
pass kept (as ``timeit`` does, to drop noise from other processes); math-verify
gets a short warm-up and is timed the same way, with its default timeouts. The table prints the
per-completion median, p99, max and mean and the ratio math-verify / unitreward.

Also measured: ``import unitreward`` in a fresh interpreter (median of 5), the
first ``check`` in a fresh interpreter (builds the registry), and memory while
scoring many distinct completions (tracemalloc and RSS at checkpoints), to show
that caches are bounded.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _peers import (
    fmt_seconds,
    load_jsonl,
    math_verify_available,
    math_verify_reward,
    percentile,
)

DEFAULT_EVAL = Path(__file__).resolve().parent / "data" / "dev.jsonl"

Case = tuple[Any, list[str]]  # (completion, solutions)

# ------------------------------------------------------------------ synthetic corpus

# (reference unit, [(written unit, factor: written value = reference value * factor)])
_UNITS: list[tuple[str, list[tuple[str, float]]]] = [
    ("m", [("m", 1), ("km", 1e-3), ("cm", 100), (r"\text{m}", 1), ("metres", 1), ("mm", 1e3)]),
    ("m/s", [("m/s", 1), ("km/h", 3.6), (r"\mathrm{m\,s^{-1}}", 1), ("m s⁻¹", 1), ("cm/s", 100)]),
    ("m/s^2", [("m/s^2", 1), ("m/s²", 1), (r"\mathrm{m/s^2}", 1)]),
    ("N", [("N", 1), ("kN", 1e-3), ("newtons", 1), (r"\text{N}", 1), ("kg m/s^2", 1)]),
    ("J", [("J", 1), ("kJ", 1e-3), ("N·m", 1), (r"\,\text{J}", 1), ("joules", 1)]),
    ("W", [("W", 1), ("kW", 1e-3), ("J/s", 1)]),
    ("Pa", [("Pa", 1), ("kPa", 1e-3), ("N/m^2", 1)]),
    ("s", [("s", 1), ("ms", 1e3), ("seconds", 1), ("min", 1 / 60)]),
    ("kg", [("kg", 1), ("g", 1e3), (r"\text{kg}", 1)]),
    ("Ω", [("Ω", 1), (r"\Omega", 1), ("ohms", 1), ("kΩ", 1e-3)]),
    ("V", [("V", 1), ("mV", 1e3), ("volts", 1)]),
    ("Hz", [("Hz", 1), ("kHz", 1e-3), ("s^-1", 1)]),
]

_REASONING = [
    "Using conservation of energy, the kinetic energy equals the potential energy lost.",
    "Newton's second law gives F = ma, and the mass is 2.0 kg.",
    "We convert units first, then substitute the numbers into the formula.",
    "The time is found from the kinematic equation with zero initial velocity.",
    "Ohm's law relates voltage, current and resistance: V = IR.",
]


def _number(value: float, rng: random.Random) -> str:
    style = rng.randrange(5)
    if style == 0:
        return f"{value:.4g}"
    if style == 1:
        mantissa, exponent = f"{value:.3e}".split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    if style == 2:
        return f"{value:.3e}"
    if style == 3:
        return f"{value:,.2f}" if abs(value) >= 1000 else f"{value:.3f}"
    return f"{value:.5g}"


def synthetic_corpus(n: int, seed: int = 0) -> list[Case]:
    """``n`` seeded physics completions with their references; about 2 in 3 are right."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for _ in range(n):
        ref_unit, spellings = rng.choice(_UNITS)
        value = (
            rng.choice([1, -1]) * 10 ** rng.uniform(-3, 5)
            if ref_unit == "m/s"
            else 10 ** rng.uniform(-3, 5)
        )
        written_unit, factor = rng.choice(spellings)
        answer_value = value * factor * (1 if rng.random() < 0.67 else rng.choice([1.5, 0.5, 10]))
        answer = f"{_number(answer_value, rng)}\\ {written_unit}"
        think = " ".join(rng.sample(_REASONING, rng.randint(1, 4)))
        form = rng.randrange(4)
        if form == 0:
            final = rf"The answer is $\boxed{{{answer}}}$."
        elif form == 1:
            final = f"<answer>{answer}</answer>"
        elif form == 2:
            final = f"So the result is {answer.replace(chr(92) + ' ', ' ')}."
        else:
            final = f"**Answer:** ${answer}$"
        cases.append((f"<think>\n{think}\n</think>\n\n{final}", [f"{value:.6g} {ref_unit}"]))
    return cases


_GIVEN = re.compile(r"(\d[\d.,]*(?:\s?(?:×|x)\s?10\^-?\d+)?)\s?([A-Za-zµΩ°/^\d·*-]+)")
_FILLER = [
    "First, let's make sure all quantities are in SI units before substituting.",
    "We can check the result by estimating: the order of magnitude should be reasonable.",
    "Recall that 1 km = 1000 m, 1 h = 3600 s and 1 kJ = 1000 J.",
    "It helps to write down the formula before plugging in any numbers.",
    "Rounding only at the end keeps the error below 1%.",
    "Note that the problem gives {n1} significant figures, so we keep 3 or 4 in the answer.",
    "A common mistake is to forget the factor of 2 here, or to mix up minutes and seconds.",
    "If the value were {n2} times larger, the result would scale the same way.",
    "Step {k}: substitute the values into the equation and simplify.",
    "Since {n1} × {n2} = {prod}, the intermediate result is {prod} before the conversion.",
]
_CLOSINGS = [
    "Therefore, the answer is {ans}.",
    "So, the final answer is **{ans}**.",
    "**Answer:** {ans}",
    "The final answer is $\\boxed{{{ans}}}$.",
    "Thus the result is approximately {ans}, which matches our estimate.",
    "In conclusion, {ans}.",
]


def prose_corpus(n: int, seed: int = 2) -> list[Case]:
    """``n`` completions as small instruct models write them: 500 to 2,000 characters of prose.

    Built from the bundled physics problems: the question restated, its givens listed, a
    few numbered steps with intermediate numbers and units, filler sentences with more
    numbers, and a closing line with the answer (right in about 2 cases in 3); mostly
    without a think block. Dozens of numbers per completion, as in real outputs.
    """
    from unitreward.data import physics_records

    rng = random.Random(seed)
    records = physics_records(max(n, 1), seed=seed)
    cases: list[Case] = []
    for i in range(n):
        record = records[i % len(records)]
        question = record["question"]
        givens = [f"{v} {u}" for v, u in _GIVEN.findall(question)][:6]
        value, _, unit = record["answer"].partition(" ")
        if rng.random() < 0.33:
            value = f"{float(value) * rng.choice([1.5, 0.5, 10]):.4g}"
        answer = f"{value} {unit}"
        lines = [f"To solve this problem, we need to find what is asked: {question}", ""]
        if givens:
            lines.append("Given:")
            lines.extend(f"- {g}" for g in givens)
            lines.append("")
        for k in range(1, rng.randint(5, 14)):
            n1, n2 = rng.randint(2, 90), round(rng.uniform(1.1, 9.9), 2)
            lines.append(
                rng.choice(_FILLER).format(n1=n1, n2=n2, k=k, prod=f"{n1 * n2:.4g}")
            )
            if givens and rng.random() < 0.7:
                g = rng.choice(givens)
                lines.append(f"Step {k}: using {g}, we get {n1 * n2:.3g} {unit} per unit of {g}.")
        body = "\n".join(lines)
        closing = rng.choice(_CLOSINGS).format(ans=answer)
        text = f"{body}\n\n{closing}"
        if rng.random() < 0.2:
            text = f"<think>\n{rng.choice(_REASONING)}\n</think>\n\n{text}"
        cases.append((text, list(record["solutions"])))
    return cases


def distinct_corpus(n: int, seed: int = 1) -> list[Case]:
    """Completions that never repeat a number or an unknown unit word (to fill caches)."""
    rng = random.Random(seed)
    out: list[Case] = []
    for i in range(n):
        if i % 2:
            completion = f"The answer is {i}.{rng.randrange(1000)} blorb{i}"  # an unknown unit
        else:
            completion = f"<think>i = {i}</think> The answer is {i / 7:.6f} km/s"
        out.append((completion, [f"{i / 7:.6f} km/s"]))
    return out


# ------------------------------------------------------------------ timing


def time_each(
    score: Callable[[Any, list[str]], object], cases: Sequence[Case], repeat: int = 1
) -> list[float]:
    """Seconds per case: the fastest of ``repeat`` passes over the corpus (as timeit does)."""
    clock = time.perf_counter_ns
    best = [float("inf")] * len(cases)
    for _ in range(repeat):
        for i, (completion, solutions) in enumerate(cases):
            t0 = clock()
            score(completion, solutions)
            best[i] = min(best[i], (clock() - t0) * 1e-9)
    return best


def stats_row(corpus: str, method: str, seconds: list[float]) -> str:
    median = percentile(seconds, 50)
    return (
        f"{corpus:<12}{method:<13}{len(seconds):>6}{fmt_seconds(median):>11}"
        f"{fmt_seconds(percentile(seconds, 99)):>11}{fmt_seconds(max(seconds)):>11}"
        f"{fmt_seconds(sum(seconds) / len(seconds)):>11}"
    )


def fresh_interpreter(code: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return float(out.stdout.strip().splitlines()[-1])


def rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            import os

            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: the peak instead
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("eval_file", nargs="?", default=str(DEFAULT_EVAL), metavar="EVAL.jsonl")
    parser.add_argument("--synthetic", type=int, default=1000, metavar="N")
    parser.add_argument(
        "--prose",
        type=int,
        default=300,
        metavar="N",
        help="real-length prose completions, 500 to 2,000 characters (0: skip)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        metavar="K",
        help="passes per corpus and method; each completion's time is its fastest pass (default: 3)",
    )
    parser.add_argument(
        "--memory", type=int, default=50_000, metavar="N", help="distinct completions (0: skip)"
    )
    parser.add_argument("--no-math-verify", action="store_true")
    args = parser.parse_args(argv)

    import_times = sorted(
        fresh_interpreter(
            "import time; t = time.perf_counter(); import unitreward; "
            "print(time.perf_counter() - t)"
        )
        for _ in range(5)
    )
    first_check = fresh_interpreter(
        "import time, unitreward; t = time.perf_counter(); "
        "unitreward.check('The displacement is 0.12 km', '120 m'); print(time.perf_counter() - t)"
    )
    print(
        f"import unitreward (fresh interpreter, median of 5): {fmt_seconds(import_times[2])} "
        f"(min {fmt_seconds(import_times[0])})"
    )
    print(
        f"first check in a fresh interpreter (builds the unit registry): {fmt_seconds(first_check)}"
    )
    print()

    import unitreward

    checker = unitreward.Checker()
    corpora: list[tuple[str, list[Case]]] = []
    if Path(args.eval_file).exists():
        corpora.append(
            ("eval", [(r["completion"], r["solutions"]) for r in load_jsonl(args.eval_file)])
        )
    else:
        print(f"(no eval corpus: {args.eval_file} not found)")
    if args.synthetic:
        corpora.append(("synthetic", synthetic_corpus(args.synthetic)))
    if args.prose:
        prose = prose_corpus(args.prose)
        lengths = sorted(len(c) for c, _ in prose)
        print(
            f"prose corpus: {len(prose)} completions, {lengths[0]} to {lengths[-1]} characters "
            f"(median {lengths[len(lengths) // 2]})"
        )
        corpora.append(("prose", prose))
    run_mv = not args.no_math_verify and math_verify_available()

    print(
        f"per-completion time: the fastest of {args.repeat} passes per completion, "
        "unitreward after a warm-up pass"
    )
    print(f"{'corpus':<12}{'method':<13}{'n':>6}{'median':>11}{'p99':>11}{'max':>11}{'mean':>11}")
    ratios = []
    for name, cases in corpora:
        time_each(checker.check, cases)  # warm-up: registry, unit and number caches
        ours = time_each(checker.check, cases, args.repeat)
        print(stats_row(name, "unitreward", ours), flush=True)
        if run_mv:
            time_each(math_verify_reward, cases[:10])  # warm-up: imports
            theirs = time_each(math_verify_reward, cases, args.repeat)
            print(stats_row(name, "math-verify", theirs), flush=True)
            ratios.append(
                (
                    name,
                    percentile(theirs, 50) / percentile(ours, 50),
                    sum(theirs) / sum(ours),
                )
            )
    if ratios:
        print()
        for name, median_ratio, mean_ratio in ratios:
            print(
                f"{name}: unitreward is {median_ratio:.1f}x faster than math-verify by median, "
                f"{mean_ratio:.1f}x by mean"
            )
    elif not run_mv:
        print("(math-verify not run)")

    if args.memory:
        print()
        print(
            f"memory while scoring {args.memory:,} distinct completions (half with unknown units)"
        )
        cases = distinct_corpus(args.memory)
        gc.collect()
        tracemalloc.start()
        base_traced = tracemalloc.get_traced_memory()[0]
        base_rss = rss_bytes()
        print(f"{'scored':>10}{'traced growth':>16}{'RSS growth':>14}")
        step = max(1, args.memory // 5)
        for start in range(0, args.memory, step):
            for completion, solutions in cases[start : start + step]:
                checker.check(completion, solutions)
            gc.collect()
            traced = tracemalloc.get_traced_memory()[0] - base_traced
            rss = rss_bytes() - base_rss
            done = min(start + step, args.memory)
            print(f"{done:>10,}{traced / 2**20:>13.2f} MB{rss / 2**20:>11.1f} MB", flush=True)
        tracemalloc.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
