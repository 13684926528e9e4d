"""Evaluating a formula exactly: 60-digit mpmath at a point, and sympy's exact form.

:func:`run_mp` evaluates a compiled program (:mod:`unitreward.engine.evaluation`) at
one point with mpmath (sympy's arbitrary-precision library) in a private context
(thread-safe); decimals are read from their text, so ``0.1`` is exactly one tenth.
:func:`tree_to_sympy` builds a tree's exact sympy form (recursing on the tree, whose
depth the parser bounds).

>>> tree_to_sympy(("add", (("sym", "x"), ("num", 0.1, "0.1"))))
x + 1/10
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from unitreward.engine.errors import ParseError
from unitreward.engine.functions import _ufunc_params
from unitreward.engine.trees import Node, tree_size

if TYPE_CHECKING:
    from unitreward.engine.evaluation import Program

__all__ = ["MAX_SYMPY_NODES", "run_mp", "tree_to_sympy"]

#: Trees of more nodes than this are not built in sympy (it gets slow on big trees).
MAX_SYMPY_NODES = 600


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
    >>> from unitreward.engine.evaluation import compile_tree
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
