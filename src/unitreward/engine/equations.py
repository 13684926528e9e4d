"""Whether two equations say the same thing: up to a constant factor, or as zero sets.

The method is in :mod:`unitreward.engine.expression` (the public face of this module):
``f = lhs - rhs`` of each is compared first up to a nonzero constant factor, then as
zero sets found by Newton's method, roots at the other side's poles set aside.

>>> from unitreward.engine.formulas import parse_equation
>>> equations_equivalent(parse_equation(r"y = \\frac{\\sin x}{x}"), parse_equation(r"x y = \\sin x"))
True
"""

from __future__ import annotations

import math

from unitreward.engine.equivalence import (
    _ROUNDING,
    _WIDE,
    MIN_VALID_POINTS,
    POINTS,
    WIDE_POINTS,
    _check_tolerances,
    _close,
    _columns,
    _valid,
    equivalent,
)
from unitreward.engine.evaluation import Program, is_finite, run, run_with_error
from unitreward.engine.formulas import Equation, Expression, _equation, _expression

__all__ = ["equations_equivalent"]

# ---------------------------------------------------------------------------- equations


def equations_equivalent(
    a: Equation,
    b: Equation,
    *,
    rel_tol: float = 1e-6,
    abs_tol: float = 0.0,
    exact: bool = False,
    tolerance_rule: str = "sum",
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
        tolerance_rule: How the two combine when both are set (``"sum"``, ``"both"``,
            ``"either"``).
        exact: Compare at ``rel_tol=1e-10`` (the constant-factor test is exact
            then up to rounding).

    >>> from unitreward.engine.formulas import parse_equation
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
        return equivalent(
            inf_a[0], inf_b[0], rel_tol=rel_tol, abs_tol=abs_tol, tolerance_rule=tolerance_rule
        )
    if _same_zeros(a, b, rel_tol, abs_tol, tolerance_rule):
        return True
    a_exp, b_exp = _exponentiated(a), _exponentiated(b)
    if a_exp is None and b_exp is None:
        return False
    return _same_zeros(a_exp or a, b_exp or b, rel_tol, abs_tol, tolerance_rule)


def _same_zeros(a: Equation, b: Equation, rel_tol: float, abs_tol: float, rule: str) -> bool:
    names = a._names
    ratio = _constant_ratio(a._program, b._program, names, rel_tol, abs_tol, rule)
    if ratio is not None:
        return ratio
    tol = max(rel_tol, 1e-8)
    return _zeros_shared(a._program, b._program, b._poles, names, tol) and _zeros_shared(
        b._program, a._program, a._poles, names, tol
    )


def _exponentiated(eq: Equation) -> Equation | None:
    """``\\ln u = v`` as ``u = e^{v}``: the same equation where ``u > 0``, without the
    branches of the complex logarithm (``\\ln a + \\ln b`` is ``\\ln ab`` only up to
    ``2\\pi i``, which a zero of the other form need not respect)."""
    for side, other in ((eq.lhs, eq.rhs), (eq.rhs, eq.lhs)):
        tree = side._tree
        if tree[0] == "fn" and tree[1] == "ln":
            u = _expression(f"exp of {side.text}", tree[2])
            v = _expression(f"e^({other.text})", ("fn", "exp", other._tree))
            return _equation(eq.text, u, v, None)
    return None


def _infinite_side(eq: Equation) -> tuple[Expression, float] | None:
    """For ``x = \\infty``: the finite side and the sign of the infinite one."""
    for side, other in ((eq.rhs, eq.lhs), (eq.lhs, eq.rhs)):
        if side._tree[0] == "inf":
            return other, side._tree[1]
    return None


def _constant_ratio(
    pa: Program,
    pb: Program,
    names: tuple[str, ...],
    rel_tol: float,
    abs_tol: float,
    rule: str = "sum",
) -> bool | None:
    """``True`` if f_a = c f_b (c != 0) at the points; ``None`` when undecided."""
    if not names:
        fa = run(pa, [], 1)[0]
        fb = run(pb, [], 1)[0]
        if not (is_finite(fa) and is_finite(fb)):
            return False
        if abs(fa) <= _ROUNDING * run_with_error(pa, [])[1]:  # a true statement (2 = 2)
            return abs(fb) <= _ROUNDING * run_with_error(pb, [])[1]
        return _close(fa, fb, rel_tol, abs_tol, rule) or _close(fa, -fb, rel_tol, abs_tol, rule)
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
    # proportional up to rounding: f_a - r f_b vanishes within the error bounds. The ratio
    # is read where it is best conditioned, and its own rounding error (relative, r_err)
    # counts too: read at a cancellation (f_a = 0.005 of terms near 2), it is off by 1e-13,
    # which a value of 1e22 at a wide point multiplies.
    fa0, ea0, fb0, eb0 = min(values, key=lambda v: v[1] / abs(v[0]) + v[3] / abs(v[2]))
    ratio = fa0 / fb0
    r_err = ea0 / abs(fa0) + eb0 / abs(fb0)
    if all(
        abs(fa - ratio * fb) <= _ROUNDING * (ea + abs(ratio) * (eb + r_err * abs(fb)))
        for fa, ea, fb, eb in values
    ):
        return _proportional_far(pa, pb, names, ratio, r_err)
    return None  # not proportional to rounding: the zero sets decide, within rel_tol


def _proportional_far(
    pa: Program, pb: Program, names: tuple[str, ...], ratio: complex, r_err: float
) -> bool:
    """f_a = r f_b at the wide points too, where both are defined and well conditioned;
    ``r_err`` is the ratio's relative rounding error."""
    columns = _columns(names, _WIDE)
    va = run(pa, columns, WIDE_POINTS)
    vb = run(pb, columns, WIDE_POINTS)
    for i in range(WIDE_POINTS):
        if not (is_finite(va[i]) and is_finite(vb[i])):
            continue
        point = [col[i] for col in columns]
        bound = _ROUNDING * (
            run_with_error(pa, point)[1]
            + abs(ratio) * (run_with_error(pb, point)[1] + r_err * abs(vb[i]))
        )
        if not math.isfinite(bound) or bound > 1e-3 * max(abs(va[i]), abs(ratio * vb[i])):
            continue
        if abs(va[i] - ratio * vb[i]) > bound:
            return False
    return True


def _zeros_shared(
    pf: Program, pg: Program, poles: tuple[Program, ...], names: tuple[str, ...], tol: float
) -> bool:
    """Whether g vanishes (to first order) at roots of f found by Newton's method.

    A root of f where a denominator of g vanishes (``poles``) is no evidence either way:
    g's equation says nothing there. So ``\\omega x = v_0 \\sin(\\omega t)`` (f) and
    ``x = \\frac{v_0 \\sin(\\omega t)}{\\omega}`` (g) are the same equation, though f
    has the root ``\\omega = 0`` for every ``x``, where g is undefined: clearing a
    denominator adds the roots where it vanishes, and nothing else.
    """
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
    at_root = columns_with(x)
    moved = columns_with([v + d for v, d in zip(x, h, strict=True)])

    def near_zero(values: list[complex], nudged: list[complex], j: int) -> bool:
        # within tol of a zero, relative to where it is (a root near 0, as of
        # theta = arctan(small), is no licence for an absolute tolerance)
        if values[j] == 0:
            return True
        slope = (nudged[j] - values[j]) / h[j]
        return slope != 0 and abs(values[j] / slope) <= tol * abs(x[j]) + 1e-9 * (1 + abs(x[j]))

    at_pole = [False] * POINTS
    for pole in poles:
        d0, d1 = run(pole, at_root, POINTS), run(pole, moved, POINTS)
        for j in roots:
            at_pole[j] = at_pole[j] or (
                is_finite(d0[j]) and is_finite(d1[j]) and near_zero(d0, d1, j)
            )
    g0, g1 = run(pg, at_root, POINTS), run(pg, moved, POINTS)
    checked = 0
    for j in roots:
        if at_pole[j] or not (is_finite(g0[j]) and is_finite(g1[j])):
            continue
        checked += 1
        if not near_zero(g0, g1, j):
            return False
    return checked >= 3
