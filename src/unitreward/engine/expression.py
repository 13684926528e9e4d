"""Symbolic answers: expressions and equations, compared at seeded random points.

:func:`parse_expression` and :func:`parse_equation` read LaTeX and plain text
(the grammar is :mod:`unitreward.engine.grammar`; its docstring lists every
reading choice). :func:`equivalent` and :func:`equations_equivalent` compare.

How two expressions are compared
--------------------------------

Two expressions over different sets of variables are different answers
(``False``). Otherwise both are evaluated, in complex floating point, at
:data:`POINTS` = 10 points whose coordinates are drawn uniformly from
``[0.5, 2.5]`` by a :class:`random.Random` seeded with a hash of the variable
names (so the same pair gets the same verdict in every run and thread, and both
sides see the same points). A point where either side is undefined (a pole,
``\\ln 0``, an overflow) is skipped; at least :data:`MIN_VALID_POINTS` = 6 must
remain, else the next domain is tried (``[0.05, 0.5]``, then ``[2.5, 12]``), else
the verdict is ``False``. The two sides are equivalent when at every remaining
point ``|a - b| <= max(rel_tol * max(|a|, |b|), abs_tol)``, or within 16 times
the first-order bound of the floating-point error of the two evaluations there
(a cancellation of large terms, ``\\sin`` of a large argument;
:func:`~unitreward.engine.evaluation.run_with_error`).

Then :data:`WIDE_POINTS` = 6 more points, one in each of the bands ``10^k`` to
``3·10^k`` for ``k`` = -6, -4, -2, 2, 4, 6 (shuffled per variable), may still
refute (never confirm): where both sides are defined and well conditioned they
must agree too, so a term that only matters far from 1 (``e^{-10^7 t}``,
``10^{-8} x^3``) is not lost.

Why a false positive is unlikely: two different expressions ``f`` and ``g`` built
from these operations are analytic on a connected open domain (off branch cuts),
so ``f - g`` is a nonzero analytic function and its zero set has measure zero
(the Schwartz-Zippel lemma's argument for polynomials, carried to analytic
functions by the identity theorem): a random real point lands on it with
probability 0, and ten independent points with probability 0 ten times over. The
tolerance widens the zero set into a thin band ``|f - g| <= rel_tol·|f|``; for
an answer to pass, all ten points must fall in it. With ``rel_tol = 1e-6`` this
takes an answer within a millionth of the reference over the whole box (two
formulas that differ only by a tiny coefficient, or only where a variable is
huge or tiny beyond the wide points can still agree: points are drawn where
physics variables usually are, near 1, and over twelve orders of magnitude). Complex arithmetic keeps
``\\sqrt{c - v}`` comparable where ``c < v``; the positive domain makes ``|x|``
and ``\\sqrt{x^2}`` agree with ``x``, as they do for physical magnitudes.

``exact=True`` (for a caller whose ``rel_tol`` is 0) first requires agreement to
``1e-10`` at the points above, then decides exactly: rational functions (numbers,
variables, sums, products, integer powers up to 12, at most
:data:`EXACT_SYMPY_NODES` nodes a side) by sympy's ``cancel(a - b) == 0``, which
is a decision procedure; everything else by 60-digit mpmath evaluation at four of
the points (decimals read exactly), equal when they agree to 45 digits. No
``signal``, no unbounded simplification: sympy's ``simplify`` has no time bound,
so it is never called.

Equations: ``f = lhs - rhs`` of each is compared, first up to a nonzero constant
factor (``x^2 + y^2 = 1`` is ``1 - x^2 - y^2 = 0``), then as zero sets (``v = at``
is ``a = v/t``): from each of ten points Newton's method (complex, from a
slightly complex start) finds a root of one side's ``f`` in one variable, and the
other side's ``f`` must vanish there to first order (``|g/g'| <= tol``), both ways.

>>> equivalent(parse_expression(r"\\frac{v_0^2}{2\\mu g}"), parse_expression("v0^2/(2μg)"))
True
>>> equivalent(parse_expression(r"\\frac{\\hbar\\omega}{2}"), parse_expression(r"\\hbar\\omega"))
False
>>> equations_equivalent(parse_equation("x^2+y^2=1"), parse_equation("1-x^2-y^2=0"))
True
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from unitreward.engine.errors import ConfigError, ParseError
from unitreward.engine.evaluation import (
    Program,
    compile_tree,
    is_finite,
    run,
    run_mp,
    run_with_error,
    tree_to_sympy,
)
from unitreward.engine.grammar import parse_tree
from unitreward.engine.trees import Node, add, neg, tree_size, variables_of

__all__ = [
    "EXACT_SYMPY_NODES",
    "MAX_NODES",
    "MIN_VALID_POINTS",
    "POINTS",
    "WIDE_POINTS",
    "Equation",
    "Expression",
    "equations_equivalent",
    "equivalent",
    "parse_equation",
    "parse_expression",
]

POINTS = 10
MIN_VALID_POINTS = 6
MAX_NODES = 4000
EXACT_SYMPY_NODES = 60
EXACT_MP_NODES = 1000
_DOMAINS = ((0.5, 2.5), (0.05, 0.5), (2.5, 12.0))
_WIDE = len(_DOMAINS)  # the wide points' domain index: decades from 1e-6 to 3e6
_WIDE_EXPONENTS = (-6, -4, -2, 2, 4, 6)
WIDE_POINTS = len(_WIDE_EXPONENTS)
_ROUNDING = 16.0  # a value within 16 times its first-order rounding error bound is "equal"


@dataclass(frozen=True, eq=False)
class Expression:
    """A parsed expression: immutable, picklable, safe to share between threads.

    Build one with :func:`parse_expression`.

    Attributes:
        text: The text it was read from.
        variables: The canonical names of its variables (``v_0`` for ``v_{0}``,
            ``v0`` and ``v_0``; ``theta`` for ``\\theta``, ``θ`` and ``theta``).
        size: Its number of tree nodes.

    >>> x = parse_expression(r"\\frac{q_0}{\\sqrt{2LC}}")
    >>> sorted(x.variables), x.size
    (['C', 'L', 'q_0'], 9)
    >>> round(x.evaluate({"q_0": 2, "L": 0.5, "C": 1}).real, 12)
    2.0
    """

    text: str
    variables: frozenset[str]
    size: int
    _tree: Node = field(repr=False)
    _names: tuple[str, ...] = field(repr=False)
    _program: Program = field(repr=False)

    @property
    def is_constant(self) -> bool:
        """Whether it has no variables.

        >>> parse_expression(r"\\sqrt{2}/2").is_constant, parse_expression("2x").is_constant
        (True, False)
        """
        return not self.variables

    @property
    def value(self) -> float | None:
        """The real value of a constant (``None`` for a non-constant, non-real or undefined one).

        >>> parse_expression(r"-\\left(\\frac12 \\log_2 \\frac12 + \\frac12 \\log_2 \\frac12\\right)").value
        1.0
        >>> parse_expression("x").value is None, parse_expression(r"\\sqrt{-1}").value is None
        (True, True)
        """
        if self.variables:
            return None
        z = run(self._program, [], 1)[0]
        if math.isinf(z.real) and z.imag == 0:
            return z.real
        if not is_finite(z) or abs(z.imag) > 1e-12 * max(1.0, abs(z.real)):
            return None
        return z.real

    def evaluate(self, point: Mapping[str, complex]) -> complex:
        """Its value at a point (NaN where undefined).

        Raises:
            ValueError: ``point`` lacks one of the variables.

        >>> parse_expression(r"\\sqrt{c - v}").evaluate({"c": 1, "v": 5})
        2j
        """
        try:
            columns = [[complex(point[name])] for name in self._names]
        except KeyError as exc:
            raise ValueError(f"no value for the variable {exc.args[0]!r}") from None
        return run(self._program, columns, 1)[0]

    def to_sympy(self) -> Any:
        """Its exact sympy form (decimals as rationals; imports sympy on first use).

        Raises:
            ParseError: More than 600 nodes (sympy gets slow on big trees).

        >>> parse_expression(r"\\frac{m v^2}{2}").to_sympy()
        m*v**2/2
        """
        return tree_to_sympy(self._tree)

    def renamed(self, names: Mapping[str, str]) -> Expression:
        """The same expression with variables renamed (all at once, so swaps work).

        >>> e = parse_expression("a - 2b").renamed({"a": "b", "b": "a"})
        >>> e.evaluate({"a": 1, "b": 10})
        (8+0j)
        """
        tree = _rename(self._tree, names)
        return _expression(self.text, tree)

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Expression) and self._tree == other._tree

    def __hash__(self) -> int:
        return hash(self._tree)


@dataclass(frozen=True, eq=False)
class Equation:
    """A parsed equation ``lhs = rhs`` (``\\approx``, ``\\simeq`` and ``≈`` count as ``=``).

    Build one with :func:`parse_equation`.

    Attributes:
        text: The text it was read from.
        lhs: The left side.
        rhs: The right side.
        label: The canonical name of the left side when it is one variable
            (``t``, ``a_n``, ``omega'``, ``I_{max}``) or a labelled function head
            (``I_L`` for ``I_L(t) = ...``, ``S`` for ``S(T, L) = ...``); else ``None``.

    >>> eq = parse_equation(r"t = \\frac{2 v_0 \\sin\\theta}{g}")
    >>> eq.label, sorted(eq.rhs.variables)
    ('t', ['g', 'theta', 'v_0'])
    """

    text: str
    lhs: Expression
    rhs: Expression
    label: str | None
    _names: tuple[str, ...] = field(repr=False)
    _program: Program = field(repr=False)

    @property
    def variables(self) -> frozenset[str]:
        """The variables of both sides.

        >>> sorted(parse_equation("v = a t").variables)
        ['a', 't', 'v']
        """
        return self.lhs.variables | self.rhs.variables

    def renamed(self, names: Mapping[str, str]) -> Equation:
        """The same equation with variables renamed (all at once, so swaps work).

        >>> parse_equation("v = a t").renamed({"v": "u"}).text
        'v = a t'
        >>> sorted(parse_equation("v = a t").renamed({"v": "u"}).variables)
        ['a', 't', 'u']
        """
        label = names.get(self.label, self.label) if self.label is not None else None
        return _equation(self.text, self.lhs.renamed(names), self.rhs.renamed(names), label)

    def __repr__(self) -> str:
        return f"Equation({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Equation)
            and self.lhs == other.lhs
            and self.rhs == other.rhs
            and self.label == other.label
        )

    def __hash__(self) -> int:
        return hash((self.lhs, self.rhs, self.label))


def _rename(tree: Node, names: Mapping[str, str]) -> Node:
    kind = tree[0]
    if kind == "sym":
        return ("sym", names.get(tree[1], tree[1]))
    if kind in ("add", "mul"):
        return (kind, tuple(_rename(c, names) for c in tree[1]))
    if kind in ("pow", "root"):
        return (kind, _rename(tree[1], names), _rename(tree[2], names))
    if kind == "fn":
        return ("fn", tree[1], _rename(tree[2], names))
    if kind == "ufunc":
        return ("ufunc", tree[1], tuple(_rename(c, names) for c in tree[2]))
    return tree


def _expression(text: str, tree: Node) -> Expression:
    size = tree_size(tree)
    if size > MAX_NODES:
        raise ParseError(f"expression too large ({size} nodes) in {text[:80]!r}")
    variables = variables_of(tree)
    names = tuple(sorted(variables))
    program = compile_tree(tree, {n: i for i, n in enumerate(names)})
    return Expression(text, variables, size, tree, names, program)


@lru_cache(maxsize=4096)
def parse_expression(text: str) -> Expression:
    """Read an expression (LaTeX or plain text).

    Surrounding ``$...$``, ``\\(...\\)``, ``\\[...\\]``, ``\\boxed{}``,
    ``\\displaystyle``, ``\\left``/``\\right`` and LaTeX spacing are fine.

    Raises:
        ParseError: Not an expression we read: a relation (use
            :func:`parse_equation`), an integral, sum, limit, derivative, ``\\pm``,
            a matrix, prose, unbalanced brackets, or over 5,000 characters,
            2,500 tokens or about 20 levels of brackets. The message names the input.

    >>> parse_expression(r"$\\frac{(n-1)!}{k!} \\frac{n}{(n-k)!}$").variables == {"n", "k"}
    True
    >>> parse_expression("t = 2")
    Traceback (most recent call last):
    ...
    unitreward.engine.errors.ParseError: a relation ('=') in 't = 2': use parse_equation
    """
    parsed = parse_tree(text)
    if parsed.relation is not None:
        raise ParseError(f"a relation ({parsed.relation!r}) in {text[:200]!r}: use parse_equation")
    return _expression(text, parsed.lhs)


@lru_cache(maxsize=4096)
def parse_equation(text: str) -> Equation:
    """Read an equation: exactly one top-level ``=`` (or ``\\approx``, ``\\simeq``, ``≈``).

    Raises:
        ParseError: No relation, an inequality, a chain (``a = b = c``), or
            anything :func:`parse_expression` refuses.

    >>> parse_equation(r"I_L(t) = 0.05(1 - e^{-10^7 t})").label
    'I_L'
    >>> parse_equation("x^2 + y^2 = 1").label is None
    True
    """
    parsed = parse_tree(text)
    if parsed.relation is None:
        raise ParseError(f"no '=' in {text[:200]!r}")
    if parsed.relation != "=":
        raise ParseError(f"a relation other than '=' ({parsed.relation!r}) in {text[:200]!r}")
    assert parsed.rhs is not None
    return _equation(
        text,
        _expression(parsed.lhs_text, parsed.lhs),
        _expression(parsed.rhs_text, parsed.rhs),
        parsed.label,
    )


def _equation(text: str, lhs: Expression, rhs: Expression, label: str | None) -> Equation:
    names = tuple(sorted(lhs.variables | rhs.variables))
    f = add([lhs._tree, neg(rhs._tree)])
    program = compile_tree(f, {n: i for i, n in enumerate(names)})
    return Equation(text, lhs, rhs, label, names, program)


# -------------------------------------------------------------------------- the points


@lru_cache(maxsize=2048)
def _points(names: tuple[str, ...], domain: int) -> tuple[tuple[str, ...], ...]:
    """Seeded coordinates (decimal strings) for each variable: ``POINTS`` per variable."""
    digest = hashlib.blake2b("\x1f".join(names).encode() + bytes([domain]), digest_size=8)
    rng = random.Random(int.from_bytes(digest.digest(), "big"))
    if domain == _WIDE:  # one point per decade band, shuffled per variable
        columns = []
        for _ in names:
            exponents = list(_WIDE_EXPONENTS)
            rng.shuffle(exponents)
            columns.append(tuple(f"{rng.uniform(1, 3) * 10.0**e:.6g}" for e in exponents))
        return tuple(columns)
    lo, hi = _DOMAINS[domain]
    return tuple(tuple(f"{rng.uniform(lo, hi):.6g}" for _ in range(POINTS)) for _ in names)


@lru_cache(maxsize=2048)
def _columns(names: tuple[str, ...], domain: int) -> tuple[tuple[complex, ...], ...]:
    return tuple(tuple(complex(float(s)) for s in col) for col in _points(names, domain))


def _check_tolerances(rel_tol: float, abs_tol: float) -> None:
    for name, value in (("rel_tol", rel_tol), ("abs_tol", abs_tol)):
        if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise ConfigError(f"{name} must be a finite number >= 0, got {value!r}")


def _close(a: complex, b: complex, rel_tol: float, abs_tol: float) -> bool:
    return abs(a - b) <= max(rel_tol * max(abs(a), abs(b)), abs_tol)


def _rounding(
    pa: Program,
    pb: Program,
    columns: tuple[tuple[complex, ...], ...],
    i: int,
    a: complex,
    b: complex,
) -> bool | None:
    """Two values that differ beyond tolerance, judged against their rounding error.

    ``True``: within 16 times the first-order error bound of both evaluations
    (a cancellation, ``\\sin`` of a large argument). ``None``: the bound is over
    a thousandth of the values, so the point cannot decide either way (it is
    skipped, like an undefined one). ``False``: they differ.
    """
    point = [col[i] for col in columns]
    bound = _ROUNDING * (run_with_error(pa, point)[1] + run_with_error(pb, point)[1])
    if not math.isfinite(bound) or bound > 1e-3 * max(abs(a), abs(b)):
        return None
    return abs(a - b) <= bound


def _valid(
    pa: Program, pb: Program, names: tuple[str, ...]
) -> tuple[int, list[complex], list[complex], list[int]] | None:
    """The first domain where both sides are defined at enough points."""
    for domain in range(len(_DOMAINS)):
        columns = _columns(names, domain)
        va = run(pa, columns, POINTS)
        vb = run(pb, columns, POINTS)
        ok = [i for i in range(POINTS) if is_finite(va[i]) and is_finite(vb[i])]
        if len(ok) >= MIN_VALID_POINTS:
            return domain, va, vb, ok
    return None


def _numeric(
    pa: Program, pb: Program, names: tuple[str, ...], rel_tol: float, abs_tol: float
) -> bool:
    if not names:
        a = run(pa, [], 1)[0]
        b = run(pb, [], 1)[0]
        if not (is_finite(a) and is_finite(b)):
            return (math.isinf(a.real) or math.isinf(b.real)) and a == b
        return _close(a, b, rel_tol, abs_tol) or _rounding(pa, pb, (), 0, a, b) is True
    found = _valid(pa, pb, names)
    if found is None:
        return False
    domain, va, vb, ok = found
    columns = _columns(names, domain)
    decided = 0
    for i in ok:
        a, b = va[i], vb[i]
        if _close(a, b, rel_tol, abs_tol):
            decided += 1
            continue
        verdict = _rounding(pa, pb, columns, i, a, b)
        if verdict is False:
            return False
        decided += verdict is True
    return decided >= MIN_VALID_POINTS and _agree_far(pa, pb, names, rel_tol, abs_tol)


def _agree_far(
    pa: Program, pb: Program, names: tuple[str, ...], rel_tol: float, abs_tol: float
) -> bool:
    """No disagreement at the wide points, where a term like ``e^{-10^7 t}`` is not 0.

    Points where either side is undefined or too ill-conditioned to judge are
    skipped: these can only refute, never confirm.
    """
    columns = _columns(names, _WIDE)
    va = run(pa, columns, WIDE_POINTS)
    vb = run(pb, columns, WIDE_POINTS)
    for i in range(WIDE_POINTS):
        a, b = va[i], vb[i]
        if not (is_finite(a) and is_finite(b)) or _close(a, b, rel_tol, abs_tol):
            continue
        if _rounding(pa, pb, columns, i, a, b) is False:
            return False
    return True


def equivalent(
    a: Expression,
    b: Expression,
    *,
    rel_tol: float = 1e-6,
    abs_tol: float = 0.0,
    exact: bool = False,
) -> bool:
    """Whether two expressions are equal, judged at seeded random points.

    Different sets of variables give ``False`` (a wrong answer, not an error).
    See the module docstring for the points, the domain, the tolerance and why
    a false positive is unlikely.

    Args:
        a: One expression.
        b: The other.
        rel_tol: Relative tolerance at each point.
        abs_tol: Absolute tolerance at each point.
        exact: Decide exactly (sympy for rational functions, 60-digit mpmath
            otherwise) instead of within ``rel_tol``.

    Raises:
        ConfigError: A tolerance is negative or not finite.

    >>> x = parse_expression(r"m_0 \\sqrt{\\frac{c - v}{c + v}}")
    >>> equivalent(x, parse_expression(r"m_0 \\frac{\\sqrt{c-v}}{\\sqrt{c+v}}"))
    True
    >>> equivalent(parse_expression(r"\\frac{\\sqrt2}{2}"), parse_expression("0.7071"), rel_tol=1e-3)
    True
    >>> equivalent(parse_expression(r"\\frac{\\sqrt2}{2}"), parse_expression("0.7071"), exact=True)
    False
    """
    _check_tolerances(rel_tol, abs_tol)
    if a.variables != b.variables:
        return False
    if exact:
        return _exactly_equivalent(a, b)
    return _numeric(a._program, b._program, a._names, rel_tol, abs_tol)


def _is_rational_function(tree: Node) -> bool:
    stack = [tree]
    while stack:
        n = stack.pop()
        kind = n[0]
        if kind in ("num", "sym"):
            continue
        if kind in ("add", "mul"):
            stack.extend(n[1])
        elif kind == "pow" and n[2][0] == "num" and float(n[2][1]).is_integer():
            if abs(n[2][1]) > 12:
                return False
            stack.append(n[1])
        else:
            return False
    return True


def _exactly_equivalent(a: Expression, b: Expression) -> bool:
    if not _numeric(a._program, b._program, a._names, 1e-10, 0.0):
        return False
    if (
        a.size <= EXACT_SYMPY_NODES
        and b.size <= EXACT_SYMPY_NODES
        and _is_rational_function(a._tree)
        and _is_rational_function(b._tree)
    ):
        import sympy

        return bool(sympy.cancel(a.to_sympy() - b.to_sympy()) == 0)
    if a.size > EXACT_MP_NODES or b.size > EXACT_MP_NODES:
        return _numeric(a._program, b._program, a._names, 1e-13, 0.0)
    return _mp_equal(a, b)


def _mp_equal(a: Expression, b: Expression) -> bool:
    """Agreement to 45 digits in 60-digit arithmetic at up to four seeded points."""
    import mpmath  # type: ignore[import-untyped]

    ctx = mpmath.MPContext()
    ctx.dps = 60
    tol = ctx.mpf(10) ** -45
    if not a._names:
        points: list[list[Any]] = [[]]
    else:
        found = _valid(a._program, b._program, a._names)
        if found is None:
            return False
        domain, _, _, ok = found
        coords = _points(a._names, domain)
        points = [[ctx.mpc(ctx.mpf(col[i])) for col in coords] for i in ok[:4]]
    compared = 0
    for point in points:
        va = run_mp(a._program, point, ctx)
        vb = run_mp(b._program, point, ctx)
        if va is None or vb is None:
            continue
        if abs(va - vb) > tol * max(abs(va), abs(vb), ctx.mpf(10) ** -10):
            return False
        compared += 1
    return compared >= min(2, len(points))


# ---------------------------------------------------------------------------- equations


def equations_equivalent(
    a: Equation,
    b: Equation,
    *,
    rel_tol: float = 1e-6,
    abs_tol: float = 0.0,
    exact: bool = False,
) -> bool:
    """Whether two equations say the same thing.

    ``f = lhs - rhs`` of each must agree up to a nonzero constant factor at the
    seeded points (sides swapped, both sides scaled), or else have the same
    zeros (``v = at`` and ``a = v/t``), found by Newton's method from each point;
    see the module docstring. Different sets of variables give ``False``.

    Args:
        a: One equation.
        b: The other.
        rel_tol: Relative tolerance of the ratio, and of a root's position.
        abs_tol: Absolute tolerance of the ratio.
        exact: Compare at ``rel_tol=1e-10`` (the constant-factor test is exact
            then up to rounding).

    >>> equations_equivalent(parse_equation("v = a t"), parse_equation("a = v/t"))
    True
    >>> equations_equivalent(parse_equation("x^2-y^2=1"), parse_equation("x^2+y^2=1"))
    False
    """
    _check_tolerances(rel_tol, abs_tol)
    if exact:
        rel_tol, abs_tol = 1e-10, 0.0
    if a.variables != b.variables:
        return False
    inf_a, inf_b = _infinite_side(a), _infinite_side(b)
    if inf_a is not None or inf_b is not None:  # C_p = \\infty
        if inf_a is None or inf_b is None or inf_a[1] != inf_b[1]:
            return False
        return equivalent(inf_a[0], inf_b[0], rel_tol=rel_tol, abs_tol=abs_tol)
    names = a._names
    ratio = _constant_ratio(a._program, b._program, names, rel_tol, abs_tol)
    if ratio is not None:
        return ratio
    tol = max(rel_tol, 1e-8)
    return _zeros_shared(a._program, b._program, names, tol) and _zeros_shared(
        b._program, a._program, names, tol
    )


def _infinite_side(eq: Equation) -> tuple[Expression, float] | None:
    """For ``x = \\infty``: the finite side and the sign of the infinite one."""
    for side, other in ((eq.rhs, eq.lhs), (eq.lhs, eq.rhs)):
        if side._tree[0] == "inf":
            return other, side._tree[1]
    return None


def _constant_ratio(
    pa: Program, pb: Program, names: tuple[str, ...], rel_tol: float, abs_tol: float
) -> bool | None:
    """``True`` if f_a = c f_b (c != 0) at the points; ``None`` when undecided."""
    if not names:
        fa = run(pa, [], 1)[0]
        fb = run(pb, [], 1)[0]
        if not (is_finite(fa) and is_finite(fb)):
            return False
        if abs(fa) <= _ROUNDING * run_with_error(pa, [])[1]:  # a true statement (2 = 2)
            return abs(fb) <= _ROUNDING * run_with_error(pb, [])[1]
        return _close(fa, fb, rel_tol, abs_tol) or _close(fa, -fb, rel_tol, abs_tol)
    found = _valid(pa, pb, names)
    if found is None:
        return False
    domain, va, vb, ok = found
    columns = _columns(names, domain)
    # (f_a, error bound, f_b, error bound) at each point where neither is zero
    values: list[tuple[complex, float, complex, float]] = []
    zero_a = zero_b = 0
    for i in ok:
        point = [col[i] for col in columns]
        err_a = run_with_error(pa, point)[1]
        err_b = run_with_error(pb, point)[1]
        if not (err_a < 1e-3 * abs(va[i]) or err_a < 1e-12) or not (
            err_b < 1e-3 * abs(vb[i]) or err_b < 1e-12
        ):
            continue  # ill-conditioned here (sqrt at 0, a big cancellation): no evidence
        a_zero = abs(va[i]) <= _ROUNDING * err_a
        b_zero = abs(vb[i]) <= _ROUNDING * err_b
        zero_a += a_zero
        zero_b += b_zero
        if a_zero or b_zero:
            if a_zero != b_zero:
                return None  # a zero of one that is not a zero of the other: check the zero sets
            continue
        values.append((va[i], err_a, vb[i], err_b))
    if zero_a + zero_b + len(values) == 0:
        return None
    if zero_a == zero_b == len(ok):
        return True  # both identities (x = x)
    if len(values) < MIN_VALID_POINTS // 2:
        return None
    # proportional up to rounding: f_a - r f_b vanishes within the error bounds
    ratio = values[0][0] / values[0][2]
    if all(abs(fa - ratio * fb) <= _ROUNDING * (ea + abs(ratio) * eb) for fa, ea, fb, eb in values):
        return _proportional_far(pa, pb, names, ratio)
    return None  # not proportional to rounding: the zero sets decide, within rel_tol


def _proportional_far(pa: Program, pb: Program, names: tuple[str, ...], ratio: complex) -> bool:
    """f_a = r f_b at the wide points too, where both are defined and well conditioned."""
    columns = _columns(names, _WIDE)
    va = run(pa, columns, WIDE_POINTS)
    vb = run(pb, columns, WIDE_POINTS)
    for i in range(WIDE_POINTS):
        if not (is_finite(va[i]) and is_finite(vb[i])):
            continue
        point = [col[i] for col in columns]
        bound = _ROUNDING * (
            run_with_error(pa, point)[1] + abs(ratio) * run_with_error(pb, point)[1]
        )
        if not math.isfinite(bound) or bound > 1e-3 * max(abs(va[i]), abs(ratio * vb[i])):
            continue
        if abs(va[i] - ratio * vb[i]) > bound:
            return False
    return True


def _zeros_shared(pf: Program, pg: Program, names: tuple[str, ...], tol: float) -> bool:
    """Whether g vanishes (to first order) at roots of f found by Newton's method."""
    n = len(names)
    base = _columns(names, 0)
    which = [j % n for j in range(POINTS)]
    x = [base[which[j]][j] * complex(1.0, 0.25) for j in range(POINTS)]
    active = [True] * POINTS
    converged = [False] * POINTS

    def columns_with(values: list[complex]) -> list[list[complex]]:
        return [
            [values[j] if which[j] == v else base[v][j] for j in range(POINTS)] for v in range(n)
        ]

    for _ in range(60):
        if not any(active):
            break
        h = [1e-7 * (1 + abs(v)) for v in x]
        f0 = run(pf, columns_with(x), POINTS)
        f1 = run(pf, columns_with([v + d for v, d in zip(x, h, strict=True)]), POINTS)
        for j in range(POINTS):
            if not active[j]:
                continue
            if not (is_finite(f0[j]) and is_finite(f1[j])):
                active[j] = False
                continue
            slope = (f1[j] - f0[j]) / h[j]
            if slope == 0:
                active[j] = converged[j] = f0[j] == 0
                active[j] = False
                continue
            step = f0[j] / slope
            if abs(step) > 10 * (1 + abs(x[j])):
                step *= 10 * (1 + abs(x[j])) / abs(step)  # damped
            x[j] -= step
            if not is_finite(x[j]):
                active[j] = False
            elif abs(step) <= 1e-13 * (1 + abs(x[j])):
                active[j] = False
                converged[j] = True
    roots = [j for j in range(POINTS) if converged[j]]
    if len(roots) < 3:
        return False
    h = [1e-7 * (1 + abs(v)) for v in x]
    g0 = run(pg, columns_with(x), POINTS)
    g1 = run(pg, columns_with([v + d for v, d in zip(x, h, strict=True)]), POINTS)
    checked = 0
    for j in roots:
        if not (is_finite(g0[j]) and is_finite(g1[j])):
            continue
        checked += 1
        if g0[j] == 0:
            continue
        slope = (g1[j] - g0[j]) / h[j]
        if slope == 0 or abs(g0[j] / slope) > tol * max(1.0, abs(x[j])):
            return False
    return checked >= 3
