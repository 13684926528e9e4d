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
from typing import Any, NamedTuple

from unitreward.engine.constants import NotConstantError, read_constant
from unitreward.engine.errors import ParseError
from unitreward.engine.evaluation import compile_tree, is_finite, run, tree_to_sympy

__all__ = ["EvalError", "Number", "digit_halves", "power_of_ten", "scan_number", "to_sympy"]

MAX_EXPR_CHARS = 200
MAX_DEPTH = 12
MAX_EXPONENT = 400  # |p| in 10^p and x^p
MAX_ABS = 1e300


class EvalError(ValueError):
    """An expression that is not a number we evaluate safely (too big, malformed)."""


class Number(NamedTuple):
    """A number read from text (a named tuple: built once per number scanned, so cheaply).

    Attributes:
        value: Its value as a float (finite).
        end: Index just past the number in the scanned text.
        exact: ``True`` for exact forms (fractions, roots, π) rather than decimals.
        resolution: Half-width of the last significant digit's unit for plain
            decimals (``2.67`` -> ``0.005``; ``1500`` -> ``50``), ``None`` for exact forms.
        tree: The parse tree, for :func:`to_sympy`.
        step: Half-width of the last written digit's unit, trailing zeros of an
            integer included (``1500`` -> ``0.5``); ``None`` for exact forms.

    >>> scan_number("2.67", 0).resolution
    0.005
    """

    value: float
    end: int
    exact: bool = False
    resolution: float | None = None
    tree: Any = None
    step: float | None = None


