"""Reading a reference text into a formula tree, through unitreward's engine.

:func:`from_text` parses with :func:`unitreward.engine.expression.parse_expression`
and converts the engine's tree into the strategies' own (:mod:`~unitreward.strategies._formula`),
so that a user's own reference answers can be rendered and broken like drawn
formulas. Only what the printer can spell is converted: numbers, variables
whose names are a letter (or a Greek letter) with a subscript and primes, π,
sums, products, quotients, rational powers, roots, ``e^x`` and the functions of
:data:`~unitreward.strategies._formula.FUNCTION_VALUES`. The result is checked
against the engine's own value at the check points, so a reading that differs
(an odd root of a negative number, which the engine takes real) is refused.

>>> from_text(r"\\frac{v_0^2}{2\\mu g}")
Div(num=Pow(base=Var(symbol=Symbol(base='v', sub='0', primes=0)), exp=Fraction(2, 1)), den=Mul(factors=(Num(value=Fraction(2, 1)), Var(symbol=Symbol(base='mu', sub='', primes=0)), Var(symbol=Symbol(base='g', sub='', primes=0)))))
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

from unitreward.strategies._formula import (
    FUNCTION_VALUES,
    GREEK,
    Div,
    Fn,
    Neg,
    Node,
    Num,
    Pi,
    Pow,
    Symbol,
    Var,
    add,
    check_points,
    mul,
    neg,
    value,
    variables,
)

__all__ = ["from_text"]

_NAME = re.compile(r"([A-Za-z]+)(?:_([A-Za-z0-9])|_\{([A-Za-z0-9]{2,12})\})?('{0,3})")
_RENAMED = {"atan": "arctan"}


def from_text(text: str) -> Node:
    """The formula tree of a reference expression.

    Raises:
        ValueError: The engine cannot read it, or it holds something the
            printer cannot spell (a decorated or multi-letter name, an
            uninterpreted function, ``x^y`` with a variable exponent, ``|x|``,
            ``n!``), or it is defined at fewer than six of the check points.
    """
    from unitreward.engine.errors import ParseError
    from unitreward.engine.expression import parse_expression

    try:
        expression = parse_expression(text)
    except ParseError as exc:
        raise ValueError(str(exc)) from None
    tree = _convert(expression._tree)
    names = sorted(s.name for s in variables(tree))
    if sorted(expression.variables) != names:
        raise ValueError(f"cannot spell every variable of {text!r}")
    defined = 0
    for point in check_points(names):
        ours, theirs = value(tree, point), expression.evaluate(point)
        if math.isnan(ours.real) or not (math.isfinite(theirs.real) and math.isfinite(theirs.imag)):
            continue
        if abs(ours - theirs) > 1e-9 * max(abs(ours), abs(theirs), 1e-300):
            raise ValueError(f"cannot spell {text!r} faithfully (a root of a negative number?)")
        defined += 1
    if defined < 6:
        raise ValueError(f"{text!r} is undefined at most points with variables in [0.5, 2.5]")
    return tree


def _number(node: Any) -> Fraction | None:
    """A constant rational node's value (``1/2`` is ``mul(1, pow(2, -1))``); else ``None``."""
    kind = node[0]
    if kind == "num":
        return Fraction(node[2])
    if kind == "mul":
        out = Fraction(1)
        for child in node[1]:
            v = _number(child)
            if v is None:
                return None
            out *= v
        return out
    if kind == "pow":
        base, exponent = _number(node[1]), _number(node[2])
        if base is None or exponent is None or exponent.denominator != 1 or base == 0:
            return None
        if abs(exponent) > 12:
            return None
        return base ** int(exponent)
    return None


def _symbol(name: str) -> Symbol:
    m = _NAME.fullmatch(name)
    if m is None or not (len(m[1]) == 1 or m[1] in GREEK):
        raise ValueError(f"cannot spell the variable {name!r}")
    return Symbol(m[1], m[2] or m[3] or "", len(m[4]))


def _convert(node: Any) -> Node:
    kind = node[0]
    if kind == "num":
        v = Fraction(node[2])
        return neg(Num(-v)) if v < 0 else Num(v)
    if kind == "sym":
        return Var(_symbol(node[1]))
    if kind == "pi":
        return Pi()
    if kind == "e":
        return Fn("exp", Num(Fraction(1)))
    if kind == "add":
        return add([_convert(c) for c in node[1]])
    if kind == "mul":
        return _product(node[1])
    if kind == "pow":
        return _power(node[1], node[2])
    if kind == "root":
        index = _number(node[2])
        if index is None or index.denominator != 1 or index == 0:
            raise ValueError("cannot spell a root whose index is not a whole number")
        return Pow(_convert(node[1]), 1 / index)
    if kind == "fn":
        name = _RENAMED.get(node[1], node[1])
        arg = _convert(node[2])
        if name == "sqrt":
            return Pow(arg, Fraction(1, 2))
        if name not in FUNCTION_VALUES:
            raise ValueError(f"cannot spell the function {node[1]!r}")
        return Fn(name, arg)
    raise ValueError(f"cannot spell a node of kind {kind!r}")


def _product(factors: tuple[Any, ...]) -> Node:
    """Factors as a quotient: negative powers go below the line."""
    above: list[Node] = []
    below: list[Node] = []
    for f in factors:
        exponent = _number(f[2]) if f[0] == "pow" else None
        if exponent is not None and exponent < 0 and f[1][0] != "e":
            base = _convert(f[1])
            below.append(base if exponent == -1 else Pow(base, -exponent))
        else:
            above.append(_convert(f))
    top = mul(above) if above else Num(Fraction(1))
    if not below:
        return top
    negative = isinstance(top, Neg)
    quotient = Div(neg(top) if negative else top, mul(below))
    return neg(quotient) if negative else quotient


def _power(base: Any, exponent: Any) -> Node:
    if base[0] == "e":
        return Fn("exp", _convert(exponent))
    v = _number(exponent)
    if v is None:
        raise ValueError("cannot spell a power whose exponent is not a rational number")
    if v == 1:
        return _convert(base)
    return Pow(_convert(base), v)
