"""Evaluating expression trees: complex floats at many points at once, mpmath, sympy.

A tree (see :mod:`unitreward.engine.grammar`) is compiled once into a flat
postfix program; :func:`run` evaluates it at ``k`` points in one pass, each
instruction working on a list of ``k`` complex values (so the interpreter's
per-node cost is paid once per node, not once per point). Arithmetic is complex
(``\\sqrt{c - v}`` with ``c < v`` is a number, not an error); a value that is
undefined at a point (a pole, ``\\ln 0``, an overflow) becomes NaN there, never
an exception. Nothing here recurses on the tree except :func:`tree_to_sympy`,
whose depth the parser bounds.

:func:`run_mp` evaluates the same program at one point with mpmath (sympy's
arbitrary-precision library) in a private context (thread-safe); decimals are
read from their text, so ``0.1`` is exactly one tenth.

Uninterpreted functions (``S(T, L)``) are a fixed smooth function of their
arguments whose coefficients come from a hash of the name (never Python's
salted ``hash``), so they evaluate the same in every process and thread.

>>> prog = compile_tree(("add", (("sym", "x"), ("num", 1.0, "1"))), {"x": 0})
>>> run(prog, [[1 + 0j, 2 + 0j]], 2)
[(2+0j), (3+0j)]
"""

from __future__ import annotations

import cmath
import hashlib
import math
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from unitreward.engine.errors import ParseError
from unitreward.engine.trees import Node, tree_size

__all__ = [
    "MAX_SYMPY_NODES",
    "NAN",
    "Program",
    "compile_tree",
    "is_finite",
    "run",
    "run_mp",
    "run_with_error",
    "tree_to_sympy",
]

NAN = complex(math.nan, math.nan)
MAX_SYMPY_NODES = 600

#: A compiled program: instructions in postfix order.
Program = tuple[tuple[Any, ...], ...]

_ERRORS = (ValueError, OverflowError, ZeroDivisionError, TypeError)


def is_finite(z: complex) -> bool:
    """Whether both parts of ``z`` are finite.

    >>> is_finite(1 + 2j), is_finite(NAN)
    (True, False)
    """
    return math.isfinite(z.real) and math.isfinite(z.imag)


# ------------------------------------------------------------------------ the functions


def _gamma(z: complex) -> complex:
    """Γ(z) for complex z (Lanczos, g=7), exact-ish via :func:`math.gamma` on the reals."""
    if z.imag == 0:
        return complex(math.gamma(z.real))
    if z.real < 0.5:
        return cmath.pi / (cmath.sin(cmath.pi * z) * _gamma(1 - z))
    z -= 1
    x: complex = _LANCZOS[0]
    for i in range(1, 9):
        x += _LANCZOS[i] / (z + i)
    t = z + 7.5
    return math.sqrt(2 * math.pi) * t ** (z + 0.5) * cmath.exp(-t) * x


_LANCZOS = (
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7,
)


def _inverse(f: Callable[[complex], complex]) -> Callable[[complex], complex]:
    return lambda z: f(1 / z)


_FUNCTIONS: dict[str, Callable[[complex], complex]] = {
    "sin": cmath.sin,
    "cos": cmath.cos,
    "tan": cmath.tan,
    "cot": lambda z: 1 / cmath.tan(z),
    "sec": lambda z: 1 / cmath.cos(z),
    "csc": lambda z: 1 / cmath.sin(z),
    "asin": cmath.asin,
    "acos": cmath.acos,
    "atan": cmath.atan,
    "acot": _inverse(cmath.atan),
    "asec": _inverse(cmath.acos),
    "acsc": _inverse(cmath.asin),
    "sinh": cmath.sinh,
    "cosh": cmath.cosh,
    "tanh": cmath.tanh,
    "coth": lambda z: 1 / cmath.tanh(z),
    "sech": lambda z: 1 / cmath.cosh(z),
    "csch": lambda z: 1 / cmath.sinh(z),
    "asinh": cmath.asinh,
    "acosh": cmath.acosh,
    "atanh": cmath.atanh,
    "acoth": _inverse(cmath.atanh),
    "asech": _inverse(cmath.acosh),
    "acsch": _inverse(cmath.asinh),
    "ln": cmath.log,
    "exp": cmath.exp,
    "sqrt": cmath.sqrt,
    "abs": lambda z: complex(abs(z)),
    "gamma": _gamma,
}


def _safe(f: Callable[[complex], complex], z: complex) -> complex:
    try:
        return f(z)
    except _ERRORS:
        return NAN