_SIGN = r"(?P<sign>[-+−])?"
# Integer part: thousands with commas ("1,200"; a group never starts a number with 0,
# so "0,500" is a decimal comma), SI groups of three digits after a space or thin space
# ("299 792 458", "1 000"), or plain digits.
_MANT = (
    r"(?P<mant>(?:[1-9]\d{0,2}(?:,\d{3})+(?![\d])"
    r"|[1-9]\d{0,2}(?:[ \u2009\u202f]\d{3})+(?![\d])"
    r"|\d+)(?:\.\d+)?|\.\d+)"
)
_EXPO = r"(?:[eE](?P<e>[-+−]?\d{1,6}))?"
_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# "× 10^{3}", "·10³", "x 10^-3"; "3.51 10^{15}" (a times sign lost in PDF conversion:
# only before a caret or superscript power); "× 10- 19" and "× 10─12" (a caret lost:
# a minus glued to the 10, never "10 - 5", which is arithmetic).
_TIMES10 = (
    r"(?P<times>(?:\s?(?:×|x|\*|·|⋅|∙|\\times|\\cdot)\s?|[ \t]+(?=10\s?[\^⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]))10"
    rf"(?:\s?\^\s?(?:\{{\s?(?P<p>[-+−]?\s?\d{{1,6}})\s?\}}|(?P<p2>[-+−]?\d{{1,6}})|\((?P<p3>[-+−]?\d{{1,6}})\))"
    rf"|(?P<sup>[⁻⁺]?[{_SUP}]{{1,4}})"
    r"|[-−─–]\s?(?P<p4>\d{1,3})(?![\d.])))?"
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
# A decimal comma ("2,5 kJ", "0,500"): digits after a comma that are not a group of
# thousands. A comma inside brackets ("(3,4)") or before another comma ("1,2,3") is a
# list or a pair: refused, never read as a decimal.
_DECIMAL_COMMA = re.compile(r",(\d+)(?![\d])")
_AFTER_COMMA_LIST = re.compile(r"\s?[,;)\]]|\.\d")
# "149.5 million km", "3 thousand": a number word scales the number.
# "2 1/2 h": a mixed number (never "2 1/s", pint's 2 s⁻¹)
_MIXED_FRACTION = re.compile(r"[ \t](\d{1,3})/(\d{1,3})(?![\d.,/^])")
_SCALE_WORD = re.compile(r"\s?(thousand|million|billion|trillion)\b")
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


_TIMES_POWER = re.compile(
    r"[ \t]?(?:×|x|\*|·|⋅|∙|\\times|\\cdot)[ \t]?10"
    rf"(?:\s?\^\s?(?:\{{\s?(?P<p>[-+−]?\s?\d{{1,6}})\s?\}}|(?P<p2>[-+−]?\d{{1,6}})|\((?P<p3>[-+−]?\d{{1,6}})\))"
    rf"|(?P<sup>[⁻⁺]?[{_SUP}]{{1,4}}))"
)


def power_of_ten(text: str, pos: int) -> tuple[float, int] | None:
    """A factor ``× 10^k`` written at ``text[pos]`` (after a bracketed number), or ``None``.

    Returns the factor and the index just past it.

    Raises:
        EvalError: The exponent is beyond 400.

    >>> power_of_ten(" × 10^{3} m", 0)
    (1000.0, 9)
    """
    m = _TIMES_POWER.match(text, pos)
    if m is None:
        return None
    p = m.group("p") or m.group("p2") or m.group("p3")
    exponent = _int(p) if p else _int(m.group("sup").translate(_SUPMAP))
    if abs(exponent) > MAX_EXPONENT or exponent > 300:  # 10.0**309 raises OverflowError
        raise EvalError(f"exponent {exponent} too large")
    return 10.0**exponent, m.end()


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
    if m is not None and text.startswith(",", m.end()):
        m = _decimal_comma(text, pos, m)
    pow10 = None
    mant: str = ""
    e: str | None = None
    times: str | None = None
    if m is not None:
        mant, e, times = m.group("mant", "e", "times")  # one call: each group() costs
        if mant == "10" and not e:
            pow10 = _POW10.match(text, pos)
    if pow10 is not None and not (m is not None and m.end() > pow10.end()):
        exponent = pow10.group("p") or pow10.group("p2")
        exp_val = _int(exponent) if exponent else _int(pow10.group("sup").translate(_SUPMAP))
        if abs(exp_val) > MAX_EXPONENT:
            raise EvalError(f"exponent {exp_val} too large")
        if exp_val > 300:  # 10^{350}: beyond a float (10.0**350 raises OverflowError)
            raise EvalError("number out of range")
        sign = -1.0 if pow10.group("sign") in ("-", "−") else 1.0
        value = sign * 10.0**exp_val
        _check_follow(text, pow10.end())
        return Number(value, pow10.end(), False, None, ("num", value))
    exact = None
    if m is None or (
        _exact_may_follow(text, m.end())
        and (_AFTER_NUMBER_EXACT.match(text, m.end()) or _CONSTANT_FOLLOWS.match(text, m.end()))
    ):
        exact = _exact_form(text, pos)
    if exact is None and m is not None:  # a plain decimal ("3 + 4 m" is 3, then 4 m)
        number = _plain(m, mant, e, times)
        after = text[number.end : number.end + 1]
        if after in _POWER_START:
            number = _with_power(text, number)
        elif not (e or times):
            if after in _BLANKS and text[number.end + 1 : number.end + 2].isdigit():
                number = _mixed(text, number, mant)
            number = _scaled(text, number)
        if text[number.end : number.end + 1] in _FOLLOW_CHECKED:
            _check_follow(text, number.end)
        return number
    return exact


# Where :func:`_mixed` looks for a fraction (a blank, then a digit), and the characters
# after a number that :func:`_check_follow` may refuse (a bracket it looks through, "!",
# "^", a superscript): tested before the calls, as most numbers are followed by neither.
_BLANKS = (" ", "\t")
_FOLLOW_CHECKED = frozenset(")]}!^" + _SUP)


# The first character of everything _AFTER_NUMBER_EXACT or _CONSTANT_FOLLOWS matches
# (after at most one space): most numbers are followed by none of them.
_EXACT_FOLLOW_CHARS = frozenset("π\\√/e-+−")


def _exact_may_follow(text: str, end: int) -> bool:
    """Whether an exact form may follow a plain decimal (a cheap test before the patterns)."""
    ch = text[end : end + 1]
    if ch in _EXACT_FOLLOW_CHARS:
        return True
    return ch.isspace() and text[end + 1 : end + 2] in _EXACT_FOLLOW_CHARS


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


def _decimal_comma(text: str, pos: int, m: re.Match[str]) -> re.Match[str]:
    """Re-read a number whose comma is a decimal comma (``2,5``), or refuse a list.

    Raises:
        EvalError: The comma joins a list or a pair (``1,2,3``, ``(3,4)``,
            ``1,234,5``, ``1.5,2``): an ambiguous form, never read as one number.
    """
    comma = _DECIMAL_COMMA.match(text, m.end())
    if comma is None:
        return m  # "3,a" or "3, 4": the comma only ends the number
    mant = m.group("mant")
    if (
        m.group("e")
        or m.group("times")
        or "," in mant
        or "." in mant
        or _AFTER_COMMA_LIST.match(text, comma.end())
        or (pos > 0 and text[pos - 1] in "([{,")
    ):
        raise EvalError(f"ambiguous comma in {text[pos : comma.end() + 1]!r}")
    dotted = f"{text[: m.end()]}.{text[m.end() + 1 : comma.end() + 40]}"
    again = _PLAIN.match(dotted, pos)
    if again is None:  # pragma: no cover - the dotted form always reads
        return m
    return again


def _mixed(text: str, number: Number, mant: str) -> Number:
    """A mixed number: a whole number, a space and a fraction of digits (``2 1/2``)."""
    end = number.end
    if not (text[end : end + 1] in (" ", "\t") and text[end + 1 : end + 2].isdigit()):
        return number  # no space and digit after it: no fraction (one test, not a pattern)
    if not mant.isdigit():
        return number
    frac = _MIXED_FRACTION.match(text, end)
    if frac is None or int(frac.group(2)) == 0:
        return number
    part = int(frac.group(1)) / int(frac.group(2))
    neg = number.value < 0
    value = number.value - part if neg else number.value + part
    fraction = ("div", ("num", float(frac.group(1))), ("num", float(frac.group(2))))
    tree = ("sub" if neg else "add", ("num", number.value), fraction)
    return Number(value, frac.end(), True, None, tree)


def _scaled(text: str, number: Number) -> Number:
    """Apply a number word after a plain number (``149.5 million``)."""
    end = number.end
    first = text[end : end + 1]
    if first.isspace():
        first = text[end + 1 : end + 2]
    if first not in ("t", "m", "b"):
        return number  # no number word starts here
    word = _SCALE_WORD.match(text, end)
    if word is None:
        return number
    scale = _SCALES[word.group(1)]
    value = number.value * scale
    resolution = number.resolution * scale if number.resolution is not None else None
    step = number.step * scale if number.step is not None else None
    return Number(value, word.end(), number.exact, resolution, ("num", value), step)


def _plain(m: re.Match[str], mant: str, e: str | None, times: str | None) -> Number:
    """The plain decimal ``m`` matched (its groups ``mant``, ``e`` and ``times`` given)."""
    sign = m.group("sign")
    if not mant.isdigit():  # digit groups: "1,200", "299 792 458"
        mant = mant.replace(",", "").replace(" ", "").replace("\u2009", "").replace("\u202f", "")
    exp = _int(e) if e else 0
    if times is not None:  # "× 10^{3}": its exponent is in one of these groups
        p = m.group("p") or m.group("p2") or m.group("p3")
        sup = m.group("sup")
        if p:
            exp += _int(p)
        elif m.group("p4"):
            exp -= _int(m.group("p4"))
        elif sup:
            exp += _int(sup.translate(_SUPMAP))
    if abs(exp) > MAX_EXPONENT:
        raise EvalError(f"exponent {exp} too large")
    value = float(f"{mant}e{exp}") if exp else float(mant)
    if sign == "-" or sign == "−":
        value = -value
    if not math.isfinite(value) or abs(value) > MAX_ABS:
        raise EvalError("number out of range")
    resolution, step = digit_halves(mant, exp)
    return Number(value, m.end(), False, resolution, ("num", value), step)


def digit_halves(mantissa: str, exponent: int = 0) -> tuple[float, float]:
    """Half a unit in the last significant digit and in the last written digit of a plain
    decimal (digits and at most one point) times ``10**exponent``: its
    :attr:`Number.resolution` and :attr:`Number.step`.

    Raises:
        EvalError: The digit's size overflows (a zero may carry any exponent).

    >>> digit_halves("2.67"), digit_halves("1500"), digit_halves("15", 3)
    ((0.005, 0.005), (50.0, 0.5), (500.0, 500.0))
    """
    dot = mantissa.find(".")
    try:  # a zero may carry any exponent ("0 × 10^{350}"): its digit's size overflows
        if dot >= 0:
            resolution = step = 0.5 * 10.0 ** (exponent - (len(mantissa) - dot - 1))
        else:
            digits = mantissa.lstrip("0")
            trailing = len(digits) - len(digits.rstrip("0")) if digits else 0
            resolution = 0.5 * 10.0 ** (exponent + trailing)
            step = 0.5 * 10.0**exponent
    except OverflowError:
        raise EvalError("number out of range") from None
    return resolution, step


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
