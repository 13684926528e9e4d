"""Quantities, and the strings any correct verifier must accept as equal to them.

- :func:`quantities`: pint quantities of the dimensions physics problems use.
- :func:`renderings`: the same quantity in other units and notations.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from decimal import Decimal
from typing import Any

import hypothesis.strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import DrawFn, SearchStrategy

from unitreward.strategies._spelling import _rendering_strategy
from unitreward.strategies._units import (
    _BY_NAME,
    _OFFSET,
    DIMENSIONS,
    _check_tol,
    _convert,
    _kelvin,
    _pint_unit,
    _registry,
    _resolve,
)

__all__ = ["quantities", "renderings"]


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


def _engine_quantities() -> SearchStrategy[Any]:
    """``unitreward.Quantity`` values: what ``st.from_type(unitreward.Quantity)`` draws.

    Registered by :mod:`unitreward._hypothesis_plugin`; the same quantities as
    :func:`quantities`, parsed by the engine from pint's unicode spelling.
    """

    def engine(q: Any) -> Any:
        from unitreward.engine.quantity import parse_quantity

        return parse_quantity(f"{q:~P}")

    return quantities().map(engine)
