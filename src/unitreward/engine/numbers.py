"""The number grammar: decimals, scientific notation, fractions, roots and π.

:func:`scan_number` reads one number at a position of *normalised* text (see
:func:`unitreward.engine.text.normalize`): ``120``, ``-9.8``, ``1,200``, ``1.2e3``,
``1.2 × 10^{3}``, ``1.2×10³``, ``4 · 10^3``, ``7.5 x 10^14``, ``10^{-9}``,
``\\frac{10}{3}``, ``\\sqrt{2}/2``, ``2π``, ``10\\sqrt{3}``, ``3/4``.

Exact forms (``\\frac``, roots, π, ``e``, ``\\ln 2``, ``\\cos(40°)``, ``1-1/e``) are
read by the one expression grammar in its constant mode
(:func:`unitreward.engine.constants.read_constant`) rather than by sympy: it is
~100x faster, holds no global state (thread-safe), needs no ``signal`` and
bounds every step (token count, nesting depth, overflow), so
``10^{10^{10^{10}}}`` is refused in microseconds. The parse tree is kept, and
:func:`to_sympy` rebuilds it as an exact sympy number on demand (sympy is
imported only then).

>>> n = scan_number("1.2 × 10^{3} J", 0)
>>> n.value, n.end, n.exact
(1200.0, 12, False)
>>> scan_number(r"\\frac{\\sqrt{3}}{2}", 0).value
0.8660254037844386
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from unitreward.engine.constants import NotConstantError, read_constant
from unitreward.engine.errors import ParseError
from unitreward.engine.evaluation import compile_tree, is_finite, run, tree_to_sympy

__all__ = ["EvalError", "Number", "scan_number", "to_sympy"]

MAX_EXPR_CHARS = 200
MAX_DEPTH = 12
MAX_EXPONENT = 400  # |p| in 10^p and x^p
MAX_ABS = 1e300


class EvalError(ValueError):
    """An expression that is not a number we evaluate safely (too big, malformed)."""


@dataclass(frozen=True, slots=True)
class Number:
    """A number read from text.

    Attributes:
        value: Its value as a float (finite).
        end: Index just past the number in the scanned text.
        exact: ``True`` for exact forms (fractions, roots, π) rather than decimals.
        resolution: Half-width of the last significant digit's unit for plain
            decimals (``2.67`` -> ``0.005``), ``None`` for exact forms.
        tree: The parse tree, for :func:`to_sympy`.

    >>> scan_number("2.67", 0).resolution
    0.005
    """

    value: float
    end: int
    exact: bool = False
    resolution: float | None = None
    tree: Any = None


_SIGN = r"(?P<sign>[-+−])?"
_MANT = r"(?P<mant>(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?|\.\d+)"
_EXPO = r"(?:[eE](?P<e>[-+−]?\d{1,6}))?"
_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TIMES10 = (
    r"(?:\s?(?:×|x|\*|·|⋅|∙|\\times|\\cdot)\s?10\s?"
    rf"(?:\^\s?(?:\{{\s?(?P<p>[-+−]?\s?\d{{1,6}})\s?\}}|(?P<p2>[-+−]?\d{{1,6}})|\((?P<p3>[-+−]?\d{{1,6}})\))"
    rf"|(?P<sup>[⁻⁺]?[{_SUP}]{{1,4}})))?"
)
_PLAIN = re.compile(_SIGN + _MANT + _EXPO + _TIMES10)
_POW10 = re.compile(
    _SIGN + rf"10\s?(?:\^\s?(?:\{{\s?(?P<p>[-+−]?\d{{1,6}})\s?\}}|(?P<p2>[-+−]?\d{{1,6}}))"
    rf"|(?P<sup>[⁻⁺]?[{_SUP}]{{1,4}}))"
)
_POWER_START = frozenset("^" + _SUP + "⁻")
_SUPMAP = str.maketrans(_SUP + "⁻⁺", "0123456789-+")
# Anything that makes a plain decimal an exact expression.
_EXACT_START = re.compile(r"[-+−]?(?:\\frac|\\sqrt|√|π|\d)")
_AFTER_NUMBER_EXACT = re.compile(r"\s?(?:π|\\sqrt|√|\\frac|/\s?(?:\d|\\sqrt|√|π|\\frac))")


def _int(text: str) -> int:
    return int(text.replace("−", "-").replace(" ", ""))


def scan_number(text: str, pos: int) -> Number | None:
    """Read a number starting exactly at ``text[pos]``; ``None`` if none starts there.

    Raises:
        EvalError: The text is a number form we refuse to evaluate (an exponent
            beyond 400, a power tower, an infinite or NaN value).

    >>> scan_number("2π rad", 0).value
    6.283185307179586
    >>> scan_number("−3.2 m/s", 0).value
    -3.2
    >>> scan_number("m/s", 0) is None
    True
    """
    m = _PLAIN.match(text, pos)
    pow10 = None
    if m is not None and m.group("mant") == "10" and not m.group("e"):
        pow10 = _POW10.match(text, pos)
    if pow10 is not None and not (m is not None and m.end() > pow10.end()):
        exponent = pow10.group("p") or pow10.group("p2")
        exp_val = _int(exponent) if exponent else _int(pow10.group("sup").translate(_SUPMAP))
        if abs(exp_val) > MAX_EXPONENT:
            raise EvalError(f"exponent {exp_val} too large")
        sign = -1.0 if pow10.group("sign") in ("-", "−") else 1.0
        value = sign * 10.0**exp_val
        _check_follow(text, pow10.end())
        return Number(value, pow10.end(), False, None, ("num", value))
    exact = None
    if (
        m is None
        or _AFTER_NUMBER_EXACT.match(text, m.end())
        or _CONSTANT_FOLLOWS.match(text, m.end())
    ):
        exact = _exact_form(text, pos)
    if exact is None and m is not None:  # a plain decimal ("3 + 4 m" is 3, then 4 m)
        number = _plain(m)
        if number.end < len(text) and text[number.end] in _POWER_START:
            number = _with_power(text, number)
        _check_follow(text, number.end)
        return number
    return exact


def _check_follow(text: str, end: int) -> None:
    """Refuse numbers followed by a power or factorial we do not evaluate.

    Closing brackets are looked through: ``(10^{10})!`` is refused, not read as 1e10.
    """
    n = len(text)
    j = end
    while j < n and j - end < 8 and text[j] in ")]}":
        j += 1
    if j < n:
        ch = text[j]
        if ch == "!" or (ch == "^" and not text.startswith("^\\circ", j)):
            raise EvalError(f"unsupported operator {ch!r} after number")
        if ch in _SUP and j == end:
            raise EvalError("unsupported power of a number")


_POWER = re.compile(
    r"\^\s?(?:\{\s?([-+−]?\d{1,3})\s?\}|([-+−]?\d{1,3})(?![\d.,]))|([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})"
)


def _with_power(text: str, number: Number) -> Number:
    """Apply an integer power written after a plain number (``2^{10}``, ``4²``)."""
    p = _POWER.match(text, number.end)
    if p is None:
        return number
    exponent = _int(p.group(1) or p.group(2) or p.group(3).translate(_SUPMAP))
    if abs(exponent) > MAX_EXPONENT:
        raise EvalError(f"exponent {exponent} too large")
    base = abs(number.value)
    if base == 0 and exponent < 0:
        raise EvalError("zero to a negative power")
    try:
        value = base**exponent
    except OverflowError as exc:
        raise EvalError("value out of range") from exc
    if not math.isfinite(value) or value > MAX_ABS:
        raise EvalError("value out of range")
    value = -value if number.value < 0 else value
    return Number(value, p.end(), True, None, ("pow", number.tree, ("num", float(exponent))))


def _plain(m: re.Match[str]) -> Number:
    sign, mant, e, p, p2, p3, sup = m.groups()
    mant = mant.replace(",", "")
    exp = _int(e) if e else 0
    p = p or p2 or p3
    if p:
        exp += _int(p)
    elif sup:
        exp += _int(sup.translate(_SUPMAP))
    if abs(exp) > MAX_EXPONENT:
        raise EvalError(f"exponent {exp} too large")
    value = float(f"{mant}e{exp}") if exp else float(mant)
    if sign == "-" or sign == "−":
        value = -value
    if not math.isfinite(value) or abs(value) > MAX_ABS:
        raise EvalError("number out of range")
    dot = mant.find(".")
    if dot >= 0:
        resolution = 0.5 * 10.0 ** (exp - (len(mant) - dot - 1))
    else:
        digits = mant.lstrip("0")
        trailing = len(digits) - len(digits.rstrip("0")) if digits else 0
        resolution = 0.5 * 10.0 ** (exp + trailing)
    return Number(value, m.end(), False, resolution, ("num", value))


# ------------------------------------------------------------------ exact expressions
#
# One grammar: exact forms are read by the expression grammar's constant mode
# (:func:`unitreward.engine.constants.read_constant`) and evaluated by its
# evaluator, in complex arithmetic with every step bounded (token count, nesting
# depth, overflow becomes NaN), then required to be a finite real number.

_FUNCTION_NAMES = r"ln|log|lg|exp|sin|cos|tan|cot|sec|csc|arcsin|arccos|arctan|sinh|cosh|tanh"
# Starts of exact forms the regexes above do not know: e, e^{...}, functions.
_CONSTANT_START = re.compile(rf"[-+−]?(?:e(?![A-Za-z])|\\(?:{_FUNCTION_NAMES})(?![A-Za-z]))")
# After a plain decimal: a function, e^, or + / - and a term with π, e, a root or a function.
_CONSTANT_FOLLOWS = re.compile(
    rf"\s?(?:\\(?:{_FUNCTION_NAMES})(?![A-Za-z])|e\^"
    rf"|[-+−]\s?(?:[\d.]+\s?/\s?)?(?:[\d.]+\s?)?(?:π|√|e(?![A-Za-z])"
    rf"|\\(?:frac|sqrt|{_FUNCTION_NAMES})(?![A-Za-z])))"
)


def _exact_form(text: str, pos: int) -> Number | None:
    """Read and evaluate an exact form (``\\frac{\\sqrt3}{2}``, ``2π``, ``1-1/e``, ``\\ln 2``)."""
    old_start = _EXACT_START.match(text, pos) is not None
    if not old_start and not _CONSTANT_START.match(text, pos):
        return None
    try:
        found = read_constant(text, pos)
    except NotConstantError:
        if old_start:  # \frac{m}{s}: refused, as it always was
            raise EvalError(f"not a number at {text[pos : pos + 40]!r}") from None
        return None
    except ParseError as exc:
        raise EvalError(str(exc)) from None
    if found is None:
        return None
    tree, end = found
    m = _PLAIN.match(text, pos)
    if m is not None and end <= m.end() and tree[0] == "num":
        return None  # only the plain decimal: the caller reads it (with its resolution)
    value = _constant_value(tree)
    _check_follow(text, end)
    return Number(value, end, True, None, tree)


def _constant_value(tree: Any) -> float:
    z = run(compile_tree(tree, {}), [], 1)[0]
    if not is_finite(z):
        raise EvalError("value out of range")
    if abs(z.imag) > 1e-9 * max(1.0, abs(z.real)):
        raise EvalError("not a real number")
    if abs(z.real) > MAX_ABS:
        raise EvalError("value out of range")
    return z.real


def to_sympy(tree: Any) -> Any:
    """Rebuild a parse tree as an exact sympy expression (imports sympy on first use).

    Decimals become exact rationals (``0.1`` -> ``1/10``).

    >>> to_sympy(scan_number(r"\\frac{\\sqrt{2}}{2}", 0).tree)
    sqrt(2)/2
    >>> to_sympy(scan_number("1-1/e", 0).tree)
    1 - exp(-1)
    """
    return tree_to_sympy(tree)
