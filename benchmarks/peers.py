"""unitreward on other graders' own test cases: their conventions, their labels.

Usage::

    python benchmarks/peers.py [EXTERNAL.jsonl] [--math-verify MV.jsonl] [--verbose]

EXTERNAL.jsonl (default ``../shared/eval/peers/external.jsonl`` from the repository
root) holds one case per line: ``id``, ``source``, ``solutions``, ``completion``,
``label`` (0/1) and ``tolerance``, the source's grading convention written as
:class:`unitreward.Checker` options; each case is scored with
``Checker(**tolerance).check(completion, solutions)`` and counts as right when
``reward >= 0.5`` equals the label. One table per source (accuracy, true and false
positives and negatives, references unitreward cannot read); targets: lambda-feedback
and PrairieLearn >= 0.95. The sources whose references are symbolic (scibench's
exact forms, olympiadbench, seephys) are reported, not targeted.

MV.jsonl (default ``../shared/eval/peers/math_verify_tests.jsonl``) holds math-verify's
own regression cases (``reference``, ``candidate``, ``label``): scored with
``check(candidate, reference)`` and reported only (its labels are math-verify's
behaviour, not an independent truth). ``--verbose`` lists every miss, grouped by class:
what the label says and the verdict's reason. Rows are read at run time; none is
copied into the project.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from _peers import load_jsonl

from unitreward import Checker, check

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT.parent / "shared" / "eval" / "peers"
TARGETS = {"lambda-feedback": 0.95, "prairielearn": 0.95}


def _score(row: dict[str, Any]) -> tuple[bool, str]:
    verdict = Checker(**(row.get("tolerance") or {})).check(row["completion"], row["solutions"])
    return verdict.reward >= 0.5, verdict.reason


def _report(title: str, results: list[tuple[dict[str, Any], bool, str]], verbose: bool) -> None:
    by_source: dict[str, Counter[str]] = defaultdict(Counter)
    misses: dict[str, list[tuple[dict[str, Any], str]]] = defaultdict(list)
    for row, predicted, reason in results:
        counts = by_source[row.get("source", "all")]
        label = bool(row["label"])
        counts["rows"] += 1
        counts[("T" if predicted == label else "F") + ("P" if predicted else "N")] += 1
        counts["unreadable reference"] += reason == "unparseable_reference"
        if predicted != label:
            misses[f"label {int(label)}, verdict {reason}"].append((row, reason))
    print(f"\n{title}")
    print(
        f"{'source':16} {'rows':>5} {'accuracy':>9} {'target':>7} {'TP':>4} {'TN':>4} {'FP':>4} {'FN':>4} {'unreadable ref':>15}"
    )
    total: Counter[str] = Counter()
    for source in sorted(by_source):
        c = by_source[source]
        total.update(c)
        right = c["TP"] + c["TN"]
        target = f"{TARGETS[source]:.2f}" if source in TARGETS else "-"
        print(
            f"{source:16} {c['rows']:5d} {right / c['rows']:9.3f} {target:>7} {c['TP']:4d} {c['TN']:4d} "
            f"{c['FP']:4d} {c['FN']:4d} {c['unreadable reference']:15d}"
        )
    if len(by_source) > 1:
        right = total["TP"] + total["TN"]
        print(f"{'all':16} {total['rows']:5d} {right / total['rows']:9.3f}")
    print(
        "misses by class: "
        + (", ".join(f"{k} {len(v)}" for k, v in sorted(misses.items())) or "none")
    )
    if verbose:
        for name, group in sorted(misses.items()):
            print(f"\n== {name} ({len(group)})")
            for row, _reason in group:
                ident = row.get("id", "")
                source = row.get("source", "")
                refs = row.get("solutions", row.get("reference"))
                answer = row.get("completion", row.get("candidate"))
                print(
                    f"  {ident} {source}: {refs!r} <- {str(answer)[:100]!r} {row.get('tolerance', '')}"
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("external", nargs="?", default=str(PEERS / "external.jsonl"))
    parser.add_argument(
        "--math-verify", default=str(PEERS / "math_verify_tests.jsonl"), dest="math_verify"
    )
    parser.add_argument("--verbose", action="store_true", help="list every miss, by class")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    external = Path(args.external)
    if not external.exists():
        print(
            f"no peer cases at {external}; give their path as the first argument", file=sys.stderr
        )
        return 2
    rows = load_jsonl(external)
    results = [(row, *_score(row)) for row in rows]
    _report(
        f"Other graders' test cases ({external.name}, {len(rows)} rows), each under its tolerance",
        results,
        args.verbose,
    )
    suite_path = Path(args.math_verify)
    if suite_path.exists():
        suite = load_jsonl(suite_path)
        scored = []
        for row in suite:
            verdict = check(row["candidate"], row["reference"])
            scored.append(({**row, "source": "math-verify"}, verdict.reward >= 0.5, verdict.reason))
        _report(
            f"math-verify's own test cases ({suite_path.name}, {len(suite)} rows; report only)",
            scored,
            args.verbose,
        )
    else:
        print(f"\n(no math-verify cases at {suite_path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
