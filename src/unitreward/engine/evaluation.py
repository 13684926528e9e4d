"""Evaluating expression trees in complex floats at many points at once.

A tree (see :mod:`unitreward.engine.grammar`) is compiled once into a flat
postfix program; :func:`run` evaluates it at ``k`` points in one pass, each
instruction working on a list of ``k`` complex values (so the interpreter's
per-node cost is paid once per node, not once per point). Arithmetic is complex
(``\\sqrt{c - v}`` with ``c < v`` is a number, not an error); a value that is
undefined at a point (a pole, ``\\ln 0``, an overflow) becomes NaN there, never
an exception. The functions, their branches (a cut is read on its principal side)
and the uninterpreted ones are in :mod:`unitreward.engine.functions`;
:func:`run_with_error` bounds the rounding error of a value. Nothing here recurses
on the tree.

The exact evaluations (60-digit mpmath, sympy) are in :mod:`unitreward.engine.precise`;
:func:`run_mp` and :func:`tree_to_sympy` are importable from here too.

>>> prog = compile_tree(("add", (("sym", "x"), ("num", 1.0, "1"))), {"x": 0})
>>> run(prog, [[1 + 0j, 2 + 0j]], 2)
[(2+0j), (3+0j)]
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable, Sequence
from typing import Any

from unitreward.engine.errors import ParseError
from unitreward.engine.functions import (
    _ERRORS,
    BRANCHED,
    FUNCTIONS,
    NAN,
    _root,
    _safe,
    _safe_pow,
    _ufunc,
    is_finite,
    principal,
)
from unitreward.engine.precise import MAX_SYMPY_NODES, run_mp, tree_to_sympy
from unitreward.engine.trees import Node

__all__ = [
    "MAX_SYMPY_NODES",
    "NAN",
    "Program",
    "compile_tree",
    "is_finite",
    "principal",
    "run",
    "run_mp",
    "run_with_error",
    "tree_to_sympy",
]

#: A compiled program: instructions in postfix order.
Program = tuple[tuple[Any, ...], ...]


# ----------------------------------------------------------------------------- compile


def compile_tree(tree: Node, index: dict[str, int]) -> Program:
    """Compile a tree into a postfix program; ``index`` maps variable names to columns.

    >>> compile_tree(("pow", ("sym", "x"), ("num", 2.0, "2")), {"x": 0})
    (('v', 0), ('sq',))
    """
    out: list[tuple[Any, ...]] = []
    stack: list[tuple[Node, bool]] = [(tree, False)]
    while stack:
        node, done = stack.pop()
        kind = node[0]
        if done:
            if kind in ("add", "mul"):
                out.append((kind, len(node[1])))
            elif kind == "pow":
                exponent = node[2]
                if exponent[0] == "num":
                    value = exponent[1]
                    if value == 2:
                        out.append(("sq",))
                    elif value == -1:
                        out.append(("inv",))
                    else:
                        out.append(("powc", complex(value)))
                else:
                    out.append(("pow",))
            elif kind == "fn":
                if node[1] not in FUNCTIONS:
                    raise ParseError(f"unknown function {node[1]!r}")
                out.append(("fn", node[1]))
            elif kind == "root":
                out.append(("root",))
            elif kind == "ufunc":
                out.append(("uf", node[1], len(node[2])))
            continue
        if kind == "num":
            out.append(("c", complex(node[1]), node[2] if len(node) > 2 else repr(node[1])))
        elif kind == "sym":
            out.append(("v", index[node[1]]))
        elif kind == "pi":
            out.append(("c", complex(math.pi), "pi"))
        elif kind == "e":
            out.append(("c", complex(math.e), "e"))
        elif kind == "inf":
            out.append(("c", complex(math.inf * node[1]), "inf"))
        elif kind in ("add", "mul"):
            stack.append((node, True))
            for child in reversed(node[1]):
                stack.append((child, False))
        elif kind == "pow":
            stack.append((node, True))
            if node[2][0] != "num":
                stack.append((node[2], False))
            stack.append((node[1], False))
        elif kind == "root":
            stack.append((node, True))
            stack.append((node[2], False))
            stack.append((node[1], False))
        elif kind == "fn":
            stack.append((node, True))
            stack.append((node[2], False))
        elif kind == "ufunc":
            stack.append((node, True))
            for child in reversed(node[2]):
                stack.append((child, False))
        else:
            raise ParseError(f"unknown node {kind!r}")
    return tuple(out)


# --------------------------------------------------------------------------- evaluate


def run(program: Program, columns: Sequence[Sequence[complex]], k: int) -> list[complex]:
    """Evaluate a program at ``k`` points; ``columns[i]`` holds variable ``i``'s values.

    Undefined values are NaN.

    >>> prog = compile_tree(("fn", "ln", ("sym", "x")), {"x": 0})
    >>> run(prog, [[1 + 0j, 0j]], 2)[0], is_finite(run(prog, [[1 + 0j, 0j]], 2)[1])
    (0j, False)
    """
    stack: list[Sequence[complex]] = []
    push = stack.append
    for ins in program:
        op = ins[0]
        if op == "c":
            push([ins[1]] * k)
        elif op == "v":
            push(columns[ins[1]])
        elif op == "mul":
            n = ins[1]
            acc = stack[-n]
            for j in range(1 - n, 0):
                acc = [x * y for x, y in zip(acc, stack[j], strict=True)]
            del stack[-n:]
            push(acc)
        elif op == "add":
            n = ins[1]
            acc = stack[-n]
            for j in range(1 - n, 0):
                acc = [x + y for x, y in zip(acc, stack[j], strict=True)]
            del stack[-n:]
            push(acc)
        elif op == "sq":
            stack[-1] = [x * x for x in stack[-1]]
        elif op == "inv":
            xs = stack[-1]
            try:
                stack[-1] = [1 / x for x in xs]
            except ZeroDivisionError:
                stack[-1] = [1 / x if x else NAN for x in xs]
        elif op == "powc":
            e = ins[1]
            xs = stack[-1]
            if not e.real.is_integer():
                xs = [x + 0j for x in xs]  # principal(x), inlined
            try:
                stack[-1] = [x**e for x in xs]
            except _ERRORS:
                stack[-1] = [_safe_pow(x, e) for x in xs]
        elif op == "pow":
            es = stack.pop()
            xs = [x + 0j for x in stack[-1]]  # principal(x), inlined
            try:
                stack[-1] = [x**e for x, e in zip(xs, es, strict=True)]
            except _ERRORS:
                stack[-1] = [_safe_pow(x, e) for x, e in zip(xs, es, strict=True)]
        elif op == "fn":
            f = FUNCTIONS[ins[1]]
            xs = stack[-1]
            if ins[1] in BRANCHED:
                xs = [x + 0j for x in xs]  # principal(x), inlined
            try:
                stack[-1] = [f(x) for x in xs]
            except _ERRORS:
                stack[-1] = [_safe(f, x) for x in xs]
        elif op == "root":
            ns = stack.pop()
            xs = stack[-1]
            stack[-1] = [_safe_pow_root(x, n) for x, n in zip(xs, ns, strict=True)]
        elif op == "uf":
            n = ins[2]
            args = stack[-n:]
            del stack[-n:]
            name = ins[1]
            out = []
            for point in zip(*args, strict=True):
                try:
                    out.append(_ufunc(name, point))
                except _ERRORS:
                    out.append(NAN)
            push(out)
    return list(stack[0])


def _safe_pow_root(x: complex, n: complex) -> complex:
    try:
        return _root(x, n)
    except _ERRORS:
        return NAN


# ------------------------------------------------------------------- rounding error

_EPS = 2.3e-16


_SLOPES: dict[str, Callable[[complex, complex], complex]] = {
    "sin": lambda u, v: cmath.cos(u),
    "cos": lambda u, v: cmath.sin(u),
    "tan": lambda u, v: 1 + v * v,
    "cot": lambda u, v: 1 + v * v,
    "sec": lambda u, v: v * cmath.tan(u),
    "csc": lambda u, v: v / cmath.tan(u),
    "exp": lambda u, v: v,
    "ln": lambda u, v: 1 / u,
    "sqrt": lambda u, v: 1 / (2 * v),
    "sinh": lambda u, v: cmath.cosh(u),
    "cosh": lambda u, v: cmath.sinh(u),
    "tanh": lambda u, v: 1 - v * v,
    "abs": lambda u, v: 1,
}


def _slope(name: str, f: Callable[[complex], complex], u: complex, value: complex) -> complex:
    """|f'(u)|: exact for the common functions, else a small central difference."""
    exact = _SLOPES.get(name)
    if exact is not None:
        return exact(u, value)
    h = min(1e-3, 1e-7 * max(1.0, abs(u)))
    return (f(u + h) - f(u - h)) / (2 * h)


