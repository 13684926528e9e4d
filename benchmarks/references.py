"""How unitreward reads real data sets' reference answers, by source and kind.

Usage::

    python benchmarks/references.py [REFS.jsonl] [--verbose] [--kinds quantity,number]

REFS.jsonl is a reference corpus with one JSON object per line: ``source``,
``reference`` (the answer as the data set writes it), ``kind`` and, for quantities and
numbers, ``value_si`` (the value in SI base units, computed with pint from a
hand-written reading of the unit; ``null`` where the unit could not be read reliably)
and ``notes``. The default is ``../shared/eval/refs-dev.jsonl`` from the repository
root. Rows are read at run time; none is copied into the project.

For every reference of a kind in ``--kinds`` the script measures, per source and
kind:

- ``parsed``: ``parse_quantity`` reads it (target >= 0.98);
- ``self``: it scores 1 against itself;
- ``pint``: it scores 1 against its value converted by pint into another unit of the
  same dimension and spelled by pint (``str(q)``, ``f"{q:~P}"``, ``f"{q:~C}"``,
  ``f"{q:~L}"``...: the spellings alternate by row);
- ``boxed``: it scores 1 written in LaTeX inside ``\\boxed{}`` (pint's ``~L`` unit);
- ``x1.5``: it scores 0 at 1.5 times its value (an absolute temperature: 1.5 times
  its kelvins);
- ``dim``: it scores 0 with the same number and a unit of another dimension;
- ``value``: the parsed value in SI agrees with ``value_si`` to 1e-6 relative (target
  >= 0.995 of the rows that have one).

The checks after ``parsed`` run on the parsed rows only. ``--verbose`` lists every
miss, grouped by class (the error's kind for parse failures, the check for the rest),
with the row's notes where the value disagrees: where unitreward and a row's reading
differ, read the row before deciding which side is right.

For every reference of kind ``expression`` or ``multi`` (a symbolic answer, an
equation, several parts), checks in :mod:`_perturb`:

- ``read``: ``parse_reference`` reads it (target >= 0.85);
- ``self``: it scores 1 against itself, boxed in a sentence;
- ``doubled``: it scores 0 with its value doubled (``2\\left(...\\right)``, twice the
  number of a quantity, the right-hand side of an equation);
- ``sign``: it scores 0 with its sign flipped;
- ``swap``: it scores 0 with two of its variables swapped, where that changes it (the pair
  is chosen by evaluating the expression at a point; the swapped text is written by
  renaming the variables where they are written, and checked by parsing it back).

For ``multi`` the perturbation changes one part (the first part it applies to) and keeps
the rest as written. A check that does not apply (a value of 0, no two variables whose
swap changes it, a part of words) is left out of its column.

Adding a kind: write a function ``(row) -> dict[str, bool | None]`` (check name ->
passed, ``None`` for not applicable) and register it in ``KIND_CHECKS``; the tables
pick up its columns.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _peers import load_jsonl
from _perturb import check_symbolic

from unitreward import check, parse_quantity
from unitreward.engine.errors import UnitrewardError
from unitreward.engine.units import get_registry

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFS = ROOT.parent / "shared" / "eval" / "refs-dev.jsonl"
TARGET_PARSE = 0.98
TARGET_READ = 0.85
TARGET_VALUE = 0.995
# pint's spellings of a unit, used in turn for the "pint" check
PINT_FORMATS = ("", "~", "P", "~P", "C", "~C", "D", "~D", "L", "~L")

CheckResult = dict[str, bool | None]


# --------------------------------------------------------------------------- checks


def _magnitude_text(value: float) -> str:
    return f"{value:.12g}"


def _latex_number(value: float) -> str:
    """``1.2 \\times 10^{-3}`` for small and large values, plain otherwise."""
    if value != 0 and not 1e-3 <= abs(value) < 1e6:
        mantissa, exponent = f"{value:.10e}".split("e")
        return f"{float(mantissa):.10g} \\times 10^{{{int(exponent)}}}"
    return _magnitude_text(value)


def _pint_text(value: float, unit: Any, spec: str) -> str:
    unit_text = format(unit, spec)
    if spec.endswith("L"):
        return (
            f"${_latex_number(value)}\\ {unit_text}$" if unit_text else f"${_latex_number(value)}$"
        )
    return f"{_magnitude_text(value)} {unit_text}".strip()


def _converted(q: Any, index: int) -> str | None:
    """The quantity converted by pint into another unit of its dimension, spelled by pint."""
    if q.unit is None:
        return None if q.magnitude == 0 else f"{_magnitude_text(q.magnitude * 100)} %"
    if q.unit.dims and q.unit.dims[0][0].startswith("[logarithmic"):
        return None  # decibels convert to nothing else
    ureg = get_registry()
    written = q.to_pint()
    target = written.to_base_units()
    if target.units == written.units or target.units == ureg.Unit(""):
        if not q.unit.dims:  # a dimensionless unit: percent, counts
            if q.unit.is_percent:
                return _magnitude_text(q.si_magnitude)
            return None
        compact = (written * 1000).to_compact()  # another prefix of the same unit
        target = (compact / 1000).to(compact.units)
    if target.units == written.units:
        return None
    spec = PINT_FORMATS[index % len(PINT_FORMATS)]
    return _pint_text(float(target.magnitude), target.units, spec)


def _boxed(q: Any) -> str:
    if q.unit is None:
        body = _latex_number(q.magnitude)
    elif q.unit.is_percent:
        body = f"{_latex_number(q.magnitude)}\\%"
    else:
        body = f"{_latex_number(q.magnitude)}\\,{format(q.units, '~L')}"
    return f"The answer is $\\boxed{{{body}}}$."


def _scaled(q: Any) -> str:
    """The quantity at 1.5 times its value (its kelvins for an absolute temperature)."""
    if q.unit is not None and q.unit.offset:
        return f"{_magnitude_text(q.si_magnitude * 1.5)} K"
    value = q.magnitude * 1.5 if q.magnitude else 1.0
    if q.unit is None:
        return _magnitude_text(value)
    if q.unit.is_percent:
        return f"{_magnitude_text(value)}%"
    return _pint_text(value, q.units, "~P")


def _other_dimension(q: Any) -> str:
    unit = "s" if q.unit is not None and q.unit.dims == (("[length]", 1.0),) else "m"
    return f"{_magnitude_text(q.magnitude)} {unit}"


def _value_agrees(q: Any, expected: float | None) -> bool | None:
    if expected is None:
        return None
    got = q.si_magnitude
    return abs(got - expected) <= 1e-6 * max(abs(expected), abs(got)) or got == expected


def check_quantity(row: dict[str, Any], index: int = 0) -> CheckResult:
    """The checks for a ``quantity`` or ``number`` reference."""
    reference = row["reference"]
    try:
        q = parse_quantity(reference)
    except UnitrewardError:
        return {"parsed": False}
    converted = _converted(q, index)
    result: CheckResult = {
        "parsed": True,
        "self": check(reference, reference).reward == 1.0,
        "pint": None if converted is None else check(converted, reference).reward == 1.0,
        "boxed": check(_boxed(q), reference).reward == 1.0,
        "x1.5": check(_scaled(q), reference).reward == 0.0,
        "dim": check(_other_dimension(q), reference).reward == 0.0,
        "value": _value_agrees(q, row.get("value_si")),
    }
    return result


#: kind -> the checks of one row of that kind.
KIND_CHECKS: dict[str, Callable[[dict[str, Any], int], CheckResult]] = {
    "quantity": check_quantity,
    "number": check_quantity,
    "expression": check_symbolic,
    "multi": check_symbolic,
}

COLUMNS = ("parsed", "read", "self", "pint", "boxed", "x1.5", "dim", "value", "doubled", "sign", "swap")


# --------------------------------------------------------------------------- report


def _miss_class(row: dict[str, Any], check_name: str) -> str:
    if check_name != "parsed":
        return check_name
    try:
        parse_quantity(row["reference"])
    except UnitrewardError as exc:
        message = str(exc)
        for pattern, name in (
            (r"^unknown unit", "unknown unit"),
            (r"^unexpected", "text after the quantity"),
            (r"^no number", "no number"),
            (r"too large or malformed", "number refused"),
            (r"product with a variable", "letter glued to the number"),
        ):
            if re.search(pattern, message):
                return f"parsed: {name}"
        return f"parsed: {type(exc).__name__}"
    return "parsed"


def _table(title: str, counts: dict[str, Counter[str]], totals: dict[str, Counter[str]]) -> None:
    print(f"\n{title}")
    columns = [c for c in COLUMNS if any(t[c] for t in totals.values())]
    head = f"{'source':14} {'kind':10} {'rows':>5}"
    for column in columns:
        head += f" {column:>11}"
    print(head)
    for key in sorted(counts):
        source, kind = key.split("|")
        passed, total = counts[key], totals[key]
        line = f"{source:14} {kind:10} {total['rows']:5d}"
        for column in columns:
            n = total[column]
            line += f" {passed[column] / n:6.3f}/{n:<4d}" if n else f" {'-':>11}"
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "refs", nargs="?", default=str(DEFAULT_REFS), help="reference corpus (JSON lines)"
    )
    parser.add_argument("--kinds", default=",".join(KIND_CHECKS), help="kinds to measure")
    parser.add_argument("--verbose", action="store_true", help="list every miss, by class")
    args = parser.parse_args(argv)
    path = Path(args.refs)
    if not path.exists():
        print(
            f"no reference corpus at {path}; give its path as the first argument", file=sys.stderr
        )
        return 2
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = [k for k in kinds if k not in KIND_CHECKS]
    if unknown:
        print(
            f"no checks registered for kinds {unknown}; known: {sorted(KIND_CHECKS)}",
            file=sys.stderr,
        )
        return 2
    warnings.filterwarnings("ignore")
    rows = [r for r in load_jsonl(path) if r.get("kind") in kinds]
    passed: dict[str, Counter[str]] = defaultdict(Counter)
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    misses: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for index, row in enumerate(rows):
        result = KIND_CHECKS[row["kind"]](row, index)
        for key in (f"{row['source']}|{row['kind']}", f"ALL|{row['kind']}"):
            totals[key]["rows"] += 1
            for column, ok in result.items():
                if ok is None:
                    continue
                totals[key][column] += 1
                passed[key][column] += ok
        for column, ok in result.items():
            if ok is False:
                name = _miss_class(row, column) if row["kind"] in ("quantity", "number") else column
                misses[f"{row['kind']}: {name}"].append(row)
    _table(
        f"References read from {path.name} ({len(rows)} rows of kinds {', '.join(kinds)})",
        passed,
        totals,
    )
    print()
    for kind in kinds:
        p, t = passed[f"ALL|{kind}"], totals[f"ALL|{kind}"]
        if not t["rows"]:
            continue
        if not t["parsed"]:
            rates = {c: p[c] / t[c] for c in ("read", "self", "doubled", "sign", "swap") if t[c]}
            print(
                f"{kind}: read {rates.get('read', math.nan):.3f} (target >= {TARGET_READ}); "
                + ", ".join(f"{c} {r:.3f}" for c, r in rates.items() if c != "read")
                + " (target 1.000)"
            )
            continue
        parse_rate = p["parsed"] / t["parsed"]
        value_rate = p["value"] / t["value"] if t["value"] else math.nan
        print(
            f"{kind}: parse {parse_rate:.3f} (target >= {TARGET_PARSE}), "
            f"value agrees with value_si {value_rate:.3f} (target >= {TARGET_VALUE})"
        )
    print(
        "misses by class: " + ", ".join(f"{k} {len(v)}" for k, v in sorted(misses.items()))
        or "none"
    )
    if args.verbose:
        for name, group in sorted(misses.items()):
            print(f"\n== {name} ({len(group)})")
            for row in group:
                extra = ""
                if name.endswith(": value"):
                    got = parse_quantity(row["reference"]).si_magnitude
                    extra = (
                        f"  got {got:.6g}, value_si {row['value_si']:.6g}, notes {row.get('notes')}"
                    )
                print(f"  {row['source']:10} {row['reference']!r}{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
