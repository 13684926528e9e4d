"""An external audit: falsepass's probes against three rewards, side by side.

Usage::

    python benchmarks/red_team.py [--n 30] [--seed 0] [--search 120] [--search-examples 3]
                                  [--graders unitreward,substring,accuracy_reward]

falsepass (``pip install falsepass``) is an independent red-team tool for RL verifiers: it
writes completions whose verdict is known in advance (the reference in the asked format,
equivalent renderings, an empty reply, the prompt echoed back, shotgun lists, hedges and
denials inside the answer slot, an answer buried and retracted, NaN, ...), scores them
with the verifier under test, and then searches for more with seeded mutations (S1: make
a wrong completion pay; S2: make a right one fail; S3: make a hedged one pay). Its probes
are run here in-process, on the bundled physics problems (:mod:`unitreward.data`), against:

* ``unitreward``: :data:`unitreward.correctness`, with TRL's ``prompts`` (the question);
* ``substring``: the GRPO tutorial's check, ``any(ref in content for ref in solutions)``;
* ``accuracy_reward``: TRL's own ``trl.rewards.accuracy_reward`` (math-verify).

The adapter (how a completion is written for these problems) follows the data set's
system prompt: a think block, then ``The answer is \\boxed{ANSWER}.``; a wrong answer is
the reference scaled by 1.37; shotgun lists spray the reference's number over units of
other dimensions and another prefix; equivalent forms are the reference's other
renderings (``0.12 km`` for ``120 m``), scientific notation, "approximately", a note on
precision, a restatement in another unit and the unboxed phrasings.

Printed: per probe variant, how many known-bad completions each reward paid (false passes)
and how many known-good ones it refused (false fails); then falsepass's headline numbers
(the false-pass ceiling: the most any known-bad completion earned; the lazy-policy reward:
the best mean of one fixed answer-free strategy; the false-fail rate) and the targets.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from _peers import math_verify_available, substring_reward

import unitreward
from unitreward.data.physics import physics_records

try:
    from falsepass import probes, report, search
    from falsepass.adapter import Adapter
    from falsepass.model import Completion, Example, Expect, ProbeResult, Score
except ImportError:  # pragma: no cover - the script says what to install
    raise SystemExit("red_team.py needs falsepass: pip install falsepass") from None

THINK = "<think>\nI work through the physics step by step.\n</think>\n"
# Units of other dimensions to spray the reference's number over (shotgun lists).
_OTHER_UNITS = ("m/s", "s", "kg", "V", "J", "N", "m")
_NUMBER = re.compile(r"^\s*(-?[\d.]+(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def _split(answer: str) -> tuple[float, str]:
    m = _NUMBER.match(answer)
    if m is None:
        raise ValueError(f"not a number and a unit: {answer!r}")
    return float(m.group(1)), m.group(2)


def _fmt(value: float) -> str:
    return f"{value:.4g}"


# ---------------------------------------------------------------------------- adapter


class PhysicsAdapter(Adapter):
    """How a completion is written for the bundled physics problems."""

    name = "unitreward.data physics"
    max_reward = 1.0

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    def load(self, n: int, seed: int) -> tuple[Any, list[Example]]:  # unused: rows are given
        raise NotImplementedError

    def render(self, answer: str, example: Example) -> Completion:
        return f"{THINK}The answer is $\\boxed{{{answer}}}$."

    def wrong_answer(self, example: Example) -> str:
        value, unit = _split(example.answer)
        wrong = value * 1.37 if value else 1.0
        return f"{_fmt(wrong)} {unit}".strip()

    def shotgun_answers(self, example: Example) -> list[str]:
        value, unit = _split(example.answer)
        number = _fmt(value)
        others = [f"{number} {u}" for u in _OTHER_UNITS if u != unit][:4]
        return [*others, f"{number} k{unit}", self.wrong_answer(example), example.answer]

    def equivalent_forms(self, example: Example) -> dict[str, Completion]:
        forms = dict(super().equivalent_forms(example))
        row = example.raw
        value, unit = _split(example.answer)
        for i, other in enumerate(row["solutions"][1:3], start=1):
            forms[f"other_unit_{i}"] = self.render(other, example)
        mantissa, exponent = f"{value:.3e}".split("e")
        forms["scientific_latex"] = self.render(
            f"{mantissa} \\times 10^{{{int(exponent)}}}\\ \\text{{{unit}}}", example
        )
        forms["approximately"] = f"{THINK}The answer is approximately {example.answer}."
        forms["precision_note"] = f"{THINK}The answer is {example.answer} (to 4 s.f.)."
        if len(row["solutions"]) > 1:
            forms["restated"] = f"{THINK}The answer is {example.answer} ({row['solutions'][1]})."
        forms["final_answer_line"] = f"{THINK}Working done.\n\n**Final answer:** {example.answer}"
        forms["unmarked_sentence"] = f"{THINK}So the result is {example.answer}."
        forms["question_then_answer"] = (
            f"{THINK}{row['question']}\n\nThe answer is {example.answer}."
        )
        return forms


# ----------------------------------------------------------------------------- scorers


class RewardScorer:
    """A TRL-style reward function, called once per completion, as a falsepass scorer."""

    concurrent_safe = False

    def __init__(self, name: str, call: Callable[[Example, Completion], float | None]) -> None:
        self.name = name
        self.call = call

    async def score(self, example: Example, completion: Completion) -> Score:
        try:
            reward = self.call(example, completion)
        except Exception as exc:  # the reward under test raised: falsepass reports it
            return Score(None, {}, [f"{type(exc).__name__}: {exc}"[:300]])
        if reward is None or not math.isfinite(reward):
            return Score(None, {}, [f"reward {reward!r}"])
        return Score(float(reward))

    async def close(self) -> None:
        pass


def _as_messages(completion: Completion) -> list[dict[str, Any]]:
    if isinstance(completion, str):
        return [{"role": "assistant", "content": completion}]
    return completion  # type: ignore[return-value]


def _unitreward(example: Example, completion: Completion) -> float | None:
    return unitreward.correctness(
        prompts=[example.prompt], completions=[completion], solutions=[example.raw["solutions"]]
    )[0]


def _substring(example: Example, completion: Completion) -> float | None:
    return substring_reward(completion, [example.answer])  # type: ignore[arg-type]


def _accuracy_reward(example: Example, completion: Completion) -> float | None:
    from trl.rewards import accuracy_reward

    return accuracy_reward([_as_messages(completion)], [example.answer])[0]


GRADERS: dict[str, Callable[[Example, Completion], float | None]] = {
    "unitreward": _unitreward,
    "substring": _substring,
    "accuracy_reward": _accuracy_reward,
}


# ---------------------------------------------------------------------------- running


def run_grader(
    scorer: RewardScorer,
    adapter: PhysicsAdapter,
    examples: list[Example],
    *,
    few: int,
    search_calls: int,
    search_examples: int,
    seed: int,
) -> list[dict[str, Any]]:
    """Every probe on every example (slow ones on the first ``few``), then the search."""
    probes.STORE.clear()
    loop = asyncio.new_event_loop()
    results: list[ProbeResult] = []

    async def run(probe_list: list[Any], subset: list[Example]) -> None:
        for example in subset:
            for probe in probe_list:
                results.extend(await probe(adapter, scorer, example))

    try:
        loop.run_until_complete(run(probes.PER_EXAMPLE, examples))
        loop.run_until_complete(run(probes.FEW_EXAMPLES, examples[:few]))
        if search_calls:
            loop.run_until_complete(
                run([search.make_probe(search_calls, seed)], examples[:search_examples])
            )
    finally:
        loop.close()
    probes.mark_same_as_good(results)
    return [r.to_dict() for r in results]


def _row_key(r: dict[str, Any]) -> str:
    return f"{r['probe']} {r['name']}/{r['variant']}"


def tally(results: list[dict[str, Any]]) -> dict[str, tuple[str, int, int, int]]:
    """Per probe variant: (kind, failures, scored rows, errors); kind is ``FP`` (known-bad
    rows paid) or ``FF`` (known-good rows refused); errors are rows the reward raised on
    or gave ``None`` (not counted as failures of either kind)."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    kinds: dict[str, str] = {}
    for r in results:
        if r["expected"] not in (Expect.ZERO.value, Expect.FULL.value) or r.get("same_as_good"):
            continue
        if r["detail"].startswith("skipped"):
            continue
        key = _row_key(r)
        kinds[key] = "FP" if r["expected"] == Expect.ZERO.value else "FF"
        if r["score"] is None:
            out[key][2] += 1
            continue
        out[key][1] += 1
        out[key][0] += 0 if r["passed"] else 1
    return {k: (kinds[k], v[0], v[1], v[2]) for k, v in out.items()}