def _safe_pow(a: complex, b: complex) -> complex:
    try:
        return a**b
    except _ERRORS:
        return NAN


def _root(a: complex, n: complex) -> complex:
    """The n-th root; a negative real's odd root is the real one (``\\sqrt[3]{-8} = -2``)."""
    if a.imag == 0 and a.real < 0 and n.imag == 0 and n.real % 2 == 1:
        return -complex((-a.real) ** (1 / n.real))
    return a ** (1 / n)


@lru_cache(maxsize=256)
def _ufunc_params(name: str, arity: int) -> tuple[float, ...]:
    """Coefficients of the uninterpreted function ``name`` of ``arity`` arguments."""
    digest = hashlib.blake2b(f"{name}/{arity}".encode(), digest_size=64).digest()
    need = 2 + 3 * arity
    while len(digest) < 2 * need:
        digest += hashlib.blake2b(digest, digest_size=64).digest()
    values = [int.from_bytes(digest[2 * i : 2 * i + 2], "big") / 65535.0 for i in range(need)]
    return tuple(0.3 + v for v in values)  # each in [0.3, 1.3]


def _ufunc(name: str, args: Sequence[complex]) -> complex:
    """c0 + sin(u·x + c1) + (v·x)²/4 + w·x/2: smooth, not symmetric, seeded by the name."""
    p = _ufunc_params(name, len(args))
    n = len(args)
    ux = sum(p[2 + i] * a for i, a in enumerate(args))
    vx = sum(p[2 + n + i] * a for i, a in enumerate(args))
    wx = sum(p[2 + 2 * n + i] * a for i, a in enumerate(args))
    return p[0] + cmath.sin(ux + p[1]) + vx * vx / 4 + wx / 2


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
                if node[1] not in _FUNCTIONS:
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
            try:
                stack[-1] = [x**e for x in xs]
            except _ERRORS:
                stack[-1] = [_safe_pow(x, e) for x in xs]
        elif op == "pow":
            es = stack.pop()
            xs = stack[-1]
            try:
                stack[-1] = [x**e for x, e in zip(xs, es, strict=True)]
            except _ERRORS:
                stack[-1] = [_safe_pow(x, e) for x, e in zip(xs, es, strict=True)]
        elif op == "fn":
            f = _FUNCTIONS[ins[1]]
            xs = stack[-1]
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
                value = x**e
                rel = abs(e) * ex / abs(x) if x else math.inf
                stack.append((value, abs(value) * (rel + _EPS)))
            elif op == "pow":
                y, ey = stack.pop()
                x, ex = stack.pop()
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
                f = _FUNCTIONS[ins[1]]
                u, eu = stack.pop()
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


# ------------------------------------------------------------------------------ mpmath


def _mp_functions(mp: Any) -> dict[str, Callable[[Any], Any]]:
    names = [
        "sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "asec",
        "acsc", "sinh", "cosh", "tanh", "coth", "sech", "csch", "asinh", "acosh", "atanh",
        "acoth", "asech", "acsch", "exp", "sqrt", "gamma",
    ]  # fmt: skip
    table: dict[str, Callable[[Any], Any]] = {n: getattr(mp, n) for n in names}
    table["ln"] = mp.log
    table["abs"] = lambda z: mp.mpf(abs(z))
    return table


