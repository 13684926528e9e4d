"""The trees behind :class:`~unitreward.strategies.expression.Formula`: nodes, names, values.

A formula is a small immutable tree of the nodes below: the strategies' own model
of an expression, independent of the engine's grammar. Renderings are printed
from it (:mod:`~unitreward.strategies._formula_text`), equivalent and wrong forms
are edits of it (:mod:`~unitreward.strategies._formula_edit`), and its value is
computed here, in complex floating point with principal branches, so that a
strategy can tell a wrong form that really differs from one that does not.

The constructors :func:`add`, :func:`mul` and :func:`neg` keep trees in one
shape (sums and products flat, numeric coefficients merged into one leading
number, signs pulled out of products) so that printing needs no cleanup.

>>> x, y = Var(Symbol("x")), Var(Symbol("theta"))
>>> tree = mul([Num(Fraction(1, 2)), x, Pow(y, Fraction(2))])
>>> round(value(tree, {"x": 2, "theta": 3}).real, 12)
9.0
"""

from __future__ import annotations

import cmath
import hashlib
import math
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeAlias

__all__ = [
    "FUNCTION_VALUES",
    "GREEK",
    "Add",
    "Div",
    "Fn",
    "Mul",
    "Neg",
    "Node",
    "Num",
    "Pi",
    "Pow",
    "Symbol",
    "Var",
    "add",
    "check_points",
    "children",
    "is_positive",
    "leaves",
    "mul",
    "neg",
    "rebuild",
    "size",
    "to_sympy",
    "value",
    "variables",
    "walk",
]

#: Greek letters a formula may use (by the engine's canonical names), with their characters.
GREEK: Mapping[str, str] = dict(
    zip(
        [
            "alpha",
            "beta",
            "gamma",
            "delta",
            "epsilon",
            "zeta",
            "eta",
            "theta",
            "iota",
            "kappa",
            "lambda",
            "mu",
            "nu",
            "xi",
            "omicron",
            "rho",
            "sigma",
            "tau",
            "upsilon",
            "phi",
            "chi",
            "psi",
            "omega",
            "Gamma",
            "Delta",
            "Theta",
            "Lambda",
            "Xi",
            "Pi",
            "Sigma",
            "Upsilon",
            "Phi",
            "Psi",
            "Omega",
            "hbar",
        ],
        "αβγδεζηθικλμνξορστυφχψωΓΔΘΛΞΠΣΥΦΨΩħ",
        strict=True,
    )
)


@dataclass(frozen=True, slots=True)
class Symbol:
    """A variable's name: a Latin letter or Greek letter, a subscript, primes.

    >>> Symbol("v", "0").name, Symbol("v", "max").name, Symbol("omega", "", 1).name
    ('v_0', 'v_{max}', "omega'")
    """

    base: str
    sub: str = ""
    primes: int = 0

    @property
    def name(self) -> str:
        """The engine's canonical name (``v_0``, ``V_{esc}``, ``theta``, ``omega'``)."""
        text = self.base
        if self.sub:
            text += f"_{self.sub}" if len(self.sub) == 1 else f"_{{{self.sub}}}"
        return text + "'" * self.primes

    @property
    def greek(self) -> bool:
        """Whether the base is a Greek letter."""
        return self.base in GREEK


@dataclass(frozen=True, slots=True)
class Var:
    """A variable."""

    symbol: Symbol


@dataclass(frozen=True, slots=True)
class Num:
    """A positive rational number (negative numbers are :class:`Neg` of one)."""

    value: Fraction


@dataclass(frozen=True, slots=True)
class Pi:
    """The constant π."""


@dataclass(frozen=True, slots=True)
class Add:
    """A sum of two or more terms (a subtracted term is a :class:`Neg`)."""

    terms: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Neg:
    """``-arg``."""

    arg: Node


@dataclass(frozen=True, slots=True)
class Mul:
    """A product of two or more factors."""

    factors: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Div:
    """A quotient ``num / den``."""

    num: Node
    den: Node


@dataclass(frozen=True, slots=True)
class Pow:
    """``base ^ exp`` for a rational exponent (principal branch: ``1/2`` is the square root)."""

    base: Node
    exp: Fraction


@dataclass(frozen=True, slots=True)
class Fn:
    """A function applied to one argument; ``name`` is one of :data:`FUNCTION_VALUES`' keys."""

    name: str
    arg: Node


Node: TypeAlias = Var | Num | Pi | Add | Neg | Mul | Div | Pow | Fn


def _inverse(f: Callable[[complex], complex]) -> Callable[[complex], complex]:
    return lambda z: 1 / f(z)


