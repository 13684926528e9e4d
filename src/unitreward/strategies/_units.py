"""The unit table behind every strategy, and quantities resolved against it.

Plain data (which units each dimension uses, how each notation spells them),
the lazy pint access the strategies share (one registry: unitreward's when the
engine is importable, else a fresh pint one), and the argument checks that turn
a user's quantity or tolerance into a :class:`_Target` or an
:class:`~hypothesis.errors.InvalidArgument`. Nothing here draws.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

from hypothesis.errors import InvalidArgument

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
# Validation helpers
# --------------------------------------------------------------------------


def _check_tol(name: str, value: object, *, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidArgument(f"{name} must be a number, got {value!r}")
    if not (low < value <= high):
        raise InvalidArgument(f"{name} must be in ({low}, {high}], got {value!r}")
    return float(value)
