"""unitreward on other graders' own test cases: their conventions, their labels.

Usage::

    python benchmarks/peers.py [EXTERNAL.jsonl] [--math-verify MV.jsonl] [--verbose]

EXTERNAL.jsonl (default ``../shared/eval/peers/external.jsonl`` from the repository
root) holds one case per line: ``id``, ``source``, ``solutions``, ``completion``,
``label`` (0/1) and ``tolerance``, the source's grading convention written as
:class:`unitreward.Checker` options; each case is scored with
``Checker(**tolerance).check(completion, solutions)`` and counts as right when
``reward >= 0.5`` equals the label. ``tolerance`` holds the tolerances; how a relative and an
absolute one combine is the source's own rule, added from ``TOLERANCE_RULES``: lambda-feedback
requires each (its tests accept 1098 m and refuse 1102 m for 1 km with 10 % and 100 m),
PrairieLearn adds them (its tests accept 1.2 m for 1 m with 10 % and 0.1 m). One table per source (accuracy, true and false
positives and negatives, references unitreward cannot read); targets: lambda-feedback
and PrairieLearn >= 0.95. The sources whose references are symbolic (scibench's
exact forms, olympiadbench, seephys) are reported, not targeted.

MV.jsonl (default ``../shared/eval/peers/math_verify_tests.jsonl``) holds math-verify's
own regression cases (``reference``, ``candidate``, ``label``, ``test``, ``extra_params``),
scored *under math-verify's conventions*: ``Checker(rel_tol=0, abs_tol=10**-precision)``
with ``precision`` from ``extra_params`` (default 6, the ``float_rounding`` its tests
use): math-verify rounds floats to that many decimals and compares integers and exact
forms exactly, which an absolute tolerance of one unit in that decimal mirrors. Its
other options have no counterpart and are left at unitreward's policy: ``strict=False``
(variables matched by position: for unitreward the variables are the answer) and
``allow_set_relation_comp`` (for unitreward an inequality and its interval are the same
answer both ways). Table by test file; target 0.90 overall. Its labels are math-verify's
behaviour, not an independent truth: where they conflict with the physics policy (units
are never stripped, several values offered are a hedge, an unlabelled list is in order)
the miss is counted as a deliberate disagreement.

``--verbose`` lists every miss, grouped by class (math-verify's by convention, marked
``deliberate`` where the policy disagrees on purpose). Rows are read at run time; none is
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

from unitreward import Checker
from unitreward.engine.answers import parse_reference
from unitreward.engine.errors import UnitrewardError
from unitreward.engine.kinds import PartsAnswer

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT.parent / "shared" / "eval" / "peers"
TARGETS = {"lambda-feedback": 0.95, "prairielearn": 0.95, "olympiadbench": 0.90, "seephys": 0.90}
#: Each source's rule for combining ``rel_tol`` and ``abs_tol`` (Checker's ``tolerance_rule``),
#: as the source's own tests assert it; the others use the default, ``"sum"``.
TOLERANCE_RULES = {"lambda-feedback": "both", "prairielearn": "sum"}
MATH_VERIFY_TARGET = 0.90
#: math-verify's float_rounding in its tests (compare_strings' default precision).
MATH_VERIFY_PRECISION = 6


def math_verify_checker(extra_params: dict[str, Any]) -> Checker:
    """A Checker with math-verify's conventions for one test's options (see the docstring)."""
    precision = int(extra_params.get("precision", MATH_VERIFY_PRECISION))
    return Checker(rel_tol=0.0, abs_tol=10.0**-precision)


def miss_class(row: dict[str, Any], reason: str, detail: str) -> str:
    """Why unitreward and math-verify's label differ on a row, by convention."""
    label = bool(row["label"])
    params = row.get("extra_params") or {}
    if params.get("strict") is False:
        return "deliberate: variables are the answer (strict=False has no counterpart)"
    if params.get("allow_set_relation_comp") is False and not label:
        return "deliberate: an inequality is its interval, both ways"
    if label and reason in ("wrong_dimension", "missing_unit"):
        return "deliberate: units are never stripped (5 g is not 5 kg)"
    if label and reason == "ambiguous":
        return "deliberate: several values offered (stated equal, unmarked, boxes) are a hedge"
    if not label and reason == "correct":
        if "\n" in str(row.get("candidate", "")):
            return "deliberate: a formula across lines is read"
        if str(row.get("reference", "")).count("boxed") > 1:
            return "deliberate: a reference's boxes are its parts"
    try:
        ref = parse_reference(row["reference"])
    except (UnitrewardError, ValueError):
        ref = None
    if label and reason == "wrong_value" and isinstance(ref, PartsAnswer) and ref.ordered:
        return "deliberate: an unlabelled list is in order (the answers to its parts)"
    if label and reason == "wrong_value" and ref is not None and ref.kind == "number":
        return "deliberate: the values differ (the label says equal)"
    if reason == "unparseable_reference":
        return "unsupported reference (sums, ...)"
    if "matri" in detail or "entry" in detail:
        return "unsupported: matrix arithmetic"
    return f"other: label {int(label)}, verdict {reason}"


