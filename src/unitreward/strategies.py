"""Hypothesis strategies for property-testing reward parsers: yours and ours.

A reward for answers with units has two jobs: pay 1.0 for every correct way of
writing the answer, and 0.0 for every wrong one. These strategies generate both
sides, so a property test can look for the counterexample a hand-written table
forgets:

- :func:`quantities`: pint quantities of the dimensions physics problems use.
- :func:`renderings`: strings any correct verifier must accept as equal to a
  quantity (other units, prefixes, imperial and compound units; plain,
  scientific, LaTeX and unicode notation; unit names; ``\\boxed{}``).
- :func:`wrong_answers`: strings any correct verifier must reject (value off
  beyond tolerance, flipped sign, wrong prefix, wrong dimension, missing unit,
  hedged pairs).
- :func:`completions`: realistic completions (think block, then a final answer
  in one of the forms unitreward's policy recognises) around an answer string.
- :func:`reward_inputs`: adversarial text for "never raises, always in range".

Every strategy checks its arguments when it is built (raising
:class:`hypothesis.errors.InvalidArgument`), draws only from hypothesis (so it
is deterministic under hypothesis' seed), and shrinks toward a short, readable
example; each docstring says which.

This module needs the ``hypothesis`` extra (``pip install 'unitreward[hypothesis]'``).

>>> from hypothesis import given
>>> import unitreward
>>> from unitreward.strategies import completions, quantities, renderings
>>> @given(quantities(dimensions="energy").flatmap(
...     lambda q: renderings(q).map(lambda text: (q, text))))
... def test_any_rendering_scores_one(case):
...     q, text = case
...     assert unitreward.check(text, f"{q:~P}").reward == 1.0
>>> test_any_rendering_scores_one()
"""

from __future__ import annotations

import functools
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

try:
    import hypothesis.strategies as st
    from hypothesis.errors import InvalidArgument
    from hypothesis.strategies import DrawFn, SearchStrategy
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "unitreward.strategies needs hypothesis; install it with "
        "pip install 'unitreward[hypothesis]'"
    ) from exc

__all__ = [
    "DIMENSIONS",
    "completions",
    "quantities",
    "renderings",
    "reward_inputs",
    "wrong_answers",
]

# --------------------------------------------------------------------------
# Unit tables (plain data; no pint at import time)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Base:
    """A unit without prefix and how each notation spells it."""

    symbol: str
    pint: str  # pint's name; a prefix's pint name is prepended ("kilo" + "meter")
    name: str | None = None  # US singular ("meter"); None: no name rendering
    plural: str | None = None
    british: str | None = None  # British singular when it differs ("metre")
    british_plural: str | None = None
    latex: str | None = None  # inside \mathrm{}; default: the symbol
    siunitx: str | None = None  # \SI{}{} macro without prefix
    prefixes: str = ""  # prefixes a wrong-prefix answer may swap in