#: Probe variants that test shotgun answers, retractions and hedges (the targets).
TARGET_PROBES = {
    "shotgun": ("P5 shotgun/",),
    "retraction": (
        "P9 oversized/",
        "P15 hedged_in_slot/denied",
        "P15 hedged_in_slot/not_answer",
        "S3 search_hedged_answer/",
    ),
    "hedge": (
        "P15 hedged_in_slot/either_or",
        "P15 hedged_in_slot/false_equation",
        "S3 search_hedged_answer/",
    ),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=30, help="physics problems (default 30)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--few", type=int, default=3, help="problems for the slow probes")
    parser.add_argument("--search", type=int, default=120, metavar="CALLS",
                        help="mutation search: scorer calls per direction (0: off)")  # fmt: skip
    parser.add_argument("--search-examples", type=int, default=3)
    parser.add_argument("--graders", default=",".join(GRADERS))
    args = parser.parse_args(argv)
    names = [g.strip() for g in args.graders.split(",") if g.strip()]
    unknown = sorted(set(names) - set(GRADERS))
    if unknown:
        parser.error(f"unknown graders {unknown}; choose from {sorted(GRADERS)}")
    if "accuracy_reward" in names and not math_verify_available():
        print("math-verify is not installed: accuracy_reward left out", file=sys.stderr)
        names.remove("accuracy_reward")
    for noisy in ("math_verify", "math_verify.parser", "math_verify.grader"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)

    rows = physics_records(args.n, seed=args.seed)
    examples = [
        Example(key=f"physics-{i}", prompt=row["question"], answer=row["answer"], raw=row)
        for i, row in enumerate(rows)
    ]
    adapter = PhysicsAdapter(rows)
    all_results: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        t0 = time.perf_counter()
        all_results[name] = run_grader(
            RewardScorer(name, GRADERS[name]),
            adapter,
            examples,
            few=args.few,
            search_calls=args.search,
            search_examples=args.search_examples,
            seed=args.seed,
        )
        print(f"{name}: {len(all_results[name])} probe rows in {time.perf_counter() - t0:.1f} s",
              file=sys.stderr)  # fmt: skip

    tallies = {name: tally(res) for name, res in all_results.items()}
    keys = sorted({k for t in tallies.values() for k in t}, key=lambda k: (k.split()[0], k))
    width = max(len(k) for k in keys)
    print(f"falsepass probes on {len(examples)} bundled physics problems (seed {args.seed})")
    print("FP: known-bad completions paid / scored; FF: known-good completions refused / scored;")
    print("+Nerr: completions the reward raised on or gave None for (neither FP nor FF)\n")
    print(f"{'probe/variant':{width}}  kind  " + "  ".join(f"{n:>16}" for n in names))
    for key in keys:
        kind = next(t[key][0] for t in tallies.values() if key in t)
        cells = []
        for name in names:
            t = tallies[name].get(key)
            cell = f"{t[1]}/{t[2]}" + (f" +{t[3]}err" if t[3] else "") if t else "-"
            cells.append(f"{cell:>16}")
        print(f"{key:{width}}  {kind:4}  " + "  ".join(cells))

    print("\nheadline (falsepass)")
    heads = {name: report.headline(res) for name, res in all_results.items()}
    for label, field in [
        ("false-pass ceiling", "false_pass_ceiling"),
        ("lazy-policy reward", "lazy_policy_reward"),
        ("false-fail rate", "false_fail_rate"),
    ]:
        cells = []
        for name in names:
            value = heads[name][field]
            cells.append(f"{value:>16.3f}" if isinstance(value, float) else f"{value!s:>16}")
        print(f"{label:{width}}        " + "  ".join(cells))
    for name in names:
        print(f"  {name}: ceiling via {heads[name]['false_pass_via']}; "
              f"lazy via {heads[name]['lazy_policy_via']}")  # fmt: skip

    if "unitreward" in tallies:
        ours = tallies["unitreward"]
        print("\ntargets for unitreward")
        ok = True
        for target, prefixes in TARGET_PROBES.items():
            rows_ = [v for k, v in ours.items() if v[0] == "FP" and k.startswith(prefixes)]
            paid = sum(v[1] for v in rows_)
            scored = sum(v[2] for v in rows_)
            ok &= paid == 0
            print(f"  no false pass on {target:10} probes: {paid}/{scored} paid "
                  f"{'PASS' if paid == 0 else 'FAIL'}")  # fmt: skip
        rate = heads["unitreward"]["false_fail_rate"] or 0.0
        ok &= rate <= 0.01
        print(f"  false-fail rate at most 1%: {rate:.2%} {'PASS' if rate <= 0.01 else 'FAIL'}")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
