"""Comparing one final value with the references: its dimension, its unit, its value.

:class:`Comparison` holds the tolerances of a :class:`~unitreward.engine.checker.Checker`
and turns one value and the acceptable references into a :class:`Verdict`: the value is
converted to each reference's unit and compared within ``rel_tol`` (or half a unit in the
reference's last digit with ``sig_figs``, or ``abs_tol``); a value of another dimension is
``wrong_dimension``; a bare number where the references have units is ``missing_unit``.

>>> from unitreward.engine.quantity import parse_quantity
>>> Comparison().verdict(parse_quantity("0.12 km"), [parse_quantity("120 m")]).reason
'correct'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from unitreward.engine.offers import RESTATEMENT_CAP
from unitreward.engine.quantity import Quantity, float_slack, is_close
from unitreward.engine.tolerance import allowed_difference
from unitreward.engine.verdict import (
    CORRECT,
    MISSING_UNIT,
    UNPARSEABLE_ANSWER,
    WRONG_DIMENSION,
    WRONG_VALUE,
    Verdict,
)

__all__ = ["Comparison", "relative_resolution"]

#: An absolute tolerance holds up to floating-point rounding of the difference.
_ROUNDING = 1.0 + 1e-9


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """The tolerances a value is compared with (see :class:`~unitreward.engine.checker.Checker`).

    Attributes:
        rel_tol: Relative tolerance, in the reference's unit.
        abs_tol: Absolute tolerance in the reference's unit (when ``abs_quantity`` is ``None``).
        abs_quantity: An absolute tolerance as a quantity (``1 cm``), converted per reference.
        sig_figs: Half a unit in the reference's last significant digit instead of ``rel_tol``.
        unitless_credit: The reward for the right number without its unit.
        tolerance_rule: How ``rel_tol`` and ``abs_tol`` combine: ``"sum"``, ``"both"`` or
            ``"either"`` (:func:`~unitreward.engine.tolerance.allowed_difference`).

    >>> from unitreward.engine.quantity import parse_quantity
    >>> Comparison(rel_tol=0.05).verdict(parse_quantity("2.6 m/s"), [parse_quantity("2.5 m/s")]).reward
    1.0
    """

    rel_tol: float = 1e-2
    abs_tol: float = 0.0
    abs_quantity: Quantity | None = None
    sig_figs: bool = False
    unitless_credit: float = 0.0
    tolerance_rule: str = "sum"

    def fits(self, q: Quantity, refs: list[Quantity]) -> bool:
        dims = q.dims
        for r in refs:  # (loops, not generators: called for every value of an answer)
            if dims == r.dims:
                break
        else:
            return False
        if q.unit is not None:
            return True
        return not all(r.has_unit for r in refs)

    def unit_missing(self, answer: Quantity, refs: list[Quantity]) -> bool:
        return answer.unit is None and all(r.has_unit for r in refs)

    def verdict(self, answer: Quantity, refs: list[Quantity]) -> Verdict:
        """The verdict for one final value: its dimension, its unit, then its value."""
        expected = refs[0].text
        if self.fits(answer, refs):
            return self.compare(answer, refs)
        if self.unit_missing(answer, refs):
            if answer.unknown_unit is not None:
                return Verdict(
                    0.0,
                    UNPARSEABLE_ANSWER,
                    f"{answer.text} {answer.unknown_unit}",
                    expected,
                    f"unknown unit {answer.unknown_unit!r} after {answer.text!r}",
                )
            return self.missing_unit(answer, refs)
        return Verdict(
            0.0,
            WRONG_DIMENSION,
            answer.text,
            expected,
            f"{answer.text!r} is {answer.dimensionality}, expected {refs[0].dimensionality}",
        )

    def compare(self, answer: Quantity, refs: list[Quantity]) -> Verdict:
        best: Quantity | None = None
        best_err = math.inf
        for ref in refs:
            if ref.dims != answer.dims:
                continue
            if is_close(
                answer,
                ref,
                rel_tol=self.rel_tol,
                abs_tol=self.abs_for(ref),
                sig_figs=self.sig_figs,
                tolerance_rule=self.tolerance_rule,
            ):
                value = answer.value_in(ref)
                return Verdict(
                    1.0,
                    CORRECT,
                    answer.text,
                    ref.text,
                    f"{answer.text!r} = {_fmt(value)} {ref.unit_text}".rstrip()
                    + f", expected {ref.text!r}",
                    dimension_ok=True,
                )
            err = abs(answer.value_in(ref) - ref.magnitude) / max(abs(ref.magnitude), 1e-300)
            if err < best_err:
                best, best_err = ref, err
        ref = best if best is not None else refs[0]
        value = answer.value_in(ref)
        return Verdict(
            0.0,
            WRONG_VALUE,
            answer.text,
            ref.text,
            f"{answer.text!r} = {_fmt(value)} {ref.unit_text}".rstrip()
            + f", expected {ref.text!r}",
            dimension_ok=True,
        )

    def missing_unit(self, answer: Quantity, refs: list[Quantity]) -> Verdict:
        for ref in refs:
            # the bare number read in the reference's unit
            as_if = Quantity(answer.magnitude, ref.unit, answer.text)
            if is_close(
                as_if,
                ref,
                rel_tol=self.rel_tol,
                abs_tol=self.abs_for(ref),
                sig_figs=self.sig_figs,
                tolerance_rule=self.tolerance_rule,
            ):
                return Verdict(
                    self.unitless_credit,
                    MISSING_UNIT,
                    answer.text,
                    ref.text,
                    f"{answer.text!r} has the right number but no unit, expected {ref.text!r}",
                )
        return Verdict(
            0.0,
            MISSING_UNIT,
            answer.text,
            refs[0].text,
            f"{answer.text!r} has no unit and the wrong number, expected {refs[0].text!r}",
        )

    def agree_in(self, a: Quantity, b: Quantity, ref: Quantity) -> bool:
        """Whether two final values agree within tolerance, in the reference's unit."""
        if a.dims != b.dims:
            return False
        va, vb = a.value_in(ref), b.value_in(ref)
        offset = ref.unit.offset if ref.unit is not None else 0.0  # temperatures: from 0 K
        scale = max(abs(va + offset), abs(vb + offset))
        relative = self.rel_tol * scale if self.rel_tol > 0 else None
        if self.sig_figs and ref.resolution is not None:
            relative = ref.resolution
        factor = ref.unit.factor if ref.unit else 1.0
        slack = float_slack(a, b, ref)
        if (
            a.unit is not None
            and b.unit is not None
            and a.unit.text != b.unit.text
            and a.resolution is not None
            and b.resolution is not None
        ):
            # A restatement in another unit is rounded ("10 m/s (36 km/h, 22 mph)"): allow
            # both written precisions, but never more than 5% ("1 km or 1400 m" disagree).
            rounding = (a.resolution * a.unit.factor + b.resolution * b.unit.factor) / factor
            slack = max(slack, min(rounding, RESTATEMENT_CAP * scale))
        absolute = self.abs_for(ref)
        tol = allowed_difference(relative, absolute if absolute > 0 else None, self.tolerance_rule)
        return abs(va - vb) <= max(tol, slack)

    def abs_for(self, ref: Quantity) -> float:
        """The absolute tolerance in ``ref``'s unit, widened by a billionth for rounding
        (``0.003`` and ``0.002`` differ by ``0.0010000000000000002`` in floating point)."""
        q = self.abs_quantity
        if q is None:
            return self.abs_tol * _ROUNDING
        if q.dims != ref.dims or ref.unit is None:
            return 0.0 if q.dims != ref.dims else q.si_magnitude * _ROUNDING
        return abs(q.si_magnitude / ref.unit.factor) * _ROUNDING


def relative_resolution(q: Quantity) -> float:
    """Half a unit in the last written digit, relative to the value (0 for exact forms)."""
    if q.resolution is None:
        return 0.0
    factor = q.unit.factor if q.unit is not None else 1.0
    return q.resolution * factor / max(abs(q.si_magnitude), 1e-300)


def _fmt(value: float) -> str:
    return f"{value:.6g}"