def run_mp(program: Program, point: Sequence[Any], mp: Any) -> Any:
    """Evaluate a program at one point in an mpmath context ``mp``; ``None`` if undefined.

    >>> import mpmath
    >>> ctx = mpmath.MPContext()
    >>> ctx.dps = 30
    >>> prog = compile_tree(("fn", "sqrt", ("num", 2.0, "2")), {})
    >>> str(run_mp(prog, [], ctx).real)[:12]
    '1.4142135623'
    """
    table = _mp_functions(mp)
    stack: list[Any] = []
    try:
        for ins in program:
            op = ins[0]
            if op == "c":
                text = ins[2]
                if text == "pi":
                    stack.append(mp.mpc(mp.pi))
                elif text == "e":
                    stack.append(mp.mpc(mp.e))
                elif text == "inf":
                    return None
                else:
                    stack.append(mp.mpc(mp.mpf(text)))
            elif op == "v":
                stack.append(point[ins[1]])
            elif op in ("mul", "add"):
                n = ins[1]
                acc = stack[-n]
                for j in range(1 - n, 0):
                    acc = acc * stack[j] if op == "mul" else acc + stack[j]
                del stack[-n:]
                stack.append(acc)
            elif op == "sq":
                stack[-1] = stack[-1] * stack[-1]
            elif op == "inv":
                if stack[-1] == 0:
                    return None
                stack[-1] = 1 / stack[-1]
            elif op == "powc":
                e = ins[1]
                exponent = int(e.real) if e.real.is_integer() else mp.mpf(repr(e.real))
                if stack[-1] == 0 and e.real <= 0:
                    return None
                stack[-1] = mp.power(stack[-1], exponent)
            elif op == "pow":
                e = stack.pop()
                if stack[-1] == 0 and mp.re(e) <= 0:
                    return None
                stack[-1] = mp.power(stack[-1], e)
            elif op == "fn":
                stack[-1] = mp.mpc(table[ins[1]](stack[-1]))
            elif op == "root":
                n = stack.pop()
                x = stack[-1]
                if mp.im(x) == 0 and mp.re(x) < 0 and mp.im(n) == 0 and mp.re(n) % 2 == 1:
                    stack[-1] = -mp.power(-x, 1 / n)
                else:
                    stack[-1] = mp.power(x, 1 / n)
            elif op == "uf":
                n = ins[2]
                args = stack[-n:]
                del stack[-n:]
                p = _ufunc_params(ins[1], n)
                ux = sum((p[2 + i] * a for i, a in enumerate(args)), mp.mpc(0))
                vx = sum((p[2 + n + i] * a for i, a in enumerate(args)), mp.mpc(0))
                wx = sum((p[2 + 2 * n + i] * a for i, a in enumerate(args)), mp.mpc(0))
                stack.append(p[0] + mp.sin(ux + p[1]) + vx * vx / 4 + wx / 2)
    except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError):
        return None
    return stack[0]


# ------------------------------------------------------------------------------- sympy


def tree_to_sympy(tree: Node) -> Any:
    """The exact sympy form of a tree (imports sympy on first use).

    Decimals become rationals (``0.1`` is ``1/10``), ``e`` is ``E``, ``\\log`` is
    natural, ``n!`` is ``gamma(n + 1)``, uninterpreted functions are
    ``sympy.Function``. Powers of numbers beyond 10^100 and Γ of numbers beyond
    100 are left unevaluated, so building never computes a huge integer.

    Raises:
        ParseError: The tree has more than :data:`MAX_SYMPY_NODES` nodes.

    >>> tree_to_sympy(("mul", (("num", 0.5, "0.5"), ("fn", "sqrt", ("num", 2.0, "2")))))
    sqrt(2)/2
    """
    size = tree_size(tree)
    if size > MAX_SYMPY_NODES:
        raise ParseError(f"expression too large for sympy ({size} nodes)")
    import sympy

    return _to_sympy(tree, sympy)


def _to_sympy(node: Node, sympy: Any) -> Any:
    kind = node[0]
    if kind == "num":
        return sympy.Rational(node[2] if len(node) > 2 else repr(float(node[1])))
    if kind == "sym":
        return sympy.Symbol(node[1])
    if kind == "pi":
        return sympy.pi
    if kind == "e":
        return sympy.E
    if kind == "inf":
        return sympy.oo if node[1] > 0 else -sympy.oo
    if kind == "add":
        return sympy.Add(*[_to_sympy(c, sympy) for c in node[1]])
    if kind == "mul":
        return sympy.Mul(*[_to_sympy(c, sympy) for c in node[1]])
    if kind == "pow":
        base = _to_sympy(node[1], sympy)
        exponent = _to_sympy(node[2], sympy)
        small = not (base.is_number and exponent.is_number) or (
            abs(float(exponent)) <= 100 and abs(float(base)) <= 1e100
            if exponent.is_real and base.is_real
            else False
        )
        return sympy.Pow(base, exponent, evaluate=small)
    if kind == "root":
        radicand = _to_sympy(node[1], sympy)
        index = _to_sympy(node[2], sympy)
        if radicand.is_number and radicand.is_negative and index.is_integer and index % 2 == 1:
            return -sympy.root(-radicand, index)
        return sympy.root(radicand, index)
    if kind == "fn":
        name = node[1]
        arg = _to_sympy(node[2], sympy)
        if name == "gamma":
            small = not arg.is_number or (arg.is_real and abs(float(arg)) <= 100)
            return sympy.gamma(arg, evaluate=small)
        func = {"ln": sympy.log, "abs": sympy.Abs}.get(name) or getattr(sympy, name)
        return func(arg)
    if kind == "ufunc":
        return sympy.Function(node[1])(*[_to_sympy(c, sympy) for c in node[2]])
    raise ParseError(f"unknown node {kind!r}")