#: Each function's complex value (principal branches).
FUNCTION_VALUES: Mapping[str, Callable[[complex], complex]] = {
    "sin": cmath.sin,
    "cos": cmath.cos,
    "tan": cmath.tan,
    "cot": _inverse(cmath.tan),
    "exp": cmath.exp,
    "ln": cmath.log,
    "log10": cmath.log10,
    "sinh": cmath.sinh,
    "cosh": cmath.cosh,
    "tanh": cmath.tanh,
    "coth": _inverse(cmath.tanh),
    "arctan": cmath.atan,
}

# ------------------------------------------------------------------------ constructors


def neg(node: Node) -> Node:
    """``-node``, without double negation.

    >>> neg(neg(Var(Symbol("x"))))
    Var(symbol=Symbol(base='x', sub='', primes=0))
    """
    return node.arg if isinstance(node, Neg) else Neg(node)


def add(terms: Sequence[Node]) -> Node:
    """A flat sum (one term is itself).

    >>> add([Var(Symbol("x")), Add((Num(Fraction(1)), Num(Fraction(2))))]).terms[2]
    Num(value=Fraction(2, 1))
    """
    flat: list[Node] = []
    for t in terms:
        flat.extend(t.terms if isinstance(t, Add) else (t,))
    return flat[0] if len(flat) == 1 else Add(tuple(flat))


def mul(factors: Sequence[Node]) -> Node:
    """A flat product: numbers merged into one leading coefficient, then π, signs pulled out.

    >>> x = Var(Symbol("x"))
    >>> mul([x, Num(Fraction(2)), neg(Pi()), Num(Fraction(1, 2))])
    Neg(arg=Mul(factors=(Pi(), Var(symbol=Symbol(base='x', sub='', primes=0)))))
    """
    coefficient = Fraction(1)
    negative = False
    pis: list[Node] = []
    rest: list[Node] = []
    stack = list(reversed(factors))
    while stack:
        f = stack.pop()
        if isinstance(f, Neg):
            negative = not negative
            stack.append(f.arg)
        elif isinstance(f, Mul):
            stack.extend(reversed(f.factors))
        elif isinstance(f, Num):
            coefficient *= f.value
        elif isinstance(f, Pi):
            pis.append(f)
        else:
            rest.append(f)
    out: list[Node] = [Num(coefficient)] if coefficient != 1 or not (pis or rest) else []
    out += pis + rest
    node = out[0] if len(out) == 1 else Mul(tuple(out))
    return Neg(node) if negative else node


# ---------------------------------------------------------------------------- walks


def children(node: Node) -> tuple[Node, ...]:
    """The direct subtrees of a node."""
    if isinstance(node, Add):
        return node.terms
    if isinstance(node, Mul):
        return node.factors
    if isinstance(node, Div):
        return (node.num, node.den)
    if isinstance(node, (Neg, Fn)):
        return (node.arg,)
    if isinstance(node, Pow):
        return (node.base,)
    return ()


def rebuild(node: Node, new: Sequence[Node]) -> Node:
    """``node`` with its children replaced by ``new`` (through the constructors)."""
    if isinstance(node, Add):
        return add(new)
    if isinstance(node, Mul):
        return mul(new)
    if isinstance(node, Div):
        return Div(new[0], new[1])
    if isinstance(node, Neg):
        return neg(new[0])
    if isinstance(node, Fn):
        return Fn(node.name, new[0])
    if isinstance(node, Pow):
        return Pow(new[0], node.exp)
    return node