def _score(row: dict[str, Any]) -> tuple[bool, str]:
    options = dict(row.get("tolerance") or {})
    options.setdefault("tolerance_rule", TOLERANCE_RULES.get(row.get("source", ""), "sum"))
    verdict = Checker(**options).check(row["completion"], row["solutions"])
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


def _report_math_verify(path: Path, verbose: bool) -> None:
    suite = load_jsonl(path)
    by_file: dict[str, Counter[str]] = defaultdict(Counter)
    misses: dict[str, list[tuple[dict[str, Any], str]]] = defaultdict(list)
    for row in suite:
        verdict = math_verify_checker(row.get("extra_params") or {}).check(
            row["candidate"], row["reference"]
        )
        predicted, label = verdict.reward >= 0.5, bool(row["label"])
        counts = by_file[str(row.get("test", "")).split("::")[0] or "?"]
        counts["rows"] += 1
        counts[("T" if predicted == label else "F") + ("P" if predicted else "N")] += 1
        if predicted != label:
            name = miss_class(row, verdict.reason, verdict.detail)
            misses[name].append((row, f"{verdict.reason}: {verdict.detail[:90]}"))
    print(
        f"\nmath-verify's own test cases ({path.name}, {len(suite)} rows), under its conventions "
        f"(target {MATH_VERIFY_TARGET:.2f})"
    )
    print(f"{'test file':30} {'rows':>5} {'accuracy':>9} {'TP':>4} {'TN':>4} {'FP':>4} {'FN':>4}")
    total: Counter[str] = Counter()
    for name in sorted(by_file):
        c = by_file[name]
        total.update(c)
        print(
            f"{name:30} {c['rows']:5d} {(c['TP'] + c['TN']) / c['rows']:9.3f} "
            f"{c['TP']:4d} {c['TN']:4d} {c['FP']:4d} {c['FN']:4d}"
        )
    right = total["TP"] + total["TN"]
    print(f"{'all':30} {total['rows']:5d} {right / max(total['rows'], 1):9.3f}")
    deliberate = sum(len(v) for k, v in misses.items() if k.startswith("deliberate"))
    print(f"misses: {sum(len(v) for v in misses.values())}, of which deliberate {deliberate}")
    for name, group in sorted(misses.items()):
        print(f"  {len(group):3d}  {name}")
        if verbose:
            for row, why in group:
                print(
                    f"         {row.get('id', '')} {str(row['reference'])[:70]!r} <- "
                    f"{str(row['candidate'])[-70:]!r} [{why}]"
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
        _report_math_verify(suite_path, args.verbose)
    else:
        print(f"\n(no math-verify cases at {suite_path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
