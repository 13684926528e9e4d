"""Speed, safety and coverage of the symbolic expression engine (``unitreward.engine.expression``).

Usage::

    python benchmarks/expressions.py [REFS.jsonl] [--repeat K] [--show N]

Prints four tables:

1. **Realistic checks**: pairs of expressions written the way references and
   answers write them (LaTeX against plain text, rearranged, or wrong). For each,
   the time to parse both (uncached) and compare them; the fastest of
   ``--repeat`` runs, then median, p90 and max over the pairs; and whether every
   verdict is the expected one. Target: median <= 1 ms.
2. **Hostile inputs**: power towers, a 500-term sum, 200-deep nesting, 10^5
   characters of junk, ... Each must end in at most 20 ms with a verdict
   (``False`` or ``ParseError``): the slowest of ``--repeat`` runs is printed.
3. **Threads**: every check of tables 1 and 2 run concurrently in a thread pool
   (twice each) must give the main thread's verdicts.
4. **References** (``REFS.jsonl``, default ``../shared/eval/refs-dev.jsonl`` from the
   repository root): rows of kind ``expression`` and the ``expression`` parts of
   ``multi`` rows, by source: how many parse (as an expression or an equation),
   and for the parsed ones four checks: equivalent to itself re-parsed, NOT
   equivalent when doubled (``2*(e)``; an equation's right side), with its sign
   flipped (``-(e)``), and with two of its variables swapped. A doubling or
   swap that leaves the expression mathematically unchanged (``0``, ``x + y``) is
   not counted (``n/a``): an independent check at 12 other random points decides.
   Then the reasons the rest did not parse, as classes with counts and an example.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from unitreward.engine.errors import ParseError
from unitreward.engine.expression import (
    Equation,
    Expression,
    equations_equivalent,
    equivalent,
    parse_equation,
    parse_expression,
)
from unitreward.engine.grammar import parse_tree

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REFS = ROOT / ".." / "shared" / "eval" / "refs-dev.jsonl"

# uncached parsers (parse_expression and parse_equation keep an LRU cache)
_parse_expr: Callable[[str], Expression] = parse_expression.__wrapped__  # type: ignore[attr-defined]
_parse_eq: Callable[[str], Equation] = parse_equation.__wrapped__  # type: ignore[attr-defined]

# (reference, answer, expected verdict): written for this benchmark
PAIRS: list[tuple[str, str, bool]] = [
    (r"\frac{v_0^2}{2\mu g}", "v0^2/(2*mu*g)", True),
    (r"\frac{v_0^2}{2\mu g}", "v0^2/(mu*g)", False),
    (r"\frac{q_0}{\sqrt{2LC}}", r"q_0 (2 L C)^{-1/2}", True),
    (r"t = \frac{2 v_0 \sin\theta}{g}", r"t = 2 v_0 \sin(\theta)/g", True),
    (r"\frac{\hbar \omega}{2}", r"\hbar\omega/2", True),
    (r"\frac{\hbar \omega}{2}", r"\hbar\omega", False),
    (r"(M+m)g", "Mg + mg", True),
    (r"m_0 \sqrt{\frac{c - v}{c + v}}", r"m_0\frac{\sqrt{c-v}}{\sqrt{c+v}}", True),
    (r"m_0 \sqrt{\frac{c - v}{c + v}}", r"m_0\sqrt{\frac{c + v}{c - v}}", False),
    (r"\varphi = \arctan \left( \frac{2}{\rho} \right)", r"\varphi = \tan^{-1}(2/\rho)", True),
    (r"\frac{(n-1)!}{k!} \frac{n}{(n-k)!}", r"\binom{n}{k}", True),
    (r"\frac{(n-1)!}{k!} \frac{n}{(n-k)!}", r"\frac{n!}{k!}", False),
    (r"I_L(t) = 0.05(1 - e^{-10^7 t})", r"I_L(t) = 0.05 - 0.05 e^{-10^{7} t}", True),
    (r"2 \sin\theta \cos\theta", r"\sin 2\theta", True),
    (r"\sin^2\theta", r"1 - \cos^2\theta", True),
    (r"\sin^2\theta", r"\sin\theta^2", False),
    (r"\frac{1}{2} m v^2 + m g h", "1/2 m v^2 + mgh", True),
    (r"\frac{1}{2} m v^2 + m g h", "m v^2 + mgh", False),
    (r"\sqrt{\frac{2 G M}{R}}", "sqrt(2GM/R)", True),
    (r"\frac{k q_1 q_2}{r^2}", r"\frac{q_1 q_2}{4\pi\varepsilon_0 r^2}", False),
    (r"\frac{q_1 q_2}{4\pi\epsilon_0 r^2}", r"\frac{q_1 q_2}{4 \pi \varepsilon_{0} r^{2}}", True),
    (r"2\pi\sqrt{\frac{L}{g}}", r"2 \pi (L/g)^{0.5}", True),
    (r"2\pi\sqrt{\frac{L}{g}}", r"2 \pi (g/L)^{0.5}", False),
    (r"\frac{F_{0}}{\gamma (\beta - \gamma)} (e^{-\beta t} - e^{(\beta - \gamma) t})",
     r"\frac{F_0 \left(e^{-\beta t} - e^{\beta t - \gamma t}\right)}{\gamma\beta - \gamma^2}", True),
    (r"-\frac{3+\sqrt{5}}{6} \log_{2} \frac{3+\sqrt{5}}{6}",
     r"-\frac{3+\sqrt{5}}{6} \frac{\ln((3+\sqrt 5)/6)}{\ln 2}", True),
    (r"\mu_0 n I", r"\mu_{0} n I", True),
    (r"\frac{\mu_0 I}{2\pi r}", r"\frac{\mu_0 I}{2 r}", False),
    (r"e^{-\frac{t}{RC}}", r"\exp(-t/(RC))", True),
    (r"V_0 e^{-t/RC}", r"V_0 e^{-t/(RC)}", True),
    (r"\frac{1}{2\pi\sqrt{LC}}", r"\frac{1}{2 \pi} (L C)^{-1/2}", True),
    (r"x^2 + y^2 = R^2", r"R^2 - x^2 - y^2 = 0", True),
    (r"v = a t", r"a = \frac{v}{t}", True),
    (r"x^2 - y^2 = 1", r"x^2 + y^2 = 1", False),
    (r"\frac{3}{2} k_B T", "1.5 k_B T", True),
    (r"\frac{3}{2} k_B T", "1.5 k_B T^2", False),
    (r"\omega' = \omega\sqrt{1 - \frac{v^2}{c^2}}", r"\omega' = \omega (1 - v^2/c^2)^{1/2}", True),
    (r"|x - y|", r"\left| y - x \right|", True),
    (r"\cos(\omega t + \varphi)", r"\cos\omega t \cos\varphi - \sin\omega t \sin\varphi", True),
    (r"\frac{\lambda L}{d}", r"\lambda L / d", True),
    (r"\frac{\lambda L}{d}", r"\lambda d / L", False),
]  # fmt: skip

_TOWER = "x^{x^{x^{x}}}"
HOSTILE: list[tuple[str, str, str]] = [
    ("x^{x^{x^{x}}}", _TOWER, "x"),
    ("500-term sum", " + ".join(f"x_{{{i}}}" for i in range(500)), "x_{0}"),
    ("500-term sum, same variable", " + ".join(["x"] * 500), "501x"),
    ("200-deep nesting", "(" * 200 + "x" + ")" * 200, "x"),
    ("200-deep braces", "{" * 200 + "x" + "}" * 200, "x"),
    ("200-deep fractions", r"\frac{1}{" * 200 + "x" + "}" * 200, "x"),
    (r"\sin of a power tower", r"\sin\left(" + "x^{" * 6 + "x" + "}" * 6 + r"\right)", "x"),
    ("10^5 characters of junk", "".join(random.Random(0).choice("x+-*/^{}()\\ab1") for _ in range(10**5)), "x"),
    ("10^5 characters of a valid sum", "x+" * 50000 + "x", "x"),
    ("10^{10^{10}}", "10^{10^{10}}", "10"),
    ("e^{e^{e^{e^{x}}}}", "e^{e^{e^{e^{x}}}}", "x"),
    ("x^{10^{10}}", "x^{10^{10}}", "x"),
    ("100000!", "100000!", "1"),
    ("(x!)!!!", "((x!)!)!", "x"),
    ("2,000 nested sqrt", r"\sqrt{" * 2000 + "2" + "}" * 2000, "2"),
    ("unbalanced braces", r"\frac{1}{" * 30, "x"),
    ("1,000 variables", "".join(f"x_{{{i}}}" for i in range(1000)), "x"),
    ("deep abs bars", "|" * 300 + "x" + "|" * 300, "x"),
    ("equation tower", "y = " + _TOWER, "y = x"),
]  # fmt: skip


def _verdict(a: str, b: str) -> str:
    """Parse both (uncached) and compare; expressions or equations."""
    try:
        if _has_relation(a) or _has_relation(b):
            return str(equations_equivalent(_parse_eq(a), _parse_eq(b)))
        return str(equivalent(_parse_expr(a), _parse_expr(b)))
    except ParseError:
        return "ParseError"


def _has_relation(text: str) -> bool:
    return "=" in text and len(text) < 2000


def _time(fn: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.3f} ms"


def realistic(repeat: int) -> list[tuple[str, str]]:
    print("1. realistic checks: parse both (uncached) + compare, fastest of", repeat, "runs")
    times = []
    wrong = []
    for a, b, expected in PAIRS:
        verdict = _verdict(a, b)
        if verdict != str(expected):
            wrong.append((a, b, expected, verdict))
        times.append(min(_time(lambda a=a, b=b: _verdict(a, b), repeat)))
    times.sort()
    p90 = times[int(0.9 * (len(times) - 1))]
    print(f"   pairs {len(PAIRS)}   median {_ms(statistics.median(times))}   p90 {_ms(p90)}   "
          f"max {_ms(times[-1])}   verdicts as expected {len(PAIRS) - len(wrong)}/{len(PAIRS)}")  # fmt: skip
    for a, b, expected, verdict in wrong:
        print(f"   WRONG: {a!r} vs {b!r}: expected {expected}, got {verdict}")
    return [(a, b) for a, b, _ in PAIRS]


def hostile(repeat: int) -> list[tuple[str, str]]:
    print()
    print(
        "2. hostile inputs: slowest of",
        repeat,
        "runs (target <= 20 ms, verdict False or ParseError)",
    )
    print(f"   {'case':34} {'slowest':>11}  verdict")
    worst = 0.0
    for name, a, b in HOSTILE:
        verdict = _verdict(a, b)
        slowest = max(_time(lambda a=a, b=b: _verdict(a, b), repeat))
        worst = max(worst, slowest)
        flag = "" if slowest <= 0.020 and verdict in ("False", "ParseError") else "   <-- FAILS"
        print(f"   {name:34} {_ms(slowest)}  {verdict}{flag}")
    print(f"   worst {_ms(worst)}")
    return [(a, b) for _, a, b in HOSTILE]


def threads(checks: list[tuple[str, str]]) -> None:
    print()
    main = [_verdict(a, b) for a, b in checks]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda ab: _verdict(*ab), checks + checks))
    same = got[: len(checks)] == main and got[len(checks) :] == main
    print(
        f"3. thread pool (4 workers, every check twice): verdicts identical to the main thread: {same}"
    )


# ------------------------------------------------------------------------ references


def _rows(path: Path) -> list[tuple[str, str]]:
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row.get("kind") == "expression":
                out.append((row["source"], row["reference"]))
            elif row.get("kind") == "multi":
                for part in row.get("parts") or []:
                    if part.get("kind") == "expression":
                        out.append((row["source"], part["text"]))
    return out


_ORACLE = random.Random(20240601)


def _differs(f: Callable[[dict[str, complex]], complex], g: Callable[[dict[str, complex]], complex],
             names: list[str]) -> bool:  # fmt: skip
    """An independent judge: do f and g differ at one of 12 random points in [0.3, 3]?"""
    for _ in range(12):
        point = {n: complex(_ORACLE.uniform(0.3, 3.0)) for n in names}
        a, b = f(point), g(point)
        if a == a and b == b and abs(a - b) > 1e-3 * max(abs(a), abs(b), 1e-9):
            return True
    return False


def _zeros_on(f: Callable[[dict[str, complex]], complex], g: Callable[[dict[str, complex]], complex],
              names: list[str]) -> bool | None:  # fmt: skip
    """Independent of the engine: at roots of f (mpmath's secant method), does g vanish too?

    ``None`` when no root was found.
    """
    import mpmath

    checked = 0
    for trial in range(6):
        var = names[trial % len(names)]
        point = {n: complex(_ORACLE.uniform(0.3, 3.0)) for n in names}

        def along(z: Any, var: str = var, point: dict[str, complex] = point,
                  h: Callable[[dict[str, complex]], complex] = f) -> Any:  # fmt: skip
            return mpmath.mpc(h({**point, var: complex(z)}))

        try:
            root = complex(mpmath.findroot(along, point[var] * complex(1, 0.2), tol=1e-20))
            step = 1e-6 * (1 + abs(root))
            g0 = complex(along(root, h=g))
            slope = complex(along(root + step, h=g) - along(root - step, h=g)) / (2 * step)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            continue
        if not (g0 == g0 and slope == slope) or slope == 0:
            continue
        checked += 1
        if abs(g0 / slope) > 1e-6 * (1 + abs(root)):  # g's nearest zero is too far away
            return False
    return True if checked else None


def _checks_expression(text: str) -> dict[str, str]:
    e = _parse_expr(text)
    parsed = parse_tree(text)
    body = parsed.body
    out = {"self": "ok" if equivalent(e, _parse_expr(text)) else "FAIL"}
    names = sorted(e.variables)
    for check, perturbed in (("double", f"2*({body})"), ("sign", f"-({body})")):
        try:
            p = _parse_expr(perturbed)
        except ParseError:
            out[check] = "n/a"
            continue
        if not _differs(e.evaluate, p.evaluate, names):
            out[check] = "n/a"
        else:
            out[check] = "FAIL" if equivalent(e, p) else "ok"
    out["swap"] = "n/a"
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]][:12]
    for a, b in pairs:
        swapped = e.renamed({a: b, b: a})
        if _differs(e.evaluate, swapped.evaluate, names):
            out["swap"] = "FAIL" if equivalent(e, swapped) else "ok"
            break
    return out


def _checks_equation(text: str) -> dict[str, str]:
    q = _parse_eq(text)
    parsed = parse_tree(text)
    lhs, rhs = parsed.lhs_text, parsed.rhs_text
    out = {"self": "ok" if equations_equivalent(q, _parse_eq(text)) else "FAIL"}
    names = sorted(q.variables)

    def f_of(eq: Equation) -> Callable[[dict[str, complex]], complex]:
        return lambda p: eq.lhs.evaluate(p) - eq.rhs.evaluate(p)

    def ratio_differs(a: Equation, b: Equation) -> bool:
        fa, fb = f_of(a), f_of(b)
        ratios = []
        for _ in range(8):
            point = {n: complex(_ORACLE.uniform(0.3, 3.0)) for n in names}
            x, y = fa(point), fb(point)
            if x == x and y == y and abs(y) > 1e-12:
                ratios.append(x / y)
        if not (
            len(ratios) >= 2 and any(abs(r - ratios[0]) > 1e-3 * abs(ratios[0]) for r in ratios)
        ):
            return False
        return _zeros_on(fa, fb, names) is False or _zeros_on(fb, fa, names) is False

    for check, perturbed in (("double", f"{lhs} = 2*({rhs})"), ("sign", f"{lhs} = -({rhs})")):
        try:
            p = _parse_eq(perturbed)
        except ParseError:
            out[check] = "n/a"
            continue
        if not ratio_differs(q, p):
            out[check] = "n/a"
        else:
            out[check] = "FAIL" if equations_equivalent(q, p) else "ok"
    out["swap"] = "n/a"
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]][:12]
    for a, b in pairs:
        swapped = q.renamed({a: b, b: a})
        if ratio_differs(q, swapped):
            out["swap"] = "FAIL" if equations_equivalent(q, swapped) else "ok"
            break
    return out


def references(path: Path, show: int) -> None:
    print()
    if not path.exists():
        print(f"4. references: {path} not found (give the path as the first argument)")
        return
    rows = _rows(path)
    print(f"4. references: {path.name}, {len(rows)} expression references (expression rows and "
          "expression parts of multi rows)")  # fmt: skip
    stats: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    failures: dict[str, list[str]] = collections.defaultdict(list)
    check_failures: list[tuple[str, str, str]] = []
    times = []
    for source, text in rows:
        s = stats[source]
        s["n"] += 1
        t0 = time.perf_counter()
        try:
            _parse_expr(text)
            kind = "expression"
        except ParseError as exc:
            try:
                _parse_eq(text)
                kind = "equation"
            except ParseError:
                failures[str(exc).split(" in ")[0][:60]].append(text)
                continue
        times.append(time.perf_counter() - t0)
        s[kind] += 1
        results = _checks_expression(text) if kind == "expression" else _checks_equation(text)
        for check, result in results.items():
            s[f"{check}:{result[:4]}"] += 1
            if result.startswith("FAIL"):
                check_failures.append((check, text, result))
    header = (f"   {'source':10} {'n':>5} {'expr':>5} {'eq':>5} {'parsed':>7}  {'self':>9} "
              f"{'doubled':>13} {'sign flip':>13} {'swapped':>13}")  # fmt: skip
    print(header)
    total: collections.Counter[str] = collections.Counter()
    for source in sorted(stats):
        total.update(stats[source])
        _row(source, stats[source])
    _row("all", total)
    print(
        "   (self: failures; doubled, sign flip, swapped: failures / checked, n/a = unchanged by it)"
    )
    print(f"   parse time per reference (expression, else equation): median "
          f"{statistics.median(times) * 1e6:.0f} µs, max {max(times) * 1e3:.2f} ms")  # fmt: skip
    if check_failures:
        print(f"   check failures ({len(check_failures)}):")
        for check, text, result in check_failures[:show]:
            print(f"     {check}: {text[:100]!r} {result[:60]}")
    print()
    print("   not parsed, by reason:")
    for reason, texts in sorted(failures.items(), key=lambda kv: -len(kv[1])):
        print(f"   {len(texts):4}  {reason:60} e.g. {texts[0][:70]!r}")


def _row(source: str, s: collections.Counter[str]) -> None:
    parsed = s["expression"] + s["equation"]
    rate = parsed / s["n"] if s["n"] else 0.0

    def checked(name: str) -> str:
        fail, ok, na = s[f"{name}:FAIL"], s[f"{name}:ok"], s[f"{name}:n/a"]
        return f"{fail}/{fail + ok} ({na} n/a)"

    print(f"   {source:10} {s['n']:5} {s['expression']:5} {s['equation']:5} {rate:7.1%}  "
          f"{s['self:FAIL']:>4} fail {checked('double'):>13} {checked('sign'):>13} "
          f"{checked('swap'):>13}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("refs", nargs="?", type=Path, default=DEFAULT_REFS)
    parser.add_argument("--repeat", type=int, default=5, help="runs per check (default 5)")
    parser.add_argument("--show", type=int, default=30, help="check failures to list")
    args = parser.parse_args(argv)
    checks = realistic(args.repeat) + hostile(args.repeat)
    threads(checks)
    references(args.refs, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
