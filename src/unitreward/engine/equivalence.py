"""Whether two expressions are equal: at seeded random points, or exactly.

The method, its domains, its tolerance and why a false positive is unlikely are in
:mod:`unitreward.engine.expression` (the public face of this module). The points and the
comparison of two values (``_columns``, ``_valid``, ``_close``, ``_rounding``) are shared
with :mod:`unitreward.engine.equations`.

>>> from unitreward.engine.formulas import parse_expression
>>> equivalent(parse_expression(r"\\cos 2x"), parse_expression(r"1 - 2\\sin^2 x"))
True
"""

from __future__ import annotations

import hashlib
import math
import random
from functools import lru_cache
from typing import Any

from unitreward.engine.errors import ConfigError
from unitreward.engine.evaluation import Program, is_finite, run, run_mp, run_with_error
from unitreward.engine.formulas import Expression
from unitreward.engine.tolerance import allowed_difference
from unitreward.engine.trees import Node

__all__ = [
    "EXACT_MP_NODES",
    "EXACT_SYMPY_NODES",
    "MIN_VALID_POINTS",
    "POINTS",
    "WIDE_POINTS",
    "equivalent",
]

POINTS = 10
MIN_VALID_POINTS = 6
EXACT_SYMPY_NODES = 60
EXACT_MP_NODES = 1000
_DOMAINS = ((0.5, 2.5), (0.05, 0.5), (2.5, 12.0))
_WIDE = len(_DOMAINS)  # the wide points' domain index: decades from 1e-6 to 3e6
_WIDE_EXPONENTS = (-6, -4, -2, 2, 4, 6)
WIDE_POINTS = len(_WIDE_EXPONENTS)
_ROUNDING = 16.0  # a value within 16 times its first-order rounding error bound is "equal"

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


def _close(a: complex, b: complex, rel_tol: float, abs_tol: float, rule: str = "sum") -> bool:
    relative = rel_tol * max(abs(a), abs(b)) if rel_tol > 0 else None
    return abs(a - b) <= allowed_difference(relative, abs_tol if abs_tol > 0 else None, rule)


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
    pa: Program,
    pb: Program,
    names: tuple[str, ...],
    rel_tol: float,
    abs_tol: float,
    rule: str = "sum",
) -> bool:
    if not names:
        a = run(pa, [], 1)[0]
        b = run(pb, [], 1)[0]
        if not (is_finite(a) and is_finite(b)):
            return (math.isinf(a.real) or math.isinf(b.real)) and a == b
        return _close(a, b, rel_tol, abs_tol, rule) or _rounding(pa, pb, (), 0, a, b) is True
    found = _valid(pa, pb, names)
    if found is None:
        return False
    domain, va, vb, ok = found
    columns = _columns(names, domain)
    decided = 0
    for i in ok:
        a, b = va[i], vb[i]
        if _close(a, b, rel_tol, abs_tol, rule):
            decided += 1
            continue
        verdict = _rounding(pa, pb, columns, i, a, b)
        if verdict is False:
            return False
        decided += verdict is True
    return decided >= MIN_VALID_POINTS and _agree_far(pa, pb, names, rel_tol, abs_tol, rule)


def _agree_far(
    pa: Program, pb: Program, names: tuple[str, ...], rel_tol: float, abs_tol: float, rule: str
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
        if not (is_finite(a) and is_finite(b)) or _close(a, b, rel_tol, abs_tol, rule):
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
    tolerance_rule: str = "sum",
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
        tolerance_rule: How the two combine when both are set: ``"sum"``, ``"both"`` or
            ``"either"`` (:func:`~unitreward.engine.tolerance.allowed_difference`).
        exact: Decide exactly (sympy for rational functions, 60-digit mpmath
            otherwise) instead of within ``rel_tol``.

    Raises:
        ConfigError: A tolerance is negative or not finite.

    >>> from unitreward.engine.formulas import parse_expression
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
    return _numeric(a._program, b._program, a._names, rel_tol, abs_tol, tolerance_rule)


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
