"""Edits of formula trees: rewrites that keep the value, and wrong forms that change it.

:func:`rewrite` returns an equivalent tree: sums and products reordered, products
distributed over sums and sums factored, quotients reshaped (``\\frac{m v^2}{2}``,
``\\frac{1}{2} m v^2``, ``m v^2 \\cdot 2^{-1}``), negative powers as quotients,
roots of products split, ``e^{a+b}`` as ``e^a e^b``. Each rewrite is an identity
of complex numbers with principal branches, except two that hold where the
variables are positive, as physical magnitudes are (and as unitreward's engine
and the sympy oracle of the tests assume): the square root of a product of
positive factors is the product of their roots, and so for the cube root.

:func:`wrong_forms` lists every wrong form of one kind that really differs from
the formula: at least half of :func:`~unitreward.strategies._formula.check_points`
(and at least three) differ beyond a relative threshold, so that no wrong form
passes for right because of a term that cancels or a factor that happens to be 1.

>>> from fractions import Fraction
>>> from unitreward.strategies._formula import Symbol, Var, add, mul
>>> from unitreward.strategies._spelling import _Plan
>>> x, y = Var(Symbol("x")), Var(Symbol("y"))
>>> rewrite(mul([x, add([y, x])]), _Plan(0)) == mul([x, add([y, x])])
True
>>> [kind for kind, _ in wrong_forms(add([x, y]), ("swapped", "sign"), 1e-2, ())]
['sign', 'sign', 'sign']
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction

from unitreward.strategies._formula import (
    Add,
    Div,
    Fn,
    Mul,
    Neg,
    Node,
    Num,
    Pow,
    Symbol,
    Var,
    add,
    check_points,
    children,
    is_positive,
    mul,
    neg,
    rebuild,
    value,
    variables,
)
from unitreward.strategies._spelling import _Plan

__all__ = ["FUNCTION_SWAPS", "WRONG_KINDS", "differs", "rewrite", "wrong_forms"]

# ------------------------------------------------------------------------------ rewrites


def rewrite(node: Node, plan: _Plan) -> Node:
    """An equivalent tree; every choice is read from ``plan`` (0 keeps the tree as it is)."""
    kids = children(node)
    if kids:
        node = rebuild(node, [rewrite(c, plan) for c in kids])
    if isinstance(node, Add):
        node = _factored(node, plan)
        return Add(_permuted(node.terms, plan)) if isinstance(node, Add) else node
    if isinstance(node, Mul):
        node = _distributed(node, plan)
        return Mul(_permuted(node.factors, plan)) if isinstance(node, Mul) else node
    if isinstance(node, Div):
        return _reshaped(node, plan)
    if isinstance(node, Neg):
        return _sign_moved(node, plan)
    if isinstance(node, Pow):
        return _power_rewritten(node, plan)
    if isinstance(node, Fn) and node.name == "exp":
        return _exponential_rewritten(node, plan)
    return node


def _permuted(items: tuple[Node, ...], plan: _Plan) -> tuple[Node, ...]:
    """A permutation of ``items`` (all of them up to five items; else a rotation, reversed or not)."""
    n = len(items)
    if n <= 5:
        index = plan.pick(range(math.factorial(n)))
        return _nth_permutation(items, index)
    turn = plan.pick(range(n))
    rotated = items[turn:] + items[:turn]
    return rotated[::-1] if plan.flag() else rotated


def _nth_permutation(items: tuple[Node, ...], index: int) -> tuple[Node, ...]:
    pool = list(items)
    out: list[Node] = []
    for k in range(len(pool), 0, -1):
        i, index = divmod(index, math.factorial(k - 1))
        out.append(pool.pop(i))
    return tuple(out)


def _parts(term: Node) -> tuple[bool, Fraction, list[Node]]:
    """A term as (negative, numeric coefficient, other factors)."""
    negative = isinstance(term, Neg)
    if isinstance(term, Neg):
        term = term.arg
    if isinstance(term, Mul):
        coefficient = Fraction(1)
        others: list[Node] = []
        for f in term.factors:
            if isinstance(f, Num):
                coefficient *= f.value
            else:
                others.append(f)
        return negative, coefficient, others
    if isinstance(term, Num):
        return negative, term.value, []
    return negative, Fraction(1), [term]


def _factored(node: Add, plan: _Plan) -> Node:
    """``2a + 2b`` as ``2(a + b)``, ``Mg + mg`` as ``(M + m)g``, when the plan says so."""
    parts = [_parts(t) for t in node.terms]
    options: list[Node] = []
    coefficients = [c for _, c, _ in parts]
    if all(c.denominator == 1 for c in coefficients):
        g = math.gcd(*(c.numerator for c in coefficients))
        if g > 1:
            options.append(Num(Fraction(g)))
    for f in dict.fromkeys(parts[0][2]):
        if all(f in others for _, _, others in parts[1:]):
            options.append(f)
    if not options:
        return node
    common = plan.pick((None, *options))
    if common is None:
        return node
    terms: list[Node] = []
    for negative, coefficient, others in parts:
        rest = list(others)
        if isinstance(common, Num):
            coefficient /= common.value
        else:
            rest.remove(common)
        term = mul([Num(coefficient), *rest])
        terms.append(neg(term) if negative else term)
    inner = add(terms)
    outer = [common, inner] if plan.flag() else [inner, common]
    return Mul(tuple(outer))


def _distributed(node: Mul, plan: _Plan) -> Node:
    """``c(a + b)`` as ``ca + cb``, when the plan says so."""
    at = next((i for i, f in enumerate(node.factors) if isinstance(f, Add)), None)
    if at is None or not plan.flag():
        return node
    before, inner, after = node.factors[:at], node.factors[at], node.factors[at + 1 :]
    assert isinstance(inner, Add)
    return add([mul([*before, t, *after]) for t in inner.terms])


def _reshaped(node: Div, plan: _Plan) -> Node:
    num, den = node.num, node.den
    options = ["keep", "reciprocal"]
    if isinstance(den, Num):
        options.append("coefficient")
    if isinstance(num, Mul):
        options.append("split")
    if isinstance(num, Add):
        options.append("distribute")
    if isinstance(num, Div) or isinstance(den, Div):
        options.append("flatten")
    if isinstance(num, Neg) or isinstance(den, Neg):
        options.append("sign")
    choice = plan.pick(options)
    if choice == "reciprocal":  # a \cdot b^{-1}
        inverse = Pow(den.base, -den.exp) if isinstance(den, Pow) else Pow(den, Fraction(-1))
        return mul([num, inverse]) if not isinstance(num, Num) or num.value != 1 else inverse
    if choice == "coefficient":  # \frac{m v^2}{2} as \frac{1}{2} m v^2
        assert isinstance(den, Num)
        return mul([Num(1 / den.value), num])
    if choice == "split":  # \frac{2 x}{y} as 2 \frac{x}{y}
        assert isinstance(num, Mul)
        return Mul((num.factors[0], Div(mul(num.factors[1:]), den)))
    if choice == "distribute":  # \frac{a + b}{c} as \frac{a}{c} + \frac{b}{c}
        assert isinstance(num, Add)
        return add([neg(Div(t.arg, den)) if isinstance(t, Neg) else Div(t, den) for t in num.terms])
    if choice == "flatten":  # \frac{a/b}{c} as \frac{a}{bc}; \frac{a}{b/c} as \frac{ac}{b}
        if isinstance(num, Div):
            return Div(num.num, mul([num.den, den]))
        assert isinstance(den, Div)
        return Div(mul([num, den.den]), den.num)
    if choice == "sign":  # \frac{-a}{b} as -\frac{a}{b}
        top = num.arg if isinstance(num, Neg) else num
        bottom = den.arg if isinstance(den, Neg) else den
        flips = isinstance(num, Neg) != isinstance(den, Neg)
        return neg(Div(top, bottom)) if flips else Div(top, bottom)
    return node


def _sign_moved(node: Neg, plan: _Plan) -> Node:
    arg = node.arg
    if isinstance(arg, Div):  # -\frac{a}{b} as \frac{-a}{b} or \frac{a}{-b}
        choice = plan.pick(("keep", "numerator", "denominator"))
        if choice == "numerator":
            return Div(neg(arg.num), arg.den)
        if choice == "denominator":
            return Div(arg.num, neg(arg.den))
    elif isinstance(arg, Add) and plan.flag():  # -(a - b) as -a + b
        return add([neg(t) for t in arg.terms])
    return node


def _power_rewritten(node: Pow, plan: _Plan) -> Node:
    base, exp = node.base, node.exp
    options = ["keep"]
    if exp < 0:
        options.append("quotient")
    if isinstance(base, Mul) and (exp.denominator == 1 or is_positive(base)):
        options.append("split")
    choice = plan.pick(options)
    if choice == "quotient":  # x^{-2} as \frac{1}{x^2}; x^{-1/2} as \frac{1}{\sqrt{x}}
        return Div(Num(Fraction(1)), base if exp == -1 else Pow(base, -exp))
    if choice == "split":  # (2 m g)^2 as 2^2 m^2 g^2; \sqrt{2LC} as \sqrt{2}\sqrt{L}\sqrt{C}
        assert isinstance(base, Mul)
        return Mul(tuple(Pow(f, exp) for f in base.factors))
    return node


def _exponential_rewritten(node: Fn, plan: _Plan) -> Node:
    arg = node.arg
    if isinstance(arg, Neg) and plan.flag():  # e^{-x} as \frac{1}{e^{x}}
        return Div(Num(Fraction(1)), Fn("exp", arg.arg))
    if isinstance(arg, Add) and plan.flag():  # e^{a + b} as e^{a} e^{b}
        return Mul(tuple(Fn("exp", t) for t in arg.terms))
    return node


# --------------------------------------------------------------------------- wrong forms

#: Each kind of wrong form, in the order the strategy shrinks through them.
WRONG_KINDS = (
    "doubled",
    "halved",
    "sign",
    "swapped",
    "power",
    "dropped_factor",
    "dropped_term",
    "inverted",
    "function",
    "replaced",
)

#: The function a ``function`` wrong form puts in place of each function.
FUNCTION_SWAPS: Mapping[str, str] = {
    "sin": "cos",
    "cos": "sin",
    "tan": "cot",
    "cot": "tan",
    "sinh": "cosh",
    "cosh": "sinh",
    "tanh": "coth",
    "coth": "tanh",
    "arctan": "tan",
    "ln": "log10",
    "log10": "ln",
}

Path = tuple[int, ...]


def _positions(node: Node, path: Path = ()) -> Iterator[tuple[Path, Node]]:
    """Every node with its path (child indices from the root), parents first."""
    yield path, node
    for i, c in enumerate(children(node)):
        yield from _positions(c, (*path, i))


def _replaced(node: Node, path: Path, new: Node) -> Node:
    if not path:
        return new
    kids = list(children(node))
    kids[path[0]] = _replaced(kids[path[0]], path[1:], new)
    return rebuild(node, kids)


def _at(node: Node, path: Path) -> Node:
    for i in path:
        node = children(node)[i]
    return node


def _renamed(node: Node, names: Mapping[Symbol, Symbol]) -> Node:
    if isinstance(node, Var):
        return Var(names.get(node.symbol, node.symbol))
    kids = children(node)
    return rebuild(node, [_renamed(c, names) for c in kids]) if kids else node


def _scaled(node: Node, factor: Fraction) -> Node:
    """``factor * node`` as a student writes it: ``\\frac{v^2}{g}`` doubles ``\\frac{v^2}{2g}``."""
    if isinstance(node, Neg):
        return neg(_scaled(node.arg, factor))
    if not isinstance(node, Div):
        return mul([Num(factor), node])
    den = node.den
    head = den.factors[0] if isinstance(den, Mul) else den
    if isinstance(head, Num) and (head.value / factor).denominator == 1:
        rest = den.factors[1:] if isinstance(den, Mul) else ()
        smaller = mul([Num(head.value / factor), *rest])
        return node.num if smaller == Num(Fraction(1)) else Div(node.num, smaller)
    if factor > 1:
        return Div(mul([Num(factor), node.num]), den)
    return Div(node.num, mul([Num(1 / factor), den]))


def _changed_exponent(exp: Fraction) -> Fraction:
    """2 -> 3, 3 -> 2, -1 -> -2, 1/2 -> 1, 1/3 -> 2/3, -1/2 -> -1 ..."""
    if exp.denominator != 1:
        return exp * 2
    n = exp.numerator
    if n > 0:
        return Fraction(n + 1 if n <= 2 else n - 1)
    return Fraction(n - 1 if n == -1 else n + 1)


def _candidates(kind: str, root: Node, spare: Sequence[Symbol]) -> Iterator[Node]:
    """Every edit of one kind, before the check that it changes the value."""
    positions = list(_positions(root))
    if kind == "doubled":
        yield _scaled(root, Fraction(2))
    elif kind == "halved":
        yield _scaled(root, Fraction(1, 2))
    elif kind == "sign":
        yield neg(root)
        for path, node in positions:
            if isinstance(node, Add):
                for i, t in enumerate(node.terms):
                    flipped = [*node.terms[:i], neg(t), *node.terms[i + 1 :]]
                    yield _replaced(root, path, add(flipped))
    elif kind == "swapped":
        names = variables(root)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                yield _renamed(root, {a: b, b: a})
    elif kind == "power":
        for path, node in positions:
            if isinstance(node, Pow):
                exp = _changed_exponent(node.exp)
                yield _replaced(root, path, node.base if exp == 1 else Pow(node.base, exp))
        bases = {(*path, 0) for path, node in positions if isinstance(node, Pow)}
        squared = [path for path, node in positions if isinstance(node, Var) and path not in bases]
        for path in squared[:3]:  # x as x^2
            yield _replaced(root, path, Pow(_at(root, path), Fraction(2)))
    elif kind == "dropped_factor":
        for path, node in positions:
            if isinstance(node, Mul):
                for i in range(len(node.factors)):
                    yield _replaced(root, path, mul([*node.factors[:i], *node.factors[i + 1 :]]))
            elif isinstance(node, Div):
                yield _replaced(root, path, node.num)
    elif kind == "dropped_term":
        for path, node in positions:
            if isinstance(node, Add):
                for i in range(len(node.terms)):
                    yield _replaced(root, path, add([*node.terms[:i], *node.terms[i + 1 :]]))
    elif kind == "inverted":
        for path, node in positions:
            if isinstance(node, Div):
                yield _replaced(root, path, Div(node.den, node.num))
    elif kind == "function":
        for path, node in positions:
            if isinstance(node, Fn) and node.name in FUNCTION_SWAPS:
                yield _replaced(root, path, Fn(FUNCTION_SWAPS[node.name], node.arg))
    elif kind == "replaced":
        names = variables(root)
        for a in names:
            for b in (*spare[:1], *names):
                if b != a:
                    yield _renamed(root, {a: b})


def differs(a: Node, b: Node, rel: float) -> bool:
    """Whether ``b`` differs from ``a`` beyond ``rel`` at half the check points (at least 3).

    Both must be defined at six or more of the twelve points.
    """
    names = sorted({s.name for s in (*variables(a), *variables(b))})
    defined = different = 0
    for point in check_points(names):
        va, vb = value(a, point), value(b, point)
        if math.isnan(va.real) or math.isnan(vb.real):
            continue
        defined += 1
        gap = abs(va.real - vb.real) + abs(va.imag - vb.imag)  # never overflows, unlike abs()
        size = max(abs(va.real) + abs(va.imag), abs(vb.real) + abs(vb.imag))
        different += gap > rel * size
    return defined >= 6 and different >= max(3, (defined + 1) // 2)


def wrong_forms(
    root: Node, kinds: Sequence[str], rel: float, spare: Sequence[Symbol]
) -> list[tuple[str, Node]]:
    """Every wrong form of the given kinds that really differs from ``root``, without repeats.

    ``spare`` are variables the formula does not use, for ``replaced``.
    """
    seen: set[Node] = {root}
    out: list[tuple[str, Node]] = []
    for kind in kinds:
        for candidate in _candidates(kind, root, spare):
            if candidate in seen:
                continue
            seen.add(candidate)
            if differs(root, candidate, rel):
                out.append((kind, candidate))
    return out