def walk(node: Node) -> Iterator[Node]:
    """Every node, parents before children, left to right."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(children(n)))


def size(node: Node) -> int:
    """The number of nodes.

    >>> size(mul([Num(Fraction(2)), Var(Symbol("x"))]))
    3
    """
    return sum(1 for _ in walk(node))


def leaves(node: Node) -> int:
    """The number of leaves (variables, numbers, π)."""
    return sum(1 for n in walk(node) if isinstance(n, (Var, Num, Pi)))


def variables(node: Node) -> tuple[Symbol, ...]:
    """The distinct variables, in order of first appearance."""
    return tuple(dict.fromkeys(n.symbol for n in walk(node) if isinstance(n, Var)))


def is_positive(node: Node) -> bool:
    """Whether the node is positive wherever the variables are (its variables are positive).

    >>> is_positive(Div(Var(Symbol("x")), Num(Fraction(2)))), is_positive(neg(Var(Symbol("x"))))
    (True, False)
    """
    if isinstance(node, (Var, Num, Pi)):
        return True
    if isinstance(node, (Add, Mul, Div)):
        return all(is_positive(c) for c in children(node))
    if isinstance(node, Pow):
        return is_positive(node.base)
    if isinstance(node, Fn):
        return node.name in ("exp", "cosh") and _is_real(node.arg)
    return False


def _is_real(node: Node) -> bool:
    if isinstance(node, (Var, Num, Pi)):
        return True
    if isinstance(node, (Add, Mul, Div, Neg)):
        return all(_is_real(c) for c in children(node))
    if isinstance(node, Pow):
        return (node.exp.denominator == 1 and _is_real(node.base)) or is_positive(node.base)
    if isinstance(node, Fn):
        return node.name in ("sin", "cos", "exp", "sinh", "cosh", "tanh", "arctan") and _is_real(
            node.arg
        )
    return False


# ---------------------------------------------------------------------------- values

_NAN = complex(math.nan, math.nan)


def value(node: Node, point: Mapping[str, complex]) -> complex:
    """The complex value at a point (principal branches, a cut read on its +0 side; NaN
    where undefined or overflowing).

    Raises:
        KeyError: ``point`` lacks one of the variables.

    >>> value(Pow(Var(Symbol("x")), Fraction(1, 2)), {"x": -4})
    2j
    """
    try:
        z = _value(node, point)
        abs(z)  # overflows for 1e308+1e308j: undefined too
    except (ZeroDivisionError, OverflowError, ValueError):
        return _NAN
    return z if math.isfinite(z.real) and math.isfinite(z.imag) else _NAN


def _value(node: Node, point: Mapping[str, complex]) -> complex:
    if isinstance(node, Var):
        return complex(point[node.symbol.name])
    if isinstance(node, Num):
        return complex(node.value)
    if isinstance(node, Pi):
        return complex(math.pi)
    if isinstance(node, Add):
        return sum((_value(t, point) for t in node.terms), 0j)
    if isinstance(node, Mul):
        out = 1 + 0j
        for f in node.factors:
            out *= _value(f, point)
        return out
    if isinstance(node, Neg):
        return -_value(node.arg, point)
    if isinstance(node, Div):
        return _value(node.num, point) / _value(node.den, point)
    # a zero imaginary part is +0 before a branch cut (as the engine reads it): the sign
    # of a zero depends on how a value was computed, not on the formula
    if isinstance(node, Pow):
        base = _value(node.base, point)
        if node.exp.denominator == 1:
            return base ** int(node.exp)
        if node.exp == Fraction(1, 2):
            return cmath.sqrt(base + 0j)
        return (base + 0j) ** float(node.exp)
    return FUNCTION_VALUES[node.name](_value(node.arg, point) + 0j)


def check_points(names: Sequence[str], count: int = 12) -> list[dict[str, complex]]:
    """``count`` points with each variable in ``[0.5, 2.5]``, seeded by its name.

    The same name gets the same coordinates in every formula, process and run
    (a hash of the name, never Python's salted ``hash``).

    >>> check_points(["x"], 2) == check_points(["x"], 2)
    True
    """
    columns = {}
    for name in names:
        seed = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big")
        rng = random.Random(seed)
        columns[name] = [complex(rng.uniform(0.5, 2.5)) for _ in range(count)]
    return [{name: columns[name][i] for name in names} for i in range(count)]


# ---------------------------------------------------------------------------- sympy


def to_sympy(node: Node) -> Any:
    """The sympy form, with positive symbols named as the engine names variables.

    >>> to_sympy(Div(Var(Symbol("v", "0")), Pow(Var(Symbol("x")), Fraction(1, 2))))
    v_0/sqrt(x)
    """
    import sympy

    return _to_sympy(node, sympy)


def _to_sympy(node: Node, sympy: Any) -> Any:
    if isinstance(node, Var):
        return sympy.Symbol(node.symbol.name, positive=True)
    if isinstance(node, Num):
        return sympy.Rational(node.value.numerator, node.value.denominator)
    if isinstance(node, Pi):
        return sympy.pi
    if isinstance(node, Add):
        return sympy.Add(*(_to_sympy(t, sympy) for t in node.terms))
    if isinstance(node, Mul):
        return sympy.Mul(*(_to_sympy(f, sympy) for f in node.factors))
    if isinstance(node, Neg):
        return -_to_sympy(node.arg, sympy)
    if isinstance(node, Div):
        return _to_sympy(node.num, sympy) / _to_sympy(node.den, sympy)
    if isinstance(node, Pow):
        exponent = sympy.Rational(node.exp.numerator, node.exp.denominator)
        return sympy.Pow(_to_sympy(node.base, sympy), exponent)
    arg = _to_sympy(node.arg, sympy)
    if node.name == "ln":
        return sympy.log(arg)
    if node.name == "log10":
        return sympy.log(arg, 10)
    if node.name == "arctan":
        return sympy.atan(arg)
    return getattr(sympy, node.name)(arg)
