"""The functions of a formula in complex floating point, and where they are undefined.

The elementary functions (``cmath``; Γ by Lanczos' approximation), read on the
principal branch: a zero imaginary part is +0 before ``\\sqrt``, ``\\ln``, a fractional
power or an inverse function (:func:`principal`). IEEE signed zeros would put
``\\sqrt{-4 - 0i}`` at ``-2i`` and ``\\sqrt{-4 + 0i}`` at ``2i``, so
``\\sqrt{\\frac{x}{y - z}}`` and ``\\sqrt{\\frac{-x}{z - y}}`` would differ where the
radicand is negative, as the sign of a zero depends on how a value was computed.

Uninterpreted functions (``S(T, L)``) are a fixed smooth function of their
arguments whose coefficients come from a hash of the name (never Python's
salted ``hash``), so they evaluate the same in every process and thread.

>>> FUNCTIONS["sqrt"](principal(complex(-4.0, -0.0)))
2j
"""

from __future__ import annotations

import cmath
import hashlib
import math
from collections.abc import Callable, Sequence
from functools import lru_cache

__all__ = ["BRANCHED", "FUNCTIONS", "NAN", "is_finite", "principal"]

NAN = complex(math.nan, math.nan)

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


#: The known functions by their canonical names (``ln`` is natural, ``gamma`` is Γ).
FUNCTIONS: dict[str, Callable[[complex], complex]] = {
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


#: The functions with a branch cut along an axis, where the sign of a zero part decides
#: the branch.
BRANCHED = frozenset(
    ["asin", "acos", "atan", "acot", "asec", "acsc", "asinh", "acosh", "atanh", "acoth",
     "asech", "acsch", "ln", "sqrt"]
)  # fmt: skip


def principal(z: complex) -> complex:
    """``z`` with a zero part's sign made +0, so a branch cut is read on the principal side.

    >>> import cmath
    >>> cmath.sqrt(complex(-4.0, -0.0)), cmath.sqrt(principal(complex(-4.0, -0.0)))
    (-2j, 2j)
    """
    return z + 0j  # IEEE: -0.0 + 0.0 is +0.0, any other value is unchanged


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
    return principal(a) ** (1 / n)


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
