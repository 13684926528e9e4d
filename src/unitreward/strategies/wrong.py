"""Wrong answers: strings any verifier with a given tolerance must reject.

:func:`wrong_answers` draws the everyday mistakes (a value off, a flipped sign,
a wrong prefix or dimension, a missing unit, a hedged pair) that property tests
of a reward use as the other half of "every correct rendering scores 1.0".
The deliberate hacks a policy finds under a reward live in
:mod:`unitreward.strategies.attack`.
"""

from __future__ import annotations

import math
from decimal import Decimal

import hypothesis.strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from unitreward.strategies._spelling import (
    _NOTATIONS,
    _boxed,
    _digits_needed,
    _number,
    _Plan,
    _plans,
    _render,
    _round_sig,
    _spelled,
)
from unitreward.strategies._units import (
    _BASES,
    _DIMENSION_TABLE,
    _is_offset,
    _kelvin,
    _linear,
    _resolve,
    _Target,
)

__all__ = ["wrong_answers"]


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
