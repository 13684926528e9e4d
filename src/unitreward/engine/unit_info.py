"""What a parsed unit is, and how the pieces the unit reader finds become one.

:class:`UnitInfo` is a unit as the engine uses it: how it was written, its pint
expression, its factor and offset to SI, its dimension, and the angles and cycles pint
leaves dimensionless. :func:`unit_from_parts` builds one from pint atoms and their powers
(what the tokenizer of :mod:`unitreward.engine.units` reads from text): conversion to SI
through the shared pint registry, absolute temperatures with their offset, decibels apart,
pound-force where a force makes the physics, a turn counted as one cycle.

>>> u = unit_from_parts("N·m", (("newton", 1), ("meter", 1)))
>>> u.factor, u.dimensionality
(1.0, '[mass] * [length] ** 2 / [time] ** 2')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from unitreward.engine.errors import UnitError
from unitreward.engine.unit_names import base_of, get_registry

__all__ = ["UnitInfo", "unit_from_parts"]

_TWO_PI = 6.283185307179586
# Units pint defines through a turn (2π rad); we count cycles instead (`UnitInfo.cycles`).
_TURN_UNITS = frozenset({"turn", "revolutions_per_minute", "revolutions_per_second"})
_CYCLE_UNITS = _TURN_UNITS | {"hertz", "count_cycle"}
_ANGLE_UNITS = frozenset({"radian", "degree", "arcminute", "arcsecond", "grade"})


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """A parsed unit: how it was written, its pint unit and conversion to SI.

    Angles and cycles (pint: dimensionless, a turn is 2π rad) are kept apart so that
    angular and cyclic frequency differ: ``rad/s`` carries ``angle = 1``, ``Hz`` and
    ``rpm`` carry ``cycles = 1`` (a cycle counts as 1, so 300 rpm is 5 Hz), and a
    conversion between the two multiplies by 2π per cycle (1 Hz is 2π rad/s). A unit
    with neither (``s⁻¹``) is unspecified and compares with both as written.

    Attributes:
        text: The unit as read from the text (whitespace-normalised).
        expr: The pint expression it resolved to (``"kilometer / hour"``).
        factor: Multiply a magnitude by this to get SI base units (a cycle counts 1).
        offset: For absolute temperatures (``°C``, ``°F``): ``SI = (x + offset) * factor``.
        dims: The dimensionality as a sorted tuple of ``(dimension, exponent)``.
        is_percent: ``True`` for ``%``/``percent``, which count as "no unit" for
            the missing-unit rule.
        is_count: ``True`` for a count of things (``photons``, ``turns``,
            ``dimensionless``): no unit for the missing-unit rule either.
        angle: The power of the angle (radians, degrees) in the unit.
        cycles: The power of cycles (turns, revolutions, the Hz of cyclic frequency).

    >>> from unitreward.engine.units import parse_unit
    >>> parse_unit("°C").offset
    273.15
    >>> parse_unit("rpm").cycles, parse_unit("rad/s").angle
    (1.0, 1.0)
    """

    text: str
    expr: str
    factor: float
    offset: float = 0.0
    dims: tuple[tuple[str, float], ...] = field(default=())
    is_percent: bool = False
    is_count: bool = False
    angle: float = 0.0
    cycles: float = 0.0

    @property
    def dimensionality(self) -> str:
        """The dimensionality written as pint writes it.

        >>> from unitreward.engine.units import parse_unit
        >>> parse_unit("N").dimensionality
        '[mass] * [length] / [time] ** 2'
        """
        if self.dims and self.dims[0][0] == _LOG_DIM:
            return "decibel (logarithmic)"
        return _dimensionality_text(self.expr) if self.dims else "dimensionless"

    @property
    def pint_unit(self) -> Any:
        """The unit as a :class:`pint.Unit` of the shared registry.

        >>> from unitreward.engine.units import parse_unit
        >>> str(parse_unit("km/h").pint_unit)
        'kilometer / hour'
        """
        return get_registry().Unit(self.expr)

    def same_dimension(self, other: UnitInfo | None) -> bool:
        """Whether ``other`` (``None`` meaning a bare number) has this dimension.

        >>> from unitreward.engine.units import parse_unit
        >>> parse_unit("J").same_dimension(parse_unit("eV"))
        True
        """
        return self.dims == (other.dims if other is not None else ())

    def cycle_factor(self, other: UnitInfo | None) -> float:
        """What a value in this unit is multiplied by to compare it in ``other``'s:
        2π per cycle turned into a radian, 1 when either side leaves angles unspecified.

        >>> from unitreward.engine.units import parse_unit
        >>> round(parse_unit("Hz").cycle_factor(parse_unit("rad/s")), 4)
        6.2832
        >>> parse_unit("Hz").cycle_factor(parse_unit("1/s"))
        1.0
        """
        if other is None or not (self.angle or self.cycles) or not (other.angle or other.cycles):
            return 1.0
        return float(_TWO_PI ** (self.cycles - other.cycles))


_LOG_DIM = "[logarithmic ratio]"


@lru_cache(maxsize=1024)
def _dimensionality_text(expr: str) -> str:
    return str(get_registry().Unit(expr).dimensionality)


def _pound_force(ureg: Any, parts: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    """Pound inside a compound unit is pound-force where a force makes the physics:
    times a length (ft·lb, ft·lb/s), per length or area (lb/ft, lb/in²), times a time
    (lb·s/ft). Alone, and in lb/ft³, lb·ft², lb/s, it stays pound-mass."""
    if len(parts) < 2 or not any(base_of(e) == "pound" for e, _ in parts):
        return parts
    length = time = 0.0
    for expr, power in parts:
        if base_of(expr) != "pound":
            dims = ureg.Unit(expr).dimensionality
            length += dims.get("[length]", 0) * power
            time += dims.get("[time]", 0) * power
    if length == 1 or time > 0 or (length in (-1, -2) and time == 0):
        return tuple(
            (expr.replace("pound", "force_pound") if base_of(expr) == "pound" else expr, power)
            for expr, power in parts
        )
    return parts


@lru_cache(maxsize=8192)
def unit_from_parts(text: str, parts: tuple[tuple[str, int], ...]) -> UnitInfo:
    """The unit that pint atoms and their powers make, as :class:`UnitInfo` (cached).

    ``parts`` are what the tokenizer of :mod:`unitreward.engine.units` read (pint
    expressions such as ``"kilometer"`` with signed powers); ``text`` is the unit as
    written. Conversion to SI goes through pint; an absolute temperature alone keeps its
    offset; decibels stay a logarithmic ratio; pound inside a torque, energy, pressure or
    impulse unit is pound-force (:func:`_pound_force`); angles and cycles are counted
    apart (a turn is one cycle, not 2π).

    Raises:
        UnitError: pint does not know a part, or decibels are in a compound unit.

    >>> u = unit_from_parts("km/h", (("kilometer", 1), ("hour", -1)))
    >>> round(u.factor, 6), u.dims
    (0.277778, (('[length]', 1.0), ('[time]', -1.0)))
    >>> unit_from_parts("°C", (("degC", 1),)).offset
    273.15
    """
    ureg = get_registry()
    try:
        if len(parts) == 1 and parts[0][1] == 1 and parts[0][0] in ("degC", "degF"):
            zero = ureg.Quantity(0.0, parts[0][0]).to("kelvin").magnitude
            one = ureg.Quantity(1.0, parts[0][0]).to("kelvin").magnitude
            factor = float(one - zero)
            return UnitInfo(
                text=text,
                expr=parts[0][0],
                factor=factor,
                offset=float(zero) / factor,
                dims=(("[temperature]", 1.0),),
            )
        if any(base_of(e) == "decibel" for e, _ in parts):
            if parts != (("decibel", 1),):
                raise UnitError(f"decibels in a compound unit {text!r}")
            # a logarithmic ratio: compared only with itself, never converted
            return UnitInfo(text=text, expr="decibel", factor=1.0, dims=((_LOG_DIM, 1.0),))
        parts = _pound_force(ureg, parts)
        expr = " * ".join(f"({e}) ** {p}" if p != 1 else f"({e})" for e, p in parts)
        unit = ureg.Unit(_multiply(ureg, parts))
        base = ureg.Quantity(1.0, unit).to_base_units()
    except UnitError:
        raise
    except Exception as exc:  # pint's errors vary by version
        raise UnitError(f"unknown unit {text!r}") from exc
    factor = float(base.magnitude.real)
    angle = cycles = turns = 0.0
    for e, p in parts:
        b = base_of(e)
        if b in _ANGLE_UNITS:
            angle += p
        elif b in _CYCLE_UNITS:
            cycles += p
            if b in _TURN_UNITS:
                turns += p
    if turns:
        factor /= _TWO_PI**turns  # pint's turn is 2π rad; a cycle counts 1
    dims = tuple(sorted((str(k), float(v)) for k, v in base.dimensionality.items()))
    expr = str(unit) if str(unit) else expr
    counted = (
        len(parts) == 1 and parts[0][1] == 1 and parts[0][0] in ("count", "turn", "dimensionless")
    )
    return UnitInfo(
        text=text,
        expr=expr,
        factor=factor,
        dims=dims,
        is_percent=parts == (("percent", 1),),
        is_count=counted,
        angle=angle,
        cycles=cycles,
    )


_DELTA = {"degC": "delta_degC", "degF": "delta_degF"}


def _multiply(ureg: Any, parts: tuple[tuple[str, int], ...]) -> Any:
    unit = ureg.Unit("")
    for expr, power in parts:
        atom = ureg.Unit(_DELTA.get(expr, expr))
        unit = unit * atom**power
    return unit