def run_with_error(program: Program, point: Sequence[complex]) -> tuple[complex, float]:
    """The value at one point and a first-order bound of its floating-point error.

    Each input carries a relative error of one unit in the last place; sums add
    absolute errors, products relative ones, and a function ``f`` scales its
    argument's error by ``|f'|`` (a central difference). ``\\sin`` of a large
    argument or a difference of large terms gets a large bound, so comparing two
    renderings there allows for it (error analysis as in Higham's *Accuracy and
    Stability of Numerical Algorithms*, ch. 3, to first order).

    >>> prog = compile_tree(("add", (("sym", "x"), ("num", -1e8, "-1e8"))), {"x": 0})
    >>> value, error = run_with_error(prog, [1e8 + 1])
    >>> value, error > 1e-8
    ((1+0j), True)
    """
    stack: list[tuple[complex, float]] = []
    try:
        for ins in program:
            op = ins[0]
            if op == "c":
                stack.append((ins[1], abs(ins[1]) * _EPS))
            elif op == "v":
                z = complex(point[ins[1]])
                stack.append((z, abs(z) * _EPS))
            elif op == "add":
                n = ins[1]
                terms = stack[-n:]
                del stack[-n:]
                total = sum((t[0] for t in terms), 0j)
                stack.append((total, sum(t[1] for t in terms) + abs(total) * _EPS))
            elif op == "mul":
                n = ins[1]
                factors = stack[-n:]
                del stack[-n:]
                product = 1 + 0j
                for factor in factors:
                    product *= factor[0]
                err = 0.0
                for i, factor in enumerate(factors):
                    others = 1.0
                    for j, other in enumerate(factors):
                        if j != i:
                            others *= abs(other[0])
                    err += factor[1] * others
                stack.append((product, err + abs(product) * _EPS))
            elif op in ("sq", "inv", "powc"):
                x, ex = stack.pop()
                e = 2 + 0j if op == "sq" else (-1 + 0j if op == "inv" else ins[1])
                value = principal(x) ** e
                rel = abs(e) * ex / abs(x) if x else math.inf
                stack.append((value, abs(value) * (rel + _EPS)))
            elif op == "pow":
                y, ey = stack.pop()
                x, ex = stack.pop()
                x = principal(x)
                value = x**y
                rel = (abs(y) * ex / abs(x) + abs(cmath.log(x)) * ey) if x else math.inf
                stack.append((value, abs(value) * (rel + _EPS)))
            elif op == "root":
                n, _ = stack.pop()
                x, ex = stack.pop()
                value = _root(x, n)
                rel = ex / (abs(n) * abs(x)) if x else math.inf
                stack.append((value, abs(value) * (rel + _EPS)))
            elif op == "fn":
                f = FUNCTIONS[ins[1]]
                u, eu = stack.pop()
                u = principal(u)
                value = f(u)
                stack.append((value, abs(_slope(ins[1], f, u, value)) * eu + abs(value) * _EPS))
            elif op == "uf":
                n = ins[2]
                args = stack[-n:]
                del stack[-n:]
                values = [a[0] for a in args]
                value = _ufunc(ins[1], values)
                err = abs(value) * _EPS
                for i, (a, ea) in enumerate(args):
                    h = 1e-6 * max(1.0, abs(a))
                    moved = [*values[:i], a + h, *values[i + 1 :]]
                    err += abs((_ufunc(ins[1], moved) - value) / h) * ea
                stack.append((value, err))
    except _ERRORS:
        return NAN, math.inf
    value, err = stack[0]
    return value, err if math.isfinite(err) else math.inf