_BASES: dict[str, _Base] = {
    b.symbol: b
    for b in (
        _Base("m", "meter", "meter", "meters", "metre", "metres", None, r"\meter", "kcmµn"),
        _Base("s", "second", "second", "seconds", None, None, None, r"\second", "mµn"),
        _Base("g", "gram", "gram", "grams", None, None, None, r"\gram", "kmµ"),
        _Base("N", "newton", "newton", "newtons", None, None, None, r"\newton", "kmM"),
        _Base("J", "joule", "joule", "joules", None, None, None, r"\joule", "kMmG"),
        _Base("W", "watt", "watt", "watts", None, None, None, r"\watt", "kMmG"),
        _Base("Pa", "pascal", "pascal", "pascals", None, None, None, r"\pascal", "kMG"),
        _Base("V", "volt", "volt", "volts", None, None, None, r"\volt", "kmMµ"),
        _Base("A", "ampere", "ampere", "amperes", None, None, None, r"\ampere", "mµk"),
        _Base("Ω", "ohm", "ohm", "ohms", None, None, r"\Omega", r"\ohm", "kMm"),
        _Base("Hz", "hertz", "hertz", "hertz", None, None, None, r"\hertz", "kMG"),
        _Base("C", "coulomb", "coulomb", "coulombs", None, None, None, r"\coulomb", "mµn"),
        _Base("T", "tesla", "tesla", "teslas", None, None, None, r"\tesla", "mµ"),
        _Base("K", "kelvin", "kelvin", "kelvin", None, None, None, r"\kelvin"),
        _Base(
            "°C",
            "degree_Celsius",
            "degree Celsius",
            "degrees Celsius",
            None,
            None,
            None,
            r"\degreeCelsius",
        ),
        _Base("°F", "degree_Fahrenheit", "degree Fahrenheit", "degrees Fahrenheit"),
        _Base("L", "liter", "liter", "liters", "litre", "litres", None, r"\liter", "m"),
        _Base("eV", "electron_volt", None, None, None, None, None, r"\electronvolt", "kMG"),
        _Base("min", "minute", "minute", "minutes", None, None, None, r"\minute"),
        _Base("h", "hour", "hour", "hours", None, None, None, r"\hour"),
        _Base("ft", "foot", "foot", "feet"),
        _Base("mi", "mile", "mile", "miles"),
        _Base("lb", "pound", "pound", "pounds"),
        _Base("lbf", "force_pound"),
        _Base("mph", "mile_per_hour", "mile per hour", "miles per hour"),
        _Base("atm", "standard_atmosphere", "atmosphere", "atmospheres"),
        _Base("bar", "bar", "bar", "bars"),
        _Base("psi", "psi"),
        _Base("kWh", "kilowatt_hour"),
        _Base("%", "percent", "percent", "percent", None, None, r"\%", r"\percent"),
    )
}
_PREFIXES: dict[str, tuple[str, str, str]] = {  # symbol -> (pint/name, siunitx, latex)
    "": ("", "", ""),
    "k": ("kilo", r"\kilo", "k"),
    "M": ("mega", r"\mega", "M"),
    "G": ("giga", r"\giga", "G"),
    "h": ("hecto", r"\hecto", "h"),
    "c": ("centi", r"\centi", "c"),
    "m": ("milli", r"\milli", "m"),
    "µ": ("micro", r"\micro", r"\mu "),
    "n": ("nano", r"\nano", "n"),
}
_SYMBOL_ALIASES = {"l": "L", "μ": "µ"}  # pint's symbol for liter; Greek mu

_Factor = tuple[str, str, int]  # (prefix, base symbol, power)
_Spec = tuple[_Factor, ...]


def _parse_symbol(token: str) -> tuple[str, str] | None:
    for prefix in ("", *_PREFIXES):
        if prefix and not token.startswith(prefix):
            continue
        base = token[len(prefix) :]
        base = _SYMBOL_ALIASES.get(base, base)
        if base in _BASES and (not prefix or base != "%"):
            return prefix, base
    if token[:1] in _SYMBOL_ALIASES:  # Greek mu for the micro sign
        return _parse_symbol(_SYMBOL_ALIASES[token[0]] + token[1:])
    return None


def _spec(text: str) -> _Spec:
    """Parse the table's own compact notation: ``"kg m/s^2"``, ``"J/(kg K)"``."""
    num, _, den = text.partition("/")
    factors: list[_Factor] = []
    for part, sign in ((num, 1), (den.strip("()"), -1)):
        for token in part.split():
            sym, _, power = token.partition("^")
            parsed = _parse_symbol(sym)
            if parsed is None:  # pragma: no cover - table typo
                raise ValueError(f"bad unit token {token!r}")
            factors.append((parsed[0], parsed[1], sign * int(power or 1)))
    return tuple(factors)


@dataclass(frozen=True)
class _Dimension:
    name: str
    reference: tuple[str, ...]  # units quantities() draws from (first: SI)
    others: tuple[str, ...]  # further units renderings() may convert to
    signed: bool = True

    @functools.cached_property
    def specs(self) -> tuple[_Spec, ...]:
        return tuple(_spec(u) for u in (*self.reference, *self.others))


