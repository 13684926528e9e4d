"""Symbolic answers: expressions and equations, compared at seeded random points.

:func:`parse_expression` and :func:`parse_equation` read LaTeX and plain text
(the grammar is :mod:`unitreward.engine.grammar`; its docstring lists every
reading choice). :func:`equivalent` and :func:`equations_equivalent` compare.
This module is their public face and the description of the method; the code is in
:mod:`~unitreward.engine.formulas` (the parsed forms), :mod:`~unitreward.engine.equivalence`
(expressions) and :mod:`~unitreward.engine.equations` (equations).

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
A root where a denominator of the other side vanishes is set aside: that side says
nothing there, and clearing a denominator adds exactly those roots
(``\\omega x = v_0 \\sin(\\omega t)`` has ``\\omega = 0`` for every ``x``; it is the
equation ``x = \\frac{v_0 \\sin(\\omega t)}{\\omega}``). The constant factor is read
at the best-conditioned point, its own rounding error counted at the wide points.

Values on a branch cut (a negative radicand) are read on the principal side
(:func:`~unitreward.engine.evaluation.principal`): IEEE signed zeros would make two
spellings of one value land on opposite sides of the cut.

>>> equivalent(parse_expression(r"\\frac{v_0^2}{2\\mu g}"), parse_expression("v0^2/(2μg)"))
True
>>> equivalent(parse_expression(r"\\frac{\\hbar\\omega}{2}"), parse_expression(r"\\hbar\\omega"))
False
>>> equations_equivalent(parse_equation("x^2+y^2=1"), parse_equation("1-x^2-y^2=0"))
True
"""

from __future__ import annotations

from unitreward.engine.equations import equations_equivalent
from unitreward.engine.equivalence import (
    EXACT_SYMPY_NODES,
    MIN_VALID_POINTS,
    POINTS,
    WIDE_POINTS,
    equivalent,
)
from unitreward.engine.formulas import (
    MAX_NODES,
    Equation,
    Expression,
    parse_equation,
    parse_expression,
)

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
