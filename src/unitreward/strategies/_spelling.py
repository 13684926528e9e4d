"""Spelling a quantity: numbers in six notations, units in five styles, one drawn plan.

:class:`_Plan` turns one drawn integer into every choice a rendering makes, so
each choice shrinks toward its first, plainest option. :func:`_render` spells a
resolved quantity in another unit of its dimension, rounded to as few digits as
keep it within a tolerance; :func:`_spelled` spells a given number and unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar

import hypothesis.strategies as st
from hypothesis.strategies import SearchStrategy

from unitreward.strategies._units import (
    _BASES,
    _OFFSET,
    _PREFIXES,
    _convert,
    _linear,
    _pint_unit,
    _Spec,
    _Target,
)

_T = TypeVar("_T")
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _round_sig(value: float, digits: int) -> Decimal:
    d = Decimal(repr(value))
    if d == 0:
        return Decimal(0)
    return round(d, digits - 1 - d.adjusted())


def _digits_needed(value: float, src: Any, dst: Any, target: float, tol: float) -> int | None:
    """Fewest significant digits for ``value`` (in ``dst``) to land within ``tol`` of target."""
    for digits in range(1, 18):
        shown = float(_round_sig(value, digits))
        back = _convert(shown, dst, src)
        if abs(back - target) <= tol:
            return digits
    return None


def _plain(d: Decimal, *, keep_zeros: bool, grouped: bool) -> str:
    text = format(d, "f")
    if not keep_zeros and "." in text:
        text = text.rstrip("0").rstrip(".")
    if grouped:
        whole, dot, frac = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        whole = f"{int(whole.lstrip('-')):,}"
        text = f"{sign}{whole}{dot}{frac}"
    return text


def _mantissa_exponent(d: Decimal, *, keep_zeros: bool, shift: int) -> tuple[str, int]:
    exp = d.adjusted() - shift
    mantissa = _plain(d.scaleb(-exp), keep_zeros=keep_zeros, grouped=False)
    return mantissa, exp


class _Plan:
    """Successive choices read from one drawn integer, as mixed-radix digits.

    One draw per rendering keeps example generation cheap, and since hypothesis
    shrinks an integer toward zero, every choice shrinks toward its first
    option (the plainest spelling) whatever path the rendering takes.
    """

    def __init__(self, value: int) -> None:
        self._value = value

    def pick(self, options: Sequence[_T]) -> _T:
        self._value, index = divmod(self._value, len(options))
        return options[index]

    def flag(self) -> bool:
        return self.pick((False, True))


_plans = st.integers(0, 2**160 - 1).map(_Plan)


_NOTATIONS = ("plain", "grouped", "e", "latex", "unicode", "ascii")


def _number(plan: _Plan, d: Decimal, *, allow: Sequence[str]) -> tuple[str, str]:
    """Spell a rounded number; returns (text, notation)."""
    magnitude = abs(d)
    choices = [n for n in allow if n in _NOTATIONS]
    if magnitude == 0 or not (Decimal("1e-4") <= magnitude < Decimal("1e10")):
        choices = [n for n in choices if n not in ("plain", "grouped")] or ["e"]
    if magnitude == 0:
        choices = ["plain"]
    if magnitude < 1000 or magnitude >= Decimal("1e15") or d != d.to_integral_value():
        choices = [n for n in choices if n != "grouped"] or ["e"]
    notation = plan.pick(choices)
    keep_zeros = plan.flag()
    negative = d < 0
    if notation in ("plain", "grouped"):
        body = _plain(magnitude, keep_zeros=keep_zeros, grouped=notation == "grouped")
    else:
        shift = plan.pick((0, 1)) if notation != "e" else 0
        mant, exp = _mantissa_exponent(magnitude, keep_zeros=keep_zeros, shift=shift)
        if notation == "e":
            e_char = plan.pick(("e", "E"))
            body = f"{mant}{e_char}{exp}"
        elif notation == "latex":
            op = plan.pick((r" \times ", r"\times ", r" \cdot "))
            braced = plan.flag() or not (0 <= exp <= 9)
            power = f"{{{exp}}}" if braced else str(exp)
            body = f"{mant}{op}10^{power}"
        elif notation == "unicode":
            op = plan.pick(("×", " × ", "·"))
            body = f"{mant}{op}10{str(exp).translate(_SUPERSCRIPT)}"
        else:  # ascii
            op = plan.pick((" x 10^", "·10^", " × 10^"))
            body = f"{mant}{op}{exp}"
    if negative:
        minus = plan.pick(("-", "−")) if notation != "latex" else "-"
        body = minus + body
    return body, notation


def _power(p: int, style: str) -> str:
    if p == 1:
        return ""
    if style == "unicode":
        return str(p).translate(_SUPERSCRIPT)
    if style == "latex":
        return f"^{{{p}}}"
    return f"^{p}"


def _symbol_unit(spec: _Spec, style: str, sep: str, slash: bool) -> str:
    """``m/s^2``, ``m·s⁻²``, ``\\mathrm{kg\\,m\\,s^{-1}}`` inner text (style: ascii/unicode/latex)."""

    def sym(p: str, b: str) -> str:
        if style == "latex":
            base = _BASES[b].latex or b
            return f"{_PREFIXES[p][2]}{base}"
        return f"{p}{b}"

    if not slash or all(e < 0 for _, _, e in spec):  # never "1/s": write s^-1
        return sep.join(sym(p, b) + _power(e, style) for p, b, e in spec)
    num = [sym(p, b) + _power(e, style) for p, b, e in spec if e > 0]
    den = [sym(p, b) + _power(-e, style) for p, b, e in spec if e < 0]
    text = sep.join(num) or "1"
    if den:
        joined = sep.join(den)
        text += "/" + (f"({joined})" if len(den) > 1 else joined)
    return text


def _name_unit(spec: _Spec, plural: bool, british: bool) -> str | None:
    def word(p: str, b: str, many: bool) -> str | None:
        base = _BASES[b]
        if base.name is None or (p and b in _OFFSET):
            return None
        if british and base.british:
            name = base.british_plural if many else base.british
        else:
            name = base.plural if many else base.name
        return f"{_PREFIXES[p][0]}{name}"

    num = [f for f in spec if f[2] > 0]
    den = [f for f in spec if f[2] < 0]
    if len(num) != 1 or num[0][2] != 1 or len(den) > 1:
        return None
    head = word(num[0][0], num[0][1], plural)
    if head is None:
        return None
    if not den:
        return head
    tail = word(den[0][0], den[0][1], False)
    if tail is None or den[0][2] not in (-1, -2):
        return None
    return f"{head} per {tail}" + (" squared" if den[0][2] == -2 else "")


def _siunitx_unit(spec: _Spec) -> str | None:
    if all(e < 0 for _, _, e in spec):
        return None
    parts = []
    for p, b, e in spec:
        macro = _BASES[b].siunitx
        if macro is None or abs(e) > 3:
            return None
        power = {1: "", 2: r"\squared", 3: r"\cubed"}[abs(e)]
        parts.append((r"\per" if e < 0 else "") + _PREFIXES[p][1] + macro + power)
    return "".join(parts)


_UNIT_STYLES = ("symbol", "unicode", "latex", "name", "siunitx")


def _spelled(plan: _Plan, d: Decimal, spec: _Spec) -> str:
    """A number and a unit, spelled together in one consistent-enough style."""
    style = plan.pick(_UNIT_STYLES)
    if not spec:  # dimensionless, no unit
        return (_number(plan, d, allow=_NOTATIONS))[0]
    macros = _siunitx_unit(spec)
    special = any(b in _OFFSET or b == "%" for _, b, _ in spec)
    if style == "siunitx" and macros is None and special:
        style = "symbol"
    if style == "siunitx":
        number = _number(plan, d, allow=("plain", "e"))[0].replace("−", "-")
        if macros is not None and (special or plan.flag()):
            return rf"\SI{{{number}}}{{{macros}}}"
        inner = _symbol_unit(spec, "ascii", " ", not plan.flag())
        return rf"\SI{{{number}}}{{{inner}}}"
    number, notation = _number(plan, d, allow=_NOTATIONS)
    if style == "name":
        name = _name_unit(spec, plural=number not in ("1", "-1", "−1"), british=plan.flag())
        if name is not None:
            return f"{number} {name}"
        style = "symbol"
    base = spec[0][1]
    if base in _OFFSET or base == "%":  # °C, °F, %: their own spellings
        if style == "latex":
            letter = base[-1]
            if base == "%":
                return number + plan.pick((r"\%", r"\,\%"))
            unit = plan.pick(
                (
                    rf"^\circ\text{{{letter}}}",
                    rf"^{{\circ}}\mathrm{{{letter}}}",
                    rf"\,^\circ\text{{{letter}}}",
                    rf"^\circ {letter}",
                )
            )
            glue = "" if notation == "plain" or unit.startswith("\\,") else " "
            return number + glue + unit  # never "10^{2}^\\circ"
        return number + (plan.pick((" ", "")) if notation == "plain" else " ") + base
    if style == "latex":
        has_power = any(e != 1 for _, _, e in spec)
        has_macro = any(_BASES[b].latex or p == "µ" for p, b, _ in spec)
        sep = plan.pick((r"\,", r"\cdot ", " "))
        inner = _symbol_unit(spec, "latex", sep, not plan.flag())
        space = plan.pick((" ", r"\,", r"\ ", ""))
        if spec == (("", "Ω", 1),):
            return f"{number}{space}\\Omega"
        if not has_power and not has_macro and plan.flag():
            lead = plan.pick(("", " "))
            plain = _symbol_unit(spec, "ascii", " ", True)
            return f"{number}{space}\\text{{{lead}{plain}}}"
        return f"{number}{space}\\mathrm{{{inner}}}"
    sep = plan.pick((" ", "·"))
    slash = not plan.flag()
    inner = _symbol_unit(spec, "unicode" if style == "unicode" else "ascii", sep, slash)
    glue = " " if notation != "plain" else plan.pick((" ", ""))
    return f"{number}{glue}{inner}"


def _boxed(boxed: bool, text: str) -> str:
    return rf"\boxed{{{text}}}" if boxed else text


def _unit_choices(target: _Target) -> list[_Spec]:
    specs: list[_Spec] = [target.spec] if target.spec is not None else []
    if target.dimension is not None:
        specs += [s for s in target.dimension.specs if s not in specs]
    if target.magnitude == 0:  # zero has no relative tolerance: no offset conversions
        specs = [s for s in specs if _linear(target.unit, _pint_unit(s))[1] == 0.0]
    return specs


def _render(target: _Target, tol: float, plan: _Plan) -> str:
    """One rendering of ``target``, rounded within ``tol`` (relative), chosen by ``plan``."""
    choices = _unit_choices(target)
    spec = plan.pick(choices)
    unit = _pint_unit(spec)
    absolute_tol = tol * abs(target.magnitude)
    value = _convert(target.magnitude, target.unit, unit)
    digits = _digits_needed(value, target.unit, unit, target.magnitude, absolute_tol)
    if digits is None:  # conversion cannot get close enough: stay in own unit
        spec = choices[0]
        unit = _pint_unit(spec)
        value = _convert(target.magnitude, target.unit, unit)
        digits = _digits_needed(value, target.unit, unit, target.magnitude, absolute_tol)
    digits = min(17, (digits or 17) + plan.pick((0, 1, 2)))
    return _spelled(plan, _round_sig(value, digits), spec)


def _rendering_strategy(target: _Target, tol: float, *, allow_boxed: bool) -> SearchStrategy[str]:
    _unit_choices(target)  # fail early
    return st.tuples(_plans, st.booleans()).map(
        lambda pb: (
            _boxed(pb[1], _render(target, tol, pb[0]))
            if allow_boxed
            else _render(target, tol, pb[0])
        )
    )