_DIMENSION_TABLE: tuple[_Dimension, ...] = (
    _Dimension("length", ("m", "km", "cm", "mm"), ("µm", "nm", "ft", "mi")),
    _Dimension("time", ("s", "ms", "min", "h"), ("µs", "ns"), signed=False),
    _Dimension("mass", ("kg", "g"), ("mg", "lb"), signed=False),
    _Dimension("velocity", ("m/s", "km/h"), ("cm/s", "km/s", "mph", "ft/s")),
    _Dimension("acceleration", ("m/s^2",), ("cm/s^2", "ft/s^2")),
    _Dimension("force", ("N", "kN"), ("mN", "lbf", "kg m/s^2")),
    _Dimension("energy", ("J", "kJ", "eV"), ("MJ", "mJ", "keV", "kWh", "N m", "kg m^2/s^2")),
    _Dimension("power", ("W", "kW"), ("MW", "mW", "J/s")),
    _Dimension("pressure", ("Pa", "kPa", "atm"), ("MPa", "hPa", "bar", "psi", "N/m^2")),
    _Dimension("temperature", ("K", "°C"), ("°F",)),
    _Dimension("charge", ("C", "µC", "nC"), ("mC", "A s")),
    _Dimension("current", ("A", "mA"), ("µA", "kA")),
    _Dimension("voltage", ("V", "kV", "mV"), ("µV", "J/C")),
    _Dimension("resistance", ("Ω", "kΩ"), ("MΩ", "mΩ", "V/A"), signed=False),
    _Dimension("frequency", ("Hz", "kHz"), ("MHz", "GHz", "/s"), signed=False),
    _Dimension("momentum", ("kg m/s",), ("N s", "g cm/s")),
    _Dimension("area", ("m^2", "cm^2"), ("mm^2", "km^2"), signed=False),
    _Dimension("volume", ("m^3", "L"), ("mL", "cm^3"), signed=False),
    _Dimension("density", ("kg/m^3",), ("g/cm^3", "g/mL", "g/L"), signed=False),
    _Dimension("magnetic_field", ("T", "mT"), ("µT",)),
    _Dimension("dimensionless", ("", "%"), ()),
)
_BY_NAME = {d.name: d for d in _DIMENSION_TABLE}

#: Names accepted by ``quantities(dimensions=...)``.
DIMENSIONS: tuple[str, ...] = tuple(d.name for d in _DIMENSION_TABLE)

_OFFSET = frozenset({"°C", "°F"})


# --------------------------------------------------------------------------
# pint access (lazy)
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _registry() -> Any:
    try:
        from unitreward.engine.units import get_registry
    except ImportError:
        import pint

        return pint.UnitRegistry()
    return get_registry()


def _pint_unit_text(spec: _Spec) -> str:
    if not spec:
        return "dimensionless"
    return " * ".join(f"{_PREFIXES[p][0]}{_BASES[b].pint} ** {e}" for p, b, e in spec)


@functools.lru_cache(maxsize=512)
def _pint_unit(spec: _Spec) -> Any:
    return _registry().Unit(_pint_unit_text(spec))


@functools.lru_cache(maxsize=64)
def _dimension_of(dimensionality: str) -> _Dimension | None:
    for dim in _DIMENSION_TABLE:
        if str(_pint_unit(dim.specs[0]).dimensionality) == dimensionality:
            return dim
    return None


def _spec_of_unit(unit: Any) -> _Spec | None:
    """The table spec of a pint unit, or ``None`` when a part has no known symbol."""
    reg = _registry()
    factors: list[_Factor] = []
    for name, power in unit._units.items():
        if power != int(power):
            return None
        try:
            symbol = reg.get_symbol(name)
        except Exception:
            return None
        parsed = _parse_symbol(symbol)
        if parsed is None:
            return None
        factors.append((parsed[0], parsed[1], int(power)))
    factors.sort(key=lambda f: f[2] < 0)
    spec = tuple(factors)
    dim = _dimension_of(str(unit.dimensionality))
    if dim is not None:  # prefer the table's ordering of the same unit
        for known in dim.specs:
            if sorted(known) == sorted(spec):
                return known
    return spec


@dataclass(frozen=True)
class _Target:
    """A quantity resolved against the unit table."""

    magnitude: float
    spec: _Spec | None  # None: its unit cannot be spelled; use table units only
    unit: Any  # pint unit
    dimension: _Dimension | None


def _as_pint(quantity: Any, what: str) -> Any:
    reg = _registry()
    if isinstance(quantity, str):
        raise InvalidArgument(
            f"{what} must be a quantity, not the string {quantity!r}: pass "
            "unitreward.parse_quantity(text) or a pint Quantity"
        )
    if hasattr(quantity, "dimensionality") and hasattr(quantity, "units"):
        mag, unit = quantity.magnitude, quantity.units  # pint (any registry)
    elif hasattr(quantity, "magnitude") and hasattr(quantity, "unit"):
        mag, unit = quantity.magnitude, quantity.unit  # unitreward.Quantity
    else:
        raise InvalidArgument(
            f"{what} must be a pint Quantity or a unitreward.Quantity, got {quantity!r}"
        )
    try:
        mag = float(mag)
        unit_text = "dimensionless" if unit is None or str(unit) == "" else str(unit)
        return reg.Quantity(mag, unit_text)
    except Exception as exc:
        raise InvalidArgument(f"{what} {quantity!r} cannot be converted: {exc}") from exc


def _resolve(quantity: object, what: str) -> _Target:
    q = _as_pint(quantity, what)
    if not math.isfinite(q.magnitude):
        raise InvalidArgument(f"{what} must have a finite magnitude, got {q.magnitude!r}")
    dim = _dimension_of(str(q.dimensionality))
    spec = _spec_of_unit(q.units)
    if spec is None and dim is not None and dim.name == "dimensionless":
        dim = None  # radians, ppm...: pint calls them dimensionless, a grader would not
    if dim is None and spec is None:
        raise InvalidArgument(
            f"{what} has unit {q.units!s} ({q.dimensionality!s}), which no strategy "
            f"can spell; supported dimensions: {', '.join(DIMENSIONS)}"
        )
    return _Target(float(q.magnitude), spec, q.units, dim)


@functools.lru_cache(maxsize=1024)
def _linear(src: Any, dst: Any) -> tuple[float, float]:
    """``(scale, shift)`` with ``value_in_dst = scale * value_in_src + shift``."""
    reg = _registry()
    zero = float(reg.Quantity(0.0, src).to(dst).magnitude)
    one = float(reg.Quantity(1.0, src).to(dst).magnitude)
    return one - zero, zero


def _kelvin() -> Any:
    return _pint_unit((("", "K", 1),))


def _is_offset(unit: Any) -> bool:
    """An absolute-temperature unit with an offset (°C, °F)."""
    try:
        return str(unit.dimensionality) == "[temperature]" and _linear(unit, _kelvin())[1] != 0
    except Exception:
        return False


def _convert(value: float, src: Any, dst: Any) -> float:
    if src == dst:
        return value
    scale, shift = _linear(src, dst)
    if shift == 0.0:
        return value * scale
    return float(_registry().Quantity(value, src).to(dst).magnitude)  # offsets: exact path


# --------------------------------------------------------------------------
# Number and unit spelling
# --------------------------------------------------------------------------

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


# --------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------


def _check_tol(name: str, value: object, *, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidArgument(f"{name} must be a number, got {value!r}")
    if not (low < value <= high):
        raise InvalidArgument(f"{name} must be in ({low}, {high}], got {value!r}")
    return float(value)


# --------------------------------------------------------------------------
# Public strategies
# --------------------------------------------------------------------------


def quantities(
    *,
    dimensions: str | Collection[str] | None = None,
    min_magnitude: float = 1e-3,
    max_magnitude: float = 1e6,
) -> SearchStrategy[Any]:
    """Pint quantities of the dimensions physics problems ask about.

    Each quantity has a unit that is usual for its dimension (``m``, ``km``,
    ``km/h``, ``kJ``, ``eV``, ``°C``, ``µC``, ``kΩ``, ``%`` ...) and a magnitude
    with one to four significant digits (``120``, ``2.5``, ``9.81``), like the
    reference answers of a problem set, whose absolute value lies in
    ``[min_magnitude, max_magnitude]`` (in that unit); whole numbers are
    ``int`` so that ``f"{q:~P}"`` reads ``120 m``, a ready reference string.
    Magnitudes clamped to a bound keep the bound's digits. Signed dimensions
    (displacement, velocity, charge, temperature in °C ...) also give negative
    values; times, masses and absolute temperatures never do, and no
    temperature is below absolute zero.

    Shrinks toward ``1 meter``: the first dimension, its SI unit, magnitude one
    (or the bound nearest to it), positive.

    Args:
        dimensions: A name or a collection of names from :data:`DIMENSIONS`;
            ``None`` (the default) for all of them.
        min_magnitude: Smallest absolute magnitude, ``> 0``.
        max_magnitude: Largest absolute magnitude, ``>= min_magnitude``; finite.

    Raises:
        hypothesis.errors.InvalidArgument: When built with an unknown dimension
            or bad bounds.

    >>> from hypothesis import given
    >>> @given(quantities(dimensions=["velocity", "energy"], max_magnitude=1e3))
    ... def test_magnitudes(q):
    ...     assert 1e-3 <= abs(q.magnitude) <= 1e3
    ...     assert q.check("[length]/[time]") or q.check("[energy]")
    >>> test_magnitudes()
    """
    if dimensions is None:
        dims = DIMENSIONS
    elif isinstance(dimensions, str):
        dims = (dimensions,)
    else:
        dims = tuple(dimensions)
    if not dims:
        raise InvalidArgument("dimensions must name at least one dimension")
    unknown = [d for d in dims if d not in _BY_NAME]
    if unknown:
        raise InvalidArgument(
            f"unknown dimension(s) {unknown!r}; choose from {', '.join(DIMENSIONS)}"
        )
    lo = _check_tol("min_magnitude", min_magnitude, low=0.0, high=math.inf)
    hi = _check_tol("max_magnitude", max_magnitude, low=0.0, high=math.inf)
    if not math.isfinite(hi):
        raise InvalidArgument(f"max_magnitude must be finite, got {max_magnitude!r}")
    if lo > hi:
        raise InvalidArgument(f"min_magnitude={lo!r} exceeds max_magnitude={hi!r}")
    table = tuple(_BY_NAME[d] for d in dict.fromkeys(dims))
    e_lo, e_hi = math.floor(math.log10(lo)), math.floor(math.log10(hi))

    @st.composite
    def build(draw: DrawFn) -> Any:
        # A fixed number of draws whatever is chosen, so shrinking reaches 1 m.
        dim = table[draw(st.integers(0, 255)) % len(table)]
        spec = dim.specs[draw(st.integers(0, 255)) % len(dim.reference)]
        sig = draw(st.integers(1, 4))
        exp = draw(st.integers(e_lo, e_hi))
        digits = 10 ** (sig - 1) + draw(st.integers(0, 9999)) % (9 * 10 ** (sig - 1))
        negative = draw(st.booleans())
        exact = Decimal(digits).scaleb(exp - sig + 1)
        while exact > Decimal(repr(hi)) and exact.scaleb(-1) >= Decimal(repr(lo)):
            exact = exact.scaleb(-1)
        value: float = min(max(float(exact), lo), hi)
        absolute = any(b == "K" for _, b, _ in spec)
        if dim.signed and not absolute and negative:
            value = -value
        if (
            spec
            and spec[0][1] in _OFFSET
            and value < 0
            and _convert(value, _pint_unit(spec), _kelvin()) < 0
        ):
            value = -value  # never below absolute zero
        if value == int(value) and abs(value) < 1e15:
            value = int(value)  # a reference reads "120 m", not "120.0 m"
        return _registry().Quantity(value, _pint_unit(spec))

    return build()


def renderings(quantity: object, *, rel_tol: float = 1e-3) -> SearchStrategy[str]:
    """Strings that any correct verifier must accept as equal to ``quantity``.

    The quantity is converted to another unit of its dimension (SI prefixes,
    imperial units, compound units such as ``N·m`` for ``J``; °C, °F and K
    with their offsets) and spelled in one of the notations unitreward
    understands: plain (``1200``, ``1,200``), scientific (``1.2e3``,
    ``1.2 \\times 10^{3}``, ``1.2×10³``, ``1.2 x 10^3``), unicode minus and
    superscripts, units as symbols (``m/s^2``, ``m·s⁻²``), LaTeX
    (``\\text{m}``, ``\\mathrm{m\\,s^{-1}}``, ``\\SI{9.8}{\\meter\\per\\second\\squared}``),
    names (``metres per second``, ``degrees Celsius``), optionally inside
    ``\\boxed{}``. The number is rounded to as few significant digits as keep
    it within ``rel_tol`` of the quantity (checked after converting back), so
    pick ``rel_tol`` below the tolerance of the verifier under test; the
    default ``1e-3`` leaves a tenfold margin under unitreward's ``1e-2``.

    Shrinks toward the quantity in its own unit, plain notation, fewest digits,
    not boxed: ``120 m`` for ``120 m``.

    Args:
        quantity: A pint ``Quantity`` (any registry) or a
            :class:`unitreward.Quantity`.
        rel_tol: Largest relative rounding error, in ``(0, 0.5]``.

    Raises:
        hypothesis.errors.InvalidArgument: For a non-quantity, a non-finite
            magnitude, a unit of a dimension no strategy can spell, or a bad
            ``rel_tol``.

    >>> import pint
    >>> from hypothesis import given
    >>> ureg = pint.UnitRegistry()
    >>> @given(renderings(ureg.Quantity(15, "m/s")))
    ... def test_speed(text):
    ...     assert isinstance(text, str) and text
    >>> test_speed()
    """
    tol = _check_tol("rel_tol", rel_tol, low=0.0, high=0.5)
    target = _resolve(quantity, "quantity")
    return _rendering_strategy(target, tol, allow_boxed=True)


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


_WRONG_KINDS = ("value", "sign", "prefix", "dimension", "missing_unit", "hedged")


def wrong_answers(quantity: object, *, rel_tol: float = 1e-2) -> SearchStrategy[str]:
    """Strings that any verifier with tolerance ``rel_tol`` must reject for ``quantity``.

    One of:

    - ``value``: off by at least three times ``rel_tol`` (``123.6 m`` for
      ``120 m`` at ``1e-2``), possibly in another unit and notation;
    - ``sign``: the opposite sign (``-120 m``);
    - ``prefix``: the same number with another SI prefix (``120 km``);
    - ``dimension``: the same number with a unit of another dimension
      (``120 s``; a unit added to a dimensionless quantity);
    - ``missing_unit``: the bare number (when the quantity has a unit);
    - ``hedged``: a correct and a wrong answer offered together
      (``120 m or 150 m``).

    Shrinks toward a ``value`` answer three tolerances above the quantity,
    in the quantity's own unit and plain notation.

    Args:
        quantity: A pint ``Quantity`` or a :class:`unitreward.Quantity`.
        rel_tol: The verifier's relative tolerance, in ``[0, 0.25]``.

    Raises:
        hypothesis.errors.InvalidArgument: For a bad quantity or ``rel_tol``.

    >>> import pint
    >>> from hypothesis import given
    >>> from unitreward import check
    >>> ureg = pint.UnitRegistry()
    >>> @given(wrong_answers(ureg.Quantity(120, "m")))
    ... def test_rejected(text):
    ...     assert check(f"The answer is {text}.", "120 m").reward == 0.0
    >>> test_rejected()
    """
    if isinstance(rel_tol, bool) or not isinstance(rel_tol, (int, float)):
        raise InvalidArgument(f"rel_tol must be a number, got {rel_tol!r}")
    if not (0.0 <= rel_tol <= 0.25):
        raise InvalidArgument(f"rel_tol must be in [0, 0.25], got {rel_tol!r}")
    target = _resolve(quantity, "quantity")
    step = max(rel_tol, 1e-4)
    render_tol = step / 10
    if target.spec is None:  # a unit no strategy spells: bare number is wrong unless dimensionless
        has_unit = target.dimension is None or target.dimension.name != "dimensionless"
    else:
        has_unit = len(target.spec) > 0
    prefixed = [i for i, (_, b, _) in enumerate(target.spec or ()) if _BASES[b].prefixes]
    # An absolute temperature (°C, °F) is judged relative to absolute zero: a wrong value
    # moves the temperature in kelvin, and a flipped sign is wrong only when far enough.
    absolute = _linear(target.unit, _kelvin()) if _is_offset(target.unit) else None
    sign_wrong = target.magnitude != 0 and (
        absolute is None
        or 2 * abs(target.magnitude) * absolute[0]
        > 3 * step * abs(absolute[0] * target.magnitude + absolute[1])
    )
    kinds = [
        k
        for k in _WRONG_KINDS
        if (k != "sign" or sign_wrong)
        and (k != "prefix" or (bool(prefixed) and target.magnitude != 0))
        and (k != "missing_unit" or has_unit)
        and (k != "dimension" or target.spec is not None)
    ]

    def moved(value: float) -> _Target:
        return _Target(value, target.spec, target.unit, target.dimension)

    def same_number() -> Decimal:
        value = target.magnitude
        digits = _digits_needed(value, target.unit, target.unit, value, render_tol * abs(value))
        return _round_sig(value, digits or 17)

    lowest = max(1, math.ceil(3 * step * 1e6))
    hedges = ("{} or {}", "either {} or {}", "{}, or possibly {}")

    def off_value(ppm: int, down: bool, plan: _Plan) -> str:
        factor = 1 - ppm / 1e6 if down and ppm < 900_000 else 1 + ppm / 1e6
        if absolute is not None:
            scale, shift = absolute
            value = ((scale * target.magnitude + shift) * factor - shift) / scale
        else:
            value = target.magnitude * factor if target.magnitude else ppm / 1e6
        return _render(moved(value), render_tol, plan)

    def flipped(plan: _Plan) -> str:
        return _render(moved(-target.magnitude), render_tol, plan)

    def reprefixed(plan: _Plan) -> str:
        own_spec = target.spec or ()
        index = prefixed[0]
        prefix, base, power = own_spec[index]
        new = plan.pick([p for p in ("", *_BASES[base].prefixes) if p != prefix])
        spec = (*own_spec[:index], (new, base, power), *own_spec[index + 1 :])
        return _spelled(plan, same_number(), spec)

    def other_dimension(plan: _Plan) -> str:
        own = target.dimension.name if target.dimension else None
        dim = plan.pick([d for d in _DIMENSION_TABLE if d.name not in (own, "dimensionless")])
        spec = plan.pick(dim.specs[: len(dim.reference)])
        return _spelled(plan, same_number(), spec)

    def build(choice: tuple[int, int, bool, bool, bool, _Plan, _Plan]) -> str:
        kind_index, ppm, down, first_wrong, boxed, plan, other_plan = choice
        kind = kinds[kind_index % len(kinds)]
        if kind == "value":
            text = off_value(ppm, down, plan)
        elif kind == "sign":
            text = flipped(plan)
        elif kind == "prefix":
            text = reprefixed(plan)
        elif kind == "dimension":
            text = other_dimension(plan)
        elif kind == "missing_unit":
            text = _number(plan, same_number(), allow=_NOTATIONS)[0]
        else:  # hedged: one correct rendering and one wrong value
            right = _render(target, render_tol, plan)
            use_sign = sign_wrong and other_plan.flag()
            wrong = flipped(other_plan) if use_sign else off_value(ppm, down, other_plan)
            pair = (wrong, right) if first_wrong else (right, wrong)
            return plan.pick(hedges).format(*pair)
        return _boxed(boxed, text)

    return st.tuples(
        st.integers(0, 255),
        st.integers(lowest, max(lowest, 9_000_000)),
        st.booleans(),
        st.booleans(),
        st.booleans(),
        _plans,
        _plans,
    ).map(build)


_THINK_TEMPLATES = (
    "Given {0} and {1}.",
    "First compute {0}, then {1}.",
    "Maybe the answer is {0}? No, recheck.",
    r"\boxed{{{0}}} would be wrong here.",
    "Units: {0} = {1}?",
    "The answer is {0}.",
)
_WORKING_TEMPLATES = ("Given {0} and {1}.", "We know {0}; also {1}.", "Using {0}:")
_LEADS = ("", "Therefore, ", "So ", "Putting it together: ")
_TRAILS = ("", " This is the final result.", "\n\nHope this helps!")
_FORMS = (
    "The answer is {a}.",
    "Final answer: {a}",
    "**Answer:** {a}",
    r"\boxed{{{a}}}",
    r"$\boxed{{{a}}}$",
    "$$\n\\boxed{{{a}}}\n$$",
    "<answer>{a}</answer>",
    "<answer>\n{a}\n</answer>",
    "the final answer is {a}",
    "x = {a} (final)",
)


def completions(answer: str | SearchStrategy[str], *, think: bool = True) -> SearchStrategy[str]:
    """Realistic completions whose final answer is ``answer``.

    A think block (when ``think``) whose reasoning mentions other quantities
    (and even tempting wrong answers, which the policy must ignore), then the
    answer in one of the final-answer forms unitreward's policy recognises:
    ``\\boxed{}`` (in ``$...$`` or display math), ``<answer>`` tags,
    "The answer is", "Final answer:", "**Answer:**", "= ... (final)". With
    ``think=False`` the working sits in the answer section, never in a form
    that could pass for the final answer.

    Shrinks toward ``<think>\\n\\n</think>\\n\\nThe answer is ANSWER.`` (or,
    without a think block, ``The answer is ANSWER.``).

    Args:
        answer: The final-answer text, or a strategy of such texts.
        think: Whether to open with a closed ``<think>`` block.

    Raises:
        hypothesis.errors.InvalidArgument: For a non-string answer or a
            non-bool ``think``.

    >>> from hypothesis import given
    >>> from unitreward import check
    >>> @given(completions("0.12 km"))
    ... def test_found(text):
    ...     assert check(text, "120 m").reward == 1.0
    >>> test_found()
    """
    if not isinstance(think, bool):
        raise InvalidArgument(f"think must be a bool, got {think!r}")
    if isinstance(answer, str):
        answers: SearchStrategy[str] = st.just(answer)
    elif isinstance(answer, SearchStrategy):
        answers = answer
    else:
        raise InvalidArgument(f"answer must be a str or a strategy of str, got {answer!r}")

    other = quantities(max_magnitude=1e4).flatmap(
        lambda q: _rendering_strategy(_resolve(q, "quantity"), 1e-3, allow_boxed=False)
    )

    @st.composite
    def sentence(draw: DrawFn, templates: Sequence[str]) -> str:
        template = draw(st.sampled_from(templates))
        return template.format(draw(other), draw(other))

    @st.composite
    def build(draw: DrawFn) -> str:
        text = draw(answers)
        if not isinstance(text, str):
            raise InvalidArgument(f"answer strategy gave {text!r}, not a str")
        forms = list(_FORMS)
        if r"\boxed" in text:  # never box twice
            forms = [f for f in forms if r"\boxed" not in f] + ["{a}", "${a}$"]
        form = draw(st.sampled_from(forms))
        final = form.format(a=text)
        lead = draw(st.sampled_from(_LEADS))
        trail = draw(st.sampled_from(_TRAILS))
        section = f"{lead}{final}{trail}"
        if think:
            steps = draw(st.lists(sentence(_THINK_TEMPLATES), max_size=4))
            return "<think>\n" + "\n".join(steps) + "\n</think>\n\n" + section
        steps = draw(st.lists(sentence(_WORKING_TEMPLATES), max_size=3))
        return "\n".join([*steps, section]) if steps else section

    return build()


_HOSTILE = (
    r"\boxed{",
    "}",
    "{",
    r"\frac{",
    r"\sqrt{",
    "^{",
    "$",
    "$$",
    r"\text{",
    r"\SI{",
    r"\boxed{10^{10^{10^{10}}}}",
    "9^{9^{9^{9}}}",
    "9!!!!!!",
    "1e999999 m",
    "1e-999999 kg",
    "nan m",
    "inf J",
    "-inf",
    "10**10**10",
    "1.2×10⁹⁹⁹⁹⁹⁹",
    "kg^999999",
    "m/s/s/s/s",
    "((((",
    "3 blorbs",
    "<think>",
    "</think>",
    "<answer>",
    "</answer>",
    "The answer is ",
    "Final answer: ",
    " or ",
    "120 m",
    "0.12 km",
    "−",
    "²",
    "⁻¹",
    "µ",
    "Ω",
    "°C",
    "\x00",
    "\ufffd",
    "\u202e",
    "𝟙𝟚",
    "\\",
    "\n",
)


def reward_inputs() -> SearchStrategy[str]:
    """Adversarial text for "never raises, always in range" properties.

    Pieces of hostile input (unbalanced LaTeX, power towers, ``1e999999 m``,
    ``nan``/``inf``, unclosed think blocks and tags, unicode controls and
    astral characters, unknown units), arbitrary unicode text, deep brace
    nesting, and long repetitions (up to about 200,000 characters).

    Shrinks toward the empty string.

    >>> from hypothesis import given
    >>> from unitreward import check
    >>> @given(reward_inputs())
    ... def test_in_range(text):
    ...     assert 0.0 <= check(text, "120 m").reward <= 1.0
    >>> test_in_range()
    """
    piece = st.one_of(st.sampled_from(_HOSTILE), st.text(max_size=12))

    @st.composite
    def build(draw: DrawFn) -> str:
        text = "".join(draw(st.lists(piece, max_size=12)))
        depth = draw(st.sampled_from((0, 0, 3, 100, 10_000)))
        if depth:
            text = "{" * depth + text + "}" * draw(st.sampled_from((depth, 0, depth - 1)))
        repeat = draw(st.sampled_from((1, 1, 2, 50, 5_000, 100_000)))
        if text and repeat > 1:
            text *= max(1, min(repeat, 200_000 // len(text)))
        return text

    return build()


def _engine_quantities() -> SearchStrategy[Any]:
    """``unitreward.Quantity`` values: what ``st.from_type(unitreward.Quantity)`` draws.

    Registered by :mod:`unitreward._hypothesis_plugin`; the same quantities as
    :func:`quantities`, parsed by the engine from pint's unicode spelling.
    """

    def engine(q: Any) -> Any:
        from unitreward.engine.quantity import parse_quantity

        return parse_quantity(f"{q:~P}")

    return quantities().map(engine)
